"""Comparing the narratives: keyness, similarity, clustering and dispersion of terms.

Which words does each article use more than the others? Which articles read
alike, and which stands apart? Where in each article do the groups, places
and people occur? The unit here is the **article**: the question is about the
five narratives, not their paragraphs. The steps, each a small function:

1. :func:`term_counts` counts terms per article with the preprocessing
   recorded in :class:`CountSettings`; the result (:class:`TermCounts`) holds
   a ``scipy.sparse`` CSR matrix. There is no ``min_df``/``max_df`` pruning:
   on five documents it would remove most of the vocabulary (and
   scikit-learn refuses ``min_df=10`` outright), and :func:`keyness` needs
   the rare terms, which its prior shrinks instead of dropping.
2. :func:`keyness`: the log-odds ratio with an informative Dirichlet prior
   (Monroe, Colaresi & Quinn 2008) of each article against all the others
   pooled, with its z-score; :func:`top_keyness` picks the top terms.
3. :func:`similarity` (TF-IDF cosine, from :func:`tfidf`),
   :func:`similarity_pairs`, :func:`cluster` (average linkage on
   1 - cosine) and :func:`stands_apart` (the article least similar to the
   rest, and the terms that make it so).
4. :func:`dispersion`: where each term occurs along each article, for an
   x-ray (dispersion) plot.
5. Figures: :func:`similarity_figure`, :func:`dendrogram_figure`,
   :func:`keyness_figure`, :func:`dispersion_figure`.
6. :func:`keyness_table` builds the exported ``keyness.csv``.

scikit-learn, scipy and matplotlib are imported only inside the functions
that need them, so ``import fsf.compare`` stays light.

Examples
--------
>>> from fsf.corpus import load_corpus
>>> counts = term_counts(load_corpus())
>>> counts.doc_ids, type(counts.counts).__name__
(('000', '001', '002', '003', '004'), 'csr_matrix')
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from fsf.errors import MethodError
from fsf.figures import new_figure, styled
from fsf.text import TermExtractor, find_aliases, load_aliases
from fsf.topics import CONTRACTIONS

__all__ = [
    "Apart", "Clustering", "CountSettings", "KEYNESS_COLUMNS", "TermCounts", "cluster", "dendrogram_figure",
    "dispersion", "dispersion_figure", "keyness", "keyness_figure", "keyness_table", "similarity",
    "similarity_figure", "similarity_pairs", "stands_apart", "term_counts", "tfidf", "top_keyness",
]

KEYNESS_COLUMNS = ["doc_id", "term", "count", "log_odds", "z"]
"""Columns of :func:`keyness` and of the exported ``keyness.csv``."""

_POSITIVE, _NEGATIVE = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermilion

_SETTING_NOTES = {
    "aliases": "replace spelling variants by one token (fsf/data/aliases.csv: Isis, ISIL, Daesh, "
               "Islamic State -> isis); alias tokens are never dropped or stemmed",
    "stopwords": "drop scikit-learn's 318 English stop words (fsf.text.stopwords)",
    "extra_stopwords": "drop these too (contracted function words, which fsf's tokenizer keeps whole)",
    "drop_numbers": "drop tokens that start with a digit (2,000; 26-year-old)",
    "strip_possessive": "remove a final 's (group's -> group)",
    "min_token_length": "drop shorter tokens (stray letters such as the u and s of U.S.)",
    "stem": "reduce words to their Snowball stem (fighters -> fighter)",
}


# --------------------------------------------------------------------------
# Counting terms per article
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CountSettings:
    """Every preprocessing choice behind :func:`term_counts`, in one record.

    Text is lower-cased and tokenized with :func:`fsf.text.tokenize`; the
    fields say what happens next. :meth:`table` states them for a notebook.

    Examples
    --------
    >>> CountSettings().stem, CountSettings(stem=True).stem
    (False, True)
    >>> CountSettings(min_token_length=0)
    Traceback (most recent call last):
    ...
    fsf.errors.MethodError: CountSettings(min_token_length=0): must be a whole number of at least 1. Fix: use 1 to keep every token, or 2 (the default) to drop stray letters.
    """

    aliases: bool = True
    stopwords: bool = True
    extra_stopwords: tuple[str, ...] = CONTRACTIONS
    drop_numbers: bool = True
    strip_possessive: bool = True
    min_token_length: int = 2
    stem: bool = False

    def __post_init__(self):
        if isinstance(self.extra_stopwords, str):
            raise MethodError(f"CountSettings(extra_stopwords={self.extra_stopwords!r}): give a list of words, "
                              f"not one string. Fix: extra_stopwords=[{self.extra_stopwords!r}].")
        object.__setattr__(self, "extra_stopwords", tuple(w.lower() for w in self.extra_stopwords))
        length = self.min_token_length
        if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 1:
            raise MethodError(f"CountSettings(min_token_length={length!r}): must be a whole number of at least 1. "
                              "Fix: use 1 to keep every token, or 2 (the default) to drop stray letters.")

    def replace(self, **changes) -> CountSettings:
        """A copy with some settings changed (the original is frozen)."""
        return dataclasses.replace(self, **changes)

    def table(self) -> pd.DataFrame:
        """The settings as a table: ``setting, value, what it does``.

        Examples
        --------
        >>> CountSettings().table().set_index("setting").loc["stopwords", "value"]
        'True'
        """
        rows = [(f.name, ", ".join(getattr(self, f.name)) if f.name == "extra_stopwords" else str(getattr(self, f.name)),
                 _SETTING_NOTES[f.name]) for f in dataclasses.fields(self)]
        return pd.DataFrame(rows, columns=["setting", "value", "what it does"])


@dataclass(frozen=True, eq=False)
class TermCounts:
    """Term counts per article: ``counts[i, j]`` is how often ``terms[j]`` occurs in article ``doc_ids[i]``.

    ``counts`` is a ``scipy.sparse`` CSR matrix of integers (articles x
    terms); ``terms`` are sorted; ``settings`` is the preprocessing behind them.
    """

    counts: object
    doc_ids: tuple[str, ...]
    terms: np.ndarray
    settings: CountSettings

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape

    def to_frame(self) -> pd.DataFrame:
        """The non-zero counts as a tidy table ``doc_id, term, count``, by article then term.

        Examples
        --------
        >>> term_counts({"a": "Fighters fled.", "b": "Fighters stayed."}).to_frame().values.tolist()
        [['a', 'fighters', 1], ['a', 'fled', 1], ['b', 'fighters', 1], ['b', 'stayed', 1]]
        """
        coo = self.counts.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame({"doc_id": np.asarray(self.doc_ids, dtype=object)[coo.row[order]],
                             "term": self.terms[coo.col[order]], "count": coo.data[order].astype(np.int64)})


def _documents(texts) -> tuple[list[str], list[str]]:
    """(doc_ids, texts) from a corpus table, a mapping doc_id -> text, or a list of texts."""
    if isinstance(texts, pd.DataFrame):
        column = "clean_text" if "clean_text" in texts else "text"
        if "doc_id" not in texts or column not in texts:
            raise MethodError("the table passed lacks a doc_id and a clean_text (or text) column. "
                              "Fix: pass the table from fsf.corpus.load_corpus().")
        ids, docs = [str(d) for d in texts["doc_id"]], list(texts[column])
    elif isinstance(texts, Mapping):
        ids, docs = [str(d) for d in texts], list(texts.values())
    elif isinstance(texts, Sequence) and not isinstance(texts, str):
        ids, docs = [str(i) for i in range(len(texts))], list(texts)
    else:
        raise MethodError(f"cannot count terms in a {type(texts).__name__}. Fix: pass the corpus table from "
                          "fsf.corpus.load_corpus(), a dict doc_id -> text, or a list of texts.")
    dupes = sorted({d for d in ids if ids.count(d) > 1})
    if dupes:
        raise MethodError(f"doc_id {dupes[0]!r} occurs more than once. Fix: give each article its own doc_id.")
    bad = [d for d, t in zip(ids, docs) if not isinstance(t, str)]
    if bad:
        raise MethodError(f"the text of {bad[0]!r} is not a string. Fix: pass each article's text as a str.")
    return ids, docs


def term_counts(texts, settings: CountSettings | None = None) -> TermCounts:
    """Count the terms of each article (rows: articles); the matrix stays sparse.

    A scikit-learn ``CountVectorizer`` whose analyzer follows ``settings``
    (default :class:`CountSettings`): alias variants become one token, the
    rest is split by :func:`fsf.text.tokenize`, and stop words, numbers,
    short tokens and (optionally) stems are handled as the settings say. No
    document-frequency pruning, so it works on a handful of articles.

    Parameters
    ----------
    texts : pandas.DataFrame, mapping or sequence of str
        The corpus from :func:`fsf.corpus.load_corpus` (its ``clean_text``
        is counted: title, standfirst and body, boilerplate removed), a dict
        ``doc_id -> text``, or a list of texts (ids ``"0"``, ``"1"``, ...).
    settings : CountSettings, optional
        The preprocessing.

    Raises
    ------
    MethodError
        Fewer than 2 documents, repeated doc_ids, or no term left after
        preprocessing (the message names the settings that removed them).

    Examples
    --------
    >>> counts = term_counts({"a": "Daesh fighters fled ISIS.", "b": "The Islamic State's fighters stayed."})
    >>> list(counts.terms), counts.counts.toarray().tolist()
    (['fighters', 'fled', 'isis', 'stayed'], [[1, 1, 2, 0], [1, 0, 1, 1]])
    """
    from sklearn.feature_extraction.text import CountVectorizer

    settings = settings or CountSettings()
    ids, docs = _documents(texts)
    if len(ids) < 2:
        raise MethodError(f"term_counts: got {len(ids)} document(s) ({', '.join(ids) or 'none'}), but keyness and "
                          "similarity compare articles, so they need at least 2. Fix: load a corpus of 2 or more articles.")
    vectorizer = CountVectorizer(analyzer=TermExtractor(settings), dtype=np.int64)
    try:
        matrix = vectorizer.fit_transform(docs).tocsr()
    except ValueError as err:
        if "empty vocabulary" not in str(err):
            raise
        raise MethodError(
            f"term_counts: none of the {len(ids)} documents has a term left after preprocessing (stopwords="
            f"{settings.stopwords}, {len(settings.extra_stopwords)} extra_stopwords, drop_numbers="
            f"{settings.drop_numbers}, min_token_length={settings.min_token_length}). Fix: check the texts are "
            "the articles' text; if they are, these settings remove every word: try "
            "CountSettings(stopwords=False, drop_numbers=False).") from None
    matrix.sort_indices()
    return TermCounts(matrix, tuple(ids), vectorizer.get_feature_names_out().astype(object), settings)


def _as_counts(counts) -> TermCounts:
    return counts if isinstance(counts, TermCounts) else term_counts(counts)


# --------------------------------------------------------------------------
# Keyness: log-odds ratio with an informative Dirichlet prior
# --------------------------------------------------------------------------


def _doc_rows(counts: TermCounts, doc_ids) -> np.ndarray:
    if doc_ids is None:
        return np.arange(len(counts.doc_ids))
    wanted = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
    unknown = [d for d in wanted if d not in counts.doc_ids]
    if unknown:
        raise MethodError(f"doc_id {unknown[0]!r} is not in the counts, whose articles are "
                          f"{', '.join(counts.doc_ids)}. Fix: use one of those ids (they are strings, e.g. '003').")
    return np.array([counts.doc_ids.index(d) for d in wanted], dtype=int)


def keyness(counts, doc_ids=None, *, a0: float | None = None) -> pd.DataFrame:
    """Log-odds ratio with informative Dirichlet prior of each article against all the others pooled.

    Monroe, Colaresi & Quinn (2008), *Political Analysis* 16(4), eq. 22 and
    the variance below it. For article *i* and term *w*, with counts
    :math:`y_{iw}`, article size :math:`n_i = \\sum_w y_{iw}`, the other
    articles pooled (:math:`y_{-iw} = y_w - y_{iw}`, :math:`n_{-i} = N - n_i`),
    corpus counts :math:`y_w` and corpus size :math:`N`:

    * prior: :math:`\\alpha_w = a_0 \\, y_w / N` (the corpus's own term
      frequencies, scaled to a total prior size :math:`\\alpha_0 = a_0`);
    * ``log_odds``: :math:`\\delta_{iw} = \\log\\frac{y_{iw} + \\alpha_w}{n_i + a_0 - y_{iw} - \\alpha_w}
      - \\log\\frac{y_{-iw} + \\alpha_w}{n_{-i} + a_0 - y_{-iw} - \\alpha_w}`;
    * variance :math:`\\sigma^2_{iw} \\approx \\frac{1}{y_{iw} + \\alpha_w} + \\frac{1}{y_{-iw} + \\alpha_w}`
      and ``z`` :math:`= \\delta_{iw} / \\sigma_{iw}`.

    Positive: the article uses the term more than the others do, relative
    to its length; ``z`` weighs that by how much evidence there is, so a
    word used once ranks below one used often.

    Parameters
    ----------
    counts : TermCounts
        From :func:`term_counts` (anything :func:`term_counts` accepts is
        counted with the default settings).
    doc_ids : str or list of str, optional
        The articles to score (default all), each against all the others.
    a0 : float, optional
        Total prior size :math:`\\alpha_0`. Default ``None``: the number of
        tokens counted, :math:`N`, so :math:`\\alpha_w = y_w`: each term's
        counts are shrunk toward its corpus-wide rate by as much evidence as
        the corpus itself holds (the empirical-Bayes choice of R's tidylo).
        The paper leaves :math:`\\alpha_0` to the analyst as the strength of
        the shrinkage; tied to :math:`N`, the prior is always as strong as
        the data, whereas a fixed number shrinks a small corpus relatively
        more than a large one. Smaller values shrink less; on the seeds the
        top terms move with it, so a notebook should show two values.

    Returns
    -------
    pandas.DataFrame
        :data:`KEYNESS_COLUMNS` (``doc_id, term, count, log_odds, z``): one
        row per article and term of the vocabulary, terms the article does
        not use included (their ``z`` is negative), by article then term.
        A term absent from all articles cannot appear: its prior
        :math:`\\alpha_w` would be 0 and both log-odds :math:`\\log 0`;
        :func:`term_counts` never makes such a term, and zero columns of a
        :class:`TermCounts` built another way are left out.

    Raises
    ------
    MethodError
        Fewer than 2 articles, fewer than 2 terms used, an unknown doc_id,
        or ``a0`` not a positive number.

    Examples
    --------
    >>> counts = term_counts({"a": "Fighters fled. Fighters fled.", "b": "Fighters stayed."})
    >>> keyness(counts, "a").round(3).values.tolist()
    [['a', 'fighters', 2, 0.0, 0.0], ['a', 'fled', 2, 0.693, 0.8], ['a', 'stayed', 0, -1.099, -0.897]]
    """
    counts = _as_counts(counts)
    n_docs = counts.shape[0]
    if n_docs < 2:
        raise MethodError(f"keyness compares an article with the others, but the counts hold {n_docs} article(s). "
                          "Fix: count a corpus of 2 or more articles with term_counts().")
    rows = _doc_rows(counts, doc_ids)
    matrix = counts.counts.tocsr()
    y_w = np.asarray(matrix.sum(axis=0), dtype=float).ravel()
    used = np.flatnonzero(y_w > 0)
    if len(used) < 2:
        raise MethodError(f"keyness needs at least 2 terms used in the articles; these counts have {len(used)}, so "
                          "every article's share of it is 1 and no odds can be compared. Fix: count more text, or "
                          "keep more words (e.g. CountSettings(stopwords=False)).")
    total = y_w.sum()
    a0 = total if a0 is None else a0
    if isinstance(a0, bool) or not isinstance(a0, (int, float, np.number)) or not (math.isfinite(a0) and a0 > 0):
        raise MethodError(f"keyness(a0={a0!r}): the prior size must be a positive number. Fix: leave a0=None "
                          "(the corpus size) or give e.g. a0=500.")
    y_w, alpha = y_w[used], a0 * y_w[used] / total
    y_i = matrix[rows][:, used].toarray().astype(float)
    n_i = np.asarray(matrix[rows].sum(axis=1), dtype=float)
    y_rest, n_rest = y_w - y_i, total - n_i
    log_odds_i = np.log(y_i + alpha) - np.log(n_i + a0 - y_i - alpha)
    log_odds_rest = np.log(y_rest + alpha) - np.log(n_rest + a0 - y_rest - alpha)
    delta = log_odds_i - log_odds_rest
    z = delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_rest + alpha))
    return pd.DataFrame({
        "doc_id": np.repeat(np.asarray(counts.doc_ids, dtype=object)[rows], len(used)),
        "term": np.tile(counts.terms[used], len(rows)),
        "count": y_i.ravel().astype(np.int64),
        "log_odds": delta.ravel(),
        "z": z.ravel(),
    })


def top_keyness(table: pd.DataFrame, n: int = 10, by: str = "z") -> pd.DataFrame:
    """The ``n`` terms of highest ``by`` (``z`` or ``log_odds``) for each article, ties by term, with their ``rank``.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "term": ["x", "y", "w", "x"],
    ...                       "count": [1, 2, 2, 0], "log_odds": [0.1, 0.5, 0.5, -0.1], "z": [0.2, 1.0, 1.0, -0.2]})
    >>> top_keyness(table, n=2)[["doc_id", "term"]].values.tolist()
    [['a', 'w'], ['a', 'y'], ['b', 'x']]
    """
    if by not in ("z", "log_odds"):
        raise MethodError(f"top_keyness(by={by!r}): rank by 'z' (evidence-weighted, the default) or 'log_odds'.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise MethodError(f"top_keyness(n={n!r}): n must be a whole number of at least 1.")
    ordered = table.sort_values(["doc_id", by, "term"], ascending=[True, False, True], kind="stable")
    top = ordered.groupby("doc_id", sort=False).head(n).reset_index(drop=True)
    return top.assign(rank=top.groupby("doc_id").cumcount() + 1)


# --------------------------------------------------------------------------
# Similarity, clustering, the article that stands apart
# --------------------------------------------------------------------------


def tfidf(counts, *, sublinear: bool = True):
    """TF-IDF weights of the articles: a ``scipy.sparse`` CSR matrix with rows of unit length.

    scikit-learn's ``TfidfTransformer`` with smoothed idf,
    :math:`\\mathrm{idf}_w = \\ln\\frac{1 + D}{1 + \\mathrm{df}_w} + 1` (a term in
    every article keeps weight 1 rather than 0), and, with ``sublinear``
    (the default), tf replaced by :math:`1 + \\ln \\mathrm{tf}`: the articles
    differ threefold in length and name their subject many times, and
    damping repetition keeps one repeated name from deciding the similarity.

    Examples
    --------
    >>> weights = tfidf(term_counts({"a": "Fighters fled.", "b": "Fighters stayed."}))
    >>> type(weights).__name__, weights.toarray().round(3).tolist()
    ('csr_matrix', [[0.58, 0.815, 0.0], [0.58, 0.0, 0.815]])
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = _as_counts(counts)
    return TfidfTransformer(sublinear_tf=sublinear).fit_transform(counts.counts).tocsr()


def similarity(counts, *, sublinear: bool = True) -> pd.DataFrame:
    """Cosine similarity of the articles' TF-IDF vectors (:func:`tfidf`), as a square table.

    1 means the same terms in the same proportions, 0 no term in common.
    Rows of unit length make the cosine a dot product, computed on the
    sparse matrix; values are clipped to [0, 1] against rounding.

    Raises
    ------
    MethodError
        An article has no term left after preprocessing (its similarity is undefined).

    Examples
    --------
    >>> similarity({"a": "Fighters fled.", "b": "Fighters fled.", "c": "Rebels stayed."}).round(6).values.tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    counts = _as_counts(counts)
    sizes = np.asarray(counts.counts.sum(axis=1)).ravel()
    if (sizes == 0).any():
        empty = [d for d, s in zip(counts.doc_ids, sizes) if s == 0]
        raise MethodError(f"article(s) {', '.join(empty)} have no term left after preprocessing, so their cosine "
                          "similarity is undefined. Fix: remove them, or keep more words (CountSettings(stopwords=False)).")
    weights = tfidf(counts, sublinear=sublinear)
    values = np.clip((weights @ weights.T).toarray(), 0.0, 1.0)
    np.fill_diagonal(values, 1.0)
    index = pd.Index(counts.doc_ids, name="doc_id")
    return pd.DataFrame(values, index=index, columns=index.rename(None))


def similarity_pairs(square: pd.DataFrame) -> pd.DataFrame:
    """The square table of :func:`similarity` as tidy pairs ``doc_a, doc_b, cosine`` (each pair once).

    Examples
    --------
    >>> square = pd.DataFrame([[1, 0.2], [0.2, 1]], index=["a", "b"], columns=["a", "b"])
    >>> similarity_pairs(square).values.tolist()
    [['a', 'b', 0.2]]
    """
    ids = list(square.index)
    upper = np.triu_indices(len(ids), k=1)
    return pd.DataFrame({"doc_a": [ids[i] for i in upper[0]], "doc_b": [ids[j] for j in upper[1]],
                         "cosine": square.to_numpy(dtype=float)[upper]})


@dataclass(frozen=True, eq=False)
class Clustering:
    """A hierarchical clustering of articles: scipy's ``linkage`` matrix and the leaf order."""

    linkage: np.ndarray
    doc_ids: tuple[str, ...]
    order: tuple[str, ...]


def cluster(square: pd.DataFrame) -> Clustering:
    """Average-linkage (UPGMA) clustering of the articles on the distance 1 - cosine similarity.

    Average linkage joins the two groups whose articles are, on average,
    least distant; unlike single linkage it does not chain one close pair
    into a group. ``order`` is scipy's leaf order (``leaves_list``), the
    order a dendrogram draws.

    Examples
    --------
    >>> square = pd.DataFrame([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    >>> result = cluster(square)
    >>> result.linkage.round(2).tolist(), result.order
    ([[0.0, 1.0, 0.1, 2.0], [2.0, 3.0, 0.85, 3.0]], ('c', 'a', 'b'))
    """
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    values = square.to_numpy(dtype=float)
    if values.ndim != 2 or values.shape[0] != values.shape[1] or list(square.index) != list(square.columns):
        raise MethodError("cluster: needs the square table from similarity() (same articles as rows and columns).")
    if len(values) < 2:
        raise MethodError(f"cluster: needs at least 2 articles; got {len(values)}. Fix: compare 2 or more articles.")
    if not np.allclose(values, values.T):
        raise MethodError("cluster: the similarity table is not symmetric. Fix: pass the table from similarity().")
    distance = np.clip(1.0 - (values + values.T) / 2, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    ids = tuple(str(d) for d in square.index)
    return Clustering(tree, ids, tuple(ids[i] for i in leaves_list(tree)))


@dataclass(frozen=True, eq=False)
class Apart:
    """The article least similar to the rest: its id, every article's mean similarity, and its distinctive terms."""

    doc_id: str
    mean_similarity: pd.DataFrame
    terms: pd.DataFrame


def stands_apart(counts, n: int = 10) -> Apart:
    """Which article is least similar to the others, and which terms make it so.

    Each article's mean cosine similarity (:func:`similarity`) to the
    *other* articles; the lowest stands apart (a tie goes to the first
    doc_id). Its terms are its top ``n`` by :func:`keyness` ``z`` against
    the others, with their TF-IDF weight in it and how many other articles
    use them, which says what its vocabulary does not share.

    Returns
    -------
    Apart
        ``doc_id``; ``mean_similarity`` (``doc_id, mean_similarity``, lowest
        first); ``terms`` (``term, count, z, tfidf, other_articles``).

    Examples
    --------
    >>> texts = {"a": "Fighters fled Idlib.", "b": "Fighters fled Raqqa.", "c": "Rebels stayed home."}
    >>> apart = stands_apart(texts, n=2)
    >>> apart.doc_id, apart.terms.term.tolist(), apart.terms.other_articles.tolist()
    ('c', ['home', 'rebels'], [0, 0])
    """
    counts = _as_counts(counts)
    square = similarity(counts).to_numpy()
    mean = (square.sum(axis=1) - 1.0) / (len(square) - 1)
    means = pd.DataFrame({"doc_id": list(counts.doc_ids), "mean_similarity": mean})
    means = means.sort_values(["mean_similarity", "doc_id"], kind="stable").reset_index(drop=True)
    doc_id = means["doc_id"].iat[0]
    row = counts.doc_ids.index(doc_id)
    top = top_keyness(keyness(counts, doc_id), n=n)
    column = {t: j for j, t in enumerate(counts.terms)}
    cols = [column[t] for t in top["term"]]
    weights = tfidf(counts)[row].toarray().ravel()
    present = (counts.counts[:, cols] > 0).toarray()
    others = present.sum(axis=0) - present[row]
    terms = top[["term", "count", "z"]].assign(tfidf=weights[cols], other_articles=others.astype(int))
    return Apart(doc_id, means, terms.reset_index(drop=True))


# --------------------------------------------------------------------------
# Dispersion: where terms occur along each article
# --------------------------------------------------------------------------


def _alias_names() -> dict[str, str]:
    names = {}
    for alias in load_aliases():
        names[alias.canonical.casefold()] = alias.canonical
        names[alias.token] = alias.canonical
    return names


def _finder(term: str):
    """text -> start offsets of ``term``: all its alias variants if it names an alias entity, else the word."""
    canonical = _alias_names().get(term.strip().casefold())
    if canonical is not None:
        return lambda text: [m.start for m in find_aliases(text) if m.canonical == canonical]
    pattern = re.compile(r"(?<![\w-])" + re.escape(term.strip()) + r"(?![\w-])", re.I)
    return lambda text: [m.start() for m in pattern.finditer(text)]


def dispersion(units: pd.DataFrame, terms: str | Iterable[str]) -> pd.DataFrame:
    """Where each term occurs in each article, as a fraction of the article's length.

    An article's text is its units (sentences from :func:`fsf.text.sentences`
    or paragraphs from :func:`fsf.corpus.paragraphs`) in the order given,
    joined by a blank line, as in the article's ``clean_text``. ``position`` is the character offset where an
    occurrence starts divided by that text's length in characters: 0 is
    the start, 1 the end.

    A term that names an entity of the alias table, by its canonical name
    (``ISIS``, ``Syrian regime``, case ignored) or its token (``isis``,
    ``syrian_regime``, as :func:`keyness` reports it), finds every variant
    (*Islamic State*, *Daesh*, ...) through :func:`fsf.text.find_aliases`.
    Any other term, a single variant such as ``Daesh`` included, is matched
    as written: whole words, case ignored (the rule of :func:`fsf.text.kwic`),
    so ``smuggler`` does not find *smugglers* (list both) and a stem
    (``execut``) finds nothing.

    A term found in no article gives no rows (a defined, empty result, not
    an error): :func:`dispersion_figure` still draws its row, marked n = 0.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, term, position``: one row per occurrence, by article, then
        term in the order given, then position.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "a"], "text": ["Daesh fighters fled.", "The Islamic State lost."]})
    >>> dispersion(units, ["ISIS", "fled", "Kobani"]).round(3).values.tolist()
    [['a', 'ISIS', 0.0], ['a', 'ISIS', 0.578], ['a', 'fled', 0.333]]
    """
    if "doc_id" not in units or "text" not in units:
        raise MethodError("dispersion: the units lack a doc_id or text column. Fix: pass fsf.text.sentences(corpus) "
                          "or fsf.corpus.paragraphs(corpus).")
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms or any(not isinstance(t, str) or not t.strip() for t in terms):
        raise MethodError(f"dispersion: terms={terms!r} must be one or more non-empty words or names. "
                          "Fix: e.g. dispersion(sentences, ['ISIS', 'Turkey', 'smuggler']).")
    finders = [(t, _finder(t)) for t in dict.fromkeys(terms)]
    rows = []
    for doc_id, group in units.groupby("doc_id", sort=True):
        text = "\n\n".join(group["text"])
        for term, find in finders:
            rows.extend((doc_id, term, start / len(text)) for start in find(text))
    return pd.DataFrame(rows, columns=["doc_id", "term", "position"])


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


def _label(labels: Mapping | None, doc_id) -> str:
    return str((labels or {}).get(doc_id, doc_id))


@styled
def similarity_figure(square: pd.DataFrame, labels: Mapping | None = None):
    """Heatmap of the cosine similarities, the value in each cell.

    Parameters
    ----------
    square : pandas.DataFrame
        From :func:`similarity`.
    labels : dict, optional
        doc_id -> label (e.g. :func:`fsf.plots.article_labels`), shown on the rows.

    Returns
    -------
    matplotlib.figure.Figure
        One panel and a colour bar.
    """
    values = square.to_numpy(dtype=float)
    ids = list(square.index)
    fig, ax = new_figure(width=7.0, height=0.5 * len(ids) + 2.2)
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=9, color="white" if v > 0.6 else "black")
    ax.set_xticks(range(len(ids)), ids)
    ax.set_yticks(range(len(ids)), [_label(labels, d) for d in ids])
    ax.set_xlabel("Article (id)")
    ax.set_ylabel("Article")
    ax.set_title("How alike the articles' vocabularies are")
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="Cosine similarity of TF-IDF vectors")
    return fig


@styled
def dendrogram_figure(clustering: Clustering, labels: Mapping | None = None):
    """Dendrogram of :func:`cluster`: articles joined at their average distance, 1 - cosine.

    Returns
    -------
    matplotlib.figure.Figure
        One panel.
    """
    from scipy.cluster.hierarchy import dendrogram

    fig, ax = new_figure(width=7.0, height=0.45 * len(clustering.doc_ids) + 1.6)
    dendrogram(clustering.linkage, labels=[_label(labels, d) for d in clustering.doc_ids], orientation="right",
               ax=ax, no_plot=False, leaf_font_size=9, link_color_func=lambda k: _POSITIVE)
    ax.set_xlabel("1 - cosine similarity (average linkage)")
    ax.set_ylabel("Article")
    ax.set_title("Which articles read alike")
    ax.grid(axis="y", visible=False)
    return fig


def _grid(n_panels: int, ncols: int, width: float, height: float):
    ncols = min(ncols, n_panels)
    nrows = math.ceil(n_panels / ncols)
    fig, axes = new_figure(nrows, ncols, width=width * ncols + 0.6, height=height * nrows + 0.8, squeeze=False)
    for ax in list(axes.flat)[n_panels:]:
        ax.remove()
    return fig, list(axes.flat)[:n_panels]


@styled
def keyness_figure(table: pd.DataFrame, n: int = 8, labels: Mapping | None = None):
    """The top ``n`` terms by z of each article (:func:`top_keyness`), one bar-chart panel per article.

    Blue bars: the article uses the term more than the others; vermilion:
    less (shown only when an article has fewer than ``n`` over-used terms).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per article of ``table``.
    """
    top = top_keyness(table, n=n)
    docs = list(dict.fromkeys(top["doc_id"]))
    fig, axes = _grid(len(docs), 3, width=2.9, height=0.24 * n + 0.9)
    for ax, doc_id in zip(axes, docs):
        rows = top[top["doc_id"] == doc_id].iloc[::-1]
        colours = [_POSITIVE if z >= 0 else _NEGATIVE for z in rows["z"]]
        ax.barh(rows["term"], rows["z"], color=colours, height=0.7)
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.set_title(_label(labels, doc_id), fontsize=9)
        ax.set_xlabel("z (log-odds ratio / sd)")
        ax.set_ylabel("Term")
        ax.grid(axis="y", visible=False)
    fig.suptitle(f"Keyness: the {n} terms each article uses most, compared with the others "
                 "(Monroe et al. 2008)", x=0.01, ha="left", fontweight="bold", fontsize=10)
    return fig


@styled
def dispersion_figure(positions: pd.DataFrame, terms: Sequence[str] | None = None, labels: Mapping | None = None):
    """Dispersion (x-ray) plot: a tick at each occurrence; one panel per article, one row per term.

    Parameters
    ----------
    positions : pandas.DataFrame
        From :func:`dispersion`.
    terms : list of str, optional
        Rows, top to bottom (default: the terms in ``positions``); pass the
        terms given to :func:`dispersion` so that terms found nowhere show.
    labels : dict, optional
        doc_id -> panel title; its keys also set the articles shown, so an
        article without any occurrence still gets its panel.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per article.
    """
    terms = list(dict.fromkeys(terms if terms is not None else positions["term"]))
    docs = list(labels) if labels else sorted(set(positions["doc_id"]))
    if not terms or not docs:
        raise MethodError("dispersion_figure: nothing to draw. Fix: pass the terms given to dispersion(), and labels "
                          "(e.g. fsf.plots.article_labels(corpus)) to name the articles.")
    fig, axes = new_figure(len(docs), 1, width=7.0, height=(0.28 * len(terms) + 0.55) * len(docs) + 0.6,
                           squeeze=False, sharex=True)
    for ax, doc_id in zip(axes[:, 0], docs):
        here = positions[positions["doc_id"] == doc_id]
        for y, term in enumerate(terms):
            xs = here.loc[here["term"] == term, "position"].to_numpy()
            ax.plot(xs, np.full(len(xs), y), linestyle="none", marker="|", markersize=9, color=_POSITIVE)
            ax.text(1.01, y, f"n = {len(xs)}", va="center", fontsize=7.5, transform=ax.get_yaxis_transform())
        ax.set_yticks(range(len(terms)), terms)
        ax.set_ylim(len(terms) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_title(_label(labels, doc_id), fontsize=9)
        ax.set_ylabel("Term")
        ax.set_xlabel("Position in the article (0 = start, 1 = end; share of characters)")
        ax.grid(axis="y", visible=False)
    return fig


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------


def keyness_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``keyness.csv``: :func:`keyness` of every article against the others, default settings.

    Counts from :func:`term_counts` with :class:`CountSettings` defaults,
    prior size ``a0`` = the corpus size. Columns :data:`KEYNESS_COLUMNS`;
    floats rounded to 4 decimals; sorted by doc_id, then z (highest first),
    then term, on the rounded values, so the file is byte-identical on a re-run.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> table = keyness_table(load_corpus())
    >>> list(table.columns), table.doc_id.value_counts().nunique()
    (['doc_id', 'term', 'count', 'log_odds', 'z'], 1)
    """
    table = keyness(term_counts(corpus))
    table[["log_odds", "z"]] = table[["log_odds", "z"]].round(4) + 0.0  # + 0.0 turns -0.0 into 0.0
    table = table.sort_values(["doc_id", "z", "term"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)[KEYNESS_COLUMNS]
