"""Tests for fsf.targets: mention patterns on invented sentences and against the hand codes."""

from __future__ import annotations

import pandas as pd
import pytest

from fsf.stance import targets
from fsf.corpus import load_corpus
from fsf.text import sentences
from fsf.validation import detection_agreement, load_stance_codes


def sents(*texts, doc_id="a"):
    return pd.DataFrame({"doc_id": doc_id, "sent_idx": range(len(texts)), "text": list(texts)})


@pytest.mark.parametrize("sentence, expected", [
    ("Some foreign fighters fled.", [("foreign fighters", "explicit")]),
    ("7,000 foreigners fighting with the opposition", [("foreigners fighting", "explicit")]),
    ("He was with the Muhajirin for months.", [("Muhajirin", "explicit")]),
    ("attitudes towards these outsiders", [("these outsiders", "explicit")]),
    ("Abu Saad and Abi Saaf and Dimitry Kaplan", [("Abu Saad", "named"), ("Abi Saaf", "named"), ("Dimitry Kaplan", "named")]),
    ("The Europeans are seeking adventure.", [("Europeans", "contextual")]),
    ("When we bring out a European, we eat.", [("a European", "contextual")]),
    ("They came from European countries.", []),  # an adjective, not the fighters
    ("Syrian Kurdish fighters and rebel fighters met.", []),  # local modifiers exclude
    ("Most of the defectors are French.", [("defectors", "contextual")]),
    ("former Isis fighters crossed", [("former Isis fighters", "contextual")]),
    ("the foreign fighters' families", [("foreign fighters", "explicit")]),
    ("the fighterstown road", []),  # whole words only
])
def test_find_mentions(sentence, expected):
    assert [(text, kind) for _, _, text, kind in targets.find_mentions(sentence)] == expected


def test_spans_index_the_sentence():
    sentence = "Locals say the foreign fighters and Kaplan must go."
    for start, end, text, _ in targets.find_mentions(sentence):
        assert sentence[start:end] == text


def test_contextual_words_need_an_explicit_mention_in_the_article():
    without = targets.mentions(sents("The fighters left.", "The militants stayed."))
    assert without.empty and list(without.columns) == targets.MENTION_COLUMNS
    with_context = targets.mentions(sents("Foreign fighters arrived.", "The militants stayed."))
    assert with_context["kind"].tolist() == ["explicit", "contextual"]


def test_pronouns_carry_for_two_sentences_only():
    found = targets.mentions(sents("Foreign fighters arrived.", "They rested.", "Then they left.",
                                   "They were never seen again."))
    assert found[["sent_idx", "kind"]].values.tolist() == [[0, "explicit"], [1, "pronoun"], [2, "pronoun"]]
    assert targets.mentions(sents("Foreign fighters arrived.", "They rested."), carry=0)["sent_idx"].tolist() == [0]


def test_pronouns_do_not_cross_articles():
    table = pd.concat([sents("Foreign fighters arrived."), sents("They rested.", doc_id="b")], ignore_index=True)
    assert targets.mentions(table)["doc_id"].tolist() == ["a"]


def test_no_mentions_anywhere_gives_an_empty_table():
    assert targets.mentions(sents("Nothing here.", "Or here.")).empty


def test_kwic_shows_every_mention():
    table = sents("Many foreign fighters left Syria for Turkey.")
    kwic = targets.mention_kwic(targets.mentions(table), table, width=5)
    assert kwic[["left", "mention", "right"]].values.tolist() == [["Many", "foreign fighters", "left"]]


def test_patterns_are_documented_data():
    table = pd.read_csv(targets.config.DATA_DIR / "ff_mentions.csv", keep_default_na=False)
    assert set(table["kind"]) == {"explicit", "named", "contextual", "exclude"}
    assert (table["note"].str.len() > 10).all()


def test_detection_against_hand_codes():
    """Pinned agreement with the hand codes: a change to the patterns that moves it shows here.

    The four false positives were read by hand: 000/3 ('them' = the posters), 002/29 ('these
    guys' = the commanders), 004/5 (ISIS fighters in general) and 004/18 (informants).
    """
    sent_table = sentences(load_corpus())
    codes = load_stance_codes(sent_table)
    found = targets.mentions(sent_table)
    auto = sent_table[["doc_id", "sent_idx"]].merge(found[["doc_id", "sent_idx"]].drop_duplicates().assign(auto=1),
                                                    how="left").fillna({"auto": 0})
    overall = detection_agreement(auto["auto"], codes["refers_ff"]).iloc[0]
    assert (overall.tp, overall.fp, overall.fn) == (129, 4, 34)
    assert overall.precision == pytest.approx(0.970, abs=5e-4) and overall.recall == pytest.approx(0.791, abs=5e-4)
    about = codes["refers_ff"] == 1
    by_kind = detection_agreement(auto.loc[about, "auto"], codes.loc[about, "refers_ff"], by=codes.loc[about, "ref_type"])
    assert by_kind.set_index("group")["recall"].to_dict() == {"contextual": 0.97, "explicit": 1.0, "named": 1.0, "pronoun": 0.5}
