"""The ``fsf`` command line.

``fsf export`` writes the tidy tables, ``fsf notebooks`` re-executes the
notebooks, ``fsf figures`` redraws every figure with a manifest, ``fsf
report`` builds the offline HTML report, ``fsf student`` writes the student
notebooks. Errors in the input are printed as one message naming the file
and the fix, with exit status 2 and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fsf import __version__
from fsf.errors import FsfError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="fsf", description="Text-as-data tools for news about foreign fighters leaving Syria.")
    parser.add_argument("--version", action="version", version=f"fsf {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    export = commands.add_parser(
        "export", help="write the tidy CSV tables (articles, removed lines, sentences, ...)",
        description="Load a folder of .txt articles (default: the bundled seeds), clean it and "
                    "write one CSV per table.")
    export.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                        help="folder of .txt articles (default: the bundled seeds/)")
    export.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="folder to write the CSVs to (default: reports/tables/)")
    export.add_argument("--tables", nargs="+", default=None, metavar="NAME",
                        help="only these tables (default: all), e.g. articles sentences")
    notebooks = commands.add_parser(
        "notebooks", help="re-execute the notebooks top to bottom in fresh kernels, storing outputs",
        description="Execute each notebook in notebooks/ from a fresh kernel and save it with its "
                    "outputs (and its figures). Do this before committing a notebook.")
    notebooks.add_argument("names", nargs="*", metavar="NAME",
                           help="notebook names such as 10-corpus-and-cleaning (default: all)")
    figures = commands.add_parser(
        "figures", help="redraw every figure the notebooks show, with a manifest",
        description="Draw every figure into reports/figures/ (PNG and PDF by default) and write manifest.csv: "
                    "file, caption, function, notebook and the sha256 of its data and of the file.")
    figures.add_argument("--out", type=Path, default=None, metavar="DIR",
                         help="folder to write to (default: reports/figures/)")
    figures.add_argument("--formats", nargs="+", default=None, metavar="FMT", help="png, pdf and/or svg")
    figures.add_argument("--only", nargs="+", default=None, metavar="NAME", help="only these figures")
    figures.add_argument("--verify", action="store_true",
                         help="draw everything twice from scratch and check the files are byte-identical")
    report = commands.add_parser(
        "report", help="execute the notebooks and build an offline HTML report",
        description="Execute every notebook in a fresh kernel and write reports/html/: a page per notebook and "
                    "an index with every figure. Nothing in it is fetched from the network.")
    report.add_argument("--out", type=Path, default=None, metavar="DIR", help="report folder (default: reports/html/)")
    report.add_argument("--no-execute", action="store_true", help="use the outputs stored in the notebooks")
    report.add_argument("--check-browser", action="store_true",
                        help="open every page in headless Chromium and check that every image rendered "
                             "(writes screenshot.png)")
    student = commands.add_parser(
        "student", help="write the student version of the notebooks (exercises without solutions)",
        description="Copy every notebook with exercises to reports/student/, with the solution cells replaced "
                    "by empty answer cells and all outputs cleared.")
    student.add_argument("--out", type=Path, default=None, metavar="DIR", help="folder (default: reports/student/)")
    return parser


def _figures(args) -> int:
    from fsf.gallery import build_figures, verify_figures

    if args.verify:
        result = verify_figures(formats=args.formats, names=args.only, progress=print)
        print(result.summary)
        return 0 if result.identical else 1
    build_figures(args.out, formats=args.formats, names=args.only, progress=print)
    return 0


def _report(args) -> int:
    from fsf.report import browser_check, build_report

    folder = build_report(args.out, execute=not args.no_execute, progress=print)
    if args.check_browser:
        check = browser_check(folder)
        for page, images in check.pages.items():
            print(f"{page}: {images} images rendered")
        print(f"screenshot: {check.screenshot}")
        return 0 if check.ok else 1
    return 0


def _student(args) -> int:
    from fsf.notebooks import write_student_notebooks

    for path in write_student_notebooks(args.out):
        print(f"wrote {path}")
    return 0


def _notebooks(args) -> int:
    import time

    from fsf.notebooks import NOTEBOOKS, run_notebook

    known = {nb.name: nb for nb in NOTEBOOKS}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        raise FsfError(f"unknown notebook {unknown[0]!r}. Fix: use one of {', '.join(known)}.")
    for name in args.names or list(known):
        start = time.perf_counter()
        run_notebook(known[name].path)
        print(f"executed {name} in {time.perf_counter() - start:.1f} s")
    return 0


def _export(args) -> int:
    from fsf.export import export_tables

    export_tables(args.corpus, args.out, tables=args.tables, progress=print)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    handlers = {"export": _export, "notebooks": _notebooks, "figures": _figures, "report": _report,
                "student": _student}
    try:
        return handlers[args.command](args)
    except FsfError as err:
        print(f"fsf: error: {err}", file=sys.stderr)
        return 2
