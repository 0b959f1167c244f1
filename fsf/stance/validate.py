"""Validating the stance measure and the mention detection against hand codes.

Anything tuned on the codes is scored by leave-one-article-out cross-validation: the settings
are chosen on the other articles and scored on the held-out one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fsf.agreement import agreement, cohen_kappa, detection_agreement
from fsf.errors import MethodError, skippable

__all__ = ["THRESHOLDS", "choose_stance_settings", "cross_validate_stance", "measure_comparison", "mention_detection", "misclassified", "missed_mentions", "sweep_agreement"]

THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
"""Candidate stance thresholds searched by :func:`choose_stance_settings`."""


def _labelled(scores: dict, hand: pd.DataFrame) -> dict:
    """Scores joined to the hand stance, keeping sentences both code and score."""
    frames = {}
    for key, table in scores.items():
        merged = table.merge(hand[["doc_id", "sent_idx", "stance"]], on=["doc_id", "sent_idx"])
        frames[key] = merged[merged["stance"].notna() & merged["score"].notna()]
    return frames


@skippable
def choose_stance_settings(scores: dict, hand: pd.DataFrame, thresholds=THRESHOLDS, *, exclude=None):
    """The settings and threshold with the highest Cohen's kappa against the hand codes.

    Parameters
    ----------
    scores : dict
        :class:`fsf.sentiment.StanceSettings` -> DataFrame (doc_id, sent_idx,
        score), e.g. from :func:`fsf.sentiment.score_grid`.
    hand : pandas.DataFrame
        doc_id, sent_idx, stance (NA where the sentence is not about foreign fighters).
    thresholds : sequence of float
        Candidate thresholds.
    exclude : str, optional
        A doc_id left out of the choice (for cross-validation).

    Returns
    -------
    (StanceSettings, float)
        The chosen settings (with their threshold) and their kappa. Ties go to
        the first in the order given (fsf's grid lists smaller windows and
        thresholds first).
    """
    return _choose(_labelled(scores, hand), thresholds, exclude)


def _choose(frames: dict, thresholds, exclude):
    from dataclasses import replace

    best = None
    for key, frame in frames.items():
        train = frame[frame["doc_id"] != exclude]
        truth = train["stance"].astype(int).to_numpy()
        for threshold in thresholds:
            kappa = cohen_kappa(truth, _stance(train["score"], threshold))
            if best is None or kappa > best[1] + 1e-12:
                best = (replace(key, threshold=threshold), float(kappa))
    if best is None:
        raise MethodError("choose_stance_settings: no scored sentence has a hand code. Fix: pass scores for the coded corpus.")
    return best


@skippable
def cross_validate_stance(scores: dict, hand: pd.DataFrame, thresholds=THRESHOLDS) -> pd.DataFrame:
    """Leave-one-article-out: choose settings on four articles, predict the fifth.

    Returns
    -------
    pandas.DataFrame
        One row per held-out sentence: doc_id, sent_idx, ``hand`` and
        ``predicted`` stance, and the ``settings`` label chosen without that
        article. Pass ``predicted`` and ``hand`` to :func:`agreement` for the
        cross-validated figure.
    """
    frames = _labelled(scores, hand)
    parts = []
    for held_out in sorted(hand["doc_id"].unique()):
        settings, _ = _choose(frames, thresholds, held_out)
        key = next(k for k in frames if (k.lexicon, k.n, k.mask) == (settings.lexicon, settings.n, settings.mask))
        test = frames[key][frames[key]["doc_id"] == held_out]
        parts.append(pd.DataFrame({"doc_id": held_out, "sent_idx": test["sent_idx"].to_numpy(),
                                   "hand": test["stance"].astype(int).to_numpy(),
                                   "predicted": _stance(test["score"], settings.threshold),
                                   "settings": settings.label}))
    return pd.concat(parts, ignore_index=True)


def _stance(scores: pd.Series, threshold: float) -> np.ndarray:
    """-1/0/+1 as integers, by :func:`fsf.sentiment.to_stance` (the scores here are never missing)."""
    from fsf.stance.score import to_stance

    return to_stance(scores, threshold).to_numpy(dtype=int)


@skippable
def misclassified(auto: pd.DataFrame, hand: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences where the automated stance differs from the hand code, with both and the text.

    Parameters
    ----------
    auto : pandas.DataFrame
        doc_id, sent_idx, score, stance (e.g. from :func:`fsf.sentiment.sentence_stance`).
    hand : pandas.DataFrame
        doc_id, sent_idx, stance, note (hand codes).
    sentences : pandas.DataFrame
        doc_id, sent_idx, text.
    """
    merged = (auto.merge(hand[["doc_id", "sent_idx", "stance", "note"]], on=["doc_id", "sent_idx"],
                         suffixes=("_auto", "_hand"))
              .merge(sentences[["doc_id", "sent_idx", "text"]], on=["doc_id", "sent_idx"]))
    wrong = merged[merged["stance_hand"].notna() & merged["stance_auto"].notna()
                   & (merged["stance_hand"] != merged["stance_auto"])]
    return wrong[["doc_id", "sent_idx", "stance_hand", "stance_auto", "score", "text", "note"]].reset_index(drop=True)


@skippable
def sweep_agreement(scores: dict, hand: pd.DataFrame) -> pd.DataFrame:
    """Kappa against the hand codes for every scored setting (each at its own threshold).

    Returns
    -------
    pandas.DataFrame
        lexicon, n (``sentence`` for the whole sentence), mask, threshold,
        n_items, kappa: in-sample figures, to show how results move with the
        window, not to choose it (that is :func:`cross_validate_stance`).
    """
    rows = []
    for key, frame in _labelled(scores, hand).items():
        predicted = _stance(frame["score"], key.threshold)
        rows.append((key.lexicon, "sentence" if key.n is None else str(key.n), key.mask, key.threshold,
                     len(frame), round(cohen_kappa(frame["stance"].astype(int).to_numpy(), predicted), 3)))
    return pd.DataFrame(rows, columns=["lexicon", "n", "mask", "threshold", "n_items", "kappa"])


@skippable
def measure_comparison(measures: dict, hand: pd.DataFrame) -> pd.DataFrame:
    """Agreement of several stance measures with the hand codes, side by side.

    Parameters
    ----------
    measures : dict
        Name -> DataFrame with doc_id, sent_idx and ``stance`` (NA where the
        measure gives none).
    hand : pandas.DataFrame
        Hand codes (doc_id, sent_idx, refers_ff, stance).

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``coverage`` (share of sentences about foreign
        fighters that the measure scores), n, accuracy, kappa, macro_f1.

    Examples
    --------
    >>> hand = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 1, 2], "refers_ff": [1, 1, 0],
    ...                      "stance": pd.array([1, 0, pd.NA], dtype="Int64")})
    >>> auto = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 1, 2], "stance": pd.array([1, pd.NA, 0], dtype="Int64")})
    >>> measure_comparison({"m": auto}, hand)[["coverage", "n", "accuracy"]].values.tolist()
    [[0.5, 1.0, 1.0]]
    """
    about = hand[hand["refers_ff"] == 1][["doc_id", "sent_idx", "stance"]]
    rows = []
    for name, table in measures.items():
        merged = about.merge(table[["doc_id", "sent_idx", "stance"]], on=["doc_id", "sent_idx"],
                             how="left", suffixes=("_hand", "_auto"))
        scored = merged[merged["stance_auto"].notna()]
        stats = agreement(scored["stance_auto"], scored["stance_hand"])
        rows.append((name, round(len(scored) / len(merged), 3), stats["n"], stats["accuracy"], stats["kappa"],
                     stats["macro_f1"]))
    return pd.DataFrame(rows, columns=["measure", "coverage", "n", "accuracy", "kappa", "macro_f1"])


def _detected(found: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    hits = found[["doc_id", "sent_idx"]].drop_duplicates().assign(detected=1)
    out = sentences[["doc_id", "sent_idx"]].merge(hits, on=["doc_id", "sent_idx"], how="left")
    out["detected"] = out["detected"].fillna(0).astype(int)
    return out


@skippable
def mention_detection(found: pd.DataFrame, sentences: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Sentence-level detection of foreign fighters against the hand codes.

    Returns
    -------
    pandas.DataFrame
        A row ``all`` (precision, recall, F1 over every sentence) and one row
        per hand-coded reference type (recall only: within a type every
        sentence refers to foreign fighters, so there are no false positives).
    """
    merged = _detected(found, sentences).merge(codes[["doc_id", "sent_idx", "refers_ff", "ref_type"]],
                                                on=["doc_id", "sent_idx"])
    overall = detection_agreement(merged["detected"], merged["refers_ff"])
    about = merged[merged["refers_ff"] == 1]
    by_type = detection_agreement(about["detected"], about["refers_ff"], by=about["ref_type"])
    by_type[["precision", "f1"]] = np.nan
    return pd.concat([overall, by_type], ignore_index=True)


@skippable
def missed_mentions(found: pd.DataFrame, sentences: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Detection errors for close reading: sentences the patterns missed or wrongly flagged.

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, ``error`` (missed / false alarm), the hand-coded
        ref_type, the text and the coder's note.
    """
    merged = (_detected(found, sentences)
              .merge(codes[["doc_id", "sent_idx", "refers_ff", "ref_type", "note"]], on=["doc_id", "sent_idx"])
              .merge(sentences[["doc_id", "sent_idx", "text"]], on=["doc_id", "sent_idx"]))
    wrong = merged[merged["detected"] != merged["refers_ff"]].copy()
    wrong["error"] = np.where(wrong["refers_ff"] == 1, "missed", "false alarm")
    return wrong[["doc_id", "sent_idx", "error", "ref_type", "text", "note"]].reset_index(drop=True)
