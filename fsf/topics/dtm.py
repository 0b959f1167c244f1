"""The units of a topic model and their document-term matrix.

Paragraphs are the units (five articles are far too few documents); :class:`TopicSettings`
records every preprocessing choice and :func:`document_term_matrix` applies them, keeping the
matrix sparse.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fsf.errors import MethodError, skippable
from fsf.text.terms import CONTRACTIONS, NEWS_STOPWORDS, RawTerms, TermExtractor, TermSettings

__all__ = ["CONTRACTIONS", "DocumentTermMatrix", "NEWS_STOPWORDS", "TopicSettings", "document_term_matrix", "paragraph_units"]

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
class TopicSettings(TermSettings):
    """Every preprocessing choice behind a document-term matrix, in one record.

    The term choices are :class:`fsf.text.TermSettings`' (the class keyness uses too); this
    class adds the matrix's own (n-grams, ``min_df``, ``max_df``, emptied units) and, by
    default, also drops news reporting verbs and titles (:data:`fsf.text.NEWS_STOPWORDS`).

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

    extra_stopwords: tuple[str, ...] = NEWS_STOPWORDS + CONTRACTIONS
    ngram_range: tuple[int, int] = (1, 1)
    min_df: int | float = 2
    max_df: int | float = 0.3
    min_tokens: int = 1
    empty_units: str = "raise"

    def __post_init__(self):
        super().__post_init__()
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
        if isinstance(self.min_tokens, bool) or not isinstance(self.min_tokens, int) or self.min_tokens < 1:
            raise MethodError(f"TopicSettings(min_tokens={self.min_tokens!r}): must be a whole number of at least 1. "
                              "Fix: use 1 (the default).")

    def notes(self) -> dict[str, str]:
        """Field -> what it does.

        Examples
        --------
        >>> TopicSettings().table().set_index("setting").loc["min_df", "value"]
        '2'
        """
        return {**super().notes(), **_SETTING_NOTES}


@skippable
def paragraph_units(corpus: pd.DataFrame, *, standfirst: bool = False,
                    paragraphs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The units of the topic model: body paragraphs, with their article as covariates.

    Headlines are left out (they are written in another register and repeat
    the body); standfirsts, the editor's summary, on request. ``paragraphs``: the corpus's
    paragraphs if already computed (:func:`fsf.corpus.paragraphs`).

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
    from fsf.corpus.load import paragraphs as corpus_paragraphs

    paras = paragraphs if paragraphs is not None else corpus_paragraphs(corpus)
    keep = ["body", "standfirst"] if standfirst else ["body"]
    units = paras[paras["section"].isin(keep)].reset_index(drop=True)
    outlets = corpus.set_index("doc_id")["outlet"] if "outlet" in corpus else pd.Series(dtype=str)
    units["outlet"] = units["doc_id"].map(outlets).fillna("")
    return units[["doc_id", "paragraph_idx", "section", "year", "outlet", "text"]]


class _Analyzer(TermExtractor):
    """Text -> list of terms (or n-grams of terms), following a :class:`TopicSettings` (a CountVectorizer analyzer).

    The definition of a unit's terms, one text at a time; :func:`document_term_matrix` counts the
    same terms with :class:`fsf.text.RawTerms` (tests check that the two agree).
    """

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


def _vectorize(units: pd.DataFrame, settings: TopicSettings, raw: RawTerms | None = None):
    if raw is None:
        raw = RawTerms.of(units["text"].tolist(), aliases=settings.aliases)
    elif len(raw) != len(units):
        raise MethodError(f"{len(raw)} token lists for {len(units)} units. Fix: pass one per unit, in order.")
    counts, terms = raw.counts(settings)
    if not len(terms):
        raise MethodError(
            f"none of the {len(units)} units has a term left after tokenising and removing stop words, "
            f"numbers and tokens shorter than {settings.min_token_length} letters (stopwords="
            f"{settings.stopwords}, {len(settings.extra_stopwords)} extra_stopwords, drop_numbers="
            f"{settings.drop_numbers}). Fix: check units['text'] holds the paragraphs' text; if it does, "
            "these settings remove every word: try stopwords = false under [topics] in a settings file (--config)."
        )
    return counts, terms


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
            f"of the {n} units (paragraphs) and max_df={settings.max_df} those in at most {math.floor(high)}, but "
            f"{int(rare.sum())} of the {len(terms)} terms are rarer and {int(common.sum())} more common "
            f"(the most widespread, {terms[top]!r}, is in {int(df[top])} units). Fix: lower min_df "
            "(min_df = 1 under [topics] in a settings file, --config) or raise max_df (max_df = 1.0), or use more units.")
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
            f"min_df={settings.min_df}). Fix: remove them from the units, lower min_df, or set "
            "empty_units = \"drop\" under [topics] in a settings file (--config; TopicSettings(empty_units='drop') in Python) to drop them (they are then listed in dtm.dropped).")
    keep = np.flatnonzero(~empty)
    if len(keep) < 2:
        raise MethodError(f"only {len(keep)} unit(s) keep at least min_tokens={settings.min_tokens} terms; "
                          "a topic model needs at least 2. Fix: lower min_df or min_tokens, or add units.")
    return counts[keep], units.iloc[keep].reset_index(drop=True), dropped


def _drop_unused_terms(counts, terms):
    """Terms that occurred only in dropped units (possible when ``min_tokens`` > 1) are removed."""
    used = np.bincount(counts.indices, minlength=counts.shape[1]) > 0
    return (counts, terms) if used.all() else (counts[:, np.flatnonzero(used)].tocsr(), terms[used])


@skippable
def document_term_matrix(units: pd.DataFrame, settings: TopicSettings | None = None, *,
                         raw: RawTerms | None = None) -> DocumentTermMatrix:
    """Count the terms of each unit, following ``settings``; the result stays sparse.

    The terms are built from :mod:`fsf.text` (no downloads): alias variants become one token (via
    :func:`fsf.text.find_aliases`, the matcher behind
    :func:`~fsf.text.normalize_aliases`, so that tokens such as
    ``syrian_regime`` stay whole), then :func:`~fsf.text.tokenize`,
    stop words and :func:`~fsf.text.stem` as the settings say; they are counted by
    :class:`fsf.text.RawTerms` (each text tokenised once, each distinct token filtered once),
    cell for cell what a scikit-learn ``CountVectorizer`` with that analyzer gives. ``min_df``
    and ``max_df`` are applied by fsf with scikit-learn's meaning, so that
    a setting that empties the vocabulary is named in the error. ``raw``: the units' tokens if
    already made (:class:`fsf.text.RawTerms`, one per unit in order, ``aliases=settings.aliases``).

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
    counts, terms = _vectorize(units, settings, raw)
    counts, terms, pruned, too_common = _prune(counts, terms, settings)
    counts, units, dropped = _drop_empty(counts, units, settings)
    counts, terms = _drop_unused_terms(counts.tocsr(), terms)
    counts.sort_indices()
    return DocumentTermMatrix(counts, terms, units, settings, dropped, pruned, too_common)
