"""Tests for fsf.sentiment: windows, lexicons, stance, aggregates, the chosen settings."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from fsf import agreement
from fsf import codes as fcodes
from fsf.stance import score as sentiment
from fsf.stance import validate
from fsf.corpus import load_corpus
from fsf.errors import MethodError
from fsf.stance.targets import mentions
from fsf.text import sentences


def sents(*texts):
    return pd.DataFrame({"doc_id": "a", "sent_idx": range(len(texts)), "text": list(texts)})


def vader_normalise(total: float) -> float:
    """VADER's compound: total / sqrt(total**2 + 15) (alpha = 15), rounded as VADER does."""
    return round(total / math.sqrt(total * total + 15), 4)


@pytest.fixture(scope="module")
def seed_sentences():
    return sentences(load_corpus())


@pytest.mark.parametrize("n, expected", [
    (0, "foreign fighters"),
    (1, "the foreign fighters are"),
    (3, "Locals say the foreign fighters are not welcome"),
    (None, "Locals say the foreign fighters are not welcome here."),
    (50, "Locals say the foreign fighters are not welcome here."),
])
def test_window_span(n, expected):
    sentence = "Locals say the foreign fighters are not welcome here."
    a, b = sentiment.window_span(sentence, 15, 31, n)
    assert sentence[a:b] == expected


def test_negative_window_is_refused():
    with pytest.raises(MethodError, match="window size n=-1"):
        sentiment.window_span("x y", 0, 1, -1)


def test_domain_lexicon_reorients_victim_words():
    # 'tricked' is -0.6 in VADER's own lexicon but +2.0 (sympathetic) in the stance lexicon
    table = sents("The foreign fighters were tricked.")
    found = mentions(table)
    vader = sentiment.score_mentions(found, table, n=None, lexicon="vader").score[0]
    domain = sentiment.score_mentions(found, table, n=None, lexicon="domain").score[0]
    assert vader == vader_normalise(-0.2 - 0.6)  # 'fighters' -0.2, 'tricked' -0.6
    assert domain == vader_normalise(2.0)


def test_vader_rules_apply_to_domain_terms():
    # negation: VADER multiplies a word after 'not' by -0.74
    table = sents("The foreign fighters are not welcome.")
    score = sentiment.score_mentions(mentions(table), table, n=None, lexicon="fsf").score[0]
    assert score == vader_normalise(-0.2 + 2.0 * -0.74)


def test_mask_replaces_the_target_name():
    table = sents("The defectors arrived.")
    table_with_context = pd.concat([sents("Foreign fighters came."), table.assign(sent_idx=1)], ignore_index=True)
    found = mentions(table_with_context)
    scored = sentiment.score_mentions(found, table_with_context, n=None, lexicon="vader", mask=True)
    assert scored.window.tolist() == ["them came.", "The them arrived."]
    assert scored.score.tolist() == [0.0, 0.0]  # VADER's -1.3 for 'defectors' no longer counts


@pytest.mark.parametrize("scores, threshold, expected", [
    ([0.6, -0.02, -0.3, np.nan, 0.1], 0.1, [1, 0, -1, pd.NA, 1]),
    ([0.04, -0.05], 0.05, [0, -1]),
])
def test_to_stance(scores, threshold, expected):
    assert sentiment.to_stance(pd.Series(scores), threshold).tolist() == expected


def test_to_stance_threshold_must_be_sensible():
    with pytest.raises(MethodError, match="threshold=1.5"):
        sentiment.to_stance(pd.Series([0.1]), 1.5)


def test_sentence_stance_has_one_row_per_sentence_and_na_without_mention():
    table = sents("Foreign fighters were tricked and afraid.", "The weather was fine.", "They were stuck.")
    out = sentiment.sentence_stance(table, mentions(table))
    assert list(out.columns) == sentiment.FF_SENTENCE_COLUMNS
    assert out["mentions_ff"].tolist() == [1, 0, 1]
    assert out["stance"].tolist() == [1, pd.NA, 1]
    assert pd.isna(out.loc[1, "score"])


def test_corpus_without_any_mention_is_defined(seed_sentences):
    table = sents("Nothing about the target.", "Still nothing.")
    out = sentiment.sentence_stance(table, mentions(table))
    assert out["mentions_ff"].sum() == 0 and out["stance"].isna().all()
    summary = sentiment.summarize(out)
    assert summary.loc[0, "n_scored"] == 0 and np.isnan(summary.loc[0, "mean"])


def test_summarize_reports_n_and_spread():
    ff = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"], "score": [0.5, -0.5, 0.1, np.nan, 0.2],
                       "stance": pd.array([1, -1, 0, pd.NA, 1], dtype="Int64")})
    summary = sentiment.summarize(ff).set_index("doc_id")
    assert summary.loc["a", ["n_sentences", "n_scored", "n_negative", "n_neutral", "n_positive"]].tolist() == [4, 3, 1, 1, 1]
    assert summary.loc["a", "mean"] == pytest.approx(0.1 / 3, abs=1e-3)
    assert summary.loc["a", "sd"] == pytest.approx(np.std([0.5, -0.5, 0.1], ddof=1), abs=1e-3)
    assert summary.loc["b", "share_positive"] == 1.0 and np.isnan(summary.loc["b", "sd"])


def test_lexicon_before_validation_leaves_out_later_terms():
    assert "threat" in sentiment.analyzer("domain").lexicon
    assert "threat" not in sentiment.analyzer("domain-before-validation").lexicon
    assert "tricked" in sentiment.analyzer("domain-before-validation").lexicon


def test_unknown_lexicon():
    with pytest.raises(MethodError, match="unknown lexicon 'afinn'"):
        sentiment.analyzer("afinn")


def test_lexicon_is_well_formed():
    lex = sentiment.load_stance_lexicon()
    assert not lex["term"].duplicated().any()
    assert lex["valence"].between(-4, 4).all() and (lex["rationale"].str.len() > 10).all()
    assert {"tricked", "threat", "unwelcome", "executed", "disillusioned"} <= set(lex["term"])
    assert set(lex["added"]) == {"before validation", "after the first validation run"}
    assert (lex["added"] == "before validation").sum() == 64


def test_default_settings_are_the_ones_the_hand_codes_choose(seed_sentences):
    """DEFAULT must be what choose_stance_settings picks on all five articles; if the codes,
    the patterns or the lexicon change, this fails and DEFAULT must be re-derived."""
    found = mentions(seed_sentences)
    codes = fcodes.load_stance_codes(seed_sentences)
    chosen, kappa = validate.choose_stance_settings(sentiment.score_grid(seed_sentences, found), codes)
    assert chosen == sentiment.DEFAULT
    assert kappa == pytest.approx(0.4276, abs=5e-4)  # gold codes, corrected lexicon, no seed-only names (issue 11)


def test_cross_validated_agreement_is_pinned(seed_sentences):
    """The honest (leave-one-article-out) agreement of the measure, pinned so a regression shows."""
    found = mentions(seed_sentences)
    codes = fcodes.load_stance_codes(seed_sentences)
    cv = validate.cross_validate_stance(sentiment.score_grid(seed_sentences, found), codes)
    stats = agreement.agreement(cv["predicted"], cv["hand"])
    assert stats == {"n": 132, "n_missing": 0, "accuracy": 0.667, "kappa": 0.402, "macro_f1": 0.593}


def test_plain_vader_is_worse_than_the_fsf_measure(seed_sentences):
    codes = fcodes.load_stance_codes(seed_sentences)
    plain = sentiment.sentence_vader(seed_sentences)
    plain["stance"] = sentiment.to_stance(plain["score"], 0.05)
    about = codes[codes.refers_ff == 1]
    merged = about.merge(plain, on=["doc_id", "sent_idx"], suffixes=("_hand", "_auto"))
    assert agreement.agreement(merged["stance_auto"], merged["stance_hand"])["kappa"] < 0.1


def test_window_sweep_lists_every_size(seed_sentences):
    sweep = sentiment.window_sweep(seed_sentences, mentions(seed_sentences), sizes=(2, None))
    assert sorted(sweep["n"].unique()) == ["2", "sentence"]
    assert sweep.groupby("n")["n_mentions"].sum().nunique() == 1
