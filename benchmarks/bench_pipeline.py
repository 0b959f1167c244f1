"""Time ``fsf export`` step by step on synthetic corpora of growing size, and how each step scales.

Run:  python benchmarks/bench_pipeline.py [--sizes 100 1000 10000] [--workers N] [--keep]

For each size, a corpus is written with ``benchmarks/synthetic.py`` into a temporary folder
outside the repository (articles of about 600 words, resampled seed paragraphs, each body
paragraph made unique by an invented word of its own, so that nothing keyed by text helps), then
a fresh Python process opens one :class:`fsf.Study` on it and reads the export's steps in order,
timing each (wall clock), and finally writes the tables (``Study.save``, everything already
computed, so "write" is the writing alone). Peak memory is that process's maximum resident set
(``resource.getrusage``; with ``--workers`` the worker processes' peak is shown beside it).

It prints one table with a row per size (articles, words, seconds per step, total, peak memory,
articles per second) and one with the growth factor of each step between consecutive sizes
(10x more articles should cost at most about 10x the time), with the machine's load average
before and after. Nothing is asserted: timings depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

STEPS = (
    # (column, what is read from the study); each step's time includes whatever it needs that is not yet computed
    ("load", "corpus"),
    ("per-article", "per_article"),
    ("article table", "articles"),
    ("sentences", "sentences"),
    ("mentions", "mentions"),
    ("stance", "stance"),
    ("quotes", "quotes"),
    ("term tokens", "term_tokens"),
    ("term counts", "term_counts"),
    ("keyness", "keyness"),
    ("dtm", "dtm"),
    ("topic selection", "topic_selection"),
    ("topic models", "topic_models"),
    ("topic tables", ("topic_terms", "paragraph_topics")),
)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu() -> float:
    """CPU seconds of this process and its finished children (workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_one(folder: Path, workers: int | None) -> dict:
    """Time every step on one corpus in this process (a fresh one: ``--run-one``)."""
    from fsf.study import Study

    options = {}
    if workers is not None and "workers" in inspect.signature(Study).parameters:
        options["workers"] = workers
    start = time.perf_counter()
    study = Study(folder, **options)
    times, cpu = {}, {}
    for column, names in STEPS:
        names = (names,) if isinstance(names, str) else names
        if not all(hasattr(type(study), n) for n in names):
            continue
        t, c = time.perf_counter(), _cpu()
        for name in names:
            getattr(study, name)
        times[column], cpu[column] = time.perf_counter() - t, _cpu() - c
    out = Path(tempfile.mkdtemp(prefix="fsf-bench-tables-"))
    try:
        t, c = time.perf_counter(), _cpu()
        study.save(out / "tables")
        times["write"], cpu["write"] = time.perf_counter() - t, _cpu() - c
    finally:
        shutil.rmtree(out, ignore_errors=True)
    total = time.perf_counter() - start
    words = int(study.corpus["raw_text"].str.split().str.len().sum())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    notes = study.topic_notes if hasattr(type(study), "topic_notes") else None
    return {"articles": len(study.corpus), "words": words, "units": int(study.dtm.shape[0]), "steps": times,
            "step_cpu": cpu,
            "total": total, "cpu": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "workers_peak_mb": children.ru_maxrss / 1024,
            "workers": options.get("workers", 1),
            "topic_fit": None if notes is None else ", ".join(f"{r.step} {r.fit} on {r.units:,}" for r in notes.itertuples())}


def measure(size: int, root: Path, workers: int | None) -> dict:
    """Write a corpus of ``size`` articles under ``root`` and time it in a fresh process."""
    sys.path.insert(0, str(HERE))
    from synthetic import write_corpus

    folder = root / f"synthetic-{size}"
    if not folder.exists():
        write_corpus(size, folder, unique=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--run-one", str(folder)]
    if workers is not None:
        command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the run on {size} articles failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def tables(results: list[dict]):
    import pandas as pd

    columns = [c for c, _ in STEPS] + ["write"]
    columns = [c for c in columns if any(c in r["steps"] for r in results)]
    rows = []
    for r in results:
        row = {"articles": r["articles"], "words": r["words"]}
        row.update({c: round(r["steps"].get(c, float("nan")), 1) for c in columns})
        row.update({"total s": round(r["total"], 1), "cpu s": round(r["cpu"], 1), "peak MB": round(r["peak_mb"]),
                    "articles/s": round(r["articles"] / r["total"], 1)})
        if r["workers"] not in (None, 1):
            row["workers peak MB"] = round(r["workers_peak_mb"])
        rows.append(row)
    timing = pd.DataFrame(rows)
    cpu = pd.DataFrame([{"articles": r["articles"], **{c: round(r["step_cpu"].get(c, float("nan")), 1) for c in columns}}
                        for r in results])
    growth = []
    for a, b in zip(results, results[1:]):
        row = {"articles": f"{a['articles']:,} -> {b['articles']:,}", "x articles": round(b["articles"] / a["articles"], 1)}
        for c in columns:
            x, y = a["steps"].get(c), b["steps"].get(c)
            row[c] = round(y / x, 1) if x and y is not None and x >= 0.05 else float("nan")
        row["total"] = round(b["total"] / a["total"], 1)
        growth.append(row)
    return timing, cpu, pd.DataFrame(growth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], metavar="N",
                        help="numbers of articles (default 100 1000 10000)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="Study(workers=N) for the per-article steps, where fsf has it (default: one process)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="write (or reuse) the corpora in this folder and keep them (outside the repository)")
    parser.add_argument("--run-one", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one is not None:
        print(json.dumps(run_one(args.run_one, args.workers)))
        return

    import pandas as pd

    root = args.keep or Path(tempfile.mkdtemp(prefix="fsf-bench-"))
    if (HERE.parent / ".git").exists() and HERE.parent.resolve() in [root.resolve(), *root.resolve().parents]:
        raise SystemExit(f"{root} is inside the repository: the synthetic corpora must stay out of git.")
    root.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {_load()}  ({os.cpu_count()} cores)", flush=True)
    results = []
    try:
        for size in args.sizes:
            result = measure(size, root, args.workers)
            results.append(result)
            print(f"  {size:,} articles: {result['total']:.1f} s, peak {result['peak_mb']:.0f} MB; topics: "
                  f"{result['topic_fit']}; load now {_load()}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    timing, cpu, growth = tables(results)
    with pd.option_context("display.width", 250, "display.max_columns", 50):
        print("\nseconds per step (wall clock):")
        print(timing.to_string(index=False))
        print("\nCPU seconds per step (this process and finished workers; less sensitive to a busy machine):")
        print(cpu.to_string(index=False))
        if len(growth):
            print("\ngrowth factor of each step from the previous size (steps under 0.05 s left out):")
            print(growth.to_string(index=False))
    print(f"\nload average after: {_load()}")


if __name__ == "__main__":
    main()
