"""Tests for fsf.notebooks: the registry, the runner's success and failure paths, the session setup."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from fsf.notebooks import NOTEBOOKS, NotebookError, notebook_map, run_notebook, setup_notebook, software_versions


def write_notebook(path, *sources):
    nb = new_notebook(cells=[new_markdown_cell("# test")] + [new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_run_notebook_stores_outputs_in_order(tmp_path):
    path = write_notebook(tmp_path / "ok.ipynb", "x = 6 * 7", "x")
    run_notebook(path)
    cells = nbformat.read(path, as_version=4).cells[1:]
    assert [c.execution_count for c in cells] == [1, 2]
    assert cells[1].outputs[0]["data"]["text/plain"] == "42"


def test_failing_notebook_names_cell_and_keeps_file(tmp_path):
    path = write_notebook(tmp_path / "bad.ipynb", "1 + 1", "raise ValueError('no such corpus')")
    before = path.read_bytes()
    with pytest.raises(NotebookError, match=r"bad\.ipynb: cell 3 failed with ValueError: no such corpus"):
        run_notebook(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ipynb"]


def test_registry_and_map():
    table = notebook_map()
    assert table["notebook"].tolist() == [nb.name for nb in NOTEBOOKS]
    assert all(nb.path.is_file() for nb in NOTEBOOKS)
    assert list(table.columns) == ["notebook", "question", "figures", "tables"]


def test_setup_outside_ipython_sets_display_options():
    try:
        setup_notebook()
        assert pd.get_option("display.max_colwidth") == 120
    finally:
        for option in ("display.max_colwidth", "display.max_rows", "display.width"):
            pd.reset_option(option)


def test_software_versions_lists_python_and_fsf():
    versions = software_versions(("fsf", "no-such-package"))
    assert versions["package"].tolist() == ["python", "fsf", "no-such-package"]
    assert versions["version"].iloc[2] == "not installed"
