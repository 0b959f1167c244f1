"""Check automated measures against careful hand coding.

The hand codes live in ``fsf/data/hand_coding/`` with their codebooks in
``docs/``. Agreement is reported as counts, precision/recall/F1 for
detection, and accuracy, Cohen's kappa and a confusion matrix for stance
(Grimmer & Stewart 2013 on why automated text measures must be validated).
Anything tuned on the codes is scored by leave-one-article-out
cross-validation: the settings are chosen on four articles and scored on
the fifth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fsf import config
from fsf.errors import CorpusError, MethodError

__all__ = [
    "STANCE_LABELS", "THRESHOLDS", "agreement", "choose_stance_settings", "cohen_kappa", "confusion",
    "cross_validate_stance", "measure_comparison", "sweep_agreement",
    "detection_agreement", "load_quote_codes", "load_stance_codes", "match_quotes", "mention_detection",
    "misclassified", "missed_mentions", "quote_agreement",
]

STANCE_LABELS = (-1, 0, 1)


def load_stance_codes(sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The hand codes of every sentence: refers_ff, ref_type, stance, confidence, note.

    Parameters
    ----------
    sentences : pandas.DataFrame, optional
        The sentence table of the seeds (:func:`fsf.text.sentences`); if
        given, every code must sit on the same sentence text, or the
        sentence splitter has changed and the codes must be realigned.

    Examples
    --------
    >>> codes = load_stance_codes()
    >>> len(codes), int(codes.refers_ff.sum())
    (200, 163)
    """
    path = config.DATA_DIR / "hand_coding" / "ff_sentences_hand.csv"
    codes = pd.read_csv(path, dtype={"doc_id": str, "ref_type": str, "note": str}, keep_default_na=False)
    codes["stance"] = pd.to_numeric(codes["stance"], errors="raise").astype("Int64")
    if sentences is not None:
        merged = codes.merge(sentences[["doc_id", "sent_idx", "text"]], on=["doc_id", "sent_idx"],
                             how="outer", suffixes=("", "_now"), indicator=True)
        bad = merged[(merged["_merge"] != "both") | (merged["text"] != merged["text_now"])]
        if len(bad):
            row = bad.iloc[0]
            raise CorpusError(
                f"{path.name}: the code for sentence {row['doc_id']}/{row['sent_idx']} no longer matches the "
                "sentence table (the splitter or the cleaning changed). Fix: realign the hand codes before "
                "using them.")
    return codes


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


THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
"""Candidate stance thresholds searched by :func:`choose_stance_settings`."""


def _labelled(scores: dict, hand: pd.DataFrame) -> dict:
    """Scores joined to the hand stance, keeping sentences both code and score."""
    frames = {}
    for key, table in scores.items():
        merged = table.merge(hand[["doc_id", "sent_idx", "stance"]], on=["doc_id", "sent_idx"])
        frames[key] = merged[merged["stance"].notna() & merged["score"].notna()]
    return frames


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


def _stance(scores: pd.Series, threshold: float) -> np.ndarray:
    """-1/0/+1 as integers, by :func:`fsf.sentiment.to_stance` (the scores here are never missing)."""
    from fsf.sentiment import to_stance

    return to_stance(scores, threshold).to_numpy(dtype=int)


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


# --------------------------------------------------------------------------
# Quotations
# --------------------------------------------------------------------------


def load_quote_codes(paragraphs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The hand-coded quotation segments, with their character span in the paragraph when paragraphs are given.

    Examples
    --------
    >>> codes = load_quote_codes()
    >>> len(codes), codes.utterance_id.groupby(codes.doc_id).nunique().sum()
    (49, np.int64(34))
    """
    path = config.DATA_DIR / "hand_coding" / "quotes_hand.csv"
    codes = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
    if paragraphs is not None:
        text = paragraphs.set_index(["doc_id", "paragraph_idx"])["text"]
        starts = []
        for row in codes.itertuples():
            start = text.get((row.doc_id, row.paragraph_idx), "").find(row.quote)
            if start < 0:
                raise CorpusError(f"{path.name}: quote {row.doc_id}/{row.quote_id} is not in paragraph "
                                  f"{row.paragraph_idx} any more (cleaning changed). Fix: realign the hand codes.")
            starts.append(start)
        codes["start"] = starts
        codes["end"] = codes["start"] + codes["quote"].str.len()
    return codes


def match_quotes(auto: pd.DataFrame, codes: pd.DataFrame, *, min_overlap: float = 0.5) -> pd.DataFrame:
    """Pair automated and hand-coded quote segments of the same paragraph that overlap.

    Two segments match when the overlap of their character spans is at least
    ``min_overlap`` of their union. Returns an outer join: one row per pair,
    per unmatched automated segment (``found = 'false alarm'``) and per
    unmatched hand segment (``found = 'missed'``); matched rows have
    ``found = 'matched'``, both speakers and types, and whether they agree.
    """
    from fsf.quotes import speaker_key

    pairs, used = [], set()
    for h in codes.itertuples():
        same = auto[(auto["doc_id"] == h.doc_id) & (auto["paragraph_idx"] == h.paragraph_idx)]
        best = None
        for a in same.itertuples():
            union = max(a.end, h.end) - min(a.start, h.start)
            overlap = max(0, min(a.end, h.end) - max(a.start, h.start)) / union if union else 0
            if overlap >= min_overlap and a.Index not in used and (best is None or overlap > best[1]):
                best = (a, overlap)
        if best is None:
            pairs.append((h.doc_id, h.paragraph_idx, "missed", h.quote, None, h.speaker, None, h.speaker_type, None,
                          np.nan, h.utterance_id, None))
            continue
        a, overlap = best
        used.add(a.Index)
        pairs.append((h.doc_id, h.paragraph_idx, "matched", h.quote, a.quote, h.speaker, a.speaker,
                      h.speaker_type, a.speaker_type, round(overlap, 3), h.utterance_id, a.utterance))
    for a in auto.itertuples():
        if a.Index not in used:
            pairs.append((a.doc_id, a.paragraph_idx, "false alarm", None, a.quote, None, a.speaker, None,
                          a.speaker_type, np.nan, None, a.utterance))
    out = pd.DataFrame(pairs, columns=["doc_id", "paragraph_idx", "found", "quote_hand", "quote_auto", "speaker_hand",
                                       "speaker_auto", "type_hand", "type_auto", "overlap", "utterance_hand",
                                       "utterance_auto"])
    matched = out["found"] == "matched"
    out["same_speaker"] = matched & (out["speaker_hand"].map(lambda s: speaker_key(s) if isinstance(s, str) else s)
                                     == out["speaker_auto"].map(lambda s: speaker_key(s) if isinstance(s, str) else s))
    out["same_type"] = matched & (out["type_hand"] == out["type_auto"])
    return out.sort_values(["doc_id", "paragraph_idx"], kind="stable").reset_index(drop=True)


def quote_agreement(matched: pd.DataFrame) -> pd.DataFrame:
    """Extraction precision and recall, and attribution accuracy, from :func:`match_quotes`.

    Examples
    --------
    >>> m = pd.DataFrame({"found": ["matched", "matched", "missed", "false alarm"], "overlap": [1.0, 0.8, None, None],
    ...                   "same_speaker": [True, False, False, False], "same_type": [True, True, False, False]})
    >>> quote_agreement(m).set_index("measure")["value"].to_dict()
    {'extraction precision': 0.667, 'extraction recall': 0.667, 'exact boundaries (share of matched)': 0.5, 'speaker accuracy (matched)': 0.5, 'speaker type accuracy (matched)': 1.0}
    """
    found = matched["found"]
    n_match, n_auto, n_hand = (found == "matched").sum(), (found != "missed").sum(), (found != "false alarm").sum()
    pairs = matched[found == "matched"]
    rows = [
        ("extraction precision", n_match / n_auto if n_auto else np.nan, f"{n_match} of {n_auto} extracted"),
        ("extraction recall", n_match / n_hand if n_hand else np.nan, f"{n_match} of {n_hand} hand-coded"),
        ("exact boundaries (share of matched)", (pairs["overlap"] == 1).mean() if n_match else np.nan,
         f"{int((pairs['overlap'] == 1).sum())} of {n_match}"),
        ("speaker accuracy (matched)", pairs["same_speaker"].mean() if n_match else np.nan,
         f"{int(pairs['same_speaker'].sum())} of {n_match}"),
        ("speaker type accuracy (matched)", pairs["same_type"].mean() if n_match else np.nan,
         f"{int(pairs['same_type'].sum())} of {n_match}"),
    ]
    if {"utterance_hand", "utterance_auto"} <= set(pairs.columns) and n_match > 1:
        same = []
        for _, doc in pairs.groupby("doc_id", sort=False):
            hand_same = doc["utterance_hand"].eq(doc["utterance_hand"].shift()).iloc[1:]
            auto_same = doc["utterance_auto"].eq(doc["utterance_auto"].shift()).iloc[1:]
            same.extend(hand_same.to_numpy() == auto_same.to_numpy())
        rows.append(("utterance grouping (consecutive segments)", float(np.mean(same)) if same else np.nan,
                     f"{int(np.sum(same))} of {len(same)} decisions"))
    out = pd.DataFrame(rows, columns=["measure", "value", "count"])
    out["value"] = out["value"].astype(float).round(3)
    return out
