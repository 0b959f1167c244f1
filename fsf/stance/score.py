"""Sentiment toward foreign fighters: scores around each mention, offline.

Whole-article sentiment answers a different question ("is this article
gloomy?") and VADER's compound score saturates on long texts. fsf scores
the language *around each mention of the target* instead:

1. :func:`fsf.targets.mentions` finds the mentions;
2. a window of ``n`` tokens either side of each mention (within its
   sentence) is scored with VADER (Hutto & Gilbert 2014), whose lexicon
   ships with the ``vaderSentiment`` package (no download);
3. the ``fsf`` lexicon variant adds a small domain lexicon
   (``fsf/data/ff_stance_lexicon.csv``) whose valences express *stance
   toward the fighters*: being executed, tricked or afraid is negative
   sentiment but a sympathetic portrayal; *extremists* or *beheadings* are
   missing from VADER. VADER's own rules (negation, boosters, "but") apply
   to the domain terms too;
4. a sentence's score is the mean of its mentions' scores, and its stance
   is -1, 0 or +1 by a threshold.

Aggregates always report n and spread, never one score of a whole article.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fsf import config
from fsf.errors import MethodError, skippable

__all__ = [
    "DEFAULT", "FF_SENTENCE_COLUMNS", "LEXICONS", "StanceSettings", "analyzer", "ff_sentences_table",
    "load_stance_lexicon",
    "named_measures", "score_grid", "score_mentions", "sentence_stance", "sentence_vader", "stance_table", "summarize",
    "to_stance", "token_spans", "window_scores", "window_span", "window_sweep",
]

LEXICONS = ("vader", "fsf", "domain")
"""``vader``: VADER's lexicon as shipped; ``fsf``: VADER plus the domain stance lexicon (domain
terms override); ``domain``: the domain stance lexicon alone, with VADER's rules (negation,
boosters, "but"). :func:`analyzer` also accepts ``domain-before-validation``: the domain
lexicon without the 16 terms added after the first validation run (for the record; it is not
part of the grid)."""

MASK = "them"
"""What a mention is replaced by before scoring when ``mask=True``: the target's own name
(*fighters*, *defectors*, *extremists*) then cannot give the score; VADER rates *fighters* -0.2
and *defectors* -1.3, which would make every mention negative."""

FF_SENTENCE_COLUMNS = ["doc_id", "sent_idx", "mentions_ff", "n_mentions", "score", "stance"]
"""Columns of :func:`sentence_stance` (``ff_sentences.csv``)."""

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class StanceSettings:
    """How a stance score is computed: lexicon, window size ``n`` (None: whole sentence), masking, threshold.

    Examples
    --------
    >>> StanceSettings(lexicon="fsf", n=4).label
    'fsf, n=4, unmasked, threshold 0.05'
    """

    lexicon: str = "domain"
    n: int | None = 8
    mask: bool = False
    threshold: float = 0.05

    def __post_init__(self):
        # the lexicon is checked where it is used (:func:`analyzer`), so tests may label settings freely
        if self.n is not None and (isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 0):
            raise MethodError(f"StanceSettings(n={self.n!r}): the window is a whole number of tokens, or None for "
                              "the whole sentence. Fix: e.g. n=8.")
        if not isinstance(self.mask, bool):
            raise MethodError(f"StanceSettings(mask={self.mask!r}): must be True or False. Fix: mask=False.")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)) or not 0 <= self.threshold < 1:
            raise MethodError(f"StanceSettings(threshold={self.threshold!r}): must be a number in [0, 1). "
                              "Fix: e.g. threshold=0.05.")

    @property
    def label(self) -> str:
        window = "sentence" if self.n is None else f"n={self.n}"
        return f"{self.lexicon}, {window}, {'masked' if self.mask else 'unmasked'}, threshold {self.threshold}"


DEFAULT = StanceSettings(lexicon="domain", n=8, mask=False, threshold=0.05)
"""The settings of fsf's stance measure, chosen on the hand codes of all five articles by
:func:`fsf.validation.choose_stance_settings` (tests/test_sentiment.py checks that the choice
still gives these). Its honest accuracy is the leave-one-article-out estimate in
``30-sentiment-toward-foreign-fighters``, not the in-sample figure."""


def load_stance_lexicon(path=None) -> pd.DataFrame:
    """The domain stance lexicon: term, valence (VADER scale, -4 to 4), category, rationale, added,
    valence_as_first_written.

    ``added`` records when a term entered: ``before validation`` (derived from the codebook's
    stance categories before the measure was first scored against the hand codes) or ``after
    the first validation run`` (codebook words that VADER already scored, added so the lexicon
    can stand alone). A valence changed later keeps its first value in
    ``valence_as_first_written`` and says why in ``rationale`` (after the second coding:
    *eliminate*, *elimination*, *escape*, *escaped* set to 0, as the codebook codes them).

    Examples
    --------
    >>> lex = load_stance_lexicon().set_index("term")
    >>> lex.loc["tricked", "valence"], lex.loc["extremists", "valence"]
    (np.float64(2.0), np.float64(-2.0))
    """
    table = pd.read_csv(path or config.DATA_DIR / "ff_stance_lexicon.csv", keep_default_na=False)
    if table["term"].duplicated().any() or not table["valence"].between(-4, 4).all():
        raise MethodError("ff_stance_lexicon.csv: terms must be unique and valences between -4 and 4.")
    return table


@functools.lru_cache(maxsize=4)
def analyzer(lexicon: str = DEFAULT.lexicon):
    """A VADER analyzer with VADER's lexicon, or (``fsf``) with the domain terms added or overriding.

    Examples
    --------
    >>> analyzer("vader").lexicon["afraid" if "afraid" in analyzer("vader").lexicon else "fear"] < 0
    True
    >>> analyzer("fsf").lexicon["fear"] > 0
    True
    """
    if lexicon not in (*LEXICONS, "domain-before-validation"):
        raise MethodError(f"unknown lexicon {lexicon!r}. Fix: use one of {', '.join(LEXICONS)}.")
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    if lexicon != "vader":
        table = load_stance_lexicon()
        column = "valence"
        if lexicon == "domain-before-validation":  # the lexicon exactly as first written, for the record
            table = table[table["added"] == "before validation"]
            column = "valence_as_first_written"
        domain = dict(zip(table["term"], table[column].astype(float)))
        if lexicon == "fsf":
            vader.lexicon.update(domain)
        else:
            vader.lexicon = domain
    return vader


@functools.lru_cache(maxsize=65536)
def _compound(lexicon: str, text: str) -> float:
    """VADER's compound score, remembered: windows repeat across window sizes and measures."""
    return analyzer(lexicon).polarity_scores(text)["compound"]


def token_spans(sentence: str) -> tuple[array, array]:
    """Starts and ends of the whitespace tokens of a sentence, for :func:`window_span` (found once per sentence).

    Examples
    --------
    >>> [list(a) for a in token_spans("two  words")]
    [[0, 5], [3, 10]]
    """
    spans = [m.span() for m in _TOKEN.finditer(sentence)]
    return array("q", [a for a, _ in spans]), array("q", [b for _, b in spans])


def window_span(sentence: str, start: int, end: int, n: int | None, *,
                tokens: tuple[array, array] | None = None) -> tuple[int, int]:
    """Character span of ``n`` whitespace tokens either side of ``sentence[start:end]``.

    ``n=None`` means the whole sentence. The window never leaves the sentence. The tokens
    before are those that end at or before ``start``, the tokens after those that begin at or
    after ``end``; ``tokens`` (:func:`token_spans` of the sentence) saves finding them again for
    each mention of a long sentence: the window is then found by bisection.

    Examples
    --------
    >>> s = "Locals say the foreign fighters are not welcome here at all."
    >>> a, b = window_span(s, 15, 31, 2)
    >>> s[a:b]
    'say the foreign fighters are not'
    """
    if n is None:
        return 0, len(sentence)
    if n < 0:
        raise MethodError(f"window size n={n}: use a positive number of tokens, or None for the whole sentence.")
    if not n:
        return start, end
    starts, ends = tokens if tokens is not None else token_spans(sentence)
    k = bisect.bisect_right(ends, start)  # tokens [0, k) end at or before start
    j = bisect.bisect_left(starts, end)  # tokens [j, ...) begin at or after end
    return (starts[max(0, k - n)] if k else start), (ends[min(j + n, len(ends)) - 1] if j < len(ends) else end)


def window_scores(mentions, *, n: int | None = 8, lexicon: str = DEFAULT.lexicon, mask: bool = False,
                  ) -> tuple[list[str], list[float]]:
    """The window (the text scored) and VADER compound score of each mention, in order.

    ``mentions`` gives ``(sentence key, sentence text, start, end)`` per mention; the tokens of
    a sentence are found once for its consecutive mentions, so a long sentence with many
    mentions costs time linear in its length (:func:`score_mentions` and the per-article step
    of :mod:`fsf.pipeline` both use this).

    Examples
    --------
    >>> s = "Some foreign fighters were tricked and are afraid."
    >>> window_scores([(0, s, 5, 21)], n=2, lexicon="fsf")
    (['Some foreign fighters were tricked'], [0.4215])
    """
    windows, scores = [], []
    key, tokens = object(), None
    for sentence_key, sentence, start, end in mentions:
        if n is not None and sentence_key != key:
            key, tokens = sentence_key, token_spans(sentence)
        a, b = window_span(sentence, start, end, n, tokens=tokens if n is not None else None)
        window = sentence[a:start] + MASK + sentence[end:b] if mask else sentence[a:b]
        windows.append(window)
        scores.append(_compound(lexicon, window))
    return windows, scores


@skippable
def score_mentions(found: pd.DataFrame, sentences: pd.DataFrame, *, n: int | None = 8,
                   lexicon: str = DEFAULT.lexicon, mask: bool = False) -> pd.DataFrame:
    """VADER compound score of the window around every mention.

    Returns
    -------
    pandas.DataFrame
        The mention table plus ``window`` (the text scored) and ``score``
        (compound, -1 to 1).

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0],
    ...                       "text": ["Some foreign fighters were tricked and are afraid."]})
    >>> from fsf.stance.targets import mentions
    >>> score_mentions(mentions(sents), sents, n=4, lexicon="fsf")[["window", "score"]].values.tolist()
    [['Some foreign fighters were tricked and are', 0.4215]]

    By hand: VADER rates *fighters* -0.2 and the domain lexicon *tricked* +2.0;
    the sum 1.8 is normalised as 1.8 / sqrt(1.8**2 + 15) = 0.4215. With the
    ``domain`` lexicon alone, 2.0 / sqrt(2.0**2 + 15) = 0.4588:

    >>> float(score_mentions(mentions(sents), sents, n=4, lexicon="domain").score[0])
    0.4588
    """
    analyzer(lexicon)  # fail early on an unknown lexicon
    text = dict(zip(zip(sentences["doc_id"], sentences["sent_idx"]), sentences["text"]))
    keys = list(zip(found["doc_id"], found["sent_idx"]))
    windows, scores = window_scores(((key, text[key], start, end) for key, start, end
                                     in zip(keys, found["start"], found["end"])), n=n, lexicon=lexicon, mask=mask)
    return found.assign(window=windows, score=scores)


@skippable
def to_stance(scores: pd.Series, threshold: float = 0.05) -> pd.Series:
    """-1, 0 or +1 by a symmetric threshold on a score; missing scores stay missing.

    Examples
    --------
    >>> to_stance(pd.Series([0.6, -0.02, -0.3, np.nan]), 0.1).tolist()
    [1, 0, -1, <NA>]
    """
    if not 0 <= threshold < 1:
        raise MethodError(f"threshold={threshold}: use a value in [0, 1).")
    scores = pd.Series(scores, dtype=float)
    stance = np.sign(scores.where(scores.isna() | (scores.abs() >= threshold), 0.0))
    return stance.astype("Int64")


@skippable
def sentence_stance(sentences: pd.DataFrame, found: pd.DataFrame,
                    settings: StanceSettings = DEFAULT) -> pd.DataFrame:
    """One row per sentence: does it mention foreign fighters, and what stance toward them?

    Parameters
    ----------
    sentences, found : pandas.DataFrame
        From :func:`fsf.text.sentences` and :func:`fsf.targets.mentions`.
    settings : StanceSettings
        Lexicon, window, masking (see :func:`score_mentions`) and the
        threshold: ``|score| >= threshold`` gives a stance of -1 or +1, else 0.

    Returns
    -------
    pandas.DataFrame
        :data:`FF_SENTENCE_COLUMNS` for every sentence, in order. ``score``
        is the mean over the sentence's mentions; ``score`` and ``stance``
        are missing (NA) for a sentence without a mention.
    """
    scored = score_mentions(found, sentences, n=settings.n, lexicon=settings.lexicon, mask=settings.mask)
    return stance_table(sentences, scored, settings.threshold)


def stance_table(sentences: pd.DataFrame, scored: pd.DataFrame, threshold: float = DEFAULT.threshold) -> pd.DataFrame:
    """:func:`sentence_stance` from mentions already scored (doc_id, sent_idx, score: :func:`score_mentions`).

    The per-article step (:mod:`fsf.pipeline`) scores each article's mentions where the article
    is; this combines the scores of the whole corpus into ``ff_sentences``.
    """
    per_sentence = scored.groupby(["doc_id", "sent_idx"]).agg(n_mentions=("score", "size"), score=("score", "mean"))
    out = sentences[["doc_id", "sent_idx"]].merge(per_sentence.reset_index(), on=["doc_id", "sent_idx"], how="left")
    out["n_mentions"] = out["n_mentions"].fillna(0).astype(int)
    out["mentions_ff"] = (out["n_mentions"] > 0).astype(int)
    out["score"] = out["score"].round(4)
    out["stance"] = to_stance(out["score"], threshold)
    return out[FF_SENTENCE_COLUMNS]


@skippable
def score_grid(sentences: pd.DataFrame, found: pd.DataFrame, *, lexicons=LEXICONS,
               sizes=(2, 4, 8, 12, 20, None), masks=(False, True)) -> dict:
    """Sentence scores for every combination of lexicon, window size and masking.

    Returns
    -------
    dict
        :class:`StanceSettings` (threshold left at its default; thresholds
        are applied later) -> DataFrame of doc_id, sent_idx, score. Scoring
        does not depend on the threshold, so each combination is scored once.
    """
    grid = {}
    for lexicon in lexicons:
        for n in sizes:
            for mask in masks:
                settings = StanceSettings(lexicon=lexicon, n=n, mask=mask)
                grid[settings] = sentence_stance(sentences, found, settings)[["doc_id", "sent_idx", "score"]]
    return grid


@skippable
def sentence_vader(sentences: pd.DataFrame) -> pd.DataFrame:
    """Plain VADER on each whole sentence (the baseline fsf improves on): doc_id, sent_idx, score.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "text": ["They were tricked and afraid."]})
    >>> float(sentence_vader(sents).score[0]) < 0
    True
    """
    vader = analyzer("vader")
    scores = [vader.polarity_scores(t)["compound"] for t in sentences["text"]]
    return sentences[["doc_id", "sent_idx"]].assign(score=scores)


@skippable
def summarize(ff_sentences: pd.DataFrame, by: str | list[str] = "doc_id") -> pd.DataFrame:
    """Stance toward foreign fighters per group: n, spread and counts, never a single score.

    Parameters
    ----------
    ff_sentences : pandas.DataFrame
        From :func:`sentence_stance`, plus the grouping column(s) (e.g. ``year``).
    by : str or list of str
        Grouping column(s).

    Returns
    -------
    pandas.DataFrame
        Per group: ``n_sentences``, ``n_scored`` (sentences with a mention),
        ``mean``, ``sd``, ``median``, ``q25``, ``q75`` of the score
        (NaN when ``n_scored`` is 0), and ``n_negative``, ``n_neutral``,
        ``n_positive`` and their shares of ``n_scored``.

    Examples
    --------
    >>> ff = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "score": [0.5, -0.5, np.nan, np.nan],
    ...                    "stance": pd.array([1, -1, pd.NA, pd.NA], dtype="Int64")})
    >>> summarize(ff)[["doc_id", "n_scored", "mean", "n_positive"]].values.tolist()
    [['a', 2, 0.0, 1], ['b', 0, nan, 0]]
    """
    keys = [by] if isinstance(by, str) else list(by)
    grouped = ff_sentences.groupby(keys, sort=True)
    out = grouped.agg(n_sentences=("score", "size"), n_scored=("score", "count"), mean=("score", "mean"),
                      sd=("score", "std"), median=("score", "median"),
                      q25=("score", lambda s: s.quantile(0.25)), q75=("score", lambda s: s.quantile(0.75)))
    for label, value in (("n_negative", -1), ("n_neutral", 0), ("n_positive", 1)):
        out[label] = grouped["stance"].agg(lambda s, v=value: int((s == v).sum()))
    for label in ("negative", "neutral", "positive"):
        out[f"share_{label}"] = out[f"n_{label}"] / out["n_scored"].where(out["n_scored"] > 0)
    return out.reset_index().round(3)


@skippable
def window_sweep(sentences: pd.DataFrame, found: pd.DataFrame, sizes=(2, 4, 8, 12, 20, None), *,
                 lexicon: str = DEFAULT.lexicon) -> pd.DataFrame:
    """How mention scores move with the window size: mean and sd per article for each ``n``.

    Returns
    -------
    pandas.DataFrame
        ``n`` (``sentence`` for the whole sentence), ``doc_id``, ``n_mentions``, ``mean``, ``sd``.
    """
    rows = []
    for n in sizes:
        scored = score_mentions(found, sentences, n=n, lexicon=lexicon)
        stats = scored.groupby("doc_id")["score"].agg(n_mentions="size", mean="mean", sd="std").reset_index()
        rows.append(stats.assign(n="sentence" if n is None else str(n)))
    out = pd.concat(rows, ignore_index=True)
    return out[["n", "doc_id", "n_mentions", "mean", "sd"]].round(3)


@skippable
def ff_sentences_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``ff_sentences.csv``: one row per sentence of the corpus, with fsf's stance measure (:data:`DEFAULT`).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> table = ff_sentences_table(load_corpus())
    >>> len(table), int(table.mentions_ff.sum()), int(table.stance.isna().sum())
    (200, 137, 63)
    """
    from fsf.stance.targets import mentions
    from fsf.text import sentences

    sents = sentences(corpus)
    return sentence_stance(sents, mentions(sents), DEFAULT)


@skippable
def named_measures(sentences: pd.DataFrame, found: pd.DataFrame, settings: StanceSettings = DEFAULT) -> dict:
    """The stance measures compared in the notebook, each scored on the whole corpus.

    Returns
    -------
    dict
        Name -> DataFrame with doc_id, sent_idx, score, stance:

        * ``plain VADER, whole sentence``: the off-the-shelf baseline
          (VADER's usual threshold 0.05), scoring every sentence;
        * ``VADER, 8 tokens around the mention``: the target window alone;
        * ``domain lexicon as first written``: the lexicon fixed before any
          validation, same window and threshold as fsf's measure;
        * ``fsf measure (settings chosen on all five articles)``: ``settings``
          (default :data:`DEFAULT`, chosen on the seeds' codes), in-sample on the seeds,
          so optimistic there: compare the cross-validated figure.
    """
    plain = sentence_vader(sentences)
    plain["stance"] = to_stance(plain["score"], 0.05)
    return {
        "plain VADER, whole sentence": plain,
        "VADER, 8 tokens around the mention": sentence_stance(sentences, found, StanceSettings("vader", 8)),
        "domain lexicon as first written": sentence_stance(sentences, found,
                                                           StanceSettings("domain-before-validation", 8)),
        "fsf measure (settings chosen on all five articles)": sentence_stance(sentences, found, settings),
    }
