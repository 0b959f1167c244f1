"""Tests for fsf.text: sentences, tokens, stop words, stems and the alias table."""

from __future__ import annotations

import pandas as pd
import pytest

from fsf import config, text
from fsf.corpus.clean import normalize_chars
from fsf.corpus import load_corpus, paragraphs


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def sents(corpus):
    return text.sentences(corpus)


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------


@pytest.mark.parametrize("paragraph, expected", [
    # titles without a final stop
    ("Mr Mansour spoke. Mr. Mansour agreed.", ["Mr Mansour spoke.", "Mr. Mansour agreed."]),
    ("James Clapper, the U.S. director of national intelligence, spoke. They came.",
     ["James Clapper, the U.S. director of national intelligence, spoke.", "They came."]),
    ("Countries from Belgium and the U.K. to Tunisia arrest them.",
     ["Countries from Belgium and the U.K. to Tunisia arrest them."]),
    ("The U.S.-led coalition struck. Dr. Roe left at 5 p.m. Monday.",
     ["The U.S.-led coalition struck.", "Dr. Roe left at 5 p.m. Monday."]),
    # a quotation spanning sentences stays with its attribution at the end
    ('"The Europeans seek adventure. Adventures and sex," he said. "One woman came."',
     ['"The Europeans seek adventure.', 'Adventures and sex," he said.', '"One woman came."']),
    # a closing quote after the stop belongs to the sentence it closes
    ('He said "it is over." Then he left.', ['He said "it is over."', "Then he left."]),
    # a lower-case continuation after a quoted stop is not a new sentence
    ('"Now I\'m helping people to get out of Syria, not to get in." the employee said.',
     ['"Now I\'m helping people to get out of Syria, not to get in." the employee said.']),
    # a headline without a final stop is one sentence
    ("HTS Starts Getting Rid of Foreign Fighters: Travel to Ukraine Or\u2026",
     ["HTS Starts Getting Rid of Foreign Fighters: Travel to Ukraine Or\u2026"]),
    ("", []),
])
def test_split_sentences(paragraph, expected):
    assert text.split_sentences(paragraph) == expected


def test_sentences_columns_and_order(sents):
    assert list(sents.columns) == ["doc_id", "sent_idx", "section", "paragraph_idx", "text", "start", "end", "year"]
    for _, group in sents.groupby("doc_id"):
        assert group["sent_idx"].tolist() == list(range(len(group)))
        assert group["paragraph_idx"].is_monotonic_increasing


def test_sentence_counts_of_article_001_match_a_count_by_hand(sents):
    # Read by hand: title 1, standfirst 1; body paragraphs of 2, 4, 1, 5 and 5 sentences.
    per_para = sents[(sents.doc_id == "001") & (sents.section == "body")].groupby("paragraph_idx").size()
    assert per_para.tolist() == [2, 4, 1, 5, 5]
    assert sents[sents.doc_id == "001"].section.value_counts().to_dict() == {"body": 17, "title": 1, "standfirst": 1}


def test_sentence_counts_of_article_003_match_a_count_by_hand(sents):
    # Read by hand: no standfirst; 18 body paragraphs holding 29 sentences.
    body = sents[(sents.doc_id == "003") & (sents.section == "body")]
    assert body.groupby("paragraph_idx").size().tolist() == [2, 2, 1, 2, 1, 1, 4, 2, 3, 1, 1, 1, 1, 2, 1, 2, 1, 1]


def test_titles_and_standfirsts_are_single_sentences(sents):
    heads = sents[sents.section != "body"]
    assert heads.groupby(["doc_id", "section"]).size().eq(1).all()


def test_sentence_spans_quote_the_original(corpus, sents):
    paras = paragraphs(corpus).set_index(["doc_id", "paragraph_idx"])
    for row in sents.itertuples():
        raw = paras.loc[(row.doc_id, row.paragraph_idx), "raw"][row.start:row.end]
        assert normalize_chars(raw) == row.text


def test_no_sentence_starts_in_lower_case(sents):
    starts = sents["text"].str.lstrip("\"'([").str[0]
    assert not starts.str.islower().any()


# --------------------------------------------------------------------------
# Tokens, stop words, stems
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text_in, tokens", [
    ("Isis\u2019 fighters paid $2,000.", ["isis", "fighters", "paid", "2,000"]),
    ("They don\u2019t trust al-Nusra.", ["they", "don't", "trust", "al-nusra"]),
    ("A 26-year-old said 70% left.", ["a", "26-year-old", "said", "70", "left"]),
    ("Ma\u2019arat Al Numan", ["ma'arat", "al", "numan"]),
    ("the syrian_regime and isis", ["the", "syrian_regime", "and", "isis"]),  # tokens of normalize_aliases
    ("\u2014 \u201c \u201d", []),
])
def test_tokenize(text_in, tokens):
    assert text.tokenize(text_in) == tokens


def test_tokenize_options():
    assert text.tokenize("The U.S. sent 300 fighters", lower=False, drop_numbers=True) == ["The", "U", "S", "sent", "fighters"]
    assert text.tokenize("They were not welcome here", drop_stopwords=True) == ["welcome"]


def test_stopwords_ship_with_scikit_learn():
    stops = text.stopwords()
    assert len(stops) == 318 and {"the", "they", "not"} <= stops and "fighters" not in stops


@pytest.mark.parametrize("token, stem", [("fighters", "fighter"), ("fleeing", "flee"), ("executions", "execut")])
def test_stem(token, stem):
    assert text.stem(token) == stem


def test_section_counts_add_up(corpus):
    counts = text.section_counts(corpus)
    for doc_id, raw in zip(corpus["doc_id"], corpus["raw_text"]):
        total = counts.loc[counts.doc_id == doc_id, "n_tokens"].sum()
        assert total == len(text.tokenize(raw))
    by_hand = counts[counts.doc_id == "001"].set_index("section")["n_tokens"].to_dict()
    # title "HTS Starts ... Or…" has 11 tokens, the standfirst 21 (counted by hand)
    assert (by_hand["title"], by_hand["standfirst"]) == (11, 21)


def test_article_counts_totals(corpus):
    counts = text.article_counts(corpus)
    assert counts["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert counts.set_index("doc_id").loc["003", "n_sentences"] == 30  # 29 body + title, by hand


# --------------------------------------------------------------------------
# Aliases
# --------------------------------------------------------------------------


def test_alias_table_is_well_formed():
    table = pd.read_csv(config.DATA_DIR / "aliases.csv", dtype=str, keep_default_na=False)
    assert not table["variant"].duplicated().any()
    assert table.groupby("canonical")["token"].nunique().eq(1).all()
    assert table.groupby("token")["canonical"].nunique().eq(1).all()
    assert set(table["kind"]) <= {"group", "place", "person", "actor"}
    assert set(table["case_sensitive"]) <= {"yes", "no"}
    assert (table["note"].str.len() > 0).all()


@pytest.mark.parametrize("variant, canonical", [
    ("ISIS", "ISIS"), ("Isis", "ISIS"), ("ISIL", "ISIS"), ("Islamic State", "ISIS"), ("Daesh", "ISIS"),
    ("Daash", "ISIS"), ("HTS", "HTS"), ("Hay\u2019at Tahrir al-Sham", "HTS"), ("Hayat Tahrir Al Sham", "HTS"),
    ("Jabhat al-Nusra", "Jabhat al-Nusra"), ("Nusra", "Jabhat al-Nusra"), ("Idlib", "Idlib"), ("Idleb", "Idlib"),
    ("Raqqa", "Raqqa"), ("Raqqah", "Raqqa"), ("Sanliurfa", "Sanliurfa"), ("Urfa", "Sanliurfa"),
    ("Haras Al Deen", "Hurras al-Din"), ("Deir Azzour", "Deir ez-Zor"), ("Abi Saaf", "Abu Saad"),
])
def test_required_variants(variant, canonical):
    found = text.find_aliases(f"They spoke of {variant} last week.")
    assert [(m.text, m.canonical) for m in found] == [(variant, canonical)]


def test_longest_variant_wins_and_offsets_point_into_text():
    sample = "The Islamic State of Iraq and Syria, or ISIS, met Jabhat al-Nusra in Isis-held Raqqah."
    found = text.find_aliases(sample)
    assert [m.text for m in found] == ["Islamic State of Iraq and Syria", "ISIS", "Jabhat al-Nusra", "Isis", "Raqqah"]
    assert all(sample[m.start:m.end] == m.text for m in found)


def test_acronyms_are_case_sensitive_and_whole_words():
    assert text.find_aliases("the goddess isis and the thesis") == []
    assert text.find_aliases("HTSX and Urfaz") == []


def test_normalize_aliases():
    assert text.normalize_aliases("Daesh left Raqqah; Hay'at Tahrir al-Sham held Idleb.") == "isis left raqqa; hts held idlib."


def test_every_alias_is_seen_in_a_seed_or_documented(corpus):
    """Every entity of the table is written, in at least one of its variants, in the five articles."""
    import re

    clean = " ".join(corpus["clean_text"])
    seen = {a.canonical for a in text.load_aliases()
            if re.search(r"(?<![\w-])" + re.escape(a.variant) + r"(?![\w])", clean, 0 if a.case_sensitive else re.I)}
    assert seen == {a.canonical for a in text.load_aliases()}


# --------------------------------------------------------------------------
# Keyword in context
# --------------------------------------------------------------------------


def test_kwic_finds_whole_words_in_order(sents):
    hits = text.kwic(sents, "Turkey")
    # counted by hand with grep: 11 'Turkey' in the raw files (one of them in 'Turkey-based'), minus
    # the two in 004's removed photo captions, plus 'TURKEY' in 002's dateline 'TURKEY-SYRIA'
    assert len(hits) == 10
    assert set(hits["match"]) == {"Turkey", "TURKEY"}
    assert hits[["doc_id", "sent_idx"]].apply(tuple, axis=1).is_monotonic_increasing


def test_kwic_phrase_and_regex():
    table = pd.DataFrame({"doc_id": ["a", "a"], "sent_idx": [0, 1],
                          "text": ["Foreign fighters left.", "The foreign-fighter problem, and fighters."]})
    assert text.kwic(table, "foreign fighters")["sent_idx"].tolist() == [0]
    assert text.kwic(table, "fighters")["sent_idx"].tolist() == [0, 1]
    assert text.kwic(table, r"foreign[- ]fighters?", regex=True)["match"].tolist() == ["Foreign fighters", "foreign-fighter"]
    assert text.kwic(table, "Foreign", case=True)["sent_idx"].tolist() == [0]
    assert text.kwic(table, "foreign")["sent_idx"].tolist() == [0, 1]  # the hyphenated compound counts
    assert text.kwic(table, "fight")["sent_idx"].tolist() == []  # but not a longer word


def test_kwic_bad_regex_names_the_fix():
    table = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "text": ["x"]})
    with pytest.raises(Exception, match="not a valid regular expression.*regex=False"):
        text.kwic(table, "(unclosed", regex=True)
