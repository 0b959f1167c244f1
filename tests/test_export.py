"""Tests for fsf.export: the tables ``fsf export`` writes, for the seeds and for any folder."""

from __future__ import annotations

import pandas as pd
import pytest

from fsf.export import EXPORT_TABLES as TABLES
from fsf.export import export_tables
from fsf.settings import settings_from_dict

SPEC = {
    "articles": ["doc_id", "file", "sha256", "title", "standfirst", "outlet", "year",
                 "n_paragraphs", "n_sentences", "n_tokens"],
    "removed_lines": ["doc_id", "line_no", "text", "reason"],
    "sentences": ["doc_id", "sent_idx", "section", "paragraph_idx", "text"],
}


def read(path):
    return pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)


TOPIC_TABLES = {"topic_terms", "paragraph_topics"}  # tested with a short K range in tests/test_topics.py


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    folder = export_tables(out_dir=out, tables=[name for name in TABLES if name not in TOPIC_TABLES])
    return {name: read(folder / f"{name}.csv") for name in TABLES if (folder / f"{name}.csv").is_file()}


def test_writes_every_registered_table(seed_tables):
    assert set(SPEC) <= set(seed_tables) == set(TABLES) - TOPIC_TABLES


def test_topic_tables_are_exported(tmp_path):
    quick = settings_from_dict({"selection": {"k_min": 2, "k_max": 3}})  # the full selection is in notebook 20
    folder = export_tables(out_dir=tmp_path, tables=sorted(TOPIC_TABLES), settings=quick)
    assert sorted(p.name for p in folder.iterdir()) == ["fsf-manifest.json", "paragraph_topics.csv", "topic_terms.csv"]
    assert list(read(folder / "topic_terms.csv").columns) == ["model", "k", "topic", "rank", "term", "weight"]


@pytest.mark.parametrize("name", list(SPEC))
def test_columns_follow_the_specification(seed_tables, name):
    assert list(seed_tables[name].columns[: len(SPEC[name])]) == SPEC[name]


def test_articles_table(seed_tables):
    articles = seed_tables["articles"]
    assert articles["doc_id"].tolist() == ["000", "001", "002", "003", "004"]
    assert articles.set_index("doc_id").loc["001", ["n_paragraphs", "n_sentences"]].tolist() == [7, 19]


def test_sentences_table_has_one_row_per_sentence(seed_tables):
    sents = seed_tables["sentences"]
    assert sents.groupby("doc_id").size().tolist() == seed_tables["articles"]["n_sentences"].tolist()
    assert set(sents["section"]) == {"title", "standfirst", "body"}


def test_removed_lines_are_one_based(seed_tables):
    removed = seed_tables["removed_lines"]
    first = removed[removed.doc_id == "001"].iloc[0]
    assert (first["line_no"], first["text"]) == (1, "Logo Wide")


def test_export_is_deterministic(tmp_path, seed_tables):
    again = export_tables(out_dir=tmp_path, tables=list(seed_tables))
    for name, table in seed_tables.items():
        assert read(again / f"{name}.csv").equals(table)


def test_unknown_table_name(tmp_path):
    with pytest.raises(Exception, match="unknown table 'nope'"):
        export_tables(out_dir=tmp_path, tables=["nope"])


def test_any_folder_of_articles(tmp_path):
    corpus = tmp_path / "mine"
    corpus.mkdir()
    (corpus / "report-one.txt").write_text(
        "Fighters Cross the Border\n\nMany foreign fighters crossed into Turkey this week. Most went home.\n")
    (corpus / "report-two.txt").write_text(
        "A second story\n\nAdvertisement\n\nThe militants left Idleb. They did not come back.\n")
    messages = []
    folder = export_tables(corpus, tmp_path / "out", progress=messages.append)
    tables = {name: read(folder / f"{name}.csv") for name in TABLES if (folder / f"{name}.csv").is_file()}
    # two one-paragraph articles are too few for a topic model: those tables are skipped, with the reason
    assert set(TABLES) - set(tables) == {"topic_terms", "paragraph_topics"}
    assert any(m.startswith("skipped topic_terms:") for m in messages)
    assert tables["articles"]["doc_id"].tolist() == ["report-one", "report-two"]
    assert tables["removed_lines"][["doc_id", "line_no", "text"]].values.tolist() == [["report-two", 3, "Advertisement"]]
    assert tables["sentences"].groupby("doc_id").size().tolist() == [3, 3]
