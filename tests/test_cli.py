"""Tests for the ``fsf`` command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fsf.cli import main


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
