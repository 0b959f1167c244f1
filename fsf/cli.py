"""The ``fsf`` command line.

``fsf export [--corpus DIR] [--out DIR]`` writes the tidy tables. Errors in
the input are printed as one message naming the file and the fix, with exit
status 2 and no traceback.
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
    return parser


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
    handlers = {"export": _export, "notebooks": _notebooks}
    try:
        return handlers[args.command](args)
    except FsfError as err:
        print(f"fsf: error: {err}", file=sys.stderr)
        return 2
