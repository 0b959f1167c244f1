"""Topic models of paragraphs: LDA and NMF, chosen and checked honestly.

Five articles are far too few documents for a topic model, so the unit here
is the **paragraph** (:func:`paragraph_units`), with its article, outlet and
year kept as covariates. The steps, each a small function:

1. :class:`TopicSettings` records every preprocessing choice (stop words,
   stemming, ``min_df``/``max_df``, n-grams, alias normalisation, ...);
   :func:`document_term_matrix` applies them and returns a sparse matrix.
2. :func:`fit_topics` fits scikit-learn's LDA (Blei, Ng & Jordan 2003) on
   counts, or NMF (Lee & Seung 1999) on TF-IDF, with a fixed
   ``random_state`` and ``n_jobs=1`` so a run is bit-for-bit reproducible.
3. :func:`model_selection` scores every K over several seeds on the corpus
   itself: coherence (:func:`coherence`: NPMI, Bouma 2009; UMass, Mimno et
   al. 2011), :func:`exclusivity`, and :func:`stability` across seeds.
   :func:`choose_k` states a deterministic rule; the notebook argues from
   :func:`model_selection_figure` whether the rule's pick is convincing.
4. Interpretation: :func:`top_terms`, :func:`paragraph_topics`,
   :func:`representative_paragraphs`, :func:`prevalence`, and how far LDA
   and NMF agree (:func:`match_topics`, :func:`dominant_agreement`).

The document-term matrix stays a ``scipy.sparse`` CSR matrix throughout;
only K x V topic-term and N x K paragraph-topic arrays are dense, and no step
loops over pairs of paragraphs, so the same functions run on thousands of
articles. scikit-learn and scipy are imported only when a function needs them.

Examples
--------
>>> from fsf.corpus import load_corpus
>>> units = paragraph_units(load_corpus())
>>> dtm = document_term_matrix(units)
>>> model = fit_topics(dtm, "nmf", k=3)
>>> model.doc_topic.shape, type(dtm.counts).__name__
((82, 3), 'csr_matrix')
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from fsf.errors import MethodError
from fsf.figures import new_figure, styled
from fsf.text import TermExtractor

__all__ = [
    "CONTRACTIONS", "DocumentTermMatrix", "EXPORT_TOP", "HOLDOUT", "K_RANGE", "LDA_MAX_ITER", "METHODS",
    "ModelSelection", "NEWS_STOPWORDS", "NMF_MAX_ITER", "N_TOP", "SEEDS", "TopicModel", "TopicSettings",
    "choose_k", "chosen_k", "chosen_models", "coherence", "document_term_matrix", "dominant_agreement",
    "exclusivity", "fit_topics", "format_quotes", "match_topics", "model_selection", "model_selection_figure",
    "paragraph_topics", "paragraph_topics_table", "paragraph_units", "preprocessing_sensitivity", "prevalence",
    "prevalence_figure", "prevalence_spread", "representative_paragraphs", "sensitivity_variants", "stability",
    "top_terms", "top_terms_figure", "topic_labels", "topic_summary", "topic_terms_table",
]

METHODS = ("lda", "nmf")
"""The two topic models fsf fits."""

_METHOD_NAMES = {"lda": "LDA", "nmf": "NMF"}

K_RANGE = tuple(range(2, 9))
"""Numbers of topics compared by default (2-8): on ~80 paragraphs more would describe single paragraphs."""

SEEDS = (0, 1, 2, 3, 4)
"""Seeds of the runs compared for stability (five, each also leaving out a different :data:`HOLDOUT`)."""

HOLDOUT = 0.1
"""Share of units each seeded run of :func:`model_selection` leaves out, so stability covers the data too."""

N_TOP = 10
"""Top terms per topic used by coherence, exclusivity and top-term overlap."""

LDA_MAX_ITER = 10
"""Batch-EM passes of LDA (scikit-learn's default). On the seeds (K 2-8, seeds 0-4) the topics after 10
passes have a mean matched cosine of 0.994 (lowest 0.94) with those after 100, at a tenth of the cost."""

NMF_MAX_ITER = 1000
"""Upper limit of NMF's coordinate-descent iterations; it stops at ``tol=1e-4`` (on the seeds within 200)."""

NEWS_STOPWORDS = ("said", "says", "say", "saying", "told", "according", "mr", "mrs", "ms")
"""Reporting verbs and titles: in news they occur around every quotation, whatever its theme."""

CONTRACTIONS = (
    "don't", "doesn't", "didn't", "can't", "couldn't", "won't", "wouldn't", "isn't", "aren't",
    "wasn't", "weren't", "haven't", "hasn't", "hadn't", "it's", "that's", "there's", "i'm", "i've",
    "i'd", "we're", "we've", "they're", "they've", "you're", "he's", "she's", "let's",
)
"""Contracted function words. scikit-learn's stop list has "do" and "not" but not "don't",
because its own tokenizer splits at the apostrophe; fsf's tokenizer keeps the word whole."""

_SETTING_NOTES = {
    "lowercase": "fold case, so 'Fighters' and 'fighters' are one term",
    "aliases": "replace spelling variants by one token (fsf/data/aliases.csv: Isis, ISIL, Daesh -> isis)",
    "drop_numbers": "drop tokens that start with a digit (2,000; 26-year-old)",
    "strip_possessive": "remove a final 's (group's -> group)",
    "min_token_length": "drop shorter tokens (stray letters)",
    "stopwords": "drop scikit-learn's 318 English stop words",
    "extra_stopwords": "drop these too (news reporting verbs, titles and contractions by default)",
    "stem": "reduce words to their Snowball stem (fighters -> fighter); alias tokens are not stemmed",
    "ngram_range": "lengths of word sequences counted as terms, after stop words are removed",
    "min_df": "keep terms found in at least this many units (a float is a share of the units)",
    "max_df": "keep terms found in at most this many units (a float is a share of the units)",
    "min_tokens": "a unit needs at least this many terms after all filtering",
    "empty_units": "what to do with units below min_tokens: 'raise' an error, or 'drop' and list them",
}


@dataclass(frozen=True)
class TopicSettings:
    """Every preprocessing choice behind a document-term matrix, in one record.

    The defaults are fsf's choices for the seeds; :meth:`table` shows them
    with what each does, so a notebook can state exactly what was done.
    ``max_df=0.3`` drops terms found in more than 30% of the units: in a
    corpus chosen for its subject these are the subject's own words (on
    the seeds: fighters, foreign, isis, syria), which would top every topic
    and separate none. Preprocessing choices change topic models (Denny &
    Spirling 2018), so :func:`preprocessing_sensitivity` refits with some
    of them changed.

    Examples
    --------
    >>> settings = TopicSettings(stem=True)
    >>> settings.stem, settings.min_df, settings.replace(min_df=3).min_df
    (True, 2, 3)
    >>> TopicSettings(min_df=0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    fsf.errors.MethodError: TopicSettings(min_df=0): must be a count of at least 1 or a share ... Fix: use e.g. min_df=2 ...
    """

    lowercase: bool = True
    aliases: bool = True
    drop_numbers: bool = True
    strip_possessive: bool = True
    min_token_length: int = 2
    stopwords: bool = True
    extra_stopwords: tuple[str, ...] = NEWS_STOPWORDS + CONTRACTIONS
    stem: bool = False
    ngram_range: tuple[int, int] = (1, 1)
    min_df: int | float = 2
    max_df: int | float = 0.3
    min_tokens: int = 1
    empty_units: str = "raise"

    def __post_init__(self):
        object.__setattr__(self, "extra_stopwords", tuple(self.extra_stopwords))
        object.__setattr__(self, "ngram_range", tuple(self.ngram_range))
        for name in ("min_df", "max_df"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 or (
                    isinstance(value, float) and value > 1):
                raise MethodError(
                    f"TopicSettings({name}={value!r}): must be a count of at least 1 or a share above 0 "
                    f"and at most 1. Fix: use e.g. {name}={2 if name == 'min_df' else 0.5} "
                    f"({'terms in at least two units' if name == 'min_df' else 'terms in at most half the units'}).")
        lo, hi = self.ngram_range if len(self.ngram_range) == 2 else (0, 0)
        if not 1 <= lo <= hi:
            raise MethodError(f"TopicSettings(ngram_range={self.ngram_range!r}): needs (min_n, max_n) with "
                              "1 <= min_n <= max_n. Fix: use (1, 1) for words or (1, 2) to add word pairs.")
        if self.empty_units not in ("raise", "drop"):
            raise MethodError(f"TopicSettings(empty_units={self.empty_units!r}): must be 'raise' or 'drop'.")
        if self.min_tokens < 1 or self.min_token_length < 1:
            raise MethodError("TopicSettings: min_tokens and min_token_length must be at least 1.")

    def replace(self, **changes) -> TopicSettings:
        """A copy with some settings changed (the original is frozen)."""
        return dataclasses.replace(self, **changes)

    def table(self) -> pd.DataFrame:
        """The settings as a table: ``setting, value, what it does``.

        Examples
        --------
        >>> TopicSettings().table().set_index("setting").loc["min_df", "value"]
        '2'
        """
        rows = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            shown = ", ".join(value) if f.name == "extra_stopwords" else str(value)
            rows.append((f.name, shown, _SETTING_NOTES[f.name]))
        return pd.DataFrame(rows, columns=["setting", "value", "what it does"])


# --------------------------------------------------------------------------
# Units and the document-term matrix
# --------------------------------------------------------------------------


def paragraph_units(corpus: pd.DataFrame, *, standfirst: bool = False) -> pd.DataFrame:
    """The units of the topic model: body paragraphs, with their article as covariates.

    Headlines are left out (they are written in another register and repeat
    the body); standfirsts, the editor's summary, on request.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, paragraph_idx, section, year, outlet, text``, one row per unit.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> corpus = load_corpus()
    >>> len(paragraph_units(corpus)), len(paragraph_units(corpus, standfirst=True))
    (82, 86)
    """
    from fsf.corpus import paragraphs

    paras = paragraphs(corpus)
    keep = ["body", "standfirst"] if standfirst else ["body"]
    units = paras[paras["section"].isin(keep)].reset_index(drop=True)
    outlets = corpus.set_index("doc_id")["outlet"] if "outlet" in corpus else pd.Series(dtype=str)
    units["outlet"] = units["doc_id"].map(outlets).fillna("")
    return units[["doc_id", "paragraph_idx", "section", "year", "outlet", "text"]]


class _Analyzer(TermExtractor):
    """Text -> list of terms (or n-grams of terms), following a :class:`TopicSettings` (a CountVectorizer analyzer)."""

    def __call__(self, text: str) -> list[str]:
        tokens = super().__call__(text)
        lo, hi = self.settings.ngram_range
        return [" ".join(tokens[i:i + n]) for n in range(lo, hi + 1) for i in range(len(tokens) - n + 1)]


@dataclass(frozen=True, eq=False)
class DocumentTermMatrix:
    """Term counts of each unit (sparse CSR), with the terms, the units and the settings behind them.

    ``counts[i, j]`` is how often ``terms[j]`` occurs in row ``i`` of ``units``.
    ``dropped`` lists units removed for having too few terms (only with
    ``empty_units="drop"``); ``pruned`` counts the terms ``min_df`` and
    ``max_df`` removed, and ``too_common`` names those ``max_df`` removed.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": "a", "paragraph_idx": [1, 2, 3],
    ...                       "text": ["war border", "war home", "home border"]})
    >>> dtm = document_term_matrix(units, TopicSettings(min_df=1, max_df=1.0))
    >>> dtm.shape, dtm.binary().format, dtm.subset([0, 2]).counts.toarray().tolist()
    ((3, 3), 'csr', [[1, 0, 1], [1, 1, 0]])
    """

    counts: object
    terms: np.ndarray
    units: pd.DataFrame
    settings: TopicSettings
    dropped: pd.DataFrame
    pruned: dict = field(default_factory=dict)
    too_common: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape

    def binary(self):
        """1 where a term occurs in a unit (sparse CSR)."""
        out = self.counts.copy()
        out.data = np.ones_like(out.data)
        return out

    def tfidf(self):
        """TF-IDF of the counts (scikit-learn's TfidfTransformer defaults: smoothed idf, unit-length rows); sparse."""
        from sklearn.feature_extraction.text import TfidfTransformer

        return TfidfTransformer().fit_transform(self.counts).tocsr()

    def subset(self, rows) -> DocumentTermMatrix:
        """The same matrix restricted to some units (rows), terms unchanged."""
        rows = np.asarray(rows)
        return dataclasses.replace(self, counts=self.counts[rows], units=self.units.iloc[rows].reset_index(drop=True))

    def summary(self) -> pd.DataFrame:
        """What the matrix holds: units, terms, non-zero cells, density, tokens, pruned and dropped.

        Examples
        --------
        >>> from fsf.corpus import load_corpus
        >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
        >>> dtm.summary().set_index("quantity").loc[["units", "terms"], "value"].tolist()
        [82, 294]
        """
        n, v = self.shape
        rows = [("units", n), ("terms", v), ("non-zero cells", int(self.counts.nnz)),
                ("density (share of cells non-zero)", round(self.counts.nnz / max(n * v, 1), 4)),
                ("tokens counted", int(self.counts.sum())),
                ("terms removed by min_df (too rare)", self.pruned.get("min_df", 0)),
                ("terms removed by max_df (too common)", self.pruned.get("max_df", 0)),
                ("units dropped (too few terms)", len(self.dropped))]
        return pd.DataFrame(rows, columns=["quantity", "value"], dtype=object)


def _unit_ids(units: pd.DataFrame, mask) -> list[str]:
    return [f"{d} ¶{p}" for d, p in zip(units.loc[mask, "doc_id"], units.loc[mask, "paragraph_idx"])]


def _check_units(units: pd.DataFrame) -> None:
    missing = [c for c in ("doc_id", "paragraph_idx", "text") if c not in units]
    if missing:
        raise MethodError(f"units lack the column(s) {', '.join(missing)}. "
                          "Fix: pass the table from fsf.topics.paragraph_units(corpus).")
    if len(units) < 2:
        raise MethodError(f"a topic model needs at least 2 units (paragraphs); got {len(units)}. "
                          "Fix: add articles, or use smaller units.")


def _vectorize(units: pd.DataFrame, settings: TopicSettings):
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=_Analyzer(settings), dtype=np.int64)
    try:
        counts = vectorizer.fit_transform(units["text"].tolist())
    except ValueError as err:
        if "empty vocabulary" not in str(err):
            raise
        raise MethodError(
            f"none of the {len(units)} units has a term left after tokenising and removing stop words, "
            f"numbers and tokens shorter than {settings.min_token_length} letters (stopwords="
            f"{settings.stopwords}, {len(settings.extra_stopwords)} extra_stopwords, drop_numbers="
            f"{settings.drop_numbers}). Fix: check units['text'] holds the paragraphs' text; if it does, "
            "these settings remove every word: try TopicSettings(stopwords=False)."
        ) from None
    return counts.tocsr(), vectorizer.get_feature_names_out()


def _prune(counts, terms, settings: TopicSettings):
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    low = settings.min_df if isinstance(settings.min_df, int) else settings.min_df * n
    high = settings.max_df if isinstance(settings.max_df, int) else settings.max_df * n
    rare, common = df < low, df > high
    keep = ~rare & ~common
    if not keep.any():
        top = int(np.argmax(df))
        raise MethodError(
            f"no term is left: min_df={settings.min_df} keeps terms found in at least {math.ceil(low)} "
            f"of the {n} units and max_df={settings.max_df} those in at most {math.floor(high)}, but "
            f"{int(rare.sum())} of the {len(terms)} terms are rarer and {int(common.sum())} more common "
            f"(the most widespread, {terms[top]!r}, is in {int(df[top])} units). Fix: lower min_df "
            "(e.g. TopicSettings(min_df=1)) or raise max_df (e.g. max_df=1.0), or use more units.")
    pruned = {"min_df": int(rare.sum()), "max_df": int(common.sum())}
    return counts[:, np.flatnonzero(keep)].tocsr(), terms[keep], pruned, tuple(terms[common])


def _drop_empty(counts, units: pd.DataFrame, settings: TopicSettings):
    sizes = np.asarray(counts.sum(axis=1)).ravel()
    empty = sizes < settings.min_tokens
    dropped = units.loc[empty, ["doc_id", "paragraph_idx"]].assign(n_terms=sizes[empty]).reset_index(drop=True)
    if empty.any() and settings.empty_units == "raise":
        ids = _unit_ids(units, empty)
        shown = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
        raise MethodError(
            f"{len(ids)} unit(s) have fewer than min_tokens={settings.min_tokens} term(s) left after "
            f"preprocessing: {shown} (e.g. paragraphs of stop words only, or of words rarer than "
            f"min_df={settings.min_df}). Fix: remove them from the units, lower min_df, or pass "
            "TopicSettings(empty_units='drop') to drop them (they are then listed in dtm.dropped).")
    keep = np.flatnonzero(~empty)
    if len(keep) < 2:
        raise MethodError(f"only {len(keep)} unit(s) keep at least min_tokens={settings.min_tokens} terms; "
                          "a topic model needs at least 2. Fix: lower min_df or min_tokens, or add units.")
    return counts[keep], units.iloc[keep].reset_index(drop=True), dropped


def _drop_unused_terms(counts, terms):
    """Terms that occurred only in dropped units (possible when ``min_tokens`` > 1) are removed."""
    used = np.bincount(counts.indices, minlength=counts.shape[1]) > 0
    return (counts, terms) if used.all() else (counts[:, np.flatnonzero(used)].tocsr(), terms[used])


def document_term_matrix(units: pd.DataFrame, settings: TopicSettings | None = None) -> DocumentTermMatrix:
    """Count the terms of each unit, following ``settings``; the result stays sparse.

    A scikit-learn ``CountVectorizer`` with an analyzer built from
    :mod:`fsf.text` (no downloads): alias variants become one token (via
    :func:`fsf.text.find_aliases`, the matcher behind
    :func:`~fsf.text.normalize_aliases`, so that tokens such as
    ``syrian_regime`` stay whole), then :func:`~fsf.text.tokenize`,
    stop words and :func:`~fsf.text.stem` as the settings say. ``min_df``
    and ``max_df`` are applied by fsf with scikit-learn's meaning, so that
    a setting that empties the vocabulary is named in the error.

    Raises
    ------
    MethodError
        Fewer than 2 units; no term left (naming ``min_df``/``max_df`` or the
        stop-word settings); units left with fewer than ``min_tokens`` terms
        (listing them), unless ``settings.empty_units == "drop"``.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "b"], "paragraph_idx": [1, 2, 1],
    ...                       "text": ["Fighters left Idleb.", "The fighters left Idlib.", "They went home."]})
    >>> dtm = document_term_matrix(units, TopicSettings(max_df=1.0, empty_units="drop"))
    >>> list(dtm.terms), dtm.counts.toarray().tolist()
    (['fighters', 'idlib', 'left'], [[1, 1, 1], [1, 1, 1]])
    >>> dtm.dropped
      doc_id  paragraph_idx  n_terms
    0      b              1        0
    """
    settings = settings or TopicSettings()
    _check_units(units)
    units = units.reset_index(drop=True)
    counts, terms = _vectorize(units, settings)
    counts, terms, pruned, too_common = _prune(counts, terms, settings)
    counts, units, dropped = _drop_empty(counts, units, settings)
    counts, terms = _drop_unused_terms(counts.tocsr(), terms)
    counts.sort_indices()
    return DocumentTermMatrix(counts, terms, units, settings, dropped, pruned, too_common)


# --------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted topic model, with topics numbered by prevalence (topic 1 is the largest).

    ``topic_term`` (K x V) holds each topic's term weights, each row summing
    to 1; ``doc_topic`` (units x K) each unit's topic weights, each row
    summing to 1; ``dtm`` is the matrix it was fitted on.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "lda", 2)
    >>> model.topic_term.shape, model.units.shape[0], model.topic_term.sum(axis=1).round(6).tolist()
    ((2, 294), 82, [1.0, 1.0])
    """

    method: str
    k: int
    random_state: int
    topic_term: np.ndarray
    doc_topic: np.ndarray
    dtm: DocumentTermMatrix
    n_iter: int

    @property
    def terms(self) -> np.ndarray:
        return self.dtm.terms

    @property
    def units(self) -> pd.DataFrame:
        return self.dtm.units


def _check_k(dtm: DocumentTermMatrix, method: str, k) -> None:
    if method not in METHODS:
        raise MethodError(f"method={method!r} is not a topic model fsf fits. Fix: use 'lda' or 'nmf'.")
    n_units, n_terms = dtm.shape
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise MethodError(f"k={k!r}: a topic model needs a whole number of at least 2 topics. Fix: use k=2 or more.")
    if k > n_units:
        raise MethodError(
            f"k={k} topics is more than the {n_units} units (paragraphs) in the document-term matrix, so "
            f"some topics could describe no unit at all. Fix: choose k of at most {n_units} (in practice far "
            "fewer), or use more units.")
    if k > n_terms:
        raise MethodError(f"k={k} topics is more than the {n_terms} terms in the vocabulary. Fix: choose "
                          f"k of at most {n_terms}, or keep more terms (lower min_df, raise max_df).")


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to sum to 1; a row of zeros becomes uniform (it carries no information)."""
    totals = matrix.sum(axis=1, keepdims=True)
    uniform = np.full_like(matrix, 1.0 / matrix.shape[1])
    return np.where(totals > 0, matrix / np.where(totals > 0, totals, 1.0), uniform)


def _fit_lda(dtm: DocumentTermMatrix, k: int, random_state: int, max_iter: int):
    from sklearn.decomposition import LatentDirichletAllocation

    lda = LatentDirichletAllocation(n_components=k, learning_method="batch", max_iter=max_iter,
                                    random_state=random_state, n_jobs=1)
    lda.fit(dtm.counts)
    return _normalise_rows(lda.components_), lda.transform(dtm.counts), lda.n_iter_


def _fit_nmf(dtm: DocumentTermMatrix, k: int, random_state: int, max_iter: int):
    from sklearn.decomposition import NMF

    nmf = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=max_iter)
    weights = nmf.fit_transform(dtm.tfidf())
    mass = nmf.components_.sum(axis=1)
    return _normalise_rows(nmf.components_), _normalise_rows(weights * mass), nmf.n_iter_


def fit_topics(dtm: DocumentTermMatrix, method: str, k: int, random_state: int = 0, *,
               max_iter: int | None = None) -> TopicModel:
    """Fit LDA or NMF with K topics, reproducibly.

    * ``"lda"``: scikit-learn's ``LatentDirichletAllocation`` on the **counts**,
      batch variational EM, ``n_jobs=1``, ``max_iter`` passes (default
      :data:`LDA_MAX_ITER`), priors 1/K. Weights are the topics' term
      distributions and the units' topic proportions.
    * ``"nmf"``: scikit-learn's ``NMF`` on the **TF-IDF** of the same counts
      (:meth:`DocumentTermMatrix.tfidf`), ``init="nndsvda"``, Frobenius loss,
      at most ``max_iter`` iterations (default :data:`NMF_MAX_ITER`). NMF's
      factors are not probabilities: a topic's term weights are its row of H
      scaled to sum 1, and a unit's topic weights are W times each topic's
      total in H, scaled to sum 1 (a unit NMF leaves empty gets equal weights).

    Topics are renumbered by total weight, largest first; fixed
    ``random_state`` and ``n_jobs=1`` make a refit bit-for-bit identical.

    Raises
    ------
    MethodError
        Unknown method; ``k`` below 2, above the number of units or of terms.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> a, b = fit_topics(dtm, "lda", 4, random_state=1), fit_topics(dtm, "lda", 4, random_state=1)
    >>> bool((a.topic_term == b.topic_term).all()), a.doc_topic.sum(axis=1).round(6).min()
    (True, np.float64(1.0))
    """
    _check_k(dtm, method, k)
    fit = _fit_lda if method == "lda" else _fit_nmf
    default = LDA_MAX_ITER if method == "lda" else NMF_MAX_ITER
    topic_term, doc_topic, n_iter = fit(dtm, int(k), random_state, max_iter or default)
    order = np.argsort(-doc_topic.sum(axis=0), kind="stable")
    return TopicModel(method, int(k), random_state, topic_term[order], doc_topic[:, order], dtm, int(n_iter))


# --------------------------------------------------------------------------
# Scores: coherence, exclusivity, stability
# --------------------------------------------------------------------------


def _top_indices(topic_term: np.ndarray, n_top: int) -> np.ndarray:
    """Column indices of each topic's ``n_top`` heaviest terms, heaviest first (ties: earlier term first)."""
    return np.argsort(-topic_term, axis=1, kind="stable")[:, :n_top]


def _top_sets(topic_term: np.ndarray, n_top: int) -> list[set]:
    """Each topic's top terms as a set of column indices, leaving out terms of zero weight."""
    return [{j for j in top if topic_term[t, j] > 0} for t, top in enumerate(_top_indices(topic_term, n_top))]


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def coherence(counts, top_terms: Sequence[Sequence[int]]) -> pd.DataFrame:
    """NPMI and UMass coherence of each topic's top terms, measured on the units themselves.

    A unit (paragraph) is the co-occurrence window: ``D(w)`` is the number of
    units containing ``w``, ``D(w, v)`` those containing both, ``N`` all units,
    ``P(.) = D(.) / N``. Over all pairs of a topic's top terms:

    * **NPMI** (Bouma 2009): ``log(P(w,v) / (P(w) P(v))) / -log P(w,v)``,
      from -1 (never together) through 0 (independent) to 1 (always
      together). A pair that never co-occurs scores -1 (the limit), a pair
      present in every unit 1. The topic's score is the mean over pairs.
    * **UMass** (Mimno et al. 2011): ``log((D(w,v) + 1) / D(v))`` for each
      term ``w`` and each higher-ranked term ``v``; here the **mean** over
      pairs (Mimno et al. sum them), so it does not grow with the number of
      terms. It is 0 at most; closer to 0 is more coherent.

    Only the top terms' columns of the binary matrix are used, so the cost
    grows with their non-zero cells, not with the square of the units.

    Parameters
    ----------
    counts : scipy.sparse matrix or array, units x terms
        Counts (or 0/1); only presence matters. Every top term must occur.
    top_terms : sequence of sequences of int
        Column indices of each topic's top terms, highest ranked first.

    Returns
    -------
    pandas.DataFrame
        ``topic`` (1-based, in the given order), ``npmi``, ``umass``.

    Examples
    --------
    >>> import numpy as np
    >>> counts = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1]])
    >>> coherence(counts, [[0, 1], [0, 2]]).round(3).to_dict("list")
    {'topic': [1, 2], 'npmi': [0.415, -0.292], 'umass': [0.0, -0.405]}
    """
    from scipy import sparse

    binary = sparse.csc_matrix(counts, dtype=np.float64)
    binary.data = np.ones_like(binary.data)
    n_units = binary.shape[0]
    rows = []
    for topic, idx in enumerate(top_terms, start=1):
        cols = binary[:, list(idx)]
        together = (cols.T @ cols).toarray()
        df = np.diag(together).copy()
        if (df == 0).any():
            raise MethodError("coherence: a top term occurs in no unit. "
                              "Fix: score topics on the matrix they were fitted on.")
        i, j = np.triu_indices(len(idx), k=1)
        rows.append((topic, _npmi(together[i, j], df[i], df[j], n_units),
                     float(np.mean(np.log((together[i, j] + 1) / df[i]))) if len(i) else np.nan))
    return pd.DataFrame(rows, columns=["topic", "npmi", "umass"])


def _npmi(d_wv: np.ndarray, d_w: np.ndarray, d_v: np.ndarray, n: int) -> float:
    if not len(d_wv):
        return np.nan
    p_wv, p_w, p_v = d_wv / n, d_w / n, d_v / n
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.log(p_wv / (p_w * p_v)) / -np.log(p_wv)
    scores = np.where(d_wv == 0, -1.0, np.where(d_wv == n, 1.0, scores))
    return float(np.mean(scores))


def exclusivity(topic_term: np.ndarray, n_top: int = N_TOP) -> np.ndarray:
    """How much each topic's top terms belong to it rather than to other topics.

    For topic k and each of its ``n_top`` heaviest terms w:
    ``beta[k, w] / sum_j beta[j, w]``, averaged over the top terms, where
    ``beta`` holds each topic's term weights (rows summing to 1). It is 1
    when no other topic uses those terms and 1/K when all topics weigh them
    alike, so compare it with 1/K across different K; a term no topic
    weighs counts 0. (The exclusivity half of FREX, Bischof & Airoldi 2012,
    without its frequency half.)

    Examples
    --------
    >>> beta = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    >>> exclusivity(beta, n_top=2).round(3).tolist()  # topic 2: terms 3 and 1 (a tie goes to the earlier term)
    [0.675, 0.554]
    """
    beta = np.asarray(topic_term, dtype=float)
    totals = beta.sum(axis=0, keepdims=True)
    share = np.divide(beta, totals, out=np.zeros_like(beta), where=totals > 0)
    top = _top_indices(beta, n_top)
    return np.take_along_axis(share, top, axis=1).mean(axis=1)


def _model_arrays(model, by: str, n_top: int):
    if by == "weights":
        return np.asarray(model.topic_term if isinstance(model, TopicModel) else model, dtype=float)
    if not isinstance(model, TopicModel):
        raise MethodError(f"match_topics(by={by!r}) needs fitted TopicModels, not arrays.")
    if by == "terms":
        return [{model.terms[j] for j in top} for top in _top_sets(model.topic_term, n_top)]
    keys = pd.MultiIndex.from_frame(model.units[["doc_id", "paragraph_idx"]])
    return pd.DataFrame(model.doc_topic, index=keys)


def _similarity(a, b, by: str) -> np.ndarray:
    if by == "terms":
        return np.array([[_jaccard(x, y) for y in b] for x in a])
    if by == "paragraphs":
        common = a.index.intersection(b.index)
        a, b = a.loc[common].to_numpy().T, b.loc[common].to_numpy().T
    a, b = (m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-300) for m in (a, b))
    return np.round(a @ b.T, 10)


def match_topics(a, b, *, by: str = "weights", n_top: int = N_TOP) -> pd.DataFrame:
    """Pair the topics of two models one to one, so that the pairs are as similar as possible.

    The pairing maximises total similarity (Hungarian algorithm,
    ``scipy.optimize.linear_sum_assignment``). Similarity ``by``:

    * ``"weights"``: cosine of the topic-term weights (same vocabulary;
      ``a`` and ``b`` may also be K x V arrays);
    * ``"terms"``: Jaccard overlap of the ``n_top`` top-term sets (works
      across methods; it is the share of distinct top terms the two share;
      terms of zero weight are not top terms);
    * ``"paragraphs"``: cosine of the topics' weights over the units both
      models share (works across vocabularies, e.g. with and without stemming).

    With different K, the extra topics of the larger model stay unmatched.
    Cosines are rounded to 10 decimals, so identical topics score exactly 1.

    Returns
    -------
    pandas.DataFrame
        ``a_topic, b_topic`` (1-based) and ``similarity``, sorted by ``a_topic``.

    Examples
    --------
    >>> a = np.array([[0.7, 0.3, 0.0], [0.0, 0.2, 0.8]])
    >>> match_topics(a, a[::-1]).to_dict("list")
    {'a_topic': [1, 2], 'b_topic': [2, 1], 'similarity': [1.0, 1.0]}
    """
    from scipy.optimize import linear_sum_assignment

    if by not in ("weights", "terms", "paragraphs"):
        raise MethodError(f"match_topics(by={by!r}): use 'weights', 'terms' or 'paragraphs'.")
    sim = _similarity(_model_arrays(a, by, n_top), _model_arrays(b, by, n_top), by)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return pd.DataFrame({"a_topic": rows + 1, "b_topic": cols + 1, "similarity": sim[rows, cols]})


def stability(a, b) -> float:
    """Mean cosine similarity of matched topics (:func:`match_topics` by weights): 1 for identical runs.

    Examples
    --------
    >>> a = np.array([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])
    >>> stability(a, a), stability(a, np.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]))
    (1.0, 0.7071067812)
    """
    return round(float(match_topics(a, b).similarity.mean()), 10)


# --------------------------------------------------------------------------
# Model selection
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ModelSelection:
    """Scores of every (method, K, seed) run, and the agreement of every pair of runs.

    ``scores``: ``method, k, seed, npmi, umass, exclusivity`` (means over
    the run's topics, measured on all units). ``stability``: ``method, k,
    seed_a, seed_b``, then ``similarity`` (:func:`stability`: matched-topic
    cosine), ``top_overlap`` (mean Jaccard overlap of the matched topics'
    top terms) and ``paragraph_ari`` (adjusted Rand index of the units'
    dominant topics, on the units both runs saw).
    """

    scores: pd.DataFrame
    stability: pd.DataFrame
    holdout: float


def _holdout_rows(n_units: int, seed: int, holdout: float) -> np.ndarray:
    n_keep = n_units - math.floor(holdout * n_units)
    return np.sort(np.random.default_rng(seed).choice(n_units, size=n_keep, replace=False))


def _run_scores(binary, model: TopicModel) -> tuple[float, float, float]:
    top = _top_indices(model.topic_term, N_TOP)
    coh = coherence(binary, top)
    return float(coh.npmi.mean()), float(coh.umass.mean()), float(exclusivity(model.topic_term, N_TOP).mean())


def _pair_agreement(a: TopicModel, b: TopicModel, rows_a: np.ndarray, rows_b: np.ndarray):
    """Matched-topic cosine, top-term overlap of the matched topics, and ARI of dominant topics on shared units."""
    from sklearn.metrics import adjusted_rand_score

    pairs = match_topics(a.topic_term, b.topic_term)
    top_a, top_b = _top_sets(a.topic_term, N_TOP), _top_sets(b.topic_term, N_TOP)
    overlap = [_jaccard(top_a[i - 1], top_b[j - 1]) for i, j in zip(pairs.a_topic, pairs.b_topic)]
    _, ia, ib = np.intersect1d(rows_a, rows_b, assume_unique=True, return_indices=True)
    ari = adjusted_rand_score(a.doc_topic[ia].argmax(axis=1), b.doc_topic[ib].argmax(axis=1))
    return round(float(pairs.similarity.mean()), 10), float(np.mean(overlap)), round(float(ari), 10)


def model_selection(dtm: DocumentTermMatrix, ks: Sequence[int] = K_RANGE, *, methods: Sequence[str] = METHODS,
                    seeds: Sequence[int] = SEEDS, holdout: float = HOLDOUT) -> ModelSelection:
    """Fit every method and K once per seed, and score each run and each pair of runs.

    Each seed fixes the model's ``random_state`` **and** which ``holdout``
    share of the units the run leaves out, so stability measures how much
    the topics depend on the start and on the particular paragraphs (NMF's
    ``nndsvda`` start hardly depends on the seed, so seeds alone would make
    it look stable by construction). Coherence and exclusivity of every run
    are measured on all units. Five seeds give 10 pairs per (method, K).
    The cost is one fit per method, K and seed; nothing compares pairs of units.

    Raises
    ------
    MethodError
        Fewer than 2 seeds, ``holdout`` outside [0, 0.5), or a K the units cannot support.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> sel = model_selection(dtm, ks=[2, 3], methods=["nmf"], seeds=[0, 1, 2])
    >>> len(sel.scores), len(sel.stability), list(sel.stability.columns)[4:]
    (6, 6, ['similarity', 'top_overlap', 'paragraph_ari'])
    """
    seeds = list(seeds)
    if len(seeds) < 2 or len(set(seeds)) < len(seeds):
        raise MethodError(f"seeds={seeds!r}: stability compares runs, so give at least 2 different seeds "
                          "(fsf uses 5). Fix: e.g. seeds=range(5).")
    if not 0 <= holdout < 0.5:
        raise MethodError(f"holdout={holdout!r}: the share of units each run leaves out must be in [0, 0.5). "
                          "Fix: use 0.1, or 0 to vary only the seed.")
    scores, pairs = [], []
    binary = dtm.binary().tocsc().astype(np.float64)  # converted once; coherence slices its columns
    for method, k in itertools.product(methods, ks):
        rows = [_holdout_rows(dtm.shape[0], seed, holdout) for seed in seeds]
        runs = [fit_topics(dtm.subset(r), method, k, seed) for r, seed in zip(rows, seeds)]
        scores += [(method, k, seed, *_run_scores(binary, run)) for seed, run in zip(seeds, runs)]
        pairs += [(method, k, seeds[i], seeds[j], *_pair_agreement(runs[i], runs[j], rows[i], rows[j]))
                  for i, j in itertools.combinations(range(len(seeds)), 2)]
    return ModelSelection(
        pd.DataFrame(scores, columns=["method", "k", "seed", "npmi", "umass", "exclusivity"]),
        pd.DataFrame(pairs, columns=["method", "k", "seed_a", "seed_b", "similarity", "top_overlap",
                                     "paragraph_ari"]),
        holdout)


def _zscore(values: pd.Series) -> pd.Series:
    sd = values.std(ddof=0)
    return (values - values.mean()) / sd if sd > 1e-12 else values * 0.0


def choose_k(selection: ModelSelection) -> pd.DataFrame:
    """Rank the K of each method by a stated rule, and mark the pick.

    **The rule.** For each method, average over seeds the mean NPMI of each
    K and its mean stability; standardise each across that method's K
    (z-scores); ``score`` is the mean of the two z-scores. The K with the
    highest score is ``chosen`` (rank 1); a tie (to 10 decimals) goes to
    the smaller K. Exclusivity and UMass are reported, not used: exclusivity
    falls with K by construction (its floor is 1/K). Stability of the
    topic-term weights tends to fall with K too, so the rule leans towards
    small K; ``paragraph_ari`` shows whether the units' assignments, not
    only the topics' words, repeat across runs.

    The rule only ranks the K that were tried, relative to one another: a
    chosen K can still be weak (see ``gap``, the score lead over the
    runner-up, and the figure).

    Returns
    -------
    pandas.DataFrame
        ``method, k, npmi, umass, exclusivity, stability, top_overlap,
        paragraph_ari, z_npmi, z_stability, score, rank, gap, chosen``, one
        row per method and K.

    Examples
    --------
    >>> scores = pd.DataFrame({"method": "lda", "k": [2, 3, 4], "seed": 0,
    ...                        "npmi": [0.1, 0.3, 0.2], "umass": -1.0, "exclusivity": 0.5})
    >>> stab = pd.DataFrame({"method": "lda", "k": [2, 3, 4], "seed_a": 0, "seed_b": 1,
    ...                      "similarity": [0.9, 0.8, 0.5], "top_overlap": 0.5, "paragraph_ari": 0.0})
    >>> table = choose_k(ModelSelection(scores, stab, 0.1))
    >>> table[["k", "score", "rank", "chosen"]].round(3).values.tolist()
    [[2, -0.122, 2, False], [3, 0.808, 1, True], [4, -0.686, 3, False]]
    """
    means = selection.scores.groupby(["method", "k"])[["npmi", "umass", "exclusivity"]].mean()
    stab = selection.stability.groupby(["method", "k"])[["similarity", "top_overlap", "paragraph_ari"]].mean()
    table = means.join(stab.rename(columns={"similarity": "stability"})).reset_index()
    table["z_npmi"] = table.groupby("method")["npmi"].transform(_zscore)
    table["z_stability"] = table.groupby("method")["stability"].transform(_zscore)
    table["score"] = (table["z_npmi"] + table["z_stability"]) / 2
    table["_key"] = -table["score"].round(10)
    table = table.sort_values(["method", "_key", "k"], kind="stable")
    table["rank"] = table.groupby("method").cumcount() + 1
    best = table.groupby("method")["score"].transform(lambda s: s.iloc[0] - (s.iloc[1] if len(s) > 1 else np.nan))
    table["gap"] = best.where(table["rank"] == 1)
    table["chosen"] = table["rank"] == 1
    return table.drop(columns="_key").sort_values(["method", "k"]).reset_index(drop=True)


def chosen_k(choice: pd.DataFrame) -> dict[str, int]:
    """``{method: K}`` of the rows :func:`choose_k` marked as chosen.

    Examples
    --------
    >>> chosen_k(pd.DataFrame({"method": ["lda", "lda", "nmf"], "k": [2, 3, 4], "chosen": [False, True, True]}))
    {'lda': 3, 'nmf': 4}
    """
    picked = choice[choice["chosen"]]
    return {m: int(k) for m, k in zip(picked["method"], picked["k"])}


# --------------------------------------------------------------------------
# Interpretation
# --------------------------------------------------------------------------


def top_terms(model: TopicModel, n: int = N_TOP) -> pd.DataFrame:
    """Each topic's ``n`` heaviest terms: ``model, k, topic, rank, term, weight`` (tidy).

    ``weight`` is the term's share of the topic's term weights (for LDA,
    the probability of the term given the topic).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> top_terms(model, n=2).columns.tolist(), len(top_terms(model, n=2))
    (['model', 'k', 'topic', 'rank', 'term', 'weight'], 6)
    """
    top = _top_indices(model.topic_term, n)
    rows = [(model.method, model.k, t + 1, r + 1, model.terms[j], float(model.topic_term[t, j]))
            for t in range(model.k) for r, j in enumerate(top[t])]
    return pd.DataFrame(rows, columns=["model", "k", "topic", "rank", "term", "weight"])


def topic_labels(model: TopicModel, n: int = 3) -> list[str]:
    """Short names for the topics: number and top terms (``"1: isis, leave, turkey"``).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> len(topic_labels(model)), topic_labels(model)[0].startswith("1: ")
    (3, True)
    """
    top = _top_indices(model.topic_term, n)
    return [f"{t + 1}: " + ", ".join(model.terms[top[t]]) for t in range(model.k)]


def paragraph_topics(model: TopicModel) -> pd.DataFrame:
    """Every unit's weight on every topic: ``model, k, doc_id, paragraph_idx, topic, weight``.

    A unit's weights sum to 1 (see :func:`fit_topics` for NMF's scaling).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "lda", 3)
    >>> table = paragraph_topics(model)
    >>> len(table), table.groupby(["doc_id", "paragraph_idx"]).weight.sum().round(9).unique().tolist()
    (246, [1.0])
    """
    n_units = model.doc_topic.shape[0]
    return pd.DataFrame({
        "model": model.method, "k": model.k,
        "doc_id": np.repeat(model.units["doc_id"].to_numpy(), model.k),
        "paragraph_idx": np.repeat(model.units["paragraph_idx"].to_numpy(), model.k),
        "topic": np.tile(np.arange(1, model.k + 1), n_units),
        "weight": model.doc_topic.ravel(),
    })


def topic_summary(model: TopicModel, n: int = 6) -> pd.DataFrame:
    """One row per topic: its top terms, how much of the corpus it covers, and its scores.

    ``prevalence`` is the topic's mean weight over units; ``n_dominant``
    the number of units where it is the heaviest topic; ``npmi``, ``umass``
    (:func:`coherence`) and ``exclusivity`` use the top :data:`N_TOP` terms.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> summary = topic_summary(model)
    >>> summary.columns.tolist(), int(summary.n_dominant.sum())
    (['topic', 'top_terms', 'prevalence', 'n_dominant', 'npmi', 'umass', 'exclusivity'], 82)
    """
    coh = coherence(model.dtm.counts, _top_indices(model.topic_term, N_TOP))
    dominant = np.bincount(model.doc_topic.argmax(axis=1), minlength=model.k)
    return pd.DataFrame({
        "topic": np.arange(1, model.k + 1),
        "top_terms": [label.split(": ", 1)[1] for label in topic_labels(model, n)],
        "prevalence": model.doc_topic.mean(axis=0), "n_dominant": dominant,
        "npmi": coh["npmi"].to_numpy(), "umass": coh["umass"].to_numpy(),
        "exclusivity": exclusivity(model.topic_term, N_TOP),
    })


def representative_paragraphs(model: TopicModel, n: int = 2, *, width: int | None = None) -> pd.DataFrame:
    """The ``n`` units with the highest weight on each topic, quoted with their article.

    Read these before naming a topic: a topic is what its paragraphs say,
    not only its top terms. ``width`` shortens the quoted text (whole words,
    ending in ``…``); default the whole paragraph. Equal weights (NMF often
    gives several paragraphs all of their weight in one topic) go to the
    paragraph with more occurrences of the topic's top :data:`N_TOP` terms,
    then to the earlier one.

    Returns
    -------
    pandas.DataFrame
        ``model, k, topic, rank, doc_id, paragraph_idx, outlet, year, weight, text``.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> reps = representative_paragraphs(model, n=1, width=40)
    >>> reps.topic.tolist(), bool((reps.text.str.len() <= 40).all())
    ([1, 2, 3], True)
    """
    import textwrap

    units = model.units
    top = _top_indices(model.topic_term, N_TOP)
    rows = []
    for t in range(model.k):
        uses = np.asarray(model.dtm.counts[:, top[t]].sum(axis=1)).ravel()
        order = np.lexsort((np.arange(len(uses)), -uses, -model.doc_topic[:, t]))
        for rank, i in enumerate(order[:n], start=1):
            text = units["text"].iat[i]
            text = textwrap.shorten(text, width=width, placeholder=" …") if width else text
            rows.append((model.method, model.k, t + 1, rank, units["doc_id"].iat[i], units["paragraph_idx"].iat[i],
                         units["outlet"].iat[i] if "outlet" in units else "",
                         units["year"].iat[i] if "year" in units else pd.NA, float(model.doc_topic[i, t]), text))
    return pd.DataFrame(rows, columns=["model", "k", "topic", "rank", "doc_id", "paragraph_idx", "outlet",
                                       "year", "weight", "text"])


def format_quotes(table: pd.DataFrame, width: int = 100) -> str:
    """Representative paragraphs as plain text to read: a heading line per paragraph, then the quote.

    Examples
    --------
    >>> table = pd.DataFrame({"model": ["nmf"], "k": [2], "topic": [1], "rank": [1], "doc_id": ["002"],
    ...                       "paragraph_idx": [3], "outlet": [""], "year": [2014], "weight": [0.91234],
    ...                       "text": ["Some foreign fighters are fleeing."]})
    >>> print(format_quotes(table))
    NMF topic 1, #1: article 002 (outlet unknown, 2014), paragraph 3, weight 0.912
        Some foreign fighters are fleeing.
    """
    import textwrap

    blocks = []
    for row in table.itertuples(index=False):
        year = "year unknown" if pd.isna(row.year) else row.year
        head = (f"{_METHOD_NAMES.get(row.model, row.model)} topic {row.topic}, #{row.rank}: article {row.doc_id} "
                f"({row.outlet or 'outlet unknown'}, {year}), paragraph {row.paragraph_idx}, weight {row.weight:.3f}")
        quote = textwrap.fill(row.text, width=width, initial_indent="    ", subsequent_indent="    ")
        blocks.append(f"{head}\n{quote}")
    return "\n\n".join(blocks)


def prevalence(model: TopicModel, by: str = "doc_id") -> pd.DataFrame:
    """Mean topic weight of the units in each group (article, year, outlet, ...): tidy.

    Returns
    -------
    pandas.DataFrame
        ``model, k, <by>, topic, weight, n_units``; in each group the
        weights sum to 1.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> by_year = prevalence(model, by="year")
    >>> by_year.groupby("year").weight.sum().round(9).unique().tolist(), int(by_year.n_units.max())
    ([1.0], 21)
    """
    if by not in model.units:
        raise MethodError(f"prevalence(by={by!r}): the units have no such column. "
                          f"Fix: use one of {', '.join(model.units.columns)}.")
    weights = pd.DataFrame(model.doc_topic, columns=range(1, model.k + 1))
    weights[by] = model.units[by].to_numpy()
    grouped = weights.groupby(by, sort=True)
    means = grouped.mean().rename_axis(columns="topic").stack().rename("weight").reset_index()
    means["n_units"] = means[by].map(grouped.size())
    means.insert(0, "k", model.k)
    means.insert(0, "model", model.method)
    return means


def prevalence_spread(dtm: DocumentTermMatrix, method: str, k: int, *, seeds: Sequence[int] = SEEDS,
                      by: str = "doc_id") -> pd.DataFrame:
    """How much a prevalence table changes when only the seed changes.

    Fits the model once per seed on all units, pairs each run's topics with
    the first run's (:func:`match_topics` by weights) and reports, for each
    group and topic of the first run, the mean, lowest and highest
    :func:`prevalence` over the runs. A wide range means the heatmap of a
    single run should not be read closely.

    Returns
    -------
    pandas.DataFrame
        ``model, k, <by>, topic, mean, min, max, n_seeds``.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> spread = prevalence_spread(dtm, "nmf", 2, seeds=[0, 1])
    >>> bool((spread["max"] - spread["min"]).max() < 1e-4), len(spread)  # NMF's start hardly depends on the seed
    (True, 10)
    """
    runs = [fit_topics(dtm, method, k, seed) for seed in seeds]
    tables = []
    for seed, run in zip(seeds, runs):
        pairs = match_topics(runs[0], run)
        table = prevalence(run, by)
        tables.append(table.assign(topic=table["topic"].map(dict(zip(pairs.b_topic, pairs.a_topic))), seed=seed))
    stats = pd.concat(tables).groupby([by, "topic"])["weight"].agg(["mean", "min", "max", "size"])
    stats = stats.rename(columns={"size": "n_seeds"}).reset_index()
    return stats.assign(model=method, k=k)[["model", "k", by, "topic", "mean", "min", "max", "n_seeds"]]


def dominant_agreement(a: TopicModel, b: TopicModel) -> pd.DataFrame:
    """How far two models put the same units together, judged by each unit's heaviest topic.

    ``ari``: adjusted Rand index of the two partitions of units by dominant
    topic (1 identical, about 0 no better than chance; works for different
    K). ``matched_share``: the share of units whose dominant topic in ``b``
    is the one :func:`match_topics` (by top terms) pairs with their
    dominant topic in ``a``. Units are aligned by doc_id and paragraph_idx.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> lda = fit_topics(dtm, "lda", 3)
    >>> dominant_agreement(lda, lda).to_dict("records")
    [{'n_units': 82, 'ari': 1.0, 'matched_share': 1.0}]
    """
    from sklearn.metrics import adjusted_rand_score

    keys = ["doc_id", "paragraph_idx"]
    left = a.units[keys].assign(a_topic=a.doc_topic.argmax(axis=1) + 1)
    right = b.units[keys].assign(b_topic=b.doc_topic.argmax(axis=1) + 1)
    both = left.merge(right, on=keys, how="inner")
    pairs = match_topics(a, b, by="terms")
    matched = both["a_topic"].map(dict(zip(pairs.a_topic, pairs.b_topic)))
    return pd.DataFrame({"n_units": [len(both)],
                         "ari": [round(float(adjusted_rand_score(both.a_topic, both.b_topic)), 10)],
                         "matched_share": [float((matched == both.b_topic).mean())]})


# --------------------------------------------------------------------------
# Preprocessing sensitivity (Denny & Spirling 2018)
# --------------------------------------------------------------------------


def sensitivity_variants(settings: TopicSettings | None = None) -> dict[str, TopicSettings]:
    """The settings and six variants, each changing one choice (``min_df=3`` also drops emptied units).

    Examples
    --------
    >>> list(sensitivity_variants())[:5]
    ['as chosen', 'stemmed', 'min_df=1', 'min_df=3', 'max_df=1.0']
    """
    base = settings or TopicSettings()
    return {
        "as chosen": base,
        "stemmed" if not base.stem else "not stemmed": base.replace(stem=not base.stem),
        "min_df=1": base.replace(min_df=1),
        "min_df=3": base.replace(min_df=3, empty_units="drop"),
        "max_df=1.0": base.replace(max_df=1.0),
        "no alias normalisation": base.replace(aliases=False),
        "scikit-learn stop words only": base.replace(extra_stopwords=()),
    }


def _changes(base: TopicSettings, other: TopicSettings) -> str:
    changed = [f.name for f in dataclasses.fields(base) if getattr(base, f.name) != getattr(other, f.name)]
    return "; ".join(f"{name}={getattr(other, name)!r}" if name != "extra_stopwords"
                     else f"extra_stopwords: {len(other.extra_stopwords)} words" for name in changed) or "-"


def preprocessing_sensitivity(units: pd.DataFrame, variants: Mapping[str, TopicSettings], *,
                              method: str = "lda", k: int = 3, random_state: int = 0) -> pd.DataFrame:
    """Refit one model under each preprocessing variant and compare it with the first (the baseline).

    Topics are paired with the baseline's by their weights over the same
    paragraphs (:func:`match_topics` ``by="paragraphs"``), which works
    across vocabularies (stemmed or not). ``ari`` is
    :func:`dominant_agreement`'s adjusted Rand index with the baseline.

    Returns
    -------
    pandas.DataFrame
        One row per variant and baseline topic: ``variant, changed, n_units,
        n_terms, npmi`` (mean over topics), ``ari, topic`` (the baseline's),
        ``similarity`` (of the paired topic) and ``top_terms`` (its top 5).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> variants = dict(list(sensitivity_variants().items())[:2])
    >>> table = preprocessing_sensitivity(paragraph_units(load_corpus()), variants, method="nmf", k=2)
    >>> table[["variant", "topic", "ari"]].values.tolist()[:2]
    [['as chosen', 1, 1.0], ['as chosen', 2, 1.0]]
    """
    names = list(variants)
    models = {name: fit_topics(document_term_matrix(units, variants[name]), method, k, random_state)
              for name in names}
    base = models[names[0]]
    rows = []
    for name, model in models.items():
        pairs = match_topics(base, model, by="paragraphs")
        labels = topic_labels(model, 5)
        npmi = float(coherence(model.dtm.counts, _top_indices(model.topic_term, N_TOP)).npmi.mean())
        ari = float(dominant_agreement(base, model).ari.iloc[0])
        for a_topic, b_topic, sim in zip(pairs.a_topic, pairs.b_topic, pairs.similarity):
            rows.append((name, _changes(variants[names[0]], variants[name]), *model.dtm.shape, npmi, ari,
                         a_topic, float(sim), labels[b_topic - 1].split(": ", 1)[1]))
    return pd.DataFrame(rows, columns=["variant", "changed", "n_units", "n_terms", "npmi", "ari", "topic",
                                       "similarity", "top_terms"])


# --------------------------------------------------------------------------
# The chosen models and the exported tables
# --------------------------------------------------------------------------

EXPORT_TOP = 20
"""Top terms per topic written to ``topic_terms.csv``."""


@functools.lru_cache(maxsize=4)
def _chosen_models(key: tuple, settings: TopicSettings) -> dict[str, TopicModel]:
    columns = ["doc_id", "paragraph_idx", "section", "year", "outlet", "text"]
    units = pd.DataFrame(list(key), columns=columns)
    units["year"] = pd.array(units["year"].tolist(), dtype="Int64")
    dtm = document_term_matrix(units, settings)
    n_fit = dtm.shape[0] - math.floor(HOLDOUT * dtm.shape[0])
    ks = [k for k in K_RANGE if k <= min(n_fit, dtm.shape[1])]
    if not ks:
        raise MethodError(f"the corpus gives only {dtm.shape[0]} paragraphs and {dtm.shape[1]} terms, too few "
                          "to compare topic models of 2 or more topics. Fix: add articles.")
    picks = chosen_k(choose_k(model_selection(dtm, ks)))
    return {method: fit_topics(dtm, method, picks[method]) for method in METHODS}


def chosen_models(corpus: pd.DataFrame, settings: TopicSettings | None = None) -> dict[str, TopicModel]:
    """LDA and NMF at the K :func:`choose_k` picks, fitted on all paragraphs with ``random_state=0``.

    Runs :func:`model_selection` over :data:`K_RANGE` (those K the corpus
    can support) with :data:`SEEDS`; the result is remembered for the same
    paragraphs and settings, so the two exported tables fit once. On the
    seeds both methods get K = 2 (``tests/test_topics.py`` pins it; notebook
    ``20-topics`` argues it). No example here: the selection takes seconds.
    """
    units = paragraph_units(corpus)
    key = tuple((d, int(p), s, None if pd.isna(y) else int(y), o, t)
                for d, p, s, y, o, t in units.itertuples(index=False))
    return dict(_chosen_models(key, settings or TopicSettings()))


def topic_terms_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``topic_terms.csv``: model, k, topic, rank, term, weight; the top 20 terms of each topic of the chosen models.

    Columns and sizes are checked in ``tests/test_topics.py`` (no example here: it
    runs the model selection, which takes seconds).
    """
    models = chosen_models(corpus)
    return pd.concat([top_terms(models[m], EXPORT_TOP) for m in METHODS], ignore_index=True)


def paragraph_topics_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``paragraph_topics.csv``: model, k, doc_id, paragraph_idx, topic, weight for the chosen models.

    Every paragraph's weight on every topic of the :func:`chosen_models`,
    summing to 1 per paragraph and model (checked in ``tests/test_topics.py``).
    """
    models = chosen_models(corpus)
    return pd.concat([paragraph_topics(models[m]) for m in METHODS], ignore_index=True)


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------

_METHOD_STYLE = {"lda": {"color": "#0072B2", "marker": "o"}, "nmf": {"color": "#E69F00", "marker": "s"}}
_SELECTION_PANELS = (
    ("npmi", "scores", "Coherence: NPMI", "mean NPMI of top-10 pairs\n(higher: terms co-occur)"),
    ("umass", "scores", "Coherence: UMass", "mean UMass of top-10 pairs\n(closer to 0: co-occur)"),
    ("exclusivity", "scores", "Exclusivity (dashed: 1/K)", "share of top terms' weight\nheld by their topic"),
    ("similarity", "stability", "Stability: topics' weights", "matched-topic cosine\nbetween two runs"),
    ("top_overlap", "stability", "Stability: top terms", "Jaccard overlap of matched\ntopics' top-10 terms"),
    ("paragraph_ari", "stability", "Stability: paragraphs", "adjusted Rand index of\nparagraphs' dominant topic"),
)


def _selection_panel(ax, table: pd.DataFrame, column: str, choice: pd.DataFrame) -> None:
    for n, method in enumerate(m for m in METHODS if m in set(table["method"])):
        style = _METHOD_STYLE[method]
        rows = table[table["method"] == method]
        ax.scatter(rows["k"] + (n - 0.5) * 0.16, rows[column], s=9, alpha=0.35, color=style["color"],
                   marker=style["marker"], linewidths=0)
        means = rows.groupby("k")[column].mean()
        ax.plot(means.index, means.to_numpy(), color=style["color"], marker=style["marker"], markersize=5,
                label=f"{_METHOD_NAMES[method]}: mean of runs")
        picked = choice[(choice["method"] == method) & choice["chosen"]]["k"]
        for k in picked:
            ax.plot([k], [means.loc[k]], linestyle="none", marker="o", markersize=13, markerfacecolor="none",
                    markeredgecolor=style["color"], markeredgewidth=1.6)


@styled
def model_selection_figure(selection: ModelSelection, choice: pd.DataFrame | None = None):
    """Coherence (NPMI, UMass), exclusivity and three kinds of stability against K, for each method.

    Small marks are single runs (seeds; pairs of seeds for stability), lines
    their means, and a ring marks the K :func:`choose_k` picks. Dashed: the
    floor 1/K of exclusivity, and chance agreement (0) of the Rand index.

    Returns
    -------
    matplotlib.figure.Figure
        Six panels.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> fig = model_selection_figure(model_selection(dtm, ks=[2, 3], methods=["nmf"], seeds=[0, 1]))
    >>> [ax.get_title(loc="left") for ax in fig.axes][:2]
    ['Coherence: NPMI', 'Coherence: UMass']
    """
    choice = choose_k(selection) if choice is None else choice
    ks = sorted(set(selection.scores["k"]))
    fig, axes = new_figure(2, 3, width=10.0, height=6.2)
    for ax, (column, table, title, ylabel) in zip(axes.flat, _SELECTION_PANELS):
        _selection_panel(ax, getattr(selection, table), column, choice)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.set_xlabel("Number of topics K")
        ax.set_xticks(ks)
    axes[0, 2].plot(ks, [1 / k for k in ks], linestyle="--", color="#777777", linewidth=1)
    axes[1, 2].axhline(0, linestyle="--", color="#777777", linewidth=1)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    ring = axes[0, 0].plot([], [], linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                           markeredgecolor="#444444", label="K picked by choose_k")[0]
    fig.legend(handles + [ring], labels + [ring.get_label()], loc="outside lower center", ncols=3)
    fig.suptitle(f"Choosing K: dots are single runs ({len(set(selection.scores['seed']))} seeds, each leaving out "
                 f"{selection.holdout:.0%} of the paragraphs) or pairs of runs", x=0.01, ha="left",
                 fontweight="bold", fontsize=11)
    return fig


@styled
def top_terms_figure(model: TopicModel, n: int = 8):
    """One bar chart per topic: its ``n`` heaviest terms and their weights.

    Returns
    -------
    matplotlib.figure.Figure
        K panels.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> fig = top_terms_figure(model, n=5)
    >>> len(fig.axes), len(fig.axes[0].patches)
    (3, 5)
    """
    top = top_terms(model, n)
    ncols = min(4, model.k)
    nrows = math.ceil(model.k / ncols)
    fig, axes = new_figure(nrows, ncols, width=max(2.4 * ncols + 0.8, 6.0), height=0.22 * n * nrows + 0.9 * nrows + 0.6,
                           squeeze=False)
    colour = _METHOD_STYLE[model.method]["color"]
    share = model.doc_topic.mean(axis=0)
    for t, ax in enumerate(axes.flat):
        if t >= model.k:
            ax.remove()
            continue
        rows = top[top["topic"] == t + 1].iloc[::-1]
        ax.barh(rows["term"], rows["weight"], color=colour, height=0.7)
        ax.set_title(f"Topic {t + 1} ({share[t]:.0%})", fontsize=10)
        ax.set_xlabel("Weight in topic")
        ax.set_ylabel("Term")
        ax.grid(axis="y", visible=False)
    fig.suptitle(f"{_METHOD_NAMES[model.method]}, K = {model.k}: top {n} terms of each topic\n"
                 "(in brackets: the topic's mean weight over paragraphs)", x=0.01, ha="left", fontsize=10)
    return fig


def _group_labels(model: TopicModel, by: str, groups: list) -> list[str]:
    units = model.units
    labels = []
    for value in groups:
        rows = units[units[by] == value]
        n = f"{len(rows)} ¶"
        if by == "doc_id":
            outlet = rows["outlet"].iat[0] if "outlet" in rows else ""
            year = rows["year"].iat[0] if "year" in rows else pd.NA
            labels.append(f"{value} · {outlet or 'outlet unknown'} · {'?' if pd.isna(year) else year} ({n})")
        else:
            docs = sorted(set(rows["doc_id"]))
            labels.append(f"{value} · {'article' if len(docs) == 1 else 'articles'} {', '.join(docs)} ({n})")
    return labels


def _group_order(model: TopicModel, by: str) -> list:
    if by == "doc_id" and "year" in model.units:
        first = model.units.groupby("doc_id")["year"].first()
        return sorted(first.index, key=lambda d: (pd.isna(first[d]), 0 if pd.isna(first[d]) else first[d], d))
    return sorted(set(model.units[by].dropna()))


@styled
def prevalence_figure(models: Sequence[TopicModel], by: str = "doc_id"):
    """Heatmaps of mean topic weight per article (or year, outlet, ...), one panel per model.

    Articles are ordered by year. Row labels give each group's articles
    and paragraphs, so a reader sees when a "year" is one article.

    Returns
    -------
    matplotlib.figure.Figure
        One heatmap panel per model plus a shared colour bar.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> fig = prevalence_figure([model], by="year")
    >>> fig.axes[0].get_images()[0].get_array().shape
    (5, 3)
    """
    tables = [prevalence(m, by).pivot(index=by, columns="topic", values="weight") for m in models]
    vmax = max(float(t.to_numpy().max()) for t in tables)
    groups = _group_order(models[0], by)
    widths = [m.k + 2.5 for m in models]
    fig, axes = new_figure(1, len(models), width=3.2 + 0.62 * sum(widths), height=0.42 * len(groups) + 2.0,
                           squeeze=False, gridspec_kw={"width_ratios": widths})
    for n, (ax, model, table) in enumerate(zip(axes[0], models, tables)):
        values = table.reindex(groups).to_numpy()
        image = ax.imshow(values, cmap="viridis", vmin=0, vmax=vmax, aspect="auto")
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                    color="white" if v < 0.6 * vmax else "black")
        ax.set_xticks(range(model.k), labels=topic_labels(model, 2), rotation=35, ha="right", fontsize=8)
        ax.set_yticks(range(len(groups)), labels=_group_labels(model, by, groups) if n == 0 else [""] * len(groups))
        ax.set_xlabel("Topic (number: top terms)")
        ax.set_ylabel({"doc_id": "Article", "year": "Year"}.get(by, by))
        ax.set_title(f"{_METHOD_NAMES[model.method]}, K = {model.k}")
        ax.grid(False)
    fig.colorbar(image, ax=list(axes[0]), label="Mean topic weight of the paragraphs", shrink=0.9)
    what = {"doc_id": "article", "year": "year"}.get(by, by)
    fig.suptitle(f"Topic prevalence by {what}", x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig
