"""Tests for fsf.codes: hand-code files, their checks, their alignment to sentences, and coding sheets."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from fsf.codes import (
    STANCE_CODE_COLUMNS,
    CodesError,
    CodeSet,
    align_stance_codes,
    coding_sheet,
    find_codes,
    load_quote_codes,
    read_quote_codes,
    read_stance_codes,
)

MINI = Path(__file__).resolve().parent / "corpora" / "mini"

HEADER = "doc_id,sent_idx,text,refers_ff,ref_type,stance,confidence,note\n"


def stance_file(tmp_path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "stance.csv"
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def refused(path, reader=read_stance_codes) -> str:
    with pytest.raises(CodesError) as err:
        reader(path)
    message = str(err.value)
    assert "\n" not in message and "Fix:" in message and Path(path).name in message
    return message


# ---------------------------------------------------------------------------------- reading stance codes
def test_read_stance_codes_types_and_values(tmp_path):
    path = stance_file(tmp_path,
                       "a,0,They left.,1,pronoun,-1,high,",
                       "a,1,It rained.,0,,,high,weather",
                       "b,,Fighters crossed the border.,1,explicit,+1,low,why")
    codes = read_stance_codes(path)
    assert list(codes.columns) == STANCE_CODE_COLUMNS
    assert codes["refers_ff"].tolist() == [1, 0, 1]
    assert codes["stance"].tolist()[0] == -1 and pd.isna(codes["stance"].iloc[1]) and codes["stance"].iloc[2] == 1
    assert str(codes["stance"].dtype) == "Int64" and str(codes["sent_idx"].dtype) == "Int64"
    assert codes["sent_idx"].iloc[0] == 0 and pd.isna(codes["sent_idx"].iloc[2])
    assert codes.attrs["n_uncoded"] == 0


@pytest.mark.parametrize("row, column, value", [
    ("a,0,They left.,1,pronoun,2,high,", "stance", "'2'"),
    ("a,0,They left.,yes,pronoun,1,high,", "refers_ff", "'yes'"),
    ("a,0,They left.,1,implicit,1,high,", "ref_type", "'implicit'"),
    ("a,0,They left.,1,pronoun,1,sure,", "confidence", "'sure'"),
    ("a,zero,They left.,1,pronoun,1,high,", "sent_idx", "'zero'"),
])
def test_a_label_outside_the_codebook_is_refused_naming_its_line(tmp_path, row, column, value):
    path = stance_file(tmp_path, "a,1,It rained.,0,,,high,", "b,0,Fine.,0,,,high,", row)
    message = refused(path)
    assert "line 4" in message and column in message and value in message


def test_a_stance_on_a_sentence_not_about_foreign_fighters_is_refused(tmp_path):
    message = refused(stance_file(tmp_path, "a,0,They left.,1,pronoun,0,high,", "a,1,It rained.,0,,-1,high,"))
    assert "line 3" in message and "stance" in message and "refers_ff is 0" in message


def test_a_sentence_about_foreign_fighters_needs_a_stance(tmp_path):
    message = refused(stance_file(tmp_path, "a,0,They left.,1,pronoun,,high,"))
    assert "line 2" in message and "stance" in message


def test_rows_not_coded_yet_are_left_out_and_counted(tmp_path):
    path = stance_file(tmp_path,
                       "a,0,They left.,,,,,",
                       "a,1,It rained.,0,,,high,",
                       "a,2,Then they came back.,,,,,",
                       "a,3,Nobody asked.,  ,,,,")
    codes = read_stance_codes(path)
    assert codes["text"].tolist() == ["It rained."]
    assert codes.attrs["n_uncoded"] == 3


def test_the_line_named_is_the_line_in_the_file_even_after_uncoded_rows(tmp_path):
    path = stance_file(tmp_path,
                       "a,0,They left.,,,,,",          # line 2: not coded yet
                       "a,1,It rained.,,,,,",          # line 3: not coded yet
                       "a,2,They came back.,1,pronoun,5,high,")  # line 4: stance 5
    message = refused(path)
    assert "line 4" in message


def test_missing_required_columns_are_named(tmp_path):
    message = refused(stance_file(tmp_path, "a,They left.", header="doc_id,text\n"))
    assert "refers_ff" in message


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "stance.csv"
    path.write_bytes(HEADER.encode() + b"a,0,Caf\xe9 owners left.,0,,,high,\n")
    refused(path)


# ---------------------------------------------------------------------------------- aligning to sentences
SENTS = pd.DataFrame({
    "doc_id": ["a", "a", "a", "b"],
    "sent_idx": [0, 1, 2, 0],
    "text": ["They left the town.", "It rained on Sunday.", "Nobody  asked them why.", "Fighters crossed the border."],
})


def codes_table(rows) -> pd.DataFrame:
    """Codes as read_stance_codes gives them: rows of (doc_id, sent_idx or None, text, refers_ff, stance)."""
    return pd.DataFrame({
        "doc_id": [r[0] for r in rows],
        "sent_idx": pd.array([r[1] for r in rows], dtype="Int64"),
        "text": [r[2] for r in rows],
        "refers_ff": [r[3] for r in rows],
        "stance": pd.array([r[4] for r in rows], dtype="Int64"),
    })


def test_codes_are_matched_by_doc_id_and_text_ignoring_whitespace():
    codes = codes_table([
        ("b", None, "Fighters crossed\nthe   border.", 1, 0),
        ("a", None, " Nobody asked them why. ", 1, -1),
        ("a", 1, "It rained on Sunday.", 0, None),
    ])
    aligned = align_stance_codes(codes, SENTS)
    assert aligned[["doc_id", "sent_idx"]].values.tolist() == [["a", 1], ["a", 2], ["b", 0]]  # sorted
    assert aligned["stance"].tolist()[1:] == [-1, 0]


def test_a_sent_idx_that_disagrees_with_the_text_is_refused():
    codes = codes_table([("a", 0, "It rained on Sunday.", 0, None)])
    with pytest.raises(CodesError) as err:
        align_stance_codes(codes, SENTS, source="/x/hand_codes/stance.csv")
    message = str(err.value)
    assert message.startswith("stance.csv: 0 of 1 codes match")
    assert "line 2" in message and "a/0 is 1 now" in message and "\n" not in message


def test_codes_that_match_no_sentence_say_how_many_match():
    codes = codes_table([
        ("a", None, "They left the town.", 1, 0),
        ("a", None, "It rained on Sunday.", 0, None),
        ("b", None, "They left the town.", 1, 0),      # the text is article a's
        ("a", None, "A sentence from an older split.", 0, None),
    ])
    with pytest.raises(CodesError) as err:
        align_stance_codes(codes, SENTS, source="stance.csv")
    message = str(err.value)
    assert "2 of 4 codes match" in message and "line 4" in message and "'b'" in message
    assert "Fix:" in message and "\n" not in message


def test_a_code_that_matches_nothing_is_named_by_its_line_in_the_file(tmp_path):
    from fsf.codes import load_stance_codes

    path = stance_file(tmp_path,
                       "a,0,They left the town.,1,pronoun,0,high,",
                       "a,1,It rained on Sunday.,,,,,",                  # line 3: not coded yet
                       "b,0,Fighters crossed a river.,1,explicit,0,high,")  # line 4: no such sentence
    with pytest.raises(CodesError) as err:
        load_stance_codes(SENTS, path)
    assert "1 of 2 codes match" in str(err.value) and "line 4" in str(err.value)


def test_two_codes_on_one_sentence_are_refused():
    codes = codes_table([("a", None, "They left the town.", 1, 0), ("a", 0, "They  left the town.", 1, -1)])
    with pytest.raises(CodesError, match="a/0 is coded more than once"):
        align_stance_codes(codes, SENTS)


def test_a_coding_sheet_filled_in_part_reads_back_and_aligns(tmp_path):
    from fsf.study import Study

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mini holds a README.md
        study = Study(MINI, codes=False)
        sentences, mentions = study.sentences, study.mentions
    sheet = coding_sheet(sentences, mentions, n=10, random_state=3)
    sheet.loc[0, ["refers_ff", "stance", "confidence"]] = ["1", "-1", "high"]
    sheet.loc[1, ["refers_ff", "confidence"]] = ["0", "low"]
    sheet.loc[2, ["refers_ff", "stance"]] = ["1", "0"]
    path = tmp_path / "stance.csv"
    sheet.to_csv(path, index=False)
    codes = read_stance_codes(path)
    assert codes.attrs["n_uncoded"] == 7
    aligned = align_stance_codes(codes, sentences)
    assert aligned[["doc_id", "sent_idx"]].values.tolist() == sheet.loc[:2, ["doc_id", "sent_idx"]].values.tolist()


# ---------------------------------------------------------------------------------- quote codes
PARAS = pd.DataFrame({
    "doc_id": ["a", "a"],
    "paragraph_idx": [1, 2],
    "text": ['"We want to go home," said Ali, a former fighter.', 'The mayor said: "They must leave."'],
})
QUOTE_HEADER = "doc_id,paragraph_idx,quote,speaker,speaker_type\n"


def test_quote_codes_get_their_span_in_the_paragraph(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(QUOTE_HEADER + "a,1,\"We want to go home,\",Ali,former or current fighter\n"
                    "a,2,They must leave.,the mayor,official or intelligence\n")
    codes = load_quote_codes(PARAS, path)
    # by hand: the first quote starts after the opening mark (1); the second after 'The mayor said: "' (17)
    assert codes[["start", "end"]].values.tolist() == [[1, 20], [17, 33]]
    assert codes["utterance_id"].tolist() == ["row2", "row3"]  # blank ids are named by their line


def test_a_quote_not_in_its_paragraph_is_refused(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(QUOTE_HEADER + "a,1,\"We want to go home,\",Ali,former or current fighter\n"
                    "a,1,They must leave.,the mayor,official or intelligence\n")  # it is in paragraph 2
    with pytest.raises(CodesError) as err:
        load_quote_codes(PARAS, path)
    message = str(err.value)
    assert message.startswith("quotes.csv: 1 of 2 quotes are found in their paragraph")
    assert "line 3" in message and "Fix:" in message and "\n" not in message


def test_an_empty_quote_is_refused(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(QUOTE_HEADER + "a,1,,Ali,former or current fighter\n")
    with pytest.raises(CodesError) as err:
        load_quote_codes(PARAS, path)
    assert "line 2" in str(err.value)


def test_a_speaker_type_outside_the_codebook_is_refused(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(QUOTE_HEADER + "a,1,x,Ali,former or current fighter\na,2,y,the mayor,politician\n")
    message = refused(path, read_quote_codes)
    assert "line 3" in message and "'politician'" in message


# ---------------------------------------------------------------------------------- finding codes
def test_find_codes(tmp_path):
    assert find_codes(tmp_path, codes=False) == CodeSet()
    assert find_codes(tmp_path).empty  # no hand_codes folder
    (tmp_path / "hand_codes").mkdir()
    (tmp_path / "hand_codes" / "stance.csv").write_text(HEADER)
    found = find_codes(tmp_path)
    assert found.stance == tmp_path / "hand_codes" / "stance.csv" and found.quotes is None
    with pytest.raises(CodesError, match="no such folder"):
        find_codes(tmp_path, codes=tmp_path / "elsewhere")
    assert find_codes(MINI).describe().count("hand_codes") == 2


# ---------------------------------------------------------------------------------- coding sheets
def sentences_table(layout: dict[str, list[int]]) -> pd.DataFrame:
    """doc_id -> paragraph_idx of each sentence; texts name their sentence ('a3' is a's sentence 3)."""
    rows = [(doc, i, para, f"{doc}{i}") for doc, paras in layout.items() for i, para in enumerate(paras)]
    return pd.DataFrame(rows, columns=["doc_id", "sent_idx", "paragraph_idx", "text"])


def test_the_sheet_is_proportional_per_article():
    sents = sentences_table({"a": [1] * 6, "b": [1] * 2})
    # by hand: n=4 of 8 sentences -> a 6/8*4 = 3, b 2/8*4 = 1
    assert coding_sheet(sents, n=4).groupby("doc_id").size().to_dict() == {"a": 3, "b": 1}
    # n=5 -> a 3.75, b 1.25: floors 3 and 1, the one left goes to the larger remainder (a)
    assert coding_sheet(sents, n=5).groupby("doc_id").size().to_dict() == {"a": 4, "b": 1}
    # three articles of 10, 6 and 4 sentences, n=10 -> 5, 3, 2
    sents = sentences_table({"x": [1] * 10, "y": [1] * 6, "z": [1] * 4})
    assert coding_sheet(sents, n=10).groupby("doc_id").size().to_dict() == {"x": 5, "y": 3, "z": 2}


def test_the_sheet_is_stratified_by_flagged_mentions_too():
    sents = sentences_table({"a": [1] * 6, "b": [1] * 2})
    found = pd.DataFrame({"doc_id": ["a", "a"], "sent_idx": [0, 1]})
    # strata: a flagged 2, a not flagged 4, b not flagged 2; n=4 -> 1, 2, 1
    sheet = coding_sheet(sents, found, n=4)
    picked = set(zip(sheet["doc_id"], sheet["sent_idx"]))
    assert len(picked & {("a", 0), ("a", 1)}) == 1
    assert sheet.groupby("doc_id").size().to_dict() == {"a": 3, "b": 1}


def test_the_sheet_is_seeded():
    sents = sentences_table({"a": [1] * 20, "b": [2] * 20})
    first = coding_sheet(sents, n=10, random_state=0)
    pd.testing.assert_frame_equal(first, coding_sheet(sents, n=10, random_state=0))
    assert first["text"].tolist() != coding_sheet(sents, n=10, random_state=1)["text"].tolist()


def test_the_sheet_leaves_out_sentences_already_coded():
    sents = sentences_table({"a": [1] * 5, "b": [1] * 3})
    done = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_idx": [0, 3, 2]})
    sheet = coding_sheet(sents, n=100, exclude=done)
    assert set(zip(sheet["doc_id"], sheet["sent_idx"])) == {("a", 1), ("a", 2), ("a", 4), ("b", 0), ("b", 1)}
    small = coding_sheet(sents, n=3, exclude=done)
    assert not set(zip(small["doc_id"], small["sent_idx"])) & {("a", 0), ("a", 3), ("b", 2)}


def test_the_sheet_never_has_more_rows_than_sentences():
    sents = sentences_table({"a": [1, 1, 2], "b": [1]})
    sheet = coding_sheet(sents, n=100)
    assert len(sheet) == 4 and not sheet.duplicated(["doc_id", "sent_idx"]).any()
    assert sheet[["doc_id", "sent_idx"]].values.tolist() == [["a", 0], ["a", 1], ["a", 2], ["b", 0]]


def test_the_sheet_has_empty_code_columns():
    sheet = coding_sheet(sentences_table({"a": [1, 1, 2]}), n=2)
    assert list(sheet.columns) == ["doc_id", "sent_idx", "before", "text", "after", "refers_ff", "ref_type", "stance",
                                   "confidence", "note"]
    assert (sheet[["refers_ff", "ref_type", "stance", "confidence", "note"]] == "").all().all()


def test_the_context_comes_from_the_same_paragraph_only():
    # a: sentences 0-2 in paragraph 1, 3 in paragraph 2; b: sentence 0 in paragraph 2 (same number, other article)
    sheet = coding_sheet(sentences_table({"a": [1, 1, 1, 2], "b": [2, 2]}), n=100).set_index(["doc_id", "sent_idx"])
    assert sheet.loc[("a", 0), ["before", "after"]].tolist() == ["", "a1"]
    assert sheet.loc[("a", 1), ["before", "after"]].tolist() == ["a0", "a2"]
    assert sheet.loc[("a", 2), ["before", "after"]].tolist() == ["a1", ""]  # a3 is the next paragraph
    assert sheet.loc[("a", 3), ["before", "after"]].tolist() == ["", ""]    # b0 is another article
    assert sheet.loc[("b", 0), ["before", "after"]].tolist() == ["", "b1"]


@pytest.mark.parametrize("n", [0, -1, 2.5, True, "10"])
def test_a_bad_n_is_refused(n):
    with pytest.raises(CodesError, match="Fix:"):
        coding_sheet(sentences_table({"a": [1]}), n=n)


def test_a_sheet_of_a_corpus_coded_in_full_is_empty():
    sents = sentences_table({"a": [1, 1]})
    sheet = coding_sheet(sents, n=5, exclude=sents[["doc_id", "sent_idx"]])
    assert sheet.empty and list(sheet.columns)[:5] == ["doc_id", "sent_idx", "before", "text", "after"]


# ---------------------------------------------------------------------------------- active coding
def write_articles(folder: Path) -> Path:
    folder.mkdir()
    (folder / "001_a.txt").write_text(
        "Foreign fighters held in camp plead to return home\n\nDozens of foreign fighters held in a camp say they "
        "were tricked by recruiters. Local officials say the foreign fighters remain a danger. The foreign "
        "fighters crossed the border in March.\n", encoding="utf-8")
    (folder / "002_b.txt").write_text(
        "Villagers protest against foreign militants\n\nResidents protested on Friday against foreign militants "
        "who seized homes. \"They are not welcome here,\" said a teacher. The foreign militants have not "
        "responded.\n", encoding="utf-8")
    return folder


def test_the_default_strategy_stays_stratified():
    from fsf.cli import build_parser

    assert build_parser().parse_args(["code", "--out", "x.csv"]).strategy == "stratified"


def test_code_uncertain_proposes_the_sentences_the_model_is_least_sure_of(tmp_path, capsys):
    from fsf.cli import main
    from fsf.stance.model import least_certain
    from fsf.study import Study

    corpus = write_articles(tmp_path / "articles")
    assert main(["code", "--corpus", str(corpus), "--strategy", "uncertain", "--n", "3", "--seed", "4",
                 "--out", str(tmp_path / "sheet.csv")]) == 0
    assert "ranking by the stance model trained on fsf/data/hand_coding/ff_sentences_gold.csv" in capsys.readouterr().out
    sheet = pd.read_csv(tmp_path / "sheet.csv", dtype={"doc_id": str}, keep_default_na=False)
    expected = least_certain(Study(corpus).stance_uncertainty, 3, random_state=4)
    assert set(zip(sheet["doc_id"], sheet["sent_idx"])) == set(zip(expected["doc_id"], expected["sent_idx"]))
    assert "p_neutral" not in sheet.columns  # the coder does not see the model's guesses


def test_code_uncertain_with_too_few_own_codes_ranks_with_the_seed_model(tmp_path, capsys):
    from fsf.cli import main

    corpus = write_articles(tmp_path / "articles")
    (corpus / "hand_codes").mkdir()
    (corpus / "hand_codes" / "stance.csv").write_text(
        HEADER + "001,0,Foreign fighters held in camp plead to return home,1,explicit,1,high,want to go home\n",
        encoding="utf-8")
    assert main(["code", "--corpus", str(corpus), "--strategy", "uncertain", "--n", "2",
                 "--out", str(tmp_path / "sheet.csv")]) == 0
    out = capsys.readouterr().out
    assert "it needs at least 5 of each stance" in out and "Until then the seeds' model ranks the sentences" in out
    sheet = pd.read_csv(tmp_path / "sheet.csv", dtype={"doc_id": str}, keep_default_na=False)
    assert len(sheet) == 2 and ("001", 0) not in set(zip(sheet["doc_id"], sheet["sent_idx"]))
