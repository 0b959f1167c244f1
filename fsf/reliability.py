"""Reliability of the hand coding: how far two independent coders agree, with bootstrap intervals.

A measure cannot agree with hand codes better than careful coders agree with each other, so
the agreement of two coders is the *human ceiling* of every automated measure. This module
computes it for two codings of the same sentences (``refers_ff`` and ``stance``, the layout of
:data:`fsf.codes.STANCE_CODE_COLUMNS`):

* percentage agreement and Cohen's kappa (:func:`fsf.agreement.cohen_kappa`);
* Krippendorff's alpha (:func:`krippendorff_alpha`), nominal (every disagreement counts the
  same) and ordinal (-1 vs +1 is worse than -1 vs 0), written from Krippendorff (2011),
  *Computing Krippendorff's Alpha-Reliability*, with the coincidence matrix;
* 95% intervals by a seeded bootstrap that resamples sentences within articles
  (:func:`bootstrap_interval`): five articles are too few to resample as clusters, so the
  intervals describe these articles' sentences, not the population of articles.

Stance is compared on the sentences that both coders say refer to foreign fighters (a stance
exists only there); ``refers_ff`` on every sentence both coded.

The seeds' codebook cites 82 of the 200 sentences (``000/5``), with the first coder's decision,
so a second coder who follows the codebook agrees with the first on those partly by construction;
:func:`reliability_table` reports every figure with and without those sentences
(:data:`CODEBOOK_EXAMPLES`).

Examples
--------
Two coders, four sentences, one disagreement (Cohen's kappa 0.5, alpha 0.533 by hand:
coincidences o_00 = 4, o_01 = o_10 = 1, o_11 = 2; n_0 = 5, n_1 = 3; alpha = 1 - 7 * 2 / (2 * 5 * 3)):

>>> round(krippendorff_alpha([[1, 1, 0, 0], [1, 0, 0, 0]]), 3)
0.533
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np
import pandas as pd

from fsf.agreement import cohen_kappa
from fsf.errors import MethodError, skippable

__all__ = ["CODEBOOK_EXAMPLES", "LEVELS", "N_BOOT", "bootstrap_interval", "codebook_references", "coder_agreement",
           "disagreements", "kappa_interval", "krippendorff_alpha", "pair_codings", "reliability_table"]

LEVELS = ("nominal", "ordinal", "interval")
"""Levels of measurement :func:`krippendorff_alpha` knows (the difference function of each)."""

N_BOOT = 2000
"""Bootstrap resamples behind every interval (seeded)."""


def krippendorff_alpha(data, level: str = "nominal", values=None) -> float:
    """Krippendorff's alpha of a reliability matrix: one row per coder, one column per unit.

    Parameters
    ----------
    data : array-like
        Coders x units; missing values (a coder who did not code a unit) as NaN or None.
        Units with fewer than two values are not pairable and are left out.
    level : ``"nominal"``, ``"ordinal"`` or ``"interval"``
        The difference function: nominal 0/1; ordinal the squared count of values between the
        two (Krippendorff 2011, eq. for ordinal data); interval the squared difference.
    values : sequence, optional
        The values in their order (ordinal); default the sorted values that occur.

    Returns
    -------
    float
        1 - observed / expected disagreement; NaN when there is no expected disagreement (every
        pairable value the same).

    Examples
    --------
    Krippendorff's (2011) worked example, four coders, twelve units, missing values:

    >>> nan = float("nan")
    >>> example = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> [round(krippendorff_alpha(example, level), 3) for level in LEVELS]
    [0.743, 0.815, 0.849]
    """
    if level not in LEVELS:
        raise MethodError(f"krippendorff_alpha: unknown level {level!r}. Fix: use one of {', '.join(LEVELS)}.")
    try:
        matrix = np.array(data, dtype=float)  # None and NaN are missing
    except (TypeError, ValueError):
        matrix = np.array(pd.DataFrame(data).apply(pd.to_numeric, errors="coerce"), dtype=float)
    if matrix.ndim != 2:
        raise MethodError("krippendorff_alpha: data must be a coders x units table. Fix: one row per coder.")
    present = ~np.isnan(matrix)
    pairable = present.sum(axis=0) >= 2
    matrix, present = matrix[:, pairable], present[:, pairable]
    if values is None:
        values = np.unique(matrix[present])
    values = np.sort(np.asarray(values, dtype=float))
    if len(values) == 0:
        return float("nan")
    k = len(values)
    position = np.searchsorted(values, matrix[present])
    if (position >= k).any() or not np.array_equal(values[np.minimum(position, k - 1)], matrix[present]):
        stray = matrix[present][(position >= k) | (values[np.minimum(position, k - 1)] != matrix[present])][0]
        raise MethodError(f"krippendorff_alpha: value {stray:g} is not among the values "
                          f"{', '.join(f'{v:g}' for v in values)}. "
                          "Fix: pass every value that occurs.")
    counts = np.zeros((matrix.shape[1], k))  # units x values: how many coders gave each value
    np.add.at(counts, (np.nonzero(present.T)[0], np.searchsorted(values, matrix.T[present.T])), 1)
    weights = counts / (counts.sum(axis=1, keepdims=True) - 1)
    coincidence = weights.T @ counts - np.diag(weights.sum(axis=0))
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(k)
    elif level == "interval":
        delta = (values[:, None] - values[None, :]) ** 2
    else:
        cumulative = np.cumsum(n_c)
        delta = np.zeros((k, k))
        for c in range(k):
            for j in range(c + 1, k):
                between = cumulative[j] - (cumulative[c - 1] if c else 0.0) - (n_c[c] + n_c[j]) / 2
                delta[c, j] = delta[j, c] = between ** 2
    expected = float(n_c @ delta @ n_c)
    if n <= 1 or expected == 0:
        return float("nan")
    return float(1.0 - (n - 1) * float((coincidence * delta).sum()) / expected)


def bootstrap_interval(statistic: Callable[[np.ndarray], float], strata, *, n_boot: int = N_BOOT, seed: int = 0,
                       level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(indices)``, resampling units within strata.

    Parameters
    ----------
    statistic : callable
        Takes an array of row indices (a resample, with repeats) and returns a number.
    strata : array-like
        One label per unit (e.g. the article): each resample draws, within every stratum, as
        many units as it has, with replacement, so every article keeps its size.
    n_boot, seed, level
        Resamples, the seed of :func:`numpy.random.default_rng`, the coverage.

    Returns
    -------
    (float, float)
        The ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of the resampled statistics;
        resamples whose statistic is undefined (NaN) are left out. NaN, NaN if all are.

    Examples
    --------
    >>> x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    >>> low, high = bootstrap_interval(lambda i: x[i].mean(), ["a", "a", "a", "b", "b", "b"], n_boot=500)
    >>> again = bootstrap_interval(lambda i: x[i].mean(), list("aaabbb"), n_boot=500)
    >>> bool(low < x.mean() < high), again == (low, high)
    (True, True)
    """
    strata = np.asarray(strata)
    groups = [np.flatnonzero(strata == s) for s in pd.unique(strata)]
    rng = np.random.default_rng(seed)
    stats = np.empty(n_boot)
    for b in range(n_boot):
        sample = np.concatenate([g[rng.integers(0, len(g), len(g))] for g in groups]) if groups else np.array([], int)
        stats[b] = statistic(sample)
    stats = stats[~np.isnan(stats)]
    if not len(stats):
        return float("nan"), float("nan")
    tail = (1 - level) / 2
    low, high = np.quantile(stats, [tail, 1 - tail])
    return float(low), float(high)


def kappa_interval(a, b, strata, *, n_boot: int = N_BOOT, seed: int = 0) -> tuple[float, float, float]:
    """Cohen's kappa of two codings (:func:`fsf.agreement.cohen_kappa`) and its bootstrap 95% interval
    (:func:`bootstrap_interval`, units resampled within ``strata``), unrounded.

    Examples
    --------
    >>> k, low, high = kappa_interval([1, 1, 0, 0, -1, -1], [1, 0, 0, 0, -1, 1], ["a"] * 3 + ["b"] * 3, n_boot=200)
    >>> round(k, 3), bool(low <= k <= high)  # by hand: p_o = 4/6, p_e = (2*1 + 2*3 + 2*2)/36 = 1/3
    (0.5, True)
    """
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)

    def kappa(i):
        return cohen_kappa(a[i], b[i]) if len(i) else float("nan")

    low, high = bootstrap_interval(kappa, np.asarray(strata), n_boot=n_boot, seed=seed)
    return kappa(np.arange(len(a))), low, high


def _stance_codes(codes: pd.DataFrame) -> pd.DataFrame:
    need = {"doc_id", "sent_idx", "refers_ff", "stance"}
    missing = need - set(codes.columns)
    if missing:
        raise MethodError(f"reliability: a coding lacks the column(s) {', '.join(sorted(missing))}. "
                          "Fix: pass hand codes as fsf.codes.load_stance_codes reads them.")
    return codes[["doc_id", "sent_idx", "refers_ff", "stance"]]


@skippable
def pair_codings(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The sentences both codings code, side by side: doc_id, sent_idx, refers_1, refers_2, stance_1, stance_2."""
    a, b = _stance_codes(first), _stance_codes(second)
    both = a.merge(b, on=["doc_id", "sent_idx"], suffixes=("_1", "_2"))
    if both.empty:
        raise MethodError("reliability: the two codings share no sentence. Fix: code the same sentences twice.")
    both = both.rename(columns={"refers_ff_1": "refers_1", "refers_ff_2": "refers_2"})
    return both.sort_values(["doc_id", "sent_idx"], kind="stable").reset_index(drop=True)


def coder_agreement(a, b, strata, *, labels, ordinal: bool = False, n_boot: int = N_BOOT, seed: int = 0) -> dict:
    """Agreement of two codings of the same units, with bootstrap 95% intervals.

    Returns
    -------
    dict
        n, agreement (share of units coded alike), kappa (Cohen), alpha_nominal and, if
        ``ordinal``, alpha_ordinal; each statistic with ``_low`` and ``_high`` bounds.

    Examples
    --------
    >>> out = coder_agreement([1, 1, 0, 0], [1, 0, 0, 0], ["d"] * 4, labels=(0, 1), n_boot=200)
    >>> out["n"], out["agreement"], out["kappa"], round(out["alpha_nominal"], 3)
    (4, 0.75, 0.5, 0.533)
    """
    a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
    strata = np.asarray(strata)
    values = list(labels)
    stats = {
        "agreement": lambda i: float((a[i] == b[i]).mean()) if len(i) else float("nan"),
        "kappa": lambda i: cohen_kappa(a[i], b[i], labels) if len(i) else float("nan"),
        "alpha_nominal": lambda i: krippendorff_alpha([a[i], b[i]], "nominal", values),
    }
    if ordinal:
        stats["alpha_ordinal"] = lambda i: krippendorff_alpha([a[i], b[i]], "ordinal", values)
    everything = np.arange(len(a))
    out = {"n": len(a)}
    for name, statistic in stats.items():
        out[name] = round(statistic(everything), 3)
        if name == "agreement":
            continue
        low, high = bootstrap_interval(statistic, strata, n_boot=n_boot, seed=seed)
        out[f"{name}_low"], out[f"{name}_high"] = round(low, 3), round(high, 3)
    return out


RELIABILITY_COLUMNS = ["variable", "subset", "n", "agreement", "kappa", "kappa_low", "kappa_high", "alpha_nominal",
                       "alpha_nominal_low", "alpha_nominal_high", "alpha_ordinal", "alpha_ordinal_low",
                       "alpha_ordinal_high"]


@skippable
def reliability_table(first: pd.DataFrame, second: pd.DataFrame, *, examples=None, n_boot: int = N_BOOT,
                      seed: int = 0) -> pd.DataFrame:
    """Agreement of two coders on ``refers_ff`` and on ``stance``, overall and without the codebook's examples.

    Parameters
    ----------
    first, second : pandas.DataFrame
        Two codings (doc_id, sent_idx, refers_ff, stance), e.g. from
        :func:`fsf.codes.load_stance_codes`.
    examples : iterable of (doc_id, sent_idx), optional
        Sentences the codebook quotes as examples (:data:`CODEBOOK_EXAMPLES` for the seeds):
        each figure is given again without them. None: only the overall figures.
    n_boot, seed
        Bootstrap resamples (sentences within articles) and their seed.

    Returns
    -------
    pandas.DataFrame
        :data:`RELIABILITY_COLUMNS`: one row per variable (``refers_ff`` on every sentence both
        coded; ``stance`` on the sentences both say refer) and subset (``all``, ``without
        codebook examples``). ``alpha_ordinal`` is given for stance only.
    """
    both = pair_codings(first, second)
    subsets = [("all", np.ones(len(both), bool))]
    if examples is not None:
        cited = {(str(d), int(s)) for d, s in examples}
        keep = np.array([(d, int(s)) not in cited for d, s in zip(both["doc_id"], both["sent_idx"])])
        subsets.append(("without codebook examples", keep))
    rows = []
    for subset, keep in subsets:
        part = both[keep]
        rows.append({"variable": "refers_ff", "subset": subset,
                     **coder_agreement(part["refers_1"], part["refers_2"], part["doc_id"], labels=(0, 1),
                                       n_boot=n_boot, seed=seed)})
        about = part[(part["refers_1"] == 1) & (part["refers_2"] == 1)]
        rows.append({"variable": "stance", "subset": subset,
                     **coder_agreement(about["stance_1"].astype(int), about["stance_2"].astype(int), about["doc_id"],
                                       labels=(-1, 0, 1), ordinal=True, n_boot=n_boot, seed=seed)})
    return pd.DataFrame(rows).reindex(columns=RELIABILITY_COLUMNS)


@skippable
def disagreements(first: pd.DataFrame, second: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sentences the two coders code differently (refers_ff, ref_type or stance), side by side.

    Confidence and notes are not codes: a difference there is not a disagreement.
    """
    columns = ["doc_id", "sent_idx", "refers_ff", "ref_type", "stance"]
    a = first[columns + [c for c in ("note",) if c in first]]
    b = second[columns + [c for c in ("note",) if c in second]]
    both = a.merge(b, on=["doc_id", "sent_idx"], suffixes=("_1", "_2"))
    differ = np.zeros(len(both), bool)
    for column in ("refers_ff", "ref_type", "stance"):
        x = both[f"{column}_1"].astype(object).where(both[f"{column}_1"].notna(), "")
        y = both[f"{column}_2"].astype(object).where(both[f"{column}_2"].notna(), "")
        differ |= (x.astype(str) != y.astype(str)).to_numpy()
    out = both[differ]
    if sentences is not None:
        out = out.merge(sentences[["doc_id", "sent_idx", "text"]], on=["doc_id", "sent_idx"], how="left")
    return out.reset_index(drop=True)


_REFERENCE = re.compile(r"(?<![\d/])(\d{3})/(\d+(?:-\d+)?(?:,\s*\d+(?:-\d+)?(?![\d-]*/))*)")


def codebook_references(text: str, doc_ids=None) -> list[tuple[str, int]]:
    """Every sentence a codebook cites as ``doc/sent`` (``000/5``, ``000/7-10``, ``004/12, 22, 30``), in order.

    Parameters
    ----------
    text : str
        The codebook (Markdown).
    doc_ids : iterable of str, optional
        Keep references to these articles only (a table's ``163/37`` is not a sentence).

    Examples
    --------
    >>> codebook_references("(000/5); 000/7-9; 004/12, 22; 001/8, 001/9; 163/37", doc_ids=["000", "001", "004"])
    [('000', 5), ('000', 7), ('000', 8), ('000', 9), ('004', 12), ('004', 22), ('001', 8), ('001', 9)]
    """
    keep = set(doc_ids) if doc_ids is not None else None
    out: list[tuple[str, int]] = []
    for match in _REFERENCE.finditer(text):
        doc = match.group(1)
        if keep is not None and doc not in keep:
            continue
        for part in re.split(r",\s*", match.group(2)):
            first, _, last = part.partition("-")
            for sent in range(int(first), int(last or first) + 1):
                if (doc, sent) not in out:
                    out.append((doc, sent))
    return out


CODEBOOK_EXAMPLES: tuple[tuple[str, int], ...] = (
    ("000", 0), ("000", 4), ("000", 5), ("000", 6), ("000", 7), ("000", 8), ("000", 9), ("000", 10), ("000", 14),
    ("000", 17), ("000", 25), ("000", 26), ("001", 0), ("001", 1), ("001", 2), ("001", 3), ("001", 4), ("001", 5),
    ("001", 6), ("001", 7), ("001", 8), ("001", 9), ("001", 10), ("001", 13), ("001", 15), ("002", 1), ("002", 2),
    ("002", 3), ("002", 6), ("002", 7), ("002", 9), ("002", 10), ("002", 11), ("002", 14), ("002", 17), ("002", 20),
    ("002", 21), ("002", 22), ("002", 26), ("002", 29), ("002", 30), ("002", 36), ("002", 43), ("002", 49),
    ("002", 52), ("002", 53), ("002", 54), ("002", 55), ("002", 56), ("002", 57), ("002", 65), ("002", 68),
    ("002", 70), ("002", 72), ("002", 73), ("002", 74), ("003", 1), ("003", 4), ("003", 10), ("003", 12),
    ("003", 13), ("003", 20), ("004", 3), ("004", 4), ("004", 8), ("004", 9), ("004", 12), ("004", 13), ("004", 16),
    ("004", 22), ("004", 23), ("004", 26), ("004", 29), ("004", 30), ("004", 33), ("004", 34), ("004", 35),
    ("004", 36), ("004", 37), ("004", 38), ("004", 39), ("004", 40),
)
"""The seed sentences the codebook cites (``doc/sent``) in the version the second coder read
(``docs/codebook-ff-stance.md`` without its section 8, "Reliability"), sorted: the first
coder's decisions a codebook-following second coder agrees with partly by construction. A test
checks this against :func:`codebook_references` of the codebook."""
