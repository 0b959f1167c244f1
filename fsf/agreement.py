"""Agreement between two codings of the same items: detection P/R/F1, accuracy, Cohen's kappa,
macro-F1 and confusion matrices (Grimmer & Stewart 2013 on why automated text measures must be
validated).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fsf.errors import MethodError, skippable

__all__ = ["STANCE_LABELS", "agreement", "cohen_kappa", "confusion", "detection_agreement"]

STANCE_LABELS = (-1, 0, 1)


@skippable
def detection_agreement(auto: pd.Series, hand: pd.Series, by: pd.Series | None = None) -> pd.DataFrame:
    """Precision, recall and F1 of a 0/1 detection against hand codes, overall or by a grouping.

    Examples
    --------
    >>> row = detection_agreement(pd.Series([1, 1, 0, 0]), pd.Series([1, 0, 1, 0])).iloc[0]
    >>> int(row.tp), int(row.fp), int(row.fn), float(row.precision)
    (1, 1, 1, 0.5)
    """
    frame = pd.DataFrame({"auto": np.asarray(auto), "hand": np.asarray(hand),
                          "group": "all" if by is None else np.asarray(by)})
    rows = []
    for group, part in frame.groupby("group", sort=True):
        tp = int(((part.auto == 1) & (part.hand == 1)).sum())
        fp = int(((part.auto == 1) & (part.hand == 0)).sum())
        fn = int(((part.auto == 0) & (part.hand == 1)).sum())
        precision = tp / (tp + fp) if tp + fp else np.nan
        recall = tp / (tp + fn) if tp + fn else np.nan
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        rows.append((group, len(part), tp, fp, fn, precision, recall, f1))
    out = pd.DataFrame(rows, columns=["group", "n", "tp", "fp", "fn", "precision", "recall", "f1"])
    return out.round(3)


@skippable
def agreement(auto, hand, labels=STANCE_LABELS) -> dict:
    """Accuracy, Cohen's kappa and macro-F1 of two codings of the same items.

    Missing values in either coding are dropped (and counted in ``n_missing``).

    Examples
    --------
    >>> agreement([1, 0, 0, -1], [1, 0, -1, -1])["kappa"]
    0.636
    """
    from sklearn.metrics import f1_score

    frame = pd.DataFrame({"auto": pd.array(list(auto), dtype="Int64"), "hand": pd.array(list(hand), dtype="Int64")})
    complete = frame.dropna()
    if complete.empty:
        raise MethodError("agreement: no item has both codes. Fix: check that the two codings cover the same sentences.")
    a, h = complete["auto"].astype(int), complete["hand"].astype(int)
    return {
        "n": len(complete),
        "n_missing": len(frame) - len(complete),
        "accuracy": round(float((a == h).mean()), 3),
        "kappa": round(cohen_kappa(h.to_numpy(), a.to_numpy(), labels), 3),
        "macro_f1": round(float(f1_score(h, a, labels=list(labels), average="macro", zero_division=0)), 3),
    }


@skippable
def confusion(auto, hand, labels=STANCE_LABELS) -> pd.DataFrame:
    """Confusion matrix: rows are hand codes, columns automated codes (counts).

    Examples
    --------
    >>> confusion([1, 0, 0], [1, 0, -1]).values.tolist()
    [[0, 1, 0], [0, 1, 0], [0, 0, 1]]
    """
    frame = pd.DataFrame({"auto": list(auto), "hand": list(hand)}).dropna()
    table = pd.crosstab(frame["hand"].astype(int), frame["auto"].astype(int))
    table = table.reindex(index=list(labels), columns=list(labels), fill_value=0)
    table.index.name, table.columns.name = "hand", "automated"
    return table


@skippable
def cohen_kappa(a, b, labels=STANCE_LABELS) -> float:
    """Cohen's kappa of two codings: (observed - expected agreement) / (1 - expected).

    Undefined (NaN) when chance agreement is 1, i.e. both codings use one and the same label.

    Examples
    --------
    >>> round(cohen_kappa([1, 0, -1, -1], [1, 0, 0, -1]), 3)  # observed 3/4, expected 5/16
    0.636
    """
    index = {label: i for i, label in enumerate(labels)}
    a_idx = np.array([index[x] for x in a])
    b_idx = np.array([index[x] for x in b])
    k = len(labels)
    table = np.bincount(a_idx * k + b_idx, minlength=k * k).reshape(k, k) / len(a_idx)
    observed = np.trace(table)
    expected = float(table.sum(axis=1) @ table.sum(axis=0))
    return float((observed - expected) / (1 - expected)) if expected < 1 else float("nan")
