"""Tests for fsf.outputs: output folders written all or nothing, owning only what fsf wrote."""

from __future__ import annotations

import csv
import io
import json
import os

import pandas as pd
import pytest

from fsf import outputs
from fsf.outputs import (
    INCOMPLETE,
    MANIFEST,
    OutputError,
    OutputFolder,
    check_complete,
    read_manifest,
    safe_cell,
    unsafe_cell,
    write_table,
)


def run(folder, files: dict[str, str], *, keep=(), progress=None) -> OutputFolder:
    """One fsf run writing ``files`` (relative name -> text) into ``folder``."""
    with OutputFolder(folder, "test", keep=keep, progress=progress) as out:
        for relative, text in files.items():
            out.path(relative).write_text(text, encoding="utf-8")
            out.add(relative)
    return out


def snapshot(folder) -> dict[str, bytes]:
    """Every file under ``folder`` (relative posix path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def umask():
    """Set the process umask for one test and restore it after."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


# ---------------------------------------------------------------------------------- all or nothing
def test_a_run_writes_its_files_and_a_manifest_listing_them(tmp_path):
    target = tmp_path / "out"
    run(target, {"a.csv": "x\n1\n", "sub/b.txt": "hello\n"})
    assert snapshot(target).keys() == {"a.csv", "sub/b.txt", MANIFEST}
    manifest = check_complete(target)
    assert manifest["command"] == "test"
    assert sorted(manifest["files"]) == ["a.csv", "sub/b.txt"]
    assert manifest["removed_stale"] == []


def test_an_exception_inside_the_block_leaves_the_target_exactly_as_before(tmp_path):
    target = tmp_path / "out"
    run(target, {"a.csv": "first run\n", "b.csv": "first run\n"})
    before, siblings = snapshot(target), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(RuntimeError, match="crash"), OutputFolder(target, "test") as out:
        out.path("a.csv").write_text("second run, half written")
        out.add("a.csv")
        out.path("c.csv").write_text("new file")
        out.add("c.csv")
        raise RuntimeError("crash while writing")
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no temporary sibling left behind


def test_an_exception_on_a_new_target_creates_nothing(tmp_path):
    with pytest.raises(RuntimeError), OutputFolder(tmp_path / "out", "test") as out:
        out.path("a.csv").write_text("x")
        raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_a_run_killed_while_moving_files_leaves_the_incomplete_marker(tmp_path, monkeypatch):
    target = tmp_path / "out"
    run(target, {"a.csv": "old\n", "b.csv": "old\n"})
    real_replace, calls = os.replace, []

    def replace_then_fail(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace_then_fail)
    with pytest.raises(OutputError) as err:
        run(target, {"a.csv": "new\n", "b.csv": "new\n"})
    monkeypatch.undo()
    assert "\n" not in str(err.value) and "Fix:" in str(err.value)
    assert (target / INCOMPLETE).is_file()
    assert (target / "a.csv").read_text() == "new\n" and (target / "b.csv").read_text() == "old\n"  # a mix
    with pytest.raises(OutputError, match=INCOMPLETE):
        check_complete(target)
    run(target, {"a.csv": "again\n", "b.csv": "again\n"})  # running again finishes the job
    assert not (target / INCOMPLETE).exists() and check_complete(target)["files"].keys() == {"a.csv", "b.csv"}


# ---------------------------------------------------------------------------------- ownership
def test_a_folder_with_user_files_and_no_manifest_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "thesis"
    target.mkdir()
    (target / "chapter1.docx").write_bytes(b"my thesis")
    (target / "a.csv").write_text("my own table\n")
    before = snapshot(target)
    with pytest.raises(OutputError) as err:
        run(target, {"a.csv": "fsf table\n"})
    message = str(err.value)
    assert "\n" not in message and str(target) in message and "a.csv" in message and "Fix:" in message
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_an_empty_existing_folder_is_accepted(tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    run(target, {"a.csv": "x\n"})
    assert (target / "a.csv").read_text() == "x\n"


def test_a_second_run_removes_the_stale_files_of_the_first_and_reports_them(tmp_path):
    target = tmp_path / "out"
    run(target, {"a.csv": "1\n", "keyness.csv": "1\n", "topics/terms.csv": "1\n"})
    messages = []
    second = run(target, {"a.csv": "2\n"}, progress=messages.append)
    assert snapshot(target).keys() == {"a.csv", MANIFEST}
    assert not (target / "topics").exists()  # the folder emptied by the removal goes too
    assert sorted(second.removed) == ["keyness.csv", "topics/terms.csv"]
    manifest = read_manifest(target)
    assert list(manifest["files"]) == ["a.csv"]
    assert sorted(manifest["removed_stale"]) == ["keyness.csv", "topics/terms.csv"]
    assert len(messages) == 1 and "removed 2 file(s)" in messages[0] and "keyness.csv" in messages[0]


def test_files_the_manifest_does_not_list_are_never_touched(tmp_path):
    target = tmp_path / "out"
    run(target, {"a.csv": "1\n", "b.csv": "1\n"})
    (target / "notes.txt").write_text("the user's notes")
    (target / "sub").mkdir()
    (target / "sub" / "mine.csv").write_text("the user's table")
    run(target, {"c.csv": "2\n"})
    assert (target / "notes.txt").read_text() == "the user's notes"
    assert (target / "sub" / "mine.csv").read_text() == "the user's table"
    assert not (target / "a.csv").exists() and not (target / "b.csv").exists()
    assert list(read_manifest(target)["files"]) == ["c.csv"]


def test_a_user_file_named_like_a_new_output_is_not_overwritten(tmp_path):
    target = tmp_path / "out"
    run(target, {"a.csv": "1\n"})
    (target / "b.csv").write_text("the user's own b.csv")  # not in the manifest: the user's
    before = snapshot(target)
    with pytest.raises(OutputError) as err:
        run(target, {"a.csv": "2\n", "b.csv": "fsf's b.csv\n"})
    assert "b.csv" in str(err.value) and "\n" not in str(err.value)
    assert snapshot(target) == before


def test_keep_preserves_the_listed_files_of_the_previous_run(tmp_path):
    target = tmp_path / "out"
    run(target, {"a.csv": "1\n", "executed.ipynb": "slow to make\n", "old.csv": "1\n"})
    run(target, {"a.csv": "2\n"}, keep=["executed.ipynb"])
    assert (target / "executed.ipynb").read_text() == "slow to make\n"
    assert not (target / "old.csv").exists()
    manifest = read_manifest(target)
    assert sorted(manifest["files"]) == ["a.csv", "executed.ipynb"]  # still owned by fsf
    assert manifest["removed_stale"] == ["old.csv"]


# ---------------------------------------------------------------------------------- bad targets
def test_a_target_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "out"
    target.write_text("a file")
    with pytest.raises(OutputError) as err:
        run(target, {"a.csv": "x\n"})
    assert "\n" not in str(err.value) and "is a file" in str(err.value) and "Fix:" in str(err.value)
    assert target.read_text() == "a file"


def test_a_target_under_a_file_is_refused(tmp_path):
    (tmp_path / "report.pdf").write_text("a file")
    with pytest.raises(OutputError) as err:
        run(tmp_path / "report.pdf" / "tables", {"a.csv": "x\n"})
    assert "\n" not in str(err.value) and "report.pdf" in str(err.value) and "Fix:" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_a_target_that_is_a_symlink_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    with pytest.raises(OutputError) as err:
        run(tmp_path / "link", {"a.csv": "x\n"})
    assert "\n" not in str(err.value) and "symbolic link" in str(err.value)
    assert list(real.iterdir()) == []


def test_an_unreadable_manifest_is_one_line(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / MANIFEST).write_text("{not json")
    with pytest.raises(OutputError) as err:
        run(target, {"a.csv": "x\n"})
    assert "\n" not in str(err.value) and MANIFEST in str(err.value)


def test_check_complete_refuses_a_folder_without_manifest(tmp_path):
    (tmp_path / "a.csv").write_text("x\n")
    with pytest.raises(OutputError, match="fsf-manifest.json"):
        check_complete(tmp_path)


# ---------------------------------------------------------------------------------- permissions
@pytest.mark.parametrize("mask, mode", [(0o022, 0o755), (0o077, 0o700), (0o002, 0o775)])
def test_a_new_folder_follows_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    run(tmp_path / "out", {"a.csv": "x\n", "sub/b.csv": "y\n"})
    assert (tmp_path / "out").stat().st_mode & 0o777 == mode
    assert (tmp_path / "out" / "sub").stat().st_mode & 0o777 == mode
    for name in ("a.csv", "sub/b.csv", MANIFEST):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o666 & ~mask


def test_an_existing_folder_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "private"
    target.mkdir(mode=0o700)
    os.chmod(target, 0o700)
    run(target, {"a.csv": "x\n"})
    assert target.stat().st_mode & 0o777 == 0o700  # fsf does not open a private folder to others


# ---------------------------------------------------------------------------------- CSV cells
CELLS = ["=1+1", '=HYPERLINK("http://x")', "+44 20", "-2 dead", "@SUM(A1)", "\tindented", "\rreturn",
         "'Tis", "''", "'", "'=1+1", "plain", "", "a = b", "2-1"]


@pytest.mark.parametrize("cell", CELLS)
def test_safe_cell_round_trips(cell):
    escaped = safe_cell(cell)
    assert unsafe_cell(escaped) == cell
    starts_risky = cell[:1] in ("=", "+", "-", "@", "\t", "\r", "'")
    assert escaped == ("'" + cell if starts_risky else cell)


@pytest.mark.parametrize("value", [-2, 1.5, None, True])
def test_safe_cell_leaves_non_text_alone(value):
    assert safe_cell(value) is value and unsafe_cell(value) is value


def read_cells(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_write_table_escapes_formula_cells_by_default(tmp_path):
    table = pd.DataFrame({"text": ["=cmd|' /C calc'!A0", "ok", "'quoted", "-1 killed", "@x"],
                          "n": [-1, 2, 3, -4, 5]})
    info = write_table(table, tmp_path / "t.csv")
    rows = read_cells(tmp_path / "t.csv")
    assert rows[0] == ["text", "n"]
    assert [r[0] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "ok", "''quoted", "'-1 killed", "'@x"]
    assert [r[1] for r in rows[1:]] == ["-1", "2", "3", "-4", "5"]  # numbers are not text
    assert info["formula_cells_escaped"] == 4
    assert info["rows"] == 5 and info["columns"] == {"text": str(table["text"].dtype), "n": "int64"}
    assert b"\r\n" not in (tmp_path / "t.csv").read_bytes()


def test_write_table_raw_csv_keeps_cells_verbatim(tmp_path):
    table = pd.DataFrame({"text": ["=cmd", "'quoted", "-1 killed", "ok"]})
    info = write_table(table, tmp_path / "t.csv", raw_csv=True)
    assert [r[0] for r in read_cells(tmp_path / "t.csv")[1:]] == ["=cmd", "'quoted", "-1 killed", "ok"]
    assert info["formula_cells_escaped"] == 0


def test_write_table_does_not_count_missing_cells_as_escaped(tmp_path):
    table = pd.DataFrame({"text": pd.array(["=cmd", None, "ok", None], dtype="str"),
                          "other": pd.Series(["x", None, "+1", "y"], dtype=object)})
    info = write_table(table, tmp_path / "t.csv")
    assert info["formula_cells_escaped"] == 2  # "=cmd" and "+1"; the two missing cells are not escaped


def test_write_table_refuses_an_unknown_format(tmp_path):
    with pytest.raises(OutputError, match="unknown table format 'xlsx'"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.xlsx", fmt="xlsx")


def test_parquet_without_pyarrow_is_one_line(tmp_path):
    try:
        import pyarrow  # noqa: F401
    except ModuleNotFoundError:
        with pytest.raises(OutputError, match="pyarrow"):
            write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.parquet", fmt="parquet")
    else:
        info = write_table(pd.DataFrame({"a": ["=x"]}), tmp_path / "t.parquet", fmt="parquet")
        assert pd.read_parquet(tmp_path / "t.parquet")["a"].tolist() == ["=x"]  # Parquet keeps text as it is
        assert info["formula_cells_escaped"] == 0


def test_the_manifest_is_valid_json_with_the_table_records(tmp_path):
    target = tmp_path / "out"
    with OutputFolder(target, "export", provenance={"corpus": "x"}) as out:
        out.table("t", pd.DataFrame({"a": ["=1", "b"]}))
    manifest = json.loads((target / MANIFEST).read_text())
    assert manifest["corpus"] == "x" and manifest["files"]["t.csv"]["formula_cells_escaped"] == 1
    assert manifest["files"]["t.csv"]["rows"] == 2
