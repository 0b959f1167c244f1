"""How alike the articles are: TF-IDF cosine, average-linkage clustering, the article that stands apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fsf.compare.distinctive import _as_counts, keyness, top_keyness
from fsf.errors import MethodError, skippable

__all__ = ["Apart", "Clustering", "cluster", "similarity", "similarity_pairs", "stands_apart", "tfidf"]

@skippable
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
    >>> from fsf.compare import term_counts
    >>> weights = tfidf(term_counts({"a": "Fighters fled.", "b": "Fighters stayed."}))
    >>> type(weights).__name__, weights.toarray().round(3).tolist()
    ('csr_matrix', [[0.58, 0.815, 0.0], [0.58, 0.0, 0.815]])
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = _as_counts(counts)
    return TfidfTransformer(sublinear_tf=sublinear).fit_transform(counts.counts).tocsr()


@skippable
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
                          "similarity is undefined. Fix: remove them, or keep more words (stopwords = false under [terms] in a settings file, --config).")
    weights = tfidf(counts, sublinear=sublinear)
    values = np.clip((weights @ weights.T).toarray(), 0.0, 1.0)
    np.fill_diagonal(values, 1.0)
    index = pd.Index(counts.doc_ids, name="doc_id")
    return pd.DataFrame(values, index=index, columns=index.rename(None))


@skippable
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


@skippable
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


@skippable
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
