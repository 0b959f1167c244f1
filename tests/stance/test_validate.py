"""Tests for fsf.validation: agreement statistics on hand-computed examples, and the CV logic."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from fsf import agreement
from fsf import codes
from fsf.stance import validate
from fsf.errors import CorpusError, MethodError
from fsf.stance.score import StanceSettings


def test_kappa_by_hand():
    # hand:  +1 +1  0  0 -1 -1 ; auto: +1  0  0  0 -1 +1
    # observed = 4/6; marginals hand (2,2,2)/6, auto (1,3,2)/6 over (-1,0,+1)
    # expected = (2*1 + 2*3 + 2*2)/36 = 12/36; kappa = (4/6 - 1/3) / (1 - 1/3) = 0.5
    hand = [1, 1, 0, 0, -1, -1]
    auto = [1, 0, 0, 0, -1, 1]
    assert agreement.cohen_kappa(hand, auto) == pytest.approx(0.5)
    assert agreement.cohen_kappa(hand, auto) == pytest.approx(cohen_kappa_score(hand, auto))


def test_kappa_undefined_when_one_label_only():
    assert np.isnan(agreement.cohen_kappa([0, 0, 0], [0, 0, 0]))


def test_agreement_drops_and_counts_missing():
    stats = agreement.agreement(pd.array([1, 0, pd.NA, -1], dtype="Int64"), [1, 0, 1, 1])
    assert stats["n"] == 3 and stats["n_missing"] == 1 and stats["accuracy"] == pytest.approx(0.667, abs=1e-3)


def test_agreement_needs_overlap():
    with pytest.raises(MethodError, match="no item has both codes"):
        agreement.agreement(pd.array([pd.NA], dtype="Int64"), [1])


def test_confusion_rows_are_hand_codes():
    table = agreement.confusion([1, 1, 0], [1, 0, 0])
    assert table.loc[0, 1] == 1 and table.loc[1, 1] == 1 and table.loc[0, 0] == 1
    assert table.to_numpy().sum() == 3 and table.index.name == "hand"


def test_detection_agreement_by_group():
    table = agreement.detection_agreement([1, 0, 1, 1], [1, 1, 0, 1], by=["x", "x", "y", "y"]).set_index("group")
    assert table.loc["x", ["tp", "fn", "recall"]].tolist() == [1, 1, 0.5]
    assert table.loc["y", ["tp", "fp", "precision"]].tolist() == [1, 1, 0.5]


def test_hand_codes_must_align_with_sentences():
    seed_codes = codes.load_stance_codes()
    sents = seed_codes[["doc_id", "sent_idx", "text"]].copy()
    codes.load_stance_codes(sents)  # aligned: no error
    sents.loc[5, "text"] = "A sentence the splitter now cuts differently."
    with pytest.raises(codes.CodesError, match=r"199 of 200 codes match a sentence of the corpus; line 7 does not"):
        codes.load_stance_codes(sents)


def test_hand_codes_are_complete_and_consistent():
    seed_codes = codes.load_stance_codes()
    about = seed_codes[seed_codes.refers_ff == 1]
    assert about["stance"].notna().all() and seed_codes.loc[seed_codes.refers_ff == 0, "stance"].isna().all()
    assert set(about["ref_type"]) == {"explicit", "named", "contextual", "pronoun"}
    assert set(seed_codes["confidence"]) == {"high", "low"}
    nonzero = about[about["stance"] != 0]
    assert (nonzero["note"].str.len() > 0).all()


def toy_scores():
    """Two articles; setting A separates the codes at threshold 0.3, setting B never does."""
    hand = pd.DataFrame({"doc_id": ["a"] * 3 + ["b"] * 3, "sent_idx": [0, 1, 2] * 2,
                         "stance": pd.array([1, 0, -1, 1, 0, -1], dtype="Int64")})
    a = hand[["doc_id", "sent_idx"]].assign(score=[0.6, 0.2, -0.6, 0.5, -0.1, -0.4])
    b = hand[["doc_id", "sent_idx"]].assign(score=[-0.6, 0.6, 0.6, -0.5, 0.5, 0.4])
    return {StanceSettings(lexicon="A"): a, StanceSettings(lexicon="B"): b}, hand


def test_choose_settings_picks_the_separating_one():
    scores, hand = toy_scores()
    chosen, kappa = validate.choose_stance_settings(scores, hand, thresholds=(0.05, 0.3))
    assert (chosen.lexicon, chosen.threshold, kappa) == ("A", 0.3, 1.0)


def test_cross_validation_never_sees_the_held_out_article():
    scores, hand = toy_scores()
    # make B perfect on article a too: holding out b, the choice made on a is then a tie
    scores[StanceSettings(lexicon="B")].loc[:2, "score"] = [0.6, 0.0, -0.6]
    cv = validate.cross_validate_stance(scores, hand, thresholds=(0.05, 0.3))
    # holding out a, the choice is made on b (A wins there); holding out b, on a (A and B tie, A first)
    assert cv.groupby("doc_id")["settings"].first().str.startswith("A").all()
    assert cv["predicted"].tolist() == [1, 0, -1, 1, 0, -1]


def test_measure_comparison_reports_coverage():
    scores, hand = toy_scores()
    hand = hand.assign(refers_ff=1)
    auto = hand[["doc_id", "sent_idx"]].assign(stance=pd.array([1, 0, -1, pd.NA, pd.NA, pd.NA], dtype="Int64"))
    table = validate.measure_comparison({"half": auto}, hand)
    assert table.loc[0, ["coverage", "n", "accuracy", "kappa"]].tolist() == [0.5, 3, 1.0, 1.0]


def test_sweep_agreement_one_row_per_setting():
    scores, hand = toy_scores()
    sweep = validate.sweep_agreement(scores, hand)
    assert sweep["lexicon"].tolist() == ["A", "B"] and sweep["n_items"].tolist() == [6, 6]


# Two blind codings of new articles, with fsf's measures (fsf/data/validation/new_articles_stance.csv)
def test_the_new_article_table_ships_codes_and_measures_but_no_text():
    table = validate.load_new_article_codes()
    assert len(table) == 336 and table["doc_id"].nunique() == 25
    assert not {"text", "sentence", "quote"} & set(table.columns)  # other people's words are not shipped
    assert set(table["a_refers_ff"]) == set(table["b_refers_ff"]) == {0, 1}
    for coder in ("a", "b"):  # a stance exactly where the coder says the sentence refers
        assert (table[f"{coder}_stance"].notna() == (table[f"{coder}_refers_ff"] == 1)).all()
    # fsf gives a stance exactly where it found a mention; plain VADER scores every sentence
    for column in ("fsf_seed_model", "fsf_lexicon", "fsf_own_codes"):
        assert (table[column].notna() == (table["fsf_detected"] == 1)).all()
    assert table["plain_vader"].notna().all()
    # the own-codes model never predicts an article from a model that saw its codes
    scored = table[table["fsf_own_codes"].notna()]
    assert (scored["own_codes_fold"] == scored["doc_id"]).all()


def test_new_article_agreement_recomputes_each_kappa_from_the_codes():
    table = validate.load_new_article_codes()
    result = validate.new_article_agreement(table, n_boot=200).set_index(["what", "compared", "reference"])
    both = table[(table["a_refers_ff"] == 1) & (table["b_refers_ff"] == 1)]
    coders = result.loc[("stance", "coder A", "coder B")]
    assert coders["n"] == len(both)
    assert coders["kappa"] == round(cohen_kappa_score(both["a_stance"].astype(int), both["b_stance"].astype(int)), 3)
    lexicon = result.loc[("stance", validate.NEW_ARTICLE_MEASURES["fsf_lexicon"], "coder B")]
    about = table[table["b_refers_ff"] == 1]
    missed_as_zero = about["fsf_lexicon"].fillna(0).astype(int)
    assert lexicon["kappa"] == round(cohen_kappa_score(about["b_stance"].astype(int), missed_as_zero), 3)
    assert lexicon["coverage"] == round(float(about["fsf_lexicon"].notna().mean()), 3)
    stance_rows = result[result["kappa"].notna()]
    assert (stance_rows["kappa_low"] <= stance_rows["kappa"]).all() and (stance_rows["kappa"] <= stance_rows["kappa_high"]).all()
    detection = result.loc[("refers_ff", "fsf mention detection", "coder B")]
    flagged = table["fsf_detected"] == 1
    assert detection["precision"] == round(float((table.loc[flagged, "b_refers_ff"] == 1).mean()), 3)
