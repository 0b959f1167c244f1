"""Sentences of each paragraph, offline: nltk's Punkt with an explicit abbreviation list.

Sentences never cross paragraphs, so a headline or standfirst without a final full stop is its
own sentence.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

__all__ = ["ABBREVIATIONS", "SENTENCE_COLUMNS", "sentence_rows", "sentence_spans", "sentences", "sentences_frame",
           "split_sentences"]

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj cpl adm gov sen rep rev st sr jr
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    u.s u.k u.n u.s.a e.u a.m p.m e.g i.e etc vs no nos approx est dept inc ltd co corp
    fig vol al""".split()
)
"""Abbreviations (lower case, without the final stop) after which Punkt must not end a sentence.

*no* is included for "No. 2"; a sentence ending in the word "no." before a
capitalised word is rare in news and is the cost of that choice.
"""


@functools.lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_CONTINUES = re.compile(r"^[\"'\u201c\u201d\u2018\u2019)\]]*\s*[a-z]")


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph.

    Punkt with :data:`ABBREVIATIONS` proposes the boundaries; a proposed
    sentence that starts with a lower-case word (``get in." the employee
    said``) is joined to the one before, because a new sentence would start
    with a capital.

    Examples
    --------
    >>> text = 'Mr. Mansour met U.S. officials. "We left," he said.'
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Mansour met U.S. officials.', '"We left," he said.']
    """
    return list(_spans(paragraph))


@functools.lru_cache(maxsize=65536)
def _spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Remembered per paragraph: several tables (sentences, mentions, stance, counts) split the same text."""
    spans: list[tuple[int, int]] = []
    for start, end in _punkt().span_tokenize(paragraph):
        if spans and _CONTINUES.match(paragraph[start:end]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, as strings (see :func:`sentence_spans`).

    Examples
    --------
    >>> split_sentences('"Now I am helping people to get out," the employee said. He left.')
    ['"Now I am helping people to get out," the employee said.', 'He left.']
    """
    return [paragraph[a:b] for a, b in sentence_spans(paragraph)]


def sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article, title and standfirst included.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The table from :func:`fsf.corpus.load_corpus`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_idx`` (0-based within the article), ``section``
        (title, standfirst, body), ``paragraph_idx`` (0 is the title),
        ``text`` (normalised characters), ``start, end`` (offsets of the
        sentence in its paragraph; the same offsets in the ``raw`` column of
        :func:`fsf.corpus.paragraphs` give the original characters) and
        the article's ``year``.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> sents = sentences(load_corpus())
    >>> sents[sents.doc_id == "001"].groupby("section").size().to_dict()
    {'body': 17, 'standfirst': 1, 'title': 1}
    """
    from fsf.corpus.load import paragraphs

    paras = paragraphs(corpus)
    return sentences_frame(sentence_rows(paras["doc_id"], paras["year"], paras["paragraph_idx"], paras["section"],
                                         paras["text"]))


SENTENCE_COLUMNS = ["doc_id", "sent_idx", "section", "paragraph_idx", "text", "start", "end", "year"]
"""Columns of :func:`sentences`."""


def sentence_rows(doc_ids, years, paragraph_idx, sections, texts) -> list[tuple]:
    """The rows of :func:`sentences` (tuples in :data:`SENTENCE_COLUMNS` order) of paragraphs in reading order.

    The arguments are parallel columns of :func:`fsf.corpus.paragraphs` (of one article or of
    many); ``sent_idx`` counts each article's sentences from 0.

    Examples
    --------
    >>> sentence_rows(["a", "a"], [2020, 2020], [0, 1], ["title", "body"], ["Title", "One. Two."])
    [('a', 0, 'title', 0, 'Title', 0, 5, 2020), ('a', 1, 'body', 1, 'One.', 0, 4, 2020), ('a', 2, 'body', 1, 'Two.', 5, 9, 2020)]
    """
    rows = []
    counters: dict[str, int] = {}
    for doc_id, year, idx, section, text in zip(doc_ids, years, paragraph_idx, sections, texts):
        for start, end in sentence_spans(text):
            n = counters.get(doc_id, 0)
            counters[doc_id] = n + 1
            rows.append((doc_id, n, section, idx, text[start:end], start, end, year))
    return rows


def sentences_frame(rows: list[tuple]) -> pd.DataFrame:
    """:func:`sentences` from the rows of :func:`sentence_rows`."""
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    out["year"] = pd.array(out["year"].tolist(), dtype="Int64")
    return out
