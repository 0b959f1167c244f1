"""Tidy CSV tables for everything fsf measures, written by ``fsf export``.

Each table is built by one function that takes the corpus and returns a
DataFrame; :data:`TABLES` lists them in the order they are written. Later
analyses add their builders to the same registry, so one command exports
everything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from fsf import config
from fsf.atomic import atomic_path
from fsf.compare import keyness_table
from fsf.corpus import load_corpus, removed_lines
from fsf.errors import MethodError
from fsf.quotes import quotes_table
from fsf.sentiment import ff_sentences_table
from fsf.targets import mentions_table
from fsf.text import article_counts, sentences
from fsf.topics import paragraph_topics_table, topic_terms_table

__all__ = ["TABLES", "articles_table", "export_tables", "sentences_table", "write_csv"]


def articles_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``articles.csv``: one row per article with provenance and size.

    Columns: doc_id, file, sha256, title, standfirst, outlet, year,
    n_paragraphs, n_sentences, n_tokens (kept text: title, standfirst and
    body).

    Examples
    --------
    >>> row = articles_table(load_corpus()).loc[3]
    >>> row.doc_id, row.outlet, int(row.year), int(row.n_sentences)
    ('003', 'McClatchy Washington Bureau', 2015, 30)
    """
    counts = article_counts(corpus)
    base = corpus[["doc_id", "file", "sha256", "title", "standfirst", "outlet", "year"]]
    return base.merge(counts, on="doc_id", how="left", validate="one_to_one")


def sentences_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``sentences.csv``: doc_id, sent_idx, section, paragraph_idx, text, and the span in the paragraph (start, end)."""
    return sentences(corpus)[["doc_id", "sent_idx", "section", "paragraph_idx", "text", "start", "end"]]


TABLES: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "articles": articles_table,
    "removed_lines": removed_lines,
    "sentences": sentences_table,
    "mentions": mentions_table,
    "ff_sentences": ff_sentences_table,
    "quotes": quotes_table,
    "keyness": keyness_table,
    "topic_terms": topic_terms_table,
    "paragraph_topics": paragraph_topics_table,
}
"""Table name (the CSV's stem) -> builder. Analyses register their tables here."""


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write a table as UTF-8 CSV with LF line ends, atomically (temp file, then rename)."""
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    return path


def export_tables(corpus_dir: str | Path | None = None, out_dir: str | Path | None = None,
                  *, tables: list[str] | None = None, progress: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Load a corpus and write every registered table as ``<out_dir>/<name>.csv``.

    Parameters
    ----------
    corpus_dir : str or Path, optional
        A folder of ``.txt`` articles; default the bundled seeds.
    out_dir : str or Path, optional
        Default ``reports/tables`` in the checkout.
    tables : list of str, optional
        Names from :data:`TABLES`; default all.
    progress : callable, optional
        Called with a line of text after each table is written or skipped.

    Returns
    -------
    dict
        Table name -> path written. A table whose method cannot run on this
        corpus (e.g. a topic model on a handful of paragraphs) is skipped,
        and ``progress`` is told which and why; the other tables are still
        written.
    """
    corpus = load_corpus(corpus_dir)
    folder = Path(out_dir) if out_dir is not None else config.REPORTS_DIR / "tables"
    unknown = [name for name in tables or [] if name not in TABLES]
    if unknown:
        raise MethodError(f"unknown table {unknown[0]!r}. Fix: use one of {', '.join(TABLES)}.")
    written = {}
    for name in tables or list(TABLES):
        try:
            table = TABLES[name](corpus)
        except MethodError as err:
            if progress:
                progress(f"skipped {name}.csv: {err}")
            continue
        written[name] = write_csv(table, folder / f"{name}.csv")
        if progress:
            progress(f"wrote {written[name]} ({len(table)} rows)")
    return written
