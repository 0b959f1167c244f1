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
    """The smallest student notebook, executed for real in a fresh kernel: each answer cell's check waits."""
    path, readme = write_student_notebooks(tmp_path, [nb for nb in NOTEBOOKS if nb.name == "10-corpus-and-cleaning"])
    assert readme.name == "README-student.md"
    executed = run_notebook(path)
    answers = [c for c in executed.cells if "answer" in tags(c)]
    assert len(answers) == 2 and all(c.execution_count for c in answers)
    shown = ["".join(o.get("data", {}).get("text/plain", "")) for c in answers for o in c.outputs]
    assert shown[0] == ("10-1: no answer yet. Pass the doc_id (three digits, e.g. \"00X\") of the article with the "
                        "largest share of its tokens in removed lines.")
    assert len(shown) == 2 and shown[1].startswith("10-2: no answer yet.")


def test_student_command(tmp_path, capsys):
    from fsf.cli import main

    assert main(["student", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{nb.name}.ipynb" for nb in NOTEBOOKS]
                                                                + ["README-student.md", "fsf-manifest.json"])


# The student bundle hides solutions and conclusions, and carries no outputs and no hand codes.
CONCLUSION = "The secret conclusion: topic 2 is article 001."
SOLUTION_CODE = "secret_solution = shares.idxmax()"
SOLUTION_PROSE = "**Solution.** The secret answer is 001."


def invented_notebook():
    """A notebook with every kind of cell a student version treats specially, and stored outputs."""
    from nbformat.v4 import new_output

    def cell(kind, source, *cell_tags):
        make = new_code_cell if kind == "code" else new_markdown_cell
        return make(source, metadata={"tags": list(cell_tags)} if cell_tags else {})

    cells = [cell("code", "corpus = None", "parameters"), cell("code", "shares = {'001': 0.1}"),
             cell("markdown", CONCLUSION, "conclusion", "seeds-only"),
             cell("markdown", "**Exercise 1.** Which article?", "exercise"),
             cell("code", SOLUTION_CODE, "solution"), cell("markdown", SOLUTION_PROSE, "solution", "seeds-only"),
             cell("markdown", "**Exercise 2.** Why?", "exercise"), cell("code", "print('secret')", "solution"),
             cell("markdown", "More to read.", "conclusion")]
    for c in cells:
        if c.cell_type == "code":
            c.outputs = [new_output("stream", name="stdout", text="stored output\n")]
            c.execution_count = 3
            c.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00Z"}
    return new_notebook(cells=cells)


def secret_free(student) -> None:
    """No solution or conclusion content, no outputs, no execution counts or timings."""
    text = "\n".join(c.source for c in student.cells)
    for secret in (CONCLUSION, SOLUTION_CODE, SOLUTION_PROSE, "print('secret')", "More to read."):
        assert secret not in text
    assert not any(SOLUTION_TAG in tags(c) for c in student.cells)
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None and "execution" not in cell.metadata


def test_student_version_of_an_invented_notebook():
    from fsf.notebooks import CONCLUSION_NOTE

    student = student_version(invented_notebook(), "10-invented")
    secret_free(student)
    kinds = [(c.cell_type, tags(c)) for c in student.cells]
    assert kinds == [("code", ["parameters"]), ("code", []), ("markdown", ["conclusion", "seeds-only"]),
                     ("markdown", ["exercise"]), ("code", ["answer"]), ("markdown", ["exercise"]),
                     ("code", ["answer"]), ("markdown", ["conclusion"])]
    assert student.cells[2].source == student.cells[-1].source == CONCLUSION_NOTE
    first, second = [c.source for c in student.cells if "answer" in tags(c)]
    assert first.endswith("check('10-1', your_answer)\n") and second.endswith("check('10-2', your_answer)\n")
    nbformat.validate(student)


def test_student_version_without_a_registered_exercise_has_a_plain_answer_cell():
    student = student_version(invented_notebook(), "99-other")
    answers = [c.source for c in student.cells if "answer" in tags(c)]
    assert answers and all("check(" not in source for source in answers)
    assert [c.source for c in student_version(invented_notebook()).cells if "answer" in tags(c)] == answers


def test_student_bundle_of_the_real_notebooks(tmp_path):
    """Every notebook, 00 included: its solution and conclusion cells' content is gone, no outputs, no hand codes."""
    written = write_student_notebooks(tmp_path / "bundle")
    assert [p.name for p in written] == [f"{nb.name}.ipynb" for nb in NOTEBOOKS] + ["README-student.md"]
    for notebook, path in zip(NOTEBOOKS, written):
        full = nbformat.read(notebook.path, as_version=4)
        hidden = [c.source for c in full.cells if {SOLUTION_TAG, "conclusion"} & set(tags(c)) and c.source.strip()]
        student = nbformat.read(path, as_version=4)
        nbformat.validate(student)
        text = "\n".join(c.source for c in student.cells)
        assert not [source for source in hidden if source in text], notebook.name
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in student.cells if c.cell_type == "code"), notebook.name
        assert not [c for c in student.cells if {SOLUTION_TAG} & set(tags(c))]
    files = sorted(p.relative_to(tmp_path / "bundle").as_posix() for p in (tmp_path / "bundle").rglob("*"))
    assert files == sorted([p.name for p in written] + ["fsf-manifest.json"])  # no hand codes, no data files
    readme = (tmp_path / "bundle" / "README-student.md").read_text(encoding="utf-8")
    for needed in ("--no-index --find-links", "fsf check", "jupyter lab", "check(\"10-1\", your_answer)",
                   "Python 3.10, 3.11 or 3.12", *[f"`{nb.name}.ipynb`" for nb in NOTEBOOKS]):
        assert needed in readme, needed


# The readings that docs/teaching.md says the bundle hides until the class activity: the choice of K
# in 20 (session 2's pair work) and the reading of the confusion matrices and of the article
# comparison in 30 (session 3). The text of each is a phrase of the full notebook's cell.
PROMISED_CONCLUSIONS = {
    "20-topics": ["Reading the six panels", "They **can** support a description"],
    "30-sentiment-toward-foreign-fighters": ["Plain VADER spreads its errors everywhere",
                                             "The measure is far more often neutral than the coder"],
}


def test_the_readings_the_teaching_plan_hides_are_tagged_and_hidden(tmp_path):
    """Without cells tagged ``conclusion`` the bundle hides nothing: the tags, not the mechanism, were missing."""
    by_name = {nb.name: nb for nb in NOTEBOOKS}
    written = {p.stem: p for p in write_student_notebooks(tmp_path / "bundle", [by_name[n] for n in
                                                                               PROMISED_CONCLUSIONS])}
    for name, phrases in PROMISED_CONCLUSIONS.items():
        full = nbformat.read(by_name[name].path, as_version=4)
        student_text = "\n".join(c.source for c in nbformat.read(written[name], as_version=4).cells)
        for phrase in phrases:
            cells = [c for c in full.cells if phrase in c.source]
            assert len(cells) == 1 and "conclusion" in tags(cells[0]), (name, phrase)
            assert phrase not in student_text, (name, phrase)


def test_notebooks_command_shows_no_kernel_transport_warning(tmp_path):
    """ipykernel warns "running over TCP without encryption" unless the kernel manager provisions keys."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    fsf_command = Path(sys.executable).with_name("fsf")
    result = subprocess.run([str(fsf_command), "notebooks", "00-overview", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, check=False, env=os.environ, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "without encryption" not in result.stdout + result.stderr
    assert "executed 00-overview" in result.stdout


def test_the_choice_of_k_is_hidden_from_students_until_the_class_has_argued_it():
    """docs/teaching.md, session 2: pairs argue for a K from the table and figure before reading the notebook's reading."""
    notebook = next(nb for nb in NOTEBOOKS if nb.name == "20-topics")
    full = nbformat.read(notebook.path, as_version=4)
    concluded = [c.source for c in full.cells if "conclusion" in tags(c)]
    assert any("**Chosen: K =" in source for source in concluded) and any("It picks" in s for s in concluded)
    text = "\n".join(c.source for c in student_version(full, notebook.name).cells)
    assert "**Chosen: K =" not in text and "It picks" not in text
    assert "topic-model-selection" in text  # the figure the pairs argue from stays
