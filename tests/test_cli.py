"""Tests for the ``fsf`` command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import tomllib

from fsf.cli import main
from fsf.export import EXPORT_TABLES


def test_export_command(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path), "--tables", "articles", "quotes"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.csv", "fsf-manifest.json", "quotes.csv"]
    assert "articles.csv (5 rows" in capsys.readouterr().out



def test_bad_corpus_gives_message_not_traceback(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["export", "--corpus", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fsf: error: empty.txt: the file is empty") and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_bare_fsf_lists_the_commands(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for command in ("export", "figures", "notebooks", "report", "code", "student", "init", "config"):
        assert f"\n  {command} " in out


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "fsf", "--version"],
    [str(Path(sys.executable).with_name("fsf")), "--version"],
])
def test_entry_points(command):
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ)
    assert result.stdout.startswith("fsf 0.")


# ---------------------------------------------------------------------------------- any corpus, bad input
MINI = Path(__file__).resolve().parent / "corpora" / "mini"
MINI_ARTICLES = ["101_wire.txt", "102_feature.txt", "103_translated.txt", "104_local.txt"]
OFF_TOPIC = ("Olive harvest falls in Idlib\n\nFarmers in the Idlib countryside say the olive harvest fell by half "
             "this year after a dry spring.\n\nPrices for oil in the markets of the province have doubled, traders "
             "said on Tuesday.\n\nThe council said it would help growers buy water.\n")
BREAD = ("Bread queues return to Aleppo\n\nResidents of Aleppo waited for hours outside bakeries on Sunday as flour "
         "deliveries were delayed.\n\nThe local council said new shipments would arrive next week.\n")

pytestmark = pytest.mark.filterwarnings("ignore:.*ignoring files that are not .txt articles")


def one_line_error(capsys) -> str:
    """The error the last command printed: exactly one line, no traceback, not an internal error."""
    err = capsys.readouterr().err
    assert err.startswith("fsf: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return err


def articles_folder(folder: Path, names=MINI_ARTICLES, extra: dict | None = None) -> Path:
    """Some of the test corpus's articles (without metadata or hand codes), and extra invented ones."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(MINI / name, folder / name)
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def manifest(folder: Path) -> dict:
    return json.loads((folder / "fsf-manifest.json").read_text())


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)


@pytest.fixture(scope="module")
def mini_export(tmp_path_factory):
    """`fsf export --corpus tests/corpora/mini --out T`, run once for the module."""
    out = tmp_path_factory.mktemp("mini") / "T"
    assert main(["export", "--corpus", str(MINI), "--out", str(out), "--quiet"]) == 0
    return out


def test_export_of_the_test_corpus_writes_every_table_with_a_manifest(mini_export):
    files = sorted(p.name for p in mini_export.iterdir())
    assert files == sorted([f"{name}.csv" for name in EXPORT_TABLES] + ["fsf-manifest.json"])
    record = manifest(mini_export)
    assert record["command"] == "export" and record["skipped"] == {}
    assert record["corpus"] == str(MINI.resolve())
    assert sorted(record["articles"]) == MINI_ARTICLES
    assert read(mini_export / "articles.csv")["doc_id"].tolist() == ["101", "102", "103", "104"]
    assert len(read(mini_export / "sentences.csv")) == 71  # tests/corpora/mini/README.md: 71 sentences


def test_a_second_export_removes_the_tables_the_first_wrote_and_this_one_cannot(mini_export, tmp_path, capsys):
    out = Path(shutil.copytree(mini_export, tmp_path / "T"))
    one = articles_folder(tmp_path / "one", ["101_wire.txt"])
    assert main(["export", "--corpus", str(one), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for stale in ("keyness.csv", "topic_terms.csv", "paragraph_topics.csv"):
        assert not (out / stale).exists()  # not left looking current
        assert stale in manifest(out)["removed_stale"]
    assert "removed 3 file(s) of an earlier run" in printed
    assert read(out / "articles.csv")["doc_id"].tolist() == ["101"]
    assert set(manifest(out)["skipped"]) == {"keyness", "topic_terms", "paragraph_topics"}


def test_export_refuses_a_folder_holding_a_users_file(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"months of work")
    assert main(["export", "--out", str(out), "--tables", "articles"]) == 2
    err = one_line_error(capsys)
    assert str(out) in err and "thesis.docx" in err and "Fix:" in err
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx"]
    assert (out / "thesis.docx").read_bytes() == b"months of work"


def partly_coded_mini(tmp_path) -> Path:
    """The test corpus with the stance codes of article 101 only."""
    corpus = Path(shutil.copytree(MINI, tmp_path / "mini"))
    codes = pd.read_csv(corpus / "hand_codes" / "stance.csv", dtype=str, keep_default_na=False)
    codes[codes["doc_id"] == "101"].to_csv(corpus / "hand_codes" / "stance.csv", index=False)
    return corpus


def test_code_writes_a_sheet_and_its_codebook(tmp_path, capsys):
    corpus = partly_coded_mini(tmp_path)
    sheet_path = tmp_path / "sheet.csv"
    assert main(["code", "--corpus", str(corpus), "--n", "10", "--out", str(sheet_path)]) == 0
    sheet = read(sheet_path)
    assert len(sheet) == 10 and "101" not in set(sheet["doc_id"])  # article 101 is coded already
    assert list(sheet.columns) == ["doc_id", "sent_idx", "before", "text", "after", "refers_ff", "ref_type", "stance",
                                   "confidence", "note"]
    rules = tmp_path / "sheet-codebook.txt"
    assert "refers_ff" in rules.read_text() and "stance" in rules.read_text()
    assert "wrote" in capsys.readouterr().out


def test_code_refuses_to_overwrite_a_sheet(tmp_path, capsys):
    sheet_path = tmp_path / "sheet.csv"
    sheet_path.write_text("doc_id,sent_idx,text,refers_ff\n101,0,coded by hand,1\n")
    assert main(["code", "--corpus", str(partly_coded_mini(tmp_path)), "--n", "10", "--out", str(sheet_path)]) == 2
    err = one_line_error(capsys)
    assert "sheet.csv" in err and "Fix:" in err
    assert sheet_path.read_text() == "doc_id,sent_idx,text,refers_ff\n101,0,coded by hand,1\n"
    assert not (tmp_path / "sheet-codebook.txt").exists()


def test_code_on_a_corpus_coded_in_full_says_so(tmp_path, capsys):
    assert main(["code", "--corpus", str(MINI), "--n", "10", "--out", str(tmp_path / "sheet.csv")]) == 2
    err = one_line_error(capsys)
    assert "stance.csv" in err and "71 sentences" in err
    assert list(tmp_path.iterdir()) == []


def test_init_writes_the_notebooks_a_settings_file_and_a_readme(tmp_path, capsys):
    from fsf.settings import Settings, load_settings

    folder = tmp_path / "study"
    assert main(["init", str(folder)]) == 0
    names = sorted(p.name for p in folder.iterdir())
    notebooks = sorted(p.name for p in (Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
    assert names == sorted(notebooks + ["README.md", "study.toml", "fsf-manifest.json"])
    assert load_settings(folder / "study.toml") == Settings()
    for name in notebooks:  # clean copies: no outputs
        nb = json.loads((folder / name).read_text())
        assert all(not cell.get("outputs") for cell in nb["cells"] if cell["cell_type"] == "code")


def test_config_example_is_the_defaults(capsys):
    from fsf.settings import Settings, settings_from_dict

    assert main(["config", "--example"]) == 0
    assert settings_from_dict(tomllib.loads(capsys.readouterr().out)) == Settings()


def test_config_shows_a_settings_file(tmp_path, capsys):
    path = tmp_path / "study.toml"
    path.write_text("[selection]\nk_min = 3\nk_max = 4\n")
    assert main(["config", "--config", str(path)]) == 0
    assert "[3, 4]" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["config"], ["export", "--tables", "articles"]])
@pytest.mark.parametrize("text, names", [
    ("[topics]\nmin_dff = 3\n", "min_dff"),            # an unknown key
    ("[topic]\nmin_df = 3\n", "[topic]"),               # an unknown section
    ('[corpus]\nrecursive = "yes"\n', "recursive"),     # a string for true/false
    ('[terms]\nextra_stopwords = "said"\n', "extra_stopwords"),  # a string for a list
    ("[mentions]\ncarry = true\n", "carry"),            # true/false for a number
    ('[stance]\nthreshold = "0.1"\n', "threshold"),     # a string for a number
    ('[stance]\nlexicon = "vadr"\n', "lexicon"),        # a lexicon fsf does not have
])
def test_a_bad_settings_file_is_one_line_naming_it(tmp_path, capsys, command, text, names):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    out = tmp_path / "out"
    assert main([*command, "--config", str(path), *(["--out", str(out)] if command[0] == "export" else [])]) == 2
    err = one_line_error(capsys)
    assert "bad.toml" in err and names in err and "Fix:" in err
    assert not out.exists()


def test_a_symlinked_article_needs_follow_symlinks(tmp_path, capsys):
    outside = articles_folder(tmp_path / "elsewhere", ["102_feature.txt"])
    corpus = articles_folder(tmp_path / "corpus", ["101_wire.txt"])
    (corpus / "102_feature.txt").symlink_to(outside / "102_feature.txt")
    args = ["export", "--corpus", str(corpus), "--tables", "articles", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 2
    err = one_line_error(capsys)
    assert "102_feature.txt" in err and "--follow-symlinks" in err
    assert not (tmp_path / "a").exists()
    assert main([*args, "--out", str(tmp_path / "b"), "--follow-symlinks"]) == 0
    assert read(tmp_path / "b" / "articles.csv")["doc_id"].tolist() == ["101", "102"]


def test_a_subfolder_of_articles_needs_recursive(tmp_path, capsys):
    corpus = articles_folder(tmp_path / "corpus", ["101_wire.txt"])
    articles_folder(corpus / "2021", ["102_feature.txt"])
    args = ["export", "--corpus", str(corpus), "--tables", "articles", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 2
    err = one_line_error(capsys)
    assert "2021/" in err and "--recursive" in err
    assert main([*args, "--out", str(tmp_path / "b"), "--recursive"]) == 0
    assert read(tmp_path / "b" / "articles.csv")["file"].tolist() == ["101_wire.txt", "2021/102_feature.txt"]


def test_an_unreadable_article(tmp_path, capsys):
    corpus = articles_folder(tmp_path / "corpus", ["101_wire.txt", "102_feature.txt"])
    locked = corpus / "102_feature.txt"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: a file with mode 000 is still readable")
        assert main(["export", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--tables", "articles"]) == 2
        err = one_line_error(capsys)
        assert "102_feature.txt" in err
        assert not (tmp_path / "out").exists()
    finally:
        locked.chmod(0o644)


def test_a_corpus_of_one_article(tmp_path, capsys):
    one = articles_folder(tmp_path / "one", ["103_translated.txt"])
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(one), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    skipped = manifest(out)["skipped"]
    assert set(skipped) == {"keyness", "topic_terms", "paragraph_topics"}
    assert "at least 2" in skipped["keyness"] and "article" in skipped["keyness"]
    assert all("Fix:" in reason and "\n" not in reason for reason in skipped.values())
    assert "skipped keyness: " in printed and "skipped topic_terms: " in printed
    assert read(out / "articles.csv")["doc_id"].tolist() == ["103"]
    assert read(out / "articles.csv")[["outlet", "year"]].values.tolist() == [["", ""]]  # no metadata


def test_a_corpus_with_an_off_topic_article(tmp_path):
    corpus = articles_folder(tmp_path / "corpus", MINI_ARTICLES, {"105_olives.txt": OFF_TOPIC})
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--quiet",
                 "--tables", "articles", "mentions", "ff_sentences"]) == 0
    stance = read(out / "ff_sentences.csv")
    olives = stance[stance["doc_id"] == "105"]
    assert len(olives) > 0 and (olives["mentions_ff"] == 0).all()
    assert (olives["stance"] == "").all() and (olives["score"] == "").all()  # NA: no foreign fighters to score
    assert "105" not in set(read(out / "mentions.csv")["doc_id"])
    assert (stance[stance["doc_id"] != "105"]["stance"] != "").any()


def test_a_corpus_that_never_mentions_foreign_fighters(tmp_path):
    corpus = articles_folder(tmp_path / "corpus", [], {"olives.txt": OFF_TOPIC, "bread.txt": BREAD})
    out = tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert len(read(out / "mentions.csv")) == 0 and len(read(out / "quotes.csv")) == 0
    assert list(read(out / "mentions.csv").columns) == ["doc_id", "sent_idx", "start", "end", "text", "kind"]
    stance = read(out / "ff_sentences.csv")
    assert len(stance) > 0 and (stance["stance"] == "").all() and (stance["mentions_ff"] == 0).all()
    assert len(read(out / "keyness.csv")) > 0


def test_hand_codes_that_do_not_match_the_sentences(tmp_path, capsys):
    corpus = Path(shutil.copytree(MINI, tmp_path / "mini"))
    codes_path = corpus / "hand_codes" / "stance.csv"
    codes = pd.read_csv(codes_path, dtype=str, keep_default_na=False)
    codes.loc[5, "text"] = "A sentence the splitter no longer gives."
    codes.to_csv(codes_path, index=False)
    assert main(["code", "--corpus", str(corpus), "--out", str(tmp_path / "sheet.csv")]) == 2
    err = one_line_error(capsys)
    assert "stance.csv" in err and f"{len(codes) - 1} of {len(codes)} codes match" in err and "line 7" in err
    assert not (tmp_path / "sheet.csv").exists()


def test_control_characters_in_a_file_name_are_shown_escaped(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "\x1b[31mred.txt").write_bytes(b"")
    assert main(["export", "--corpus", str(corpus), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[31mred.txt: the file is empty" in err
