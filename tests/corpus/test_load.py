"""Tests for fsf.corpus: the seeds and their provenance, bring-your-own folders, and bad input."""

from __future__ import annotations

import csv
import hashlib
import shutil

import pandas as pd
import pytest

from fsf import config
from fsf.corpus import (
    ARTICLE_COLUMNS, doc_id_from_name, lines_table, load_corpus, load_metadata, paragraphs,
    read_text, removed_lines,
)
from fsf.errors import CorpusError, SeedChangedError

BODY = ("Foreign fighters left the town on Monday after a week of clashes, residents said.\n\n"
        "They crossed into Turkey at night with the help of smugglers, two witnesses said.\n")


def article(title: str) -> str:
    return f"{title}\n\n{BODY}"


@pytest.fixture
def folder(tmp_path):
    """A bring-your-own corpus of two articles without metadata."""
    (tmp_path / "a.txt").write_text(article("First headline"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(article("Second headline"), encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def seeds():
    return load_corpus()


# --------------------------------------------------------------------------
# The bundled seeds
# --------------------------------------------------------------------------


def test_seeds_load_in_order(seeds):
    assert list(seeds.columns) == ARTICLE_COLUMNS
    assert seeds["doc_id"].tolist() == ["000", "001", "002", "003", "004"]
    assert seeds["year"].tolist() == [2018, 2023, 2014, 2015, 2017]
    assert str(seeds["year"].dtype) == "Int64"


def test_seed_files_match_recorded_checksums(seeds):
    for file, digest in zip(seeds["file"], seeds["sha256"]):
        assert hashlib.sha256((config.SEEDS_DIR / file).read_bytes()).hexdigest() == digest


def test_seed_metadata_agrees_with_detection(seeds):
    meta = load_metadata(config.SEEDS_DIR / "metadata.csv").set_index("doc_id")
    for row in seeds.itertuples():
        assert row.title == meta.loc[row.doc_id, "title"].replace("\u2019", "'").replace("\u2014", "-")
    assert seeds.loc[seeds.doc_id == "003", "standfirst"].item() == ""
    assert seeds.loc[seeds.doc_id == "002", "dateline"].item() == "ON THE TURKEY\u2013SYRIA BORDER"


def test_every_inferred_field_has_evidence_in_the_text():
    meta = load_metadata(config.SEEDS_DIR / "metadata.csv")
    for row in meta.to_dict("records"):
        raw = (config.SEEDS_DIR / row["file"]).read_text(encoding="utf-8")
        for field in ("outlet", "original_source", "author", "year"):
            value = row[field]
            if pd.notna(value) and str(value):
                assert row[f"{field}_evidence"], f"{row['file']}: {field} has no evidence"
                for phrase in row[f"{field}_evidence"].split(" | "):
                    assert phrase in raw, f"{row['file']}: {phrase!r} not in text"
        assert row["year_basis"] in {"text", "project brief"}
        if row["dateline"]:
            assert row["dateline"] in raw


def test_outlets_are_only_those_the_text_names(seeds):
    # 002 and 004 do not name their outlet: the field stays empty rather than guessed.
    assert seeds.set_index("doc_id")["outlet"].to_dict() == {
        "000": "The National", "001": "The Syrian Observer", "002": "",
        "003": "McClatchy Washington Bureau", "004": ""}


def test_changed_seed_is_refused(tmp_path, monkeypatch):
    copy = tmp_path / "seeds"
    shutil.copytree(config.SEEDS_DIR, copy)
    target = copy / "002_bbaef4cfafc78a2e.txt"
    target.write_bytes(target.read_bytes().replace(b"7,000", b"8,000"))
    monkeypatch.setattr(config, "SEEDS_DIR", copy)
    with pytest.raises(SeedChangedError, match=r"002_bbaef4cfafc78a2e\.txt: the file has changed.*git checkout"):
        load_corpus()


def test_lines_table_accounts_for_every_line(seeds):
    lines = lines_table(seeds)
    assert lines.status.value_counts().to_dict() == {"blank": 112, "kept": 91, "removed": 27}
    for doc_id, raw in zip(seeds["doc_id"], seeds["raw_text"]):
        assert (lines.doc_id == doc_id).sum() == len(raw.splitlines())


def test_removed_lines_point_at_the_raw_file(seeds):
    removed = removed_lines(seeds)
    assert list(removed.columns) == ["doc_id", "line_no", "text", "reason"]
    for row in removed.itertuples():
        raw_lines = seeds.set_index("doc_id").loc[row.doc_id, "raw_text"].split("\n")
        assert raw_lines[row.line_no - 1] == row.text


def test_paragraphs_cover_kept_lines(seeds):
    paras = paragraphs(seeds)
    assert paras.groupby("doc_id").size().tolist() == seeds["n_paragraphs"].tolist()
    assert (paras.loc[paras.paragraph_idx == 0, "section"] == "title").all()


# --------------------------------------------------------------------------
# Bring your own corpus
# --------------------------------------------------------------------------


def test_folder_without_metadata(folder):
    corpus = load_corpus(folder)
    assert corpus["doc_id"].tolist() == ["a", "b"]
    assert corpus["title"].tolist() == ["First headline", "Second headline"]
    assert corpus["year"].isna().all() and (corpus["outlet"] == "").all()


@pytest.mark.parametrize("name, doc_id", [
    ("000_d9e21d0c17e87e68.txt", "000"), ("12-guardian.txt", "12"), ("guardian-2017.txt", "guardian-2017"),
    ("2017.txt", "2017"), ("story.TXT", "story"),
])
def test_doc_id_from_name(name, doc_id):
    assert doc_id_from_name(name) == doc_id


def write_metadata(folder, rows, columns=("file", "outlet", "year")):
    with (folder / "metadata.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def test_folder_with_partial_metadata(folder):
    write_metadata(folder, [["a.txt", "Example Times", "2016"], ["b.txt", "", ""]])
    corpus = load_corpus(folder)
    assert corpus["outlet"].tolist() == ["Example Times", ""]
    assert corpus["year"].tolist()[0] == 2016 and pd.isna(corpus["year"].tolist()[1])


def test_bom_and_crlf_just_work(folder):
    reference = load_corpus(folder).set_index("doc_id")
    (folder / "a.txt").write_bytes(b"\xef\xbb\xbf" + article("First headline").encode())
    (folder / "b.txt").write_bytes(article("Second headline").replace("\n", "\r\n").encode())
    corpus = load_corpus(folder).set_index("doc_id")
    assert corpus["clean_text"].equals(reference["clean_text"])
    assert not corpus.loc["a", "raw_text"].startswith("\ufeff")
    assert corpus.loc["b", "raw_text"].count("\r\n") == 5  # title, blank, body, blank, body


def test_utf16_with_bom_is_decoded(folder):
    (folder / "a.txt").write_bytes(article("First headline").encode("utf-16"))
    assert load_corpus(folder).loc[0, "title"] == "First headline"


def test_ignored_files_are_reported(folder):
    (folder / "notes.md").write_text("not an article")
    with pytest.warns(UserWarning, match="notes.md"):
        load_corpus(folder)


# --------------------------------------------------------------------------
# Bad input: every case names the file and the fix
# --------------------------------------------------------------------------


def test_empty_file(folder):
    (folder / "c.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match=r"c\.txt: the file is empty.*Fix"):
        load_corpus(folder)


def test_whitespace_only_file(folder):
    (folder / "c.txt").write_text("  \n\n\t\n")
    with pytest.raises(CorpusError, match=r"c\.txt: the file holds only whitespace"):
        load_corpus(folder)


def test_binary_file(folder):
    (folder / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CorpusError, match=r"c\.txt: contains a NUL byte at offset 8.*binary"):
        load_corpus(folder)


def test_pdf_saved_as_txt(folder):
    (folder / "c.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    with pytest.raises(CorpusError, match=r"c\.txt: this is a PDF"):
        load_corpus(folder)


@pytest.mark.parametrize("text, encoding, offset, guess", [
    # 'Headline\n\n' is 10 bytes, 'He said ' 8 more: the curly quote (0x93 in cp1252) is byte 18
    ("Headline\n\nHe said \u201cno\u201d.\n", "cp1252", 18, "Windows-1252"),
    # 'The caf' is 7 bytes after the 10: the e-acute (0xE9 in Latin-1) is byte 17
    ("Headline\n\nThe caf\u00e9 sold IDs.\n", "latin-1", 17, "Latin-1 or Windows-1252"),
])
def test_not_utf8_names_the_byte_offset(folder, text, encoding, offset, guess):
    (folder / "c.txt").write_bytes(text.encode(encoding))
    with pytest.raises(CorpusError, match=rf"c\.txt: not valid utf-8 at byte offset {offset} \(line 3.*"
                                          rf"probably saved as {guess}.*iconv"):
        load_corpus(folder)


def test_wrong_encoding_can_be_overridden(tmp_path):
    (tmp_path / "c.txt").write_bytes(article("Caf\u00e9 headline").encode("cp1252"))
    assert load_corpus(tmp_path, encoding="cp1252").loc[0, "title"] == "Caf\u00e9 headline"


def test_very_large_file_is_refused_before_reading(folder):
    big = folder / "c.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1_000_000)  # 50 MB, sparse: costs no disk and no time
    with pytest.raises(CorpusError, match=r"c\.txt: the file is 50\.0 MB, over the limit of 5\.0 MB.*max_bytes=None"):
        load_corpus(folder)


def test_large_file_loads_when_asked(folder):
    (folder / "c.txt").write_text(article("Long one") + ("More text about the border crossing. " * 140_000))
    corpus = load_corpus(folder, max_bytes=None)
    assert len(corpus.loc[corpus.doc_id == "c", "raw_text"].item()) > 5_000_000


def test_identical_articles(folder):
    shutil.copy(folder / "a.txt", folder / "a_copy.txt")
    with pytest.raises(CorpusError, match=r"a\.txt and a_copy\.txt: have identical bytes.*remove one"):
        load_corpus(folder)


def test_same_text_with_different_line_ends(folder):
    (folder / "c.txt").write_bytes(article("First headline").replace("\n", "\r\n").encode())
    with pytest.raises(CorpusError, match=r"a\.txt and c\.txt: have the same text after cleaning"):
        load_corpus(folder)


def test_colliding_doc_ids(tmp_path):
    (tmp_path / "01_a.txt").write_text(article("One"))
    (tmp_path / "01_b.txt").write_text(article("Two"))
    with pytest.raises(CorpusError, match=r"01_a\.txt and 01_b\.txt: have the same doc_id"):
        load_corpus(tmp_path)


def test_metadata_row_for_missing_file(folder):
    write_metadata(folder, [["a.txt", "", ""], ["b.txt", "", ""], ["gone.txt", "", ""]])
    with pytest.raises(CorpusError, match=r"metadata\.csv: line 4 names 'gone\.txt'.*restore the file, or delete its row"):
        load_corpus(folder)


def test_file_without_metadata_row(folder):
    write_metadata(folder, [["a.txt", "", ""]])
    with pytest.raises(CorpusError, match=r"b\.txt: has no row in metadata\.csv"):
        load_corpus(folder)


@pytest.mark.parametrize("year", ["twenty", "17", "2017.0", "3017", "2017-05"])
def test_malformed_year(folder, year):
    write_metadata(folder, [["a.txt", "", year], ["b.txt", "", ""]])
    with pytest.raises(CorpusError, match=rf"line 2 \(a\.txt\) has year '{year}'.*like 2017"):
        load_corpus(folder)


def test_metadata_without_file_column(folder):
    write_metadata(folder, [["a.txt"]], columns=("filename",))
    with pytest.raises(CorpusError, match=r"the header \(filename\) has no 'file' column"):
        load_corpus(folder)


def test_metadata_with_too_many_cells(folder):
    (folder / "metadata.csv").write_text("file,outlet\na.txt,Times, London\nb.txt,\n")
    with pytest.raises(CorpusError, match=r"line 2 has more cells than the header"):
        load_corpus(folder)


def test_metadata_listing_a_file_twice(folder):
    write_metadata(folder, [["a.txt", "", ""], ["a.txt", "", ""], ["b.txt", "", ""]])
    with pytest.raises(CorpusError, match=r"lists 'a\.txt' more than once"):
        load_corpus(folder)


def test_metadata_title_must_agree_with_text(folder):
    write_metadata(folder, [["a.txt", "Wrong headline"], ["b.txt", ""]], columns=("file", "title"))
    with pytest.raises(CorpusError, match=r"a\.txt: metadata title 'Wrong headline' differs from the title found"):
        load_corpus(folder)


def test_metadata_evidence_must_be_in_text(folder):
    write_metadata(folder, [["a.txt", "Times", "printed in the Times"], ["b.txt", "", ""]],
                   columns=("file", "outlet", "outlet_evidence"))
    with pytest.raises(CorpusError, match=r"a\.txt: metadata outlet_evidence 'printed in the Times' does not occur"):
        load_corpus(folder)


def test_metadata_checksum_mismatch_outside_seeds(folder):
    write_metadata(folder, [["a.txt", "0" * 64], ["b.txt", ""]], columns=("file", "sha256"))
    with pytest.raises(CorpusError, match=r"a\.txt: the file has changed since its metadata was written"):
        load_corpus(folder)


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="no such folder"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match=r"holds no \.txt files"):
        load_corpus(tmp_path)


def test_read_text_returns_digest_of_bytes(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\n")
    text, digest = read_text(path)
    assert text == "Headline\r\n"
    assert digest == hashlib.sha256(b"\xef\xbb\xbfHeadline\r\n").hexdigest()


# --------------------------------------------------------------------------
# Input that used to be misread or dropped without a word (issue: nothing lost, nothing leaked)
# --------------------------------------------------------------------------


def good_rows(folder):
    """The rows of the articles a.txt and b.txt, to compare with a run that also met a bad file."""
    corpus = load_corpus(folder)
    return corpus[corpus["file"].isin(["a.txt", "b.txt"])].drop(columns="n_removed_lines").reset_index(drop=True)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(folder, codec):
    before = good_rows(folder)
    text = article("Third headline")
    (folder / "c.txt").write_bytes(text.encode(codec))  # no BOM: used to be called binary (NUL byte)
    corpus = load_corpus(folder)
    assert corpus.set_index("file").loc["c.txt", "title"] == "Third headline"
    pd.testing.assert_frame_equal(good_rows(folder), before)


def test_a_really_binary_file_is_still_refused(folder):
    (folder / "c.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CorpusError, match=r"c\.txt: contains a NUL byte"):
        load_corpus(folder)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_metadata_with_semicolons_or_tabs_is_read(folder, delimiter):
    lines = [delimiter.join(["file", "outlet", "year"]), delimiter.join(["a.txt", "Example Times", "2016"]),
             delimiter.join(["b.txt", "", ""])]
    (folder / "metadata.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus(folder).set_index("file")
    assert corpus.loc["a.txt", "outlet"] == "Example Times" and corpus.loc["a.txt", "year"] == 2016


def test_header_only_metadata_says_so(folder):
    (folder / "metadata.csv").write_text("file,outlet\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"metadata\.csv: has a header but no rows\. Fix: add one row per"):
        load_corpus(folder)


def test_metadata_without_a_file_column_names_the_header(folder):
    (folder / "metadata.csv").write_text("name,outlet\na.txt,Times\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"the header \(name, outlet\) has no 'file' column"):
        load_corpus(folder)


def test_file_names_match_in_either_unicode_form(tmp_path):
    import unicodedata

    composed = "café.txt"  # NFC: é is one code point
    (tmp_path / unicodedata.normalize("NFC", composed)).write_text(article("Une histoire"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(article("Second headline"), encoding="utf-8")
    write_metadata(tmp_path, [[unicodedata.normalize("NFD", composed), "Le Journal", ""], ["b.txt", "", ""]])
    corpus = load_corpus(tmp_path).set_index("doc_id")
    assert corpus.loc["café", "outlet"] == "Le Journal"


def test_an_article_that_is_only_furniture_is_reported(folder):
    (folder / "c.txt").write_text("Advertisement\n\nShare this article\n\nRead more\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.txt: every line was removed as web furniture \(3 lines\)"):
        load_corpus(folder)


def test_copies_differing_only_in_spacing_are_duplicates(folder):
    (folder / "c.txt").write_text(article("First  headline").replace("on Monday", "on  Monday"), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.txt and c\.txt: have the same text after cleaning"):
        load_corpus(folder)


def test_symbolic_links_are_refused_unless_asked_for(folder, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text(article("Somewhere else"), encoding="utf-8")
    before = good_rows(folder)
    (folder / "c.txt").symlink_to(outside)
    with pytest.raises(CorpusError, match=r"c\.txt: is a symbolic link \(to .*secret\.txt\).*--follow-symlinks"):
        load_corpus(folder)
    corpus = load_corpus(folder, follow_symlinks=True)
    assert "Somewhere else" in corpus.set_index("file").loc["c.txt", "title"]
    same = corpus[corpus["file"].isin(["a.txt", "b.txt"])].drop(columns="n_removed_lines").reset_index(drop=True)
    pd.testing.assert_frame_equal(same, before)


def test_a_dangling_link_is_named(folder):
    (folder / "c.txt").symlink_to(folder / "gone.txt")
    with pytest.raises(CorpusError, match=r"c\.txt: is a broken symbolic link"):
        load_corpus(folder)


def test_articles_in_subfolders_are_refused_or_loaded_on_request(folder):
    before = good_rows(folder)
    (folder / "more").mkdir()
    (folder / "more" / "c.txt").write_text(article("Third headline"), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"the subfolder more/ holds \.txt files.*--recursive"):
        load_corpus(folder)
    corpus = load_corpus(folder, recursive=True)
    assert corpus["file"].tolist() == ["a.txt", "b.txt", "more/c.txt"]
    same = corpus[corpus["file"].isin(["a.txt", "b.txt"])].drop(columns="n_removed_lines").reset_index(drop=True)
    pd.testing.assert_frame_equal(same, before)


def test_hidden_folders_and_hand_codes_are_not_articles(folder):
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "a-checkpoint.txt").write_text(article("Old"), encoding="utf-8")
    (folder / "hand_codes").mkdir()
    (folder / "hand_codes" / "notes.txt").write_text("coder notes", encoding="utf-8")
    assert load_corpus(folder)["file"].tolist() == ["a.txt", "b.txt"]
