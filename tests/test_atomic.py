"""Tests for fsf.atomic: all or nothing, with normal permissions."""

from __future__ import annotations

import os

import pytest

from fsf.atomic import atomic_path


def test_success_replaces_target_with_normal_permissions(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with atomic_path(target) as tmp:
        tmp.write_text("new")
        assert target.read_text() == "old"  # nothing visible until the block ends
    assert target.read_text() == "new"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_failure_keeps_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("crash while writing")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_creates_missing_folders(tmp_path):
    with atomic_path(tmp_path / "a" / "b" / "c.txt") as tmp:
        tmp.write_text("x")
    assert (tmp_path / "a" / "b" / "c.txt").read_text() == "x"
