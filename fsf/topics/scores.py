"""Scores of fitted topics: coherence, exclusivity, and how alike two models are.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from fsf.errors import MethodError, skippable
from fsf.topics.fit import TopicModel

__all__ = ["N_TOP", "coherence", "exclusivity", "match_topics", "stability"]

N_TOP = 10
"""Top terms per topic used by coherence, exclusivity and top-term overlap."""


def _top_indices(topic_term: np.ndarray, n_top: int) -> np.ndarray:
    """Column indices of each topic's ``n_top`` heaviest terms, heaviest first (ties: earlier term first)."""
    return np.argsort(-topic_term, axis=1, kind="stable")[:, :n_top]


def _top_sets(topic_term: np.ndarray, n_top: int) -> list[set]:
    """Each topic's top terms as a set of column indices, leaving out terms of zero weight."""
    return [{j for j in top if topic_term[t, j] > 0} for t, top in enumerate(_top_indices(topic_term, n_top))]


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@skippable
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


@skippable
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


@skippable
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


@skippable
def stability(a, b) -> float:
    """Mean cosine similarity of matched topics (:func:`match_topics` by weights): 1 for identical runs.

    Examples
    --------
    >>> a = np.array([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])
    >>> stability(a, a), stability(a, np.array([[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]))
    (1.0, 0.7071067812)
    """
    return round(float(match_topics(a, b).similarity.mean()), 10)
