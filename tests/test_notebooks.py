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


# --------------------------------------------------------------------------
# Exercises and the student version
# --------------------------------------------------------------------------

import ast  # noqa: E402
import builtins  # noqa: E402

from fsf.notebooks import EXERCISE_TAG, SOLUTION_TAG, student_version, write_student_notebooks  # noqa: E402

ANALYSES = [nb for nb in NOTEBOOKS if nb.name != "00-overview"]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("notebook", ANALYSES, ids=lambda nb: nb.name)
def test_every_analysis_notebook_has_exercises_with_solutions(notebook):
    cells = nbformat.read(notebook.path, as_version=4).cells
    exercises = [i for i, c in enumerate(cells) if EXERCISE_TAG in tags(c)]
    assert len(exercises) >= 2
    for i in exercises:
        assert cells[i].cell_type == "markdown"
        assert SOLUTION_TAG in tags(cells[i + 1]) and cells[i + 1].cell_type == "code"


def names_read_and_written(source: str) -> tuple[set[str], set[str]]:
    tree = ast.parse(source)
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    written = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            written |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return read, written


@pytest.mark.parametrize("notebook", ANALYSES, ids=lambda nb: nb.name)
def test_student_version_needs_nothing_from_the_solutions(notebook):
    """Every name a student-version cell reads is defined by an earlier cell that the student keeps.

    With nbval running the full version, this shows the student version runs up to each exercise
    (and past it) without the solutions.
    """
    student = student_version(nbformat.read(notebook.path, as_version=4))
    defined = set(dir(builtins)) | {"display", "get_ipython"}
    for cell in student.cells:
        if cell.cell_type != "code":
            continue
        read, written = names_read_and_written(cell.source)
        assert read <= defined | written, (notebook.name, cell.source, read - defined - written)
        defined |= written
    assert not any(SOLUTION_TAG in tags(c) for c in student.cells)
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")


def test_student_notebook_runs_to_the_end(tmp_path):
    """The smallest student notebook, executed for real in a fresh kernel."""
    [path] = write_student_notebooks(tmp_path, [nb for nb in NOTEBOOKS if nb.name == "10-corpus-and-cleaning"])
    executed = run_notebook(path)
    answers = [c for c in executed.cells if "answer" in tags(c)]
    assert len(answers) == 2 and all(c.execution_count for c in answers)


def test_student_command(tmp_path, capsys):
    from fsf.cli import main

    assert main(["student", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{nb.name}.ipynb" for nb in NOTEBOOKS]
                                                                + ["fsf-manifest.json"])
