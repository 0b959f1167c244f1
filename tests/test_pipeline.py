"""Tests for fsf.pipeline: the per-article steps, the engine (serial, processes, Dask) and their failures."""

from __future__ import annotations

import hashlib
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from fsf.cli import main
from fsf.corpus import lines_table, load_corpus, paragraphs
from fsf.errors import EngineError, FsfError
from fsf.pipeline import ARTICLE_TABLES, ArticleTask, Engine, _chunks, article_rows, article_tables, combine
from fsf.quotes import quotes
from fsf.settings import Settings
from fsf.stance import mentions, sentence_stance
from fsf.study import Study
from fsf.text import section_counts, sentences

MINI = Path(__file__).resolve().parent / "corpora" / "mini"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.filterwarnings("ignore:.*ignoring files that are not .txt articles")

CORPORA = {"seeds": None, "mini": MINI}


def corpus_wide(corpus: pd.DataFrame, settings: Settings) -> dict:
    """The seven tables as the corpus-wide functions make them (what the Study did before the engine)."""
    lines, paras, sents_all = lines_table(corpus), paragraphs(corpus), sentences(corpus)
    sents = sents_all[["doc_id", "sent_idx", "section", "paragraph_idx", "text", "start", "end"]]
    found = mentions(sents, carry=settings.mentions.carry)
    return {"lines": lines, "paragraphs": paras, "sentences": sents_all, "mentions": found,
            "stance": sentence_stance(sents, found, settings.stance), "quotes": quotes(paras, sents),
            "section_counts": section_counts(corpus, sentences=sents_all, lines=lines)}


def assert_same(left: dict, right: dict) -> None:
    assert sorted(left) == sorted(right) == sorted(ARTICLE_TABLES)
    for name in ARTICLE_TABLES:
        pd.testing.assert_frame_equal(left[name].reset_index(drop=True), right[name].reset_index(drop=True),
                                      check_exact=True, obj=name)


@pytest.fixture(scope="module", params=list(CORPORA))
def loaded(request):
    cleaned: dict = {}
    corpus = load_corpus(CORPORA[request.param], keep_cleaned=cleaned)
    return request.param, corpus, cleaned


@pytest.fixture(scope="module")
def reference(loaded):
    return corpus_wide(loaded[1], Settings())


# ---------------------------------------------------------------------------------------------- one article

def test_per_article_rows_combine_to_the_corpus_wide_tables(loaded, reference):
    _, corpus, _ = loaded
    parts = [article_rows(row) for _, row in corpus.iterrows()]
    assert_same(combine(parts, doc_ids=list(corpus["doc_id"])), reference)


def test_each_article_alone_gives_what_the_corpus_wide_functions_give_it(loaded, reference):
    _, corpus, _ = loaded
    for i, row in corpus.iterrows():
        alone = corpus_wide(corpus.iloc[[i]].reset_index(drop=True), Settings())
        assert_same(article_tables(row), alone)
        for name in ARTICLE_TABLES:  # ... which are its rows of the corpus's tables
            mine = reference[name][reference[name]["doc_id"] == row["doc_id"]]
            assert alone[name].astype(str).values.tolist() == mine.astype(str).values.tolist()


def test_what_loading_cleaned_is_used_not_cleaned_again(loaded, reference):
    _, corpus, cleaned = loaded
    assert sorted(cleaned) == sorted(corpus["doc_id"])
    parts = [article_rows(ArticleTask(d, y, None, cleaned[d])) for d, y in zip(corpus["doc_id"], corpus["year"])]
    assert all(p.seconds["clean"] == 0 for p in parts)
    assert_same(combine(parts, doc_ids=list(corpus["doc_id"])), reference)


def test_a_step_that_cannot_run_fails_as_its_table_and_what_needs_it():
    settings = Settings().replace(stance=Settings().stance.__class__(lexicon="no-such-lexicon"))
    text = "Exodus From Idlib\n\nForeign fighters left the town on Monday.\n"
    tables = combine([article_rows({"doc_id": "x", "raw_text": text}, settings)], settings)
    assert isinstance(tables["stance"], FsfError) and "no-such-lexicon" in str(tables["stance"])
    assert len(tables["mentions"]) == 1 and len(tables["sentences"]) == 2  # the others are computed
    with pytest.raises(FsfError, match="no-such-lexicon"):
        article_tables({"doc_id": "x", "raw_text": text}, settings)


# ---------------------------------------------------------------------------------------------- the engine

def test_chunks_are_consecutive_balanced_and_cover_everything():
    sizes = [random.Random(1).randint(1, 100) for _ in range(1000)]
    chunks = _chunks(sizes, 16)
    assert [i for chunk in chunks for i in chunk] == list(range(1000))
    assert all(len(chunk) <= 200 for chunk in chunks) and 10 <= len(chunks) <= 40
    assert _chunks([], 4) == [] and _chunks([10**9], 4) == [range(0, 1)]


def test_engine_options():
    assert Engine().kind == "serial" and Engine(None).kind == "serial" and Engine(workers=3).kind == "processes"
    assert Engine(workers=0).workers >= 1
    assert Engine(workers=2, scheduler="tcp://127.0.0.1:8786").kind == "dask"
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(FsfError, match="whole number of processes"):
            Engine(workers=bad)


@pytest.mark.parametrize("name", list(CORPORA))
def test_two_processes_give_identical_tables(name):
    serial, parallel = Study(CORPORA[name]), Study(CORPORA[name], workers=2)
    assert parallel.engine.describe() == "2 worker processes"
    assert_same(parallel.per_article, serial.per_article)
    assert_same(serial.per_article, corpus_wide(serial.corpus, serial.settings))


def test_workers_started_by_a_fork_server_give_identical_tables(monkeypatch):
    """Forked workers inherit the articles; where forking is unsafe (threads: a Jupyter kernel) they are sent."""
    import multiprocessing

    import fsf.pipeline

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform (workers are spawned, which sends the articles the same way)")
    context = multiprocessing.get_context("forkserver")
    monkeypatch.setattr(fsf.pipeline, "_mp_context", lambda: context)
    cleaned: dict = {}
    corpus = load_corpus(MINI, keep_cleaned=cleaned)
    work = fsf.pipeline.tasks(corpus, cleaned)
    parts = Engine(workers=2).map(article_rows, work, Settings())
    assert [p.doc_id for p in parts] == list(corpus["doc_id"])
    assert_same(combine(parts, doc_ids=list(corpus["doc_id"])), corpus_wide(corpus, Settings()))


def test_two_processes_export_identical_csv_bytes(tmp_path, capsys):
    tables = ["articles", "removed_lines", "sentences", "mentions", "ff_sentences", "quotes"]
    for workers in ("1", "2"):
        assert main(["export", "--corpus", str(MINI), "--out", str(tmp_path / workers), "--workers", workers,
                     "--tables", *tables]) == 0
    printed = capsys.readouterr().out
    assert "per-article steps: 4 articles on 2 worker processes" in printed
    assert "sentences: 71 rows from 4 articles (" in printed and "ff_sentences: 71 rows from 4 articles (" in printed
    for table in tables:
        one, two = (tmp_path / w / f"{table}.csv" for w in ("1", "2"))
        assert one.read_bytes() == two.read_bytes(), table


@pytest.mark.parametrize("command", ["export", "figures"])
def test_a_bad_number_of_workers_is_one_line(command, tmp_path, capsys):
    assert main([command, "--workers", "-2", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "workers=-2" in err and "Fix:" in err
    assert not (tmp_path / "out").exists()


def test_quiet_export_prints_no_progress(tmp_path, capsys):
    assert main(["export", "--corpus", str(MINI), "--out", str(tmp_path / "q"), "--tables", "sentences",
                 "--quiet"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"tables written to {tmp_path / 'q'}"]


def test_a_local_dask_cluster_gives_identical_tables():
    pytest.importorskip("distributed", reason="dask.distributed is not installed (the fsf[dask] extra; CI has it "
                                              "through the dev extra)")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        study = Study(MINI, scheduler=cluster.scheduler_address)
        assert study.engine.describe() == f"the Dask cluster at {cluster.scheduler_address}"
        assert_same(study.per_article, Study(MINI).per_article)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_with_the_address_within_seconds(tmp_path, capsys):
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    address = f"tcp://127.0.0.1:{_closed_port()}"
    start = time.monotonic()
    assert main(["export", "--scheduler", address, "--out", str(tmp_path / "out")]) == 2
    assert time.monotonic() - start < 12
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and address in err and "Fix:" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("when", ["cleaning", "per-article steps"])
def test_a_worker_that_dies_fails_the_run_and_leaves_the_folder_as_it_was(when, tmp_path):
    """With --workers the articles are cleaned on a first set of worker processes, then the per-article steps
    run on a second: a worker of either killed mid-run stops the command, and nothing is written."""
    psutil = pytest.importorskip("psutil")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus = write_corpus(400, tmp_path / "synthetic")
    out = tmp_path / "tables"
    assert main(["export", "--corpus", str(MINI), "--out", str(out), "--tables", "sentences", "--quiet"]) == 0
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    run = subprocess.Popen([sys.executable, "-m", "fsf", "export", "--corpus", str(corpus), "--out", str(out),
                            "--tables", "sentences", "--workers", "2", "--quiet"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed, first = [], None
    try:
        parent = psutil.Process(run.pid)
        deadline = time.monotonic() + 60
        while not killed and run.poll() is None and time.monotonic() < deadline:
            children = parent.children(recursive=True)
            if first is None and children:
                first = {child.pid for child in children}  # the workers that clean
            targets = children if when == "cleaning" else [c for c in children if first and c.pid not in first]
            for child in targets:
                child.kill()  # a worker (or the fork server that starts them) dies mid-run
                killed.append(child.pid)
            time.sleep(0.01)
        _, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
    assert killed, "the run finished before a worker could be killed"
    assert run.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "worker" in err and "nothing was written" in err
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthetic", "tables"]  # no half-built folder


# ---------------------------------------------------------------------------------------------- one enormous paragraph

def invented_paragraph(n_chars: int, seed: int = 0) -> str:
    """An invented one-paragraph article: sentences of 5 to 40 words, now and then one of 400, and a last
    sentence without a full stop that is a tenth of the text (a step quadratic in a sentence's length shows)."""
    rng = random.Random(seed)
    words = ("foreign fighters they them their he left the town of Idlib and crossed into Turkey militants were "
             "afraid tricked extremists said a commander near border at night \"we\" wanted to go home").split()
    sentences, size = [], 0
    while size < 0.9 * n_chars:
        n = 400 if rng.random() < 0.02 else rng.randint(5, 40)
        sentence = " ".join(rng.choice(words) for _ in range(n))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        size += len(sentences[-1]) + 1
    last = []
    while size < n_chars:
        last.append(rng.choice(words))
        size += len(last[-1]) + 1
    return "An Invented Headline\n\n" + " ".join(sentences + last) + "\n"


def _my_steps(n_chars: int, queue=None) -> dict:
    """CPU seconds of cleaning, sentences, mentions, stance and section counts of an invented one-paragraph article."""
    from fsf.corpus.clean import clean_article
    from fsf.corpus.load import line_rows, paragraph_rows
    from fsf.stance.score import window_scores
    from fsf.stance.targets import article_mention_rows
    from fsf.text.segment import sentence_rows
    from fsf.text.tokens import tokenize

    text = invented_paragraph(n_chars)
    seconds, clock = {}, time.process_time
    start = clock()
    art = clean_article(text)
    paras = paragraph_rows("x", 2020, art)
    seconds["clean"], start = clock() - start, clock()
    sents = sentence_rows(["x"] * len(paras), [2020] * len(paras), [p[2] for p in paras], [p[3] for p in paras],
                          [p[6] for p in paras])
    texts = [s[4] for s in sents]
    seconds["sentences"], start = clock() - start, clock()
    found = article_mention_rows("x", [s[1] for s in sents], texts)
    seconds["mentions"], start = clock() - start, clock()
    window_scores(((m[1], texts[m[1]], m[2], m[3]) for m in found), n=8, lexicon="domain")
    seconds["stance"], start = clock() - start, clock()
    [len(tokenize(row[7])) for row in line_rows("x", art)]
    seconds["section counts"] = clock() - start
    out = {"seconds": seconds, "mentions": len(found)}
    if queue is not None:
        queue.put(out)
    return out


def _bounded(n_chars: int, seconds: float):
    """:func:`_my_steps` in a forked process, or None if it has not finished after ``seconds``."""
    import multiprocessing
    import queue as queues

    if "fork" not in multiprocessing.get_all_start_methods():
        return _my_steps(n_chars)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_my_steps, args=(n_chars, results))
    child.start()
    try:
        return results.get(timeout=seconds)
    except queues.Empty:
        return None
    finally:
        child.kill()
        child.join()


def test_one_enormous_paragraph_costs_time_linear_in_its_length():
    _my_steps(20_000)  # imports and lexicons, outside the timings
    small = _bounded(500_000, 120)  # "in seconds": a generous bound, so a superlinear step fails, not hangs
    assert small is not None, "a 0.5 MB one-paragraph article took more than 2 minutes"
    # 10x the text: linear costs 10x, quadratic 100x; 40x leaves room for a busy shared machine
    budget = 40 * sum(small["seconds"].values()) + 10
    big = _bounded(5_000_000, budget)
    assert big is not None, (f"a 5 MB one-paragraph article did not finish in {budget:.0f} s, 40x the 0.5 MB one "
                             f"({small['seconds']}): a per-article step is worse than linear")
    assert big["mentions"] > 9 * small["mentions"] > 0
    ratio = sum(big["seconds"].values()) / sum(small["seconds"].values())
    assert ratio < 40, f"5 MB: {big['seconds']}, 0.5 MB: {small['seconds']}: worse than linear"
