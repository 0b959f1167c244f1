"""Choosing the number of topics K: every K over several seeds and holdouts, then a stated rule.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from fsf.errors import MethodError, skippable
from fsf.topics.dtm import (
    DocumentTermMatrix,
    TopicSettings,
    _drop_unused_terms,
    document_term_matrix,
    paragraph_units,
)
from fsf.topics.fit import METHODS, TopicModel, fit_topics
from fsf.topics.scores import (
    N_TOP,
    _jaccard,
    _top_indices,
    _top_sets,
    coherence,
    exclusivity,
    match_topics,
)

__all__ = ["HOLDOUT", "K_RANGE", "ModelSelection", "SEEDS", "choose_k", "chosen_k", "chosen_models", "feasible_k",
           "model_selection", "selection_sample"]

K_RANGE = tuple(range(2, 9))
"""Numbers of topics compared by default (2-8): on ~80 paragraphs more would describe single paragraphs."""


SEEDS = (0, 1, 2, 3, 4)
"""Seeds of the runs compared for stability (five, each also leaving out a different :data:`HOLDOUT`)."""


HOLDOUT = 0.1
"""Share of units each seeded run of :func:`model_selection` leaves out, so stability covers the data too."""


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


@skippable
def selection_sample(dtm: DocumentTermMatrix, n_units: int | None, seed: int = 0) -> DocumentTermMatrix:
    """The units :func:`model_selection` runs on: a seeded random sample of ``n_units`` units.

    The cost of choosing K grows with the units (each of the method x K x seed runs is a fit), so
    a large corpus chooses K on a sample of fixed size and the chosen models are then fitted on
    every unit. The sample is drawn without replacement by ``numpy.random.default_rng(seed)``
    (same seed and matrix, same sample), kept in corpus order, with the terms the sampled units
    use. A matrix of ``n_units`` units or fewer (or ``n_units=None``) is returned as it is: the
    whole corpus, exactly as without sampling.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": "a", "paragraph_idx": range(6),
    ...                       "text": ["war home", "war border", "home border", "war", "home", "border"]})
    >>> dtm = document_term_matrix(units, TopicSettings(min_df=1, max_df=1.0))
    >>> selection_sample(dtm, 10) is dtm, selection_sample(dtm, 3).units.paragraph_idx.tolist()
    (True, [3, 4, 5])
    """
    if n_units is not None and (isinstance(n_units, bool) or not isinstance(n_units, (int, np.integer)) or n_units < 2):
        raise MethodError(f"n_units={n_units!r}: a sample for choosing K needs a whole number of at least 2 units. "
                          "Fix: e.g. sample_units = 200 under [selection] (0: every unit).")
    n = dtm.shape[0]
    if n_units is None or n <= n_units:
        return dtm
    rows = np.sort(np.random.default_rng(seed).choice(n, size=int(n_units), replace=False))
    sample = dtm.subset(rows)
    counts, terms = _drop_unused_terms(sample.counts, sample.terms)
    if counts is sample.counts:
        return sample
    counts.sort_indices()
    return dataclasses.replace(sample, counts=counts, terms=terms)


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


@skippable
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


@skippable
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


@skippable
def chosen_k(choice: pd.DataFrame) -> dict[str, int]:
    """``{method: K}`` of the rows :func:`choose_k` marked as chosen.

    Examples
    --------
    >>> chosen_k(pd.DataFrame({"method": ["lda", "lda", "nmf"], "k": [2, 3, 4], "chosen": [False, True, True]}))
    {'lda': 3, 'nmf': 4}
    """
    picked = choice[choice["chosen"]]
    return {m: int(k) for m, k in zip(picked["method"], picked["k"])}


@skippable
def feasible_k(dtm: DocumentTermMatrix, ks: Sequence[int] = K_RANGE, holdout: float = HOLDOUT) -> list[int]:
    """The K of ``ks`` that every run of :func:`model_selection` can fit on these units.

    A run fits on the units left after its holdout, so K must not exceed them, nor the terms.

    Raises
    ------
    MethodError
        No K of ``ks`` fits (the message gives the units and terms there are).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> from fsf.topics import document_term_matrix, paragraph_units
    >>> feasible_k(document_term_matrix(paragraph_units(load_corpus())))
    [2, 3, 4, 5, 6, 7, 8]
    """
    n_fit = dtm.shape[0] - math.floor(holdout * dtm.shape[0])
    fit = [k for k in ks if k <= min(n_fit, dtm.shape[1])]
    if not fit:
        raise MethodError(f"the corpus gives only {dtm.shape[0]} paragraphs and {dtm.shape[1]} terms, too few "
                          f"for topic models of K = {min(ks)} or more topics. Fix: add articles, or lower [topics] "
                          "min_df in the settings.")
    return fit


@functools.lru_cache(maxsize=4)
def _chosen_models(key: tuple, settings: TopicSettings) -> dict[str, TopicModel]:
    columns = ["doc_id", "paragraph_idx", "section", "year", "outlet", "text"]
    units = pd.DataFrame(list(key), columns=columns)
    units["year"] = pd.array(units["year"].tolist(), dtype="Int64")
    dtm = document_term_matrix(units, settings)
    ks = feasible_k(dtm)
    picks = chosen_k(choose_k(model_selection(dtm, ks)))
    return {method: fit_topics(dtm, method, picks[method]) for method in METHODS}


@skippable
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
