"""Tests for fsf.targets: mention patterns on invented sentences and against the hand codes."""

from __future__ import annotations

import pandas as pd
import pytest

from fsf.stance import targets
from fsf.corpus import load_corpus
from fsf.text import sentences
from fsf.agreement import detection_agreement
from fsf.codes import load_stance_codes


def sents(*texts, doc_id="a"):
    return pd.DataFrame({"doc_id": doc_id, "sent_idx": range(len(texts)), "text": list(texts)})


@pytest.mark.parametrize("sentence, expected", [
    ("Some foreign fighters fled.", [("foreign fighters", "explicit")]),
    ("7,000 foreigners fighting with the opposition", [("foreigners fighting", "explicit")]),
    ("He was with the Muhajirin for months.", [("Muhajirin", "explicit")]),
    ("attitudes towards these outsiders", [("these outsiders", "explicit")]),
    ("Abu Example al-Tunisi and Umm Sample al-Britani", [("Abu Example al-Tunisi", "named"), ("Umm Sample al-Britani", "named")]),
    ("Kaplan, the economist, said growth slowed.", []),  # no one corpus's names: a surname alone is nobody
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


# Mentions that count without any other mention in the article (contextual=False still finds them)
@pytest.mark.parametrize("sentence, expected", [
    # origin + fighter noun
    ("Two British jihadists fled to the coast.", [("British jihadists", "contextual")]),
    ("A French fighter crossed the border at night.", [("French fighter", "contextual")]),
    ("Chechen militants left the province.", [("Chechen militants", "contextual")]),
    ("An Examplish-born recruit", []),  # not an origin of the list
    ("Another Australian terror recruit wants to go home.", [("Australian terror recruit", "contextual")]),
    ("Two Tunisian ISIS deserters were caught.", [("Tunisian ISIS deserters", "contextual")]),
    ("An Australian member of IS pleaded to return.", [("Australian member of IS", "contextual")]),
    # origin nouns who joined, fought or went
    ("About 230 Australians joined IS since 2012.", [("Australians joined IS", "contextual")]),
    ("Some 100 Britons who deserted the group are stranded.", [("Britons who deserted", "contextual")]),
    ("Some 500 Britons are believed to be fighting alongside the group.",
     [("Britons are believed to be fighting alongside", "contextual")]),
    ("A man who travelled to Syria in 2014 came back.", [("who travelled to Syria", "contextual")]),
    # foreignness stated: explicit
    ("Jihadists from abroad were arrested.", [("Jihadists from abroad", "explicit")]),
    ("Extremists pouring in from abroad took over.", [("Extremists pouring in from abroad", "explicit")]),
    ("Fighters from Central Asia stayed.", [("Fighters from Central Asia", "explicit")]),
    ("Foreign recruits and foreign IS fighters and foreign combatants", [
        ("Foreign recruits", "explicit"), ("foreign IS fighters", "explicit"), ("foreign combatants", "explicit")]),
    ("thousands of foreign jihadist former rebel fighters", [("foreign jihadist former rebel fighters", "explicit")]),
    ("The non-Syrian fighters left.", [("non-Syrian fighters", "explicit")]),
    # a nisba naming a foreign origin
    ("Abu Muadh al-Tunisi was injured in 2015.", [("Abu Muadh al-Tunisi", "named")]),
    # not foreign fighters
    ("Syrian fighters and Kurdish fighters left.", []),
    ("French fighter jets bombed the town.", []),
    ("Abu Mohammad al-Julani spoke in Idlib.", []),  # a Syrian nisba
    ("Russian forces and Turkish troops met.", []),
])
def test_mentions_that_count_anywhere(sentence, expected):
    assert [(text, kind) for _, _, text, kind in targets.find_mentions(sentence, contextual=False)] == expected


# Words that count only in an article with a mention that counts anywhere
@pytest.mark.parametrize("sentence, expected", [
    ("The Europeans left.", [("Europeans", "contextual")]),
    ("One Brit was caught at the crossing.", [("One Brit", "contextual")]),
    ("The Belgian believed to be behind it bragged.", [("The Belgian", "contextual")]),
    ("Two British nationals and a US citizen were held.", [("British nationals", "contextual"), ("US citizen", "contextual")]),
    ("One jihadist , who claimed to speak for them, wrote.", [("One jihadist", "contextual")]),
    ("a 24-year-old former recruit said", [("former recruit", "contextual")]),
    ("four men suspected of having fought for the Islamic State", [
        ("men suspected of having fought for the Islamic State", "contextual")]),
    ("A European country offered help.", []),  # an adjective, not the fighters
    ("The jihadist group issued a statement.", []),  # jihadist as an adjective
    ("A fighter for the Syrian Democratic Forces stood guard.", []),  # a local attachment after the word
    ("YPG fighters and rebel fighters", []),  # local modifiers before it
])
def test_contextual_words_in_context(sentence, expected):
    assert [(text, kind) for _, _, text, kind in targets.find_mentions(sentence)] == expected
    assert targets.find_mentions(sentence, contextual=False) == []


@pytest.mark.parametrize("texts, expected", [
    # an origin mention gives the context that general words need
    (["Two British jihadists fled.", "The fighters reached Turkey."], [[0, "contextual"], [1, "contextual"]]),
    # a person introduced as a foreign fighter is named wherever the article names him again
    (["US citizen Jon Examplar was among the foreign fighters who surrendered.", "Examplar was detained."],
     [[0, "contextual"], [0, "named"], [0, "explicit"], [1, "named"]]),
    (["Two British jihadists fled.", "Jane Roeland from Exampleton surrendered to the police last week.",
      "Roeland had lived in Raqqa."], [[0, "contextual"], [1, "named"], [2, "named"]]),
    (["Jane Roeland from Exampleton surrendered to the police.", "Roeland had lived in Raqqa."], []),  # no context
    # a singular foreign fighter, then he / his with nobody else in between
    (["Foreign fighters are fleeing.", "One Brit was caught at the crossing.", "He was with his wife."],
     [[0, "explicit"], [1, "contextual"], [2, "pronoun"], [2, "pronoun"]]),
    (["Foreign fighters are fleeing.", "One Brit was caught at the crossing, an official said.", "He was with his wife."],
     [[0, "explicit"], [1, "contextual"]]),
    # the first person of a quoted foreign fighter
    (["A French fighter spoke to us.", '"I was afraid," he said.'], [[0, "contextual"], [1, "pronoun"], [1, "pronoun"]]),
    (["A French fighter left.", "The border closed.", "The town was quiet.", '"We left," said Jane Roe, an activist.'],
     [[0, "contextual"]]),  # an activist's 'we' is not the fighters'
    (["Abu Example al-Britani left.", '"A new life?', 'Maybe," he said.', '"I went to Syria in 2012.', 'It was hard," he said.'],
     [[0, "named"], [2, "pronoun"], [3, "pronoun"]]),
    # a plural pronoun or an empty noun right after a mention
    (["Foreign fighters arrived.", "Many have been jailed since.", "Hundreds more were stuck."],
     [[0, "explicit"], [1, "pronoun"], [2, "pronoun"]]),
    # no context at all: general words alone are not mentions
    (["The fighters left.", "He was with his wife."], []),
])
def test_article_level_rules(texts, expected):
    found = targets.mentions(sents(*texts))
    assert found[["sent_idx", "kind"]].values.tolist() == expected


def test_spans_index_the_sentence():
    sentence = "Locals say the foreign fighters and Abu Example al-Tunisi must go."
    for start, end, text, _ in targets.find_mentions(sentence):
        assert sentence[start:end] == text



@pytest.mark.parametrize("sentence, expected", [
    ("TWO BRITISH JIHADISTS and Foreign Fighters fled.", [("BRITISH JIHADISTS", "contextual"), ("Foreign Fighters", "explicit")]),
    ("In İstanbul, two British jihadists met foreign fighters.",  # lowercasing İ changes the length
     [("British jihadists", "contextual"), ("foreign fighters", "explicit")]),
    ("Syrian fighters met the FOREIGN FIGHTERS.", [("FOREIGN FIGHTERS", "explicit")]),
])
def test_case_and_lowercasing_do_not_change_what_is_found(sentence, expected):
    """Patterns without capitals run on the lowercased sentence: the spans and texts are the sentence's own."""
    found = targets.find_mentions(sentence)
    assert [(text, kind) for _, _, text, kind in found] == expected
    assert all(sentence[start:end] == text for start, end, text, _ in found)

def test_contextual_words_need_an_explicit_mention_in_the_article():
    without = targets.mentions(sents("The fighters left.", "The militants stayed."))
    assert without.empty and list(without.columns) == targets.MENTION_COLUMNS
    with_context = targets.mentions(sents("Foreign fighters arrived.", "The militants stayed."))
    assert with_context["kind"].tolist() == ["explicit", "contextual"]


def test_pronouns_carry_for_two_sentences_only():
    found = targets.mentions(sents("Foreign fighters arrived.", "Then they rested.", "Then they left.",
                                   "Then they were never seen again."))
    assert found[["sent_idx", "kind"]].values.tolist() == [[0, "explicit"], [1, "pronoun"], [2, "pronoun"]]


def test_a_they_subject_carries_the_fighters_on():
    found = targets.mentions(sents("Foreign fighters arrived.", "They rested.", "They left.", "They were never seen again.",
                                   "The town was quiet.", "Then they came back."))
    assert found["sent_idx"].tolist() == [0, 1, 2, 3, 5]
    assert targets.mentions(sents("Foreign fighters arrived.", "They rested."), carry=0)["sent_idx"].tolist() == [0]


def test_carry_zero_turns_every_pronoun_rule_off():
    lines = ("A British jihadist fled.", '"I was afraid," he said.', "He was caught.", "Others stayed.")
    assert "pronoun" in set(targets.mentions(sents(*lines))["kind"])
    assert targets.mentions(sents(*lines), carry=0)[["sent_idx", "kind"]].values.tolist() == [[0, "contextual"]]


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
    assert set(table["kind"]) == {"explicit", "named", "contextual", "introduces", "exclude"}
    assert set(table["scope"]) == {"anywhere", "in context", "before", "after"}
    assert (table["note"].str.len() > 10).all()
    patterns = targets.load_patterns()
    assert all("name" in p.groupindex for p in patterns["introduces"])


def test_a_table_without_scope_gets_the_defaults(tmp_path):
    path = tmp_path / "patterns.csv"
    path.write_text("kind,pattern,note\nexplicit,foreign fighters,the target\ncontextual,fighters,general word\n")
    patterns = targets.load_patterns(str(path))
    assert set(patterns) == {"explicit", "contextual"}


def test_a_badly_scoped_row_is_refused(tmp_path):
    from fsf.errors import CorpusError

    path = tmp_path / "patterns.csv"
    path.write_text("kind,scope,pattern,note\nexplicit,in context,foreign fighters,the target\n")
    with pytest.raises(CorpusError, match="scope"):
        targets.load_patterns(str(path))


def test_detection_against_hand_codes():
    """Pinned agreement with the first coder's hand codes: a change to the patterns that moves it shows here.

    The four false positives were read by hand: 000/3 ('them' = the posters), 002/29 ('these
    guys' = the commanders), 004/5 (ISIS fighters in general) and 004/18 (informants). The
    named misses are 004's Abu Saad, whom the article never introduces in words a general rule
    reads (he first appears as a speaker), and the pronouns and first-person quotes that follow
    him; the patterns list no one corpus's names.
    """
    from fsf.config import DATA_DIR

    sent_table = sentences(load_corpus())
    codes = load_stance_codes(sent_table, path=DATA_DIR / "hand_coding" / "ff_sentences_hand.csv")
    found = targets.mentions(sent_table)
    auto = sent_table[["doc_id", "sent_idx"]].merge(found[["doc_id", "sent_idx"]].drop_duplicates().assign(auto=1),
                                                    how="left").fillna({"auto": 0})
    overall = detection_agreement(auto["auto"], codes["refers_ff"]).iloc[0]
    assert (overall.tp, overall.fp, overall.fn) == (133, 4, 30)
    assert overall.precision == pytest.approx(0.971, abs=5e-4) and overall.recall == pytest.approx(0.816, abs=5e-4)
    about = codes["refers_ff"] == 1
    by_kind = detection_agreement(auto.loc[about, "auto"], codes.loc[about, "refers_ff"], by=codes.loc[about, "ref_type"])
    assert by_kind.set_index("group")["recall"].to_dict() == {"contextual": 1.0, "explicit": 1.0, "named": 0.714, "pronoun": 0.576}


def test_a_real_name_given_after_a_nisba_name_is_the_same_fighter():
    texts = ["Their first target was a fighter known as Abu Example al-Britani, his real name is believed to be "
             "John Sample.", "Posters of Sample have appeared in the town.", "Sample ran the checkpoints."]
    found = targets.mentions(sents(*texts))
    assert found[["sent_idx", "text", "kind"]].values.tolist() == [
        [0, "fighter", "contextual"], [0, "Abu Example al-Britani", "named"], [0, "John Sample", "named"],
        [1, "Sample", "named"],
        [2, "Sample", "named"]]


def test_a_real_name_clause_without_a_nisba_name_introduces_nobody():
    texts = ["The singer, his real name is believed to be John Sample, toured the coast.", "Sample sang."]
    assert targets.mentions(sents(*texts)).empty
