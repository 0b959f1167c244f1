"""Fitting LDA and NMF reproducibly (fixed ``random_state``, ``n_jobs=1``, one BLAS thread).

Batch fits by default; on request (a :class:`fsf.Study` asks above ``[selection] online_above``
units) scikit-learn's online LDA and ``MiniBatchNMF``, whose cost grows with the units but not
with the number of passes a batch fit makes, seeded and just as reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fsf._threads import one_thread
from fsf.errors import MethodError, skippable
from fsf.topics.dtm import DocumentTermMatrix

__all__ = ["LDA_MAX_ITER", "METHODS", "NMF_MAX_ITER", "ONLINE_BATCH_SIZE", "ONLINE_NMF_MAX_ITER", "ONLINE_PASSES",
           "TopicModel", "fit_topics"]

METHODS = ("lda", "nmf")
"""The two topic models fsf fits."""


_METHOD_NAMES = {"lda": "LDA", "nmf": "NMF"}


LDA_MAX_ITER = 10
"""Batch-EM passes of LDA (scikit-learn's default). On the seeds (K 2-8, seeds 0-4) the topics after 10
passes have a mean matched cosine of 0.994 (lowest 0.94) with those after 100, at a tenth of the cost."""


NMF_MAX_ITER = 1000
"""Upper limit of NMF's coordinate-descent iterations; it stops at ``tol=1e-4`` (on the seeds within 200)."""


ONLINE_BATCH_SIZE = {"lda": 1024, "nmf": 2048}
"""Units per mini-batch of online LDA and of ``MiniBatchNMF`` (``online=True``)."""


ONLINE_PASSES = 1
"""Passes of online LDA over the units (``online=True``). Measured on paragraphs of resampled seed text: on
6,000 and 12,000 units (K = 3 and 6) the topics after one pass have a mean matched cosine of 0.97 to 0.99 with
batch LDA's, at a quarter to a third of its CPU time, and two or four passes change that by at most 0.004; on
104,139 units (K = 4) one pass and two give the same topics (cosine 1.00 to 3 decimals) for 22 s of CPU instead of 31."""


ONLINE_NMF_MAX_ITER = 200
"""Upper limit of ``MiniBatchNMF``'s passes; it stops earlier when the loss stops improving (on 104,139
units after 3 to 12 passes; on 10,335 units it reaches the limit, 1 to 2 s, cosine 0.97 to 0.99 with batch NMF)."""


@dataclass(frozen=True, eq=False)
class TopicModel:
    """A fitted topic model, with topics numbered by prevalence (topic 1 is the largest).

    ``topic_term`` (K x V) holds each topic's term weights, each row summing
    to 1; ``doc_topic`` (units x K) each unit's topic weights, each row
    summing to 1; ``dtm`` is the matrix it was fitted on; ``learning`` says how: ``"batch"``, or
    ``"online"`` (online LDA, ``MiniBatchNMF``) in mini-batches of ``batch_size`` units.

    Examples
    --------
    >>> from fsf.topics import document_term_matrix, paragraph_units
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
    learning: str = "batch"
    batch_size: int | None = None

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


def _fit_lda(dtm: DocumentTermMatrix, k: int, random_state: int, max_iter: int, batch_size: int | None = None):
    from sklearn.decomposition import LatentDirichletAllocation

    if batch_size is None:
        lda = LatentDirichletAllocation(n_components=k, learning_method="batch", max_iter=max_iter,
                                        random_state=random_state, n_jobs=1)
    else:
        lda = LatentDirichletAllocation(n_components=k, learning_method="online", batch_size=batch_size,
                                        max_iter=max_iter, random_state=random_state, n_jobs=1)
    with one_thread():
        lda.fit(dtm.counts)
        doc_topic = lda.transform(dtm.counts)
    return _normalise_rows(lda.components_), doc_topic, lda.n_iter_


def _fit_nmf(dtm: DocumentTermMatrix, k: int, random_state: int, max_iter: int, batch_size: int | None = None):
    import warnings

    from sklearn.decomposition import NMF, MiniBatchNMF
    from sklearn.exceptions import ConvergenceWarning

    if batch_size is None:
        nmf = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=max_iter)
    else:
        nmf = MiniBatchNMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=max_iter,
                           batch_size=batch_size)
    with one_thread(), warnings.catch_warnings():
        if batch_size is not None:  # a bounded number of passes is the point; the model records how many
            warnings.simplefilter("ignore", ConvergenceWarning)
        weights = nmf.fit_transform(dtm.tfidf())
    mass = nmf.components_.sum(axis=1)
    return _normalise_rows(nmf.components_), _normalise_rows(weights * mass), nmf.n_iter_


@skippable
def fit_topics(dtm: DocumentTermMatrix, method: str, k: int, random_state: int = 0, *,
               max_iter: int | None = None, online: bool = False, batch_size: int | None = None) -> TopicModel:
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

    With ``online=True`` (for many units): LDA learns online (Hoffman, Blei & Bach 2010;
    ``learning_method="online"``) in mini-batches of ``batch_size`` units (default
    :data:`ONLINE_BATCH_SIZE`), ``max_iter`` passes (default :data:`ONLINE_PASSES`), and NMF is
    scikit-learn's ``MiniBatchNMF`` (same start and loss, mini-batches of ``batch_size``, at most
    ``max_iter`` passes, default :data:`ONLINE_NMF_MAX_ITER`). Both cost a pass or a few over the
    units instead of a batch fit's many; the model records ``learning="online"``, the batch size
    and the passes (``n_iter``).

    Topics are renumbered by total weight, largest first; fixed
    ``random_state``, ``n_jobs=1`` and one BLAS thread make a refit bit-for-bit identical.

    Raises
    ------
    MethodError
        Unknown method; ``k`` below 2, above the number of units or of terms.

    Examples
    --------
    >>> from fsf.topics import document_term_matrix, paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> a, b = fit_topics(dtm, "lda", 4, random_state=1), fit_topics(dtm, "lda", 4, random_state=1)
    >>> bool((a.topic_term == b.topic_term).all()), a.doc_topic.sum(axis=1).round(6).min()
    (True, np.float64(1.0))
    """
    _check_k(dtm, method, k)
    if batch_size is None:
        batch_size = ONLINE_BATCH_SIZE.get(method)
    if online and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1):
        raise MethodError(f"batch_size={batch_size!r}: give a whole number of units per mini-batch. Fix: e.g. 1024.")
    fit = _fit_lda if method == "lda" else _fit_nmf
    if online:
        default = ONLINE_PASSES if method == "lda" else ONLINE_NMF_MAX_ITER
    else:
        default = LDA_MAX_ITER if method == "lda" else NMF_MAX_ITER
    size = int(batch_size) if online else None
    topic_term, doc_topic, n_iter = fit(dtm, int(k), random_state, max_iter or default, size)
    order = np.argsort(-doc_topic.sum(axis=0), kind="stable")
    return TopicModel(method, int(k), random_state, topic_term[order], doc_topic[:, order], dtm, int(n_iter),
                      "online" if online else "batch", size)
