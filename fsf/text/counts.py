"""Paragraphs, sentences and tokens per article and section.
"""

from __future__ import annotations

import pandas as pd

from fsf.text.segment import sentences as corpus_sentences
from fsf.text.tokens import tokenize

__all__ = ["article_counts", "section_counts"]

def section_counts(corpus: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                   lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Paragraphs, sentences and tokens per article and section, plus removed boilerplate.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The corpus (its ``doc_id`` order is the order of the rows).
    sentences, lines : pandas.DataFrame, optional
        :func:`fsf.text.sentences` and :func:`fsf.corpus.lines_table` of the corpus, if already
        computed. ``lines`` may carry ``n_tokens`` per line (then lines are not tokenized again).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, section`` (title, standfirst, body, removed), ``n_lines``,
        ``n_paragraphs``, ``n_sentences`` and ``n_tokens`` (:func:`tokenize`,
        numbers included). The ``removed`` rows count the tokens of removed
        lines, so kept plus removed tokens are all tokens of the file;
        they have no paragraphs or sentences.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> counts = section_counts(load_corpus())
    >>> counts[counts.doc_id == "001"].set_index("section").n_sentences.to_dict()
    {'title': 1, 'standfirst': 1, 'body': 17, 'removed': 0}
    """
    from fsf.corpus.load import lines_table

    sents = sentences if sentences is not None else corpus_sentences(corpus)
    lines = lines if lines is not None else lines_table(corpus)
    lines = lines[lines["status"] != "blank"].copy()
    lines["section"] = lines["section"].where(lines["status"] == "kept", "removed")
    if "n_tokens" not in lines:  # the per-article step (fsf.pipeline) counts each line's tokens where it is
        lines["n_tokens"] = [len(tokenize(t)) for t in lines["text"]]
    by_section = lines.groupby(["doc_id", "section"]).agg(
        n_lines=("line_no", "size"), n_paragraphs=("paragraph_idx", "nunique"), n_tokens=("n_tokens", "sum"))
    n_sents = sents.groupby(["doc_id", "section"]).size().rename("n_sentences")
    sections = ["title", "standfirst", "body", "removed"]
    index = pd.MultiIndex.from_product([list(corpus["doc_id"]), sections], names=["doc_id", "section"])
    out = by_section.join(n_sents, how="outer").reindex(index).fillna(0).astype(int).reset_index()
    out.loc[out["section"] == "removed", "n_paragraphs"] = 0
    return out[["doc_id", "section", "n_lines", "n_paragraphs", "n_sentences", "n_tokens"]]


def article_counts(corpus: pd.DataFrame, *, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Totals of kept text per article: paragraphs, sentences, tokens.

    Kept text is title, standfirst and body; removed lines are not counted.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> article_counts(load_corpus()).set_index("doc_id").loc["001"].to_dict()
    {'n_paragraphs': 7, 'n_sentences': 19, 'n_tokens': 428}
    """
    counts = counts if counts is not None else section_counts(corpus)
    kept = counts[counts["section"] != "removed"]
    totals = kept.groupby("doc_id", sort=False)[["n_paragraphs", "n_sentences", "n_tokens"]].sum()
    return totals.reindex(list(corpus["doc_id"])).reset_index()
