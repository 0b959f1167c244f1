"""Validating the stance measure and the mention detection against hand codes.

Anything tuned on the codes is scored by leave-one-article-out cross-validation: the settings
are chosen on the other articles and scored on the held-out one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fsf.agreement import agreement, cohen_kappa, detection_agreement
from fsf.errors import MethodError, skippable

__all__ = ["NEW_ARTICLE_MEASURES", "THRESHOLDS", "choose_stance_settings", "cross_validate_stance",
           "load_new_article_codes", "measure_comparison", "mention_detection", "misclassified", "missed_mentions",
           "new_article_agreement", "sweep_agreement"]

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


NEW_ARTICLE_MEASURES = {
    "fsf_seed_model": "supervised model trained on the seeds' codes (the default for a corpus without codes)",
    "fsf_lexicon": "lexicon measure (domain lexicon, 8-token window)",
    "plain_vader": "plain VADER, whole sentence",
    "fsf_own_codes": "supervised model trained on coder A's codes of these articles, cross-fitted by article",
}
"""Columns of ``fsf/data/validation/new_articles_stance.csv`` holding a measure, and what each is."""


def load_new_article_codes(path=None) -> pd.DataFrame:
    """Two blind codings of 336 sentences of 25 news articles fsf's stance rules never saw, with fsf's measures.

    The articles (outlets in ``outlet``; 2014-2024) are other people's text and are not shipped:
    the table keeps only codes and measurements, one row per sentence. ``a_*`` and ``b_*`` are
    two independent codings from ``docs/codebook-ff-stance.md`` sections 1-4 (two AI coding
    assistants, each given only the codebook, the articles and the sentences);
    ``fsf_detected`` says whether fsf found a mention; ``fsf_seed_model``, ``fsf_lexicon`` and
    ``plain_vader`` are the stance fsf gave (empty: no mention found); ``fsf_own_codes`` the
    stance of the supervised model trained on coder A's codes of the other articles
    (``own_codes_fold``: the article held out). ``rules_read_it`` marks the 19 articles read
    while the mention, cleaning and quote rules were written (not the stance model: no stance
    code of these articles existed). Made with fsf 0.2.0 on 2026-11-30 (``docs/new-articles.md``).
    """
    from fsf import config

    path = path or config.DATA_DIR / "validation" / "new_articles_stance.csv"
    ints = ["a_stance", "b_stance", *NEW_ARTICLE_MEASURES]
    table = pd.read_csv(path, dtype={"doc_id": str, "own_codes_fold": str, **{c: "Float64" for c in ints}})
    for column in ints:
        table[column] = table[column].astype("Int64")
    return table


def new_article_agreement(table: pd.DataFrame | None = None, *, n_boot: int | None = None, seed: int = 0) -> pd.DataFrame:
    """How fsf's measures, and two careful coders, agree on articles the measures were not built from.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        From :func:`load_new_article_codes` (the default).
    n_boot, seed
        Bootstrap resamples of the sentences within articles (default
        :data:`fsf.reliability.N_BOOT`) and their seed, as for every interval in fsf.

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``what`` (refers_ff or stance), ``compared``, ``reference``
        (coder B; the consensus: both coders say the sentence refers and give it the same
        stance), ``n``, ``coverage`` (share of the reference sentences the measure gave a
        stance), ``kappa`` with ``kappa_low`` / ``kappa_high`` (95%), where a sentence the
        measure missed counts as 0 (no stance), and ``kappa_scored`` on the sentences it scored.
        Mention detection is scored as precision, recall and F1 in ``precision``,
        ``recall``, ``f1`` (kappa columns empty).
    """
    from fsf.reliability import N_BOOT, kappa_interval

    t = load_new_article_codes() if table is None else table
    n_boot = N_BOOT if n_boot is None else n_boot

    rows = []

    def add(what, compared, reference, frame, auto, hand):
        scored = frame[auto].notna()
        k, low, high = (round(x, 3) for x in kappa_interval(frame[hand], frame[auto].fillna(0), frame["doc_id"],
                                                              n_boot=n_boot, seed=seed))
        k_scored = round(cohen_kappa(frame.loc[scored, hand].astype(int), frame.loc[scored, auto].astype(int)), 3)
        rows.append({"what": what, "compared": compared, "reference": reference, "n": len(frame),
                     "coverage": round(float(scored.mean()), 3), "kappa": k, "kappa_low": low, "kappa_high": high,
                     "kappa_scored": k_scored})

    add("refers_ff", "coder A", "coder B", t, "a_refers_ff", "b_refers_ff")
    both = t[(t["a_refers_ff"] == 1) & (t["b_refers_ff"] == 1)]
    add("stance", "coder A", "coder B", both, "a_stance", "b_stance")
    coder_b = t[t["b_refers_ff"] == 1]
    consensus = both[both["a_stance"] == both["b_stance"]]
    for reference, frame, hand in (("coder B", coder_b, "b_stance"), ("consensus", consensus, "a_stance")):
        for column, name in NEW_ARTICLE_MEASURES.items():
            add("stance", name, reference, frame, column, hand)
    for coder in ("a", "b"):
        d = detection_agreement(t["fsf_detected"], t[f"{coder}_refers_ff"]).iloc[0]
        rows.append({"what": "refers_ff", "compared": "fsf mention detection", "reference": f"coder {coder.upper()}",
                     "n": len(t), "precision": d["precision"], "recall": d["recall"], "f1": d["f1"]})
    return pd.DataFrame(rows, columns=["what", "compared", "reference", "n", "coverage", "kappa", "kappa_low",
                                       "kappa_high", "kappa_scored", "precision", "recall", "f1"])
