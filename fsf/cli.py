"""The ``fsf`` command line.

Every command works on a study: a corpus folder (``--corpus``, default the bundled seeds), a
settings file (``--config``) and the corpus's hand codes. ``fsf export`` writes the tidy
tables, ``fsf figures`` every figure with a manifest, ``fsf notebooks`` executes the notebooks,
``fsf report`` builds the offline HTML report, ``fsf code`` writes a coding sheet, ``fsf
student`` the student bundle, ``fsf init`` a folder for a new study, ``fsf config`` the
settings, and ``fsf check`` checks that a computer is ready for the notebooks. Bare ``fsf`` lists
the commands.

Errors in the input, and errors of the operating system (a folder that cannot be written, a
file that cannot be read), print one line naming the file and the fix, with exit status 2 and
no traceback. An unexpected internal error prints one line and the file where its full
traceback was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fsf import __version__
from fsf.errors import FsfError

__all__ = ["build_parser", "main"]

_EPILOG = """\
commands:
  export     write the tidy tables (CSV or Parquet) of a corpus
  figures    draw every figure, with a manifest (--verify: twice, byte-identical)
  notebooks  execute the notebooks from fresh kernels (on another corpus: into an output folder)
  report     execute the notebooks and build an offline HTML report
  code       write a coding sheet: a stratified sample of sentences to hand-code
  student    write the student bundle: notebooks without solutions or outputs, and a README
  init       copy the notebooks and a settings file into a folder for a new study
  config     show the settings of a study (--example: a settings file with every default)
  check      check that this computer is ready for the notebooks (versions, kernel, figures)

Every command that reads articles takes --corpus DIR (default: the five bundled seed articles)
and --config FILE; student, init and config write or show files and read no corpus.
Run `fsf COMMAND --help` for its options."""


def _study_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the study")
    group.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                       help="folder of .txt articles (default: the bundled seeds)")
    group.add_argument("--config", type=Path, default=None, metavar="FILE",
                       help="settings file (TOML; see `fsf config --example`)")
    group.add_argument("--encoding", default=None, metavar="CODEC",
                       help="encoding of articles without a byte-order mark (default utf-8), e.g. cp1252")
    group.add_argument("--max-bytes", type=int, default=None, metavar="N",
                       help="refuse article files larger than N bytes (default 5000000; 0: no limit)")
    group.add_argument("--follow-symlinks", action="store_true", default=None,
                       help="load articles that are symbolic links (refused by default)")
    group.add_argument("--recursive", action="store_true", default=None,
                       help="also load .txt files in subfolders (refused by default)")


def _engine_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where the per-article steps run")
    group.add_argument("--workers", type=int, default=1, metavar="N",
                       help="local processes for the per-article steps (default 1; 0: every core); the tables are "
                            "the same whatever the number")
    group.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="run them on an existing Dask cluster instead, e.g. tcp://10.0.0.5:8786 "
                            "(needs the fsf[dask] extra installed here and on the workers)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="fsf", description="Text-as-data tools for news about foreign fighters leaving Syria.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"fsf {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", help="write the tidy tables",
                                 description="Write one table per file (articles, removed lines, sentences, mentions, "
                                             "stance, quotes, keyness, topics) with a manifest fsf-manifest.json.")
    _study_options(export)
    export.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="folder to write to (default: reports/tables/, or fsf-output/<corpus>/tables/)")
    export.add_argument("--tables", nargs="+", default=None, metavar="NAME",
                        help="only these tables (default: all), e.g. articles sentences")
    export.add_argument("--format", choices=["csv", "parquet"], default="csv", help="table format (default csv)")
    export.add_argument("--raw-csv", action="store_true",
                        help="keep cells that start like a spreadsheet formula (=, +, -, @) as they are "
                             "(default: prefixed with an apostrophe, so a spreadsheet shows them as text)")
    export.add_argument("--quiet", action="store_true", help="print nothing but errors")
    export.add_argument("--keyness-all", action="store_true",
                        help="write every term of every article to keyness.csv (default: the [keyness] top terms of "
                             "each article, 100 unless the settings say otherwise)")
    _engine_options(export)

    figures = commands.add_parser("figures", help="draw every figure, with a manifest",
                                  description="Draw every figure the notebooks show (PNG and PDF by default) and "
                                              "write manifest.csv: file, caption, function, notebook and the sha256 "
                                              "of its data and of the file.")
    _study_options(figures)
    figures.add_argument("--out", type=Path, default=None, metavar="DIR",
                         help="folder (default: reports/figures/, or fsf-output/<corpus>/figures/)")
    figures.add_argument("--formats", nargs="+", default=None, metavar="FMT", choices=["png", "pdf", "svg"],
                         help="png, pdf and/or svg")
    figures.add_argument("--only", nargs="+", default=None, metavar="NAME", help="only these figures")
    figures.add_argument("--verify", action="store_true",
                         help="draw everything twice from scratch and check the files are byte-identical")
    figures.add_argument("--quiet", action="store_true", help="print nothing but errors and where it wrote")
    _engine_options(figures)

    notebooks = commands.add_parser("notebooks", help="execute the notebooks from fresh kernels",
                                    description="Execute each notebook from a fresh kernel and save it with its "
                                                "outputs. In a checkout, on the seeds without --out, the committed "
                                                "notebooks are updated (do this before committing one); otherwise they "
                                                "go to --out (default reports/notebooks/, or "
                                                "fsf-output/<corpus>/notebooks/ with --corpus).")
    notebooks.add_argument("names", nargs="*", metavar="NAME",
                           help="notebook names such as 10-corpus-and-cleaning (default: all)")
    _study_options(notebooks)
    notebooks.add_argument("--out", type=Path, default=None, metavar="DIR", help="folder for the executed notebooks")

    report = commands.add_parser("report", help="execute the notebooks and build an offline HTML report",
                                 description="Execute every notebook in a fresh kernel and write an HTML report: a "
                                             "page per notebook and an index with every figure. Nothing in it is "
                                             "fetched from the network.")
    _study_options(report)
    report.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="report folder (default: reports/html/, or fsf-output/<corpus>/html/)")
    report.add_argument("--no-execute", action="store_true", help="use the outputs stored in the notebooks (seeds)")
    report.add_argument("--check-browser", action="store_true",
                        help="open every page in headless Chromium and check that every image rendered "
                             "(writes screenshot.png)")

    code = commands.add_parser("code", help="write a coding sheet of sentences to hand-code",
                               description="Write a sample of sentences with their context and empty code columns, "
                                           "and beside it the codebook's short rules: a stratified random sample (by "
                                           "article, and by whether fsf's patterns flag a mention), or with --strategy "
                                           "uncertain the sentences the supervised stance model is least sure of "
                                           "(trained on the corpus's codes, or the seeds' when it has none). Fill it "
                                           "in and save it as <corpus>/hand_codes/stance.csv (add to the rows already "
                                           "there), then rerun the notebook or `fsf export` to retrain.")
    _study_options(code)
    code.add_argument("--n", type=int, default=100, metavar="N", help="sentences on the sheet (default 100)")
    code.add_argument("--seed", type=int, default=0, metavar="SEED", help="random seed of the sample (default 0)")
    code.add_argument("--strategy", choices=["stratified", "uncertain"], default="stratified",
                      help="stratified: a stratified random sample (default); uncertain: the sentences the stance "
                           "model is least sure of (uncertainty sampling), ties broken by --seed")
    code.add_argument("--out", type=Path, required=True, metavar="FILE", help="the sheet to write, e.g. sheet.csv")

    student = commands.add_parser("student", help="write the student bundle (notebooks without solutions)",
                                  description="Write a self-contained folder for students: every notebook with the "
                                              "solution cells replaced by answer cells (with a check of the answer "
                                              "where the exercise has one), the cells tagged 'conclusion' hidden "
                                              "and all outputs cleared, and README-student.md (install offline, "
                                              "open, run). The notebooks run with an installed fsf alone.")
    student.add_argument("--out", type=Path, default=None, metavar="DIR", help="folder (default: reports/student/)")

    init = commands.add_parser("init", help="copy the notebooks and a settings file into a new study folder",
                               description="Copy the notebooks, a study.toml with every default, and a README into "
                                           "DIR, to start a study of your own articles.")
    init.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")

    settings = commands.add_parser("config", help="show the settings of a study",
                                   description="Print every setting of a study (defaults, or a --config file's).")
    settings.add_argument("--config", type=Path, default=None, metavar="FILE", help="settings file (TOML)")
    settings.add_argument("--example", action="store_true", help="print a settings file with every default")

    check = commands.add_parser("check", help="check that this computer is ready for the notebooks",
                                description="Check Python, fsf and package versions, that the seed articles load, "
                                            "that nothing needs downloading, that a Jupyter kernel starts and runs a "
                                            "cell, and that a figure draws and saves; with --corpus, also that your "
                                            "articles load with these settings and which hand codes they have. One "
                                            "line per item, ok or PROBLEM with the fix. Exit status 0 if all are ok, "
                                            "else 2.")
    _study_options(check)
    return parser


def _settings(args):
    """The study's settings: the --config file, with the corpus options given on the command line."""
    import dataclasses

    from fsf.settings import load_settings

    settings = load_settings(getattr(args, "config", None))
    changes = {}
    if getattr(args, "encoding", None) is not None:
        changes["encoding"] = args.encoding
    if getattr(args, "max_bytes", None) is not None:
        changes["max_bytes"] = None if args.max_bytes == 0 else args.max_bytes
    for flag in ("follow_symlinks", "recursive"):
        if getattr(args, flag, None):
            changes[flag] = True
    if changes:
        settings = settings.replace(corpus=dataclasses.replace(settings.corpus, **changes))
    if getattr(args, "keyness_all", False):
        settings = settings.replace(keyness=dataclasses.replace(settings.keyness, top=None))
    return settings


def _printer(args):
    return None if getattr(args, "quiet", False) else print


def _study(args, **kwargs):
    from fsf.study import Study

    return Study(args.corpus, settings=_settings(args), **kwargs)


def _engine_study(args, **kwargs):
    """The study with its engine (--workers, --scheduler), a cluster checked before any article is read."""
    study = _study(args, workers=args.workers, scheduler=args.scheduler, **kwargs)
    study.engine.check()  # an unreachable scheduler fails now, in seconds, not after loading the corpus
    return study


def _export(args) -> int:
    folder = _engine_study(args).save(args.out, tables=args.tables, fmt=args.format, raw_csv=args.raw_csv,
                                      progress=_printer(args))
    print(f"tables written to {folder}")
    return 0


def _figures(args) -> int:
    from fsf.gallery import build_figures, verify_figures

    if args.verify:
        _engine_study(args)  # check the options (and the scheduler) before drawing anything
        result = verify_figures(args.corpus, settings=_settings(args), formats=args.formats, names=args.only,
                                progress=_printer(args), workers=args.workers, scheduler=args.scheduler)
        print(result.summary)
        return 0 if result.identical else 1
    build_figures(_engine_study(args, progress=_printer(args)), args.out, formats=args.formats, names=args.only,
                  progress=print if not args.quiet
                  else (lambda line: print(line) if line.startswith("figures written") else None))
    return 0


def _config_file(args, settings) -> Path | None:
    """A settings file for a notebook kernel: --config as given, or one written when corpus options changed it."""
    changed = any(getattr(args, flag, None) not in (None, False)
                  for flag in ("encoding", "max_bytes", "follow_symlinks", "recursive"))
    return _write_settings(settings) if changed else getattr(args, "config", None)


def _write_settings(settings) -> Path:
    import json
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="fsf-settings-")) / "study.toml"
    lines = []
    for section, values in settings.to_dict().items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            if (section, key) in (("keyness", "top"), ("selection", "sample_units")) and value is None:
                value = 0
            if section == "corpus" and key == "max_bytes" and value is None:
                value = 0
            if section == "stance" and key == "n":
                key, value = "window", "sentence" if value is None else value
            if value is not None:
                lines.append(f"{key} = {json.dumps(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _notebooks(args) -> int:
    from fsf.notebooks import run_notebooks

    config = _config_file(args, _settings(args))
    run_notebooks(args.names, corpus=args.corpus, config=config, out_dir=args.out, progress=print)
    return 0


def _report(args) -> int:
    from fsf.report import browser_check, build_report

    config = _config_file(args, _settings(args))
    folder = build_report(args.out, execute=not args.no_execute, corpus=args.corpus, config=config, progress=print)
    if args.check_browser:
        check = browser_check(folder)
        for page, images in check.pages.items():
            print(f"{page}: {images} images rendered")
        print(f"screenshot: {check.screenshot}")
        return 0 if check.ok else 1
    return 0


def _code(args) -> int:
    from fsf.codes import CODING_RULES, coding_sheet
    from fsf.outputs import write_table

    out = args.out
    rules = out.with_name(f"{out.stem}-codebook.txt")
    for path in (out, rules):
        if path.exists():
            raise FsfError(f"{path}: exists already (it may hold codes); fsf never overwrites it. Fix: choose another "
                           "--out, or move the file away.")
    if out.suffix.lower() != ".csv":
        raise FsfError(f"{out}: a coding sheet is a .csv file. Fix: e.g. --out sheet.csv.")
    study = _study(args)
    exclude = study.stance_codes[["doc_id", "sent_idx"]] if study.codes.stance is not None else None
    probabilities = None
    if args.strategy == "uncertain":
        from fsf.errors import MethodError

        ranker = study
        try:
            ranker.stance_fitted  # noqa: B018
        except MethodError as err:  # too few of the corpus's own codes to train: the seeds' model ranks
            if study.codes.stance is None:
                raise
            print(f"{err} Until then the seeds' model ranks the sentences.")
            ranker = _study(args, codes=False)
        probabilities = ranker.stance_uncertainty
        print(f"ranking by the stance model trained on {ranker.stance_training.attrs.get('source', 'the hand codes')} "
              f"({len(ranker.stance_training)} codes, {ranker.stance_fitted.label})")
    sheet = coding_sheet(study.sentences, study.mentions, n=args.n, random_state=args.seed, exclude=exclude,
                         strategy=args.strategy, probabilities=probabilities)
    if sheet.empty:
        raise FsfError(f"{study.codes.stance}: codes every one of the {len(study.sentences)} sentences already, so "
                       "there is nothing left to sample. Fix: add articles to the corpus, or move the file away to "
                       "draw a new sample.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_table(sheet, out, raw_csv=True)
        rules.write_text(CODING_RULES, encoding="utf-8")
    except OSError as err:
        raise FsfError(f"{out}: cannot be written ({err.strerror}). Fix: choose a folder you can write to.") from None
    print(f"wrote {out} ({len(sheet)} sentences from {sheet['doc_id'].nunique()} articles) and the rules in {rules}")
    print(f"Fill in refers_ff, ref_type, stance, confidence and note, then save it as "
          f"{(args.corpus or Path('<corpus>')) / 'hand_codes' / 'stance.csv'}.")
    return 0


def _student(args) -> int:
    from fsf.notebooks import write_student_notebooks

    for path in write_student_notebooks(args.out):
        print(f"wrote {path}")
    return 0


def _init(args) -> int:
    from fsf.notebooks import init_study

    written = init_study(args.folder)
    print(f"wrote {len(written)} files to {args.folder}: {', '.join(p.name for p in written)}")
    return 0


def _show_config(args) -> int:
    from fsf.settings import EXAMPLE, load_settings

    if args.example:
        print(EXAMPLE, end="")
        return 0
    table = load_settings(args.config).table()
    for section, rows in table.groupby("section", sort=False):
        print(f"[{section}]")
        for setting, value in zip(rows["setting"], rows["value"]):
            print(f"{setting} = {value}")
    return 0


def _check(args) -> int:
    from fsf.setup_check import setup_check

    corpus = None
    if args.corpus is not None:
        def corpus():
            return _study(args)
    return setup_check(lambda line: print(line, flush=True), corpus=corpus)


_HANDLERS = {"export": _export, "notebooks": _notebooks, "figures": _figures, "report": _report, "code": _code,
             "student": _student, "init": _init, "config": _show_config, "check": _check}


def _one_line(text: str) -> str:
    """Control characters (terminal escapes in a file name, say) shown escaped, on one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in " ".join(str(text).splitlines()))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _HANDLERS[args.command](args)
    except FsfError as err:
        print(f"fsf: error: {_one_line(err)}", file=sys.stderr)
        return 2
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        print(f"fsf: error: {_one_line(err.strerror or err)}{_one_line(where)}. Fix: check the path exists and "
              "that you may read and write there.", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `fsf config | head`: the reader has gone, nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("fsf: interrupted; nothing half-written was left in place.", file=sys.stderr)
        return 130
    except Exception as err:  # a bug in fsf: one line, the traceback in a file
        import tempfile
        import traceback

        handle, name = tempfile.mkstemp(prefix="fsf-error-", suffix=".txt")
        with open(handle, "w", encoding="utf-8") as log:
            traceback.print_exc(file=log)
        print(f"fsf: internal error: {type(err).__name__}: {_one_line(err)}. This is a bug in fsf; the full "
              f"traceback is in {name}.", file=sys.stderr)
        return 2
