"""The notebooks: what each one answers and produces, and how to re-execute them.

:data:`NOTEBOOKS` is the map shown in ``00-overview``; :func:`run_notebook`
executes a notebook top to bottom in a fresh kernel and stores its outputs,
which is how the committed notebooks are made (``fsf notebooks``) and what
nbval re-checks in the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from fsf import config
from fsf.atomic import atomic_path
from fsf.errors import FsfError

__all__ = ["EXERCISE_TAG", "NOTEBOOKS", "Notebook", "NotebookError", "SOLUTION_TAG", "notebook_map", "run_notebook",
           "setup_notebook", "software_versions", "student_version", "write_student_notebooks"]


@dataclass(frozen=True)
class Notebook:
    """One notebook of the project, its question and the tables ``fsf export`` writes for it.

    Its figures are listed once, in :data:`fsf.gallery.FIGURES`.
    """

    name: str
    question: str
    tables: tuple[str, ...] = field(default_factory=tuple)

    @property
    def path(self) -> Path:
        return config.NOTEBOOKS_DIR / f"{self.name}.ipynb"


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("00-overview", "What is fsf for, what is in the corpus, and where is each step?"),
    Notebook("10-corpus-and-cleaning",
             "What exactly are the five articles, what did cleaning remove and why, and how long are they?",
             tables=("articles", "removed_lines", "sentences")),
    Notebook("20-topics",
             "Which themes run through the coverage, how sure can we be of them, and how do they shift across articles and years?",
             tables=("topic_terms", "paragraph_topics")),
    Notebook("30-sentiment-toward-foreign-fighters",
             "How do the articles portray foreign fighters (hostile, neutral, sympathetic), and can a lexicon measure tell?",
             tables=("mentions", "ff_sentences")),
    Notebook("40-narrative-comparison",
             "Who speaks, what each article says that the others do not, how close they are, and how the story moves?",
             tables=("quotes", "keyness")),
)
"""The notebooks in reading order. Analyses add theirs as they land."""


class NotebookError(FsfError):
    """A notebook failed while executing; the message names the notebook, the cell and the error."""


def setup_notebook() -> None:
    """Prepare a notebook session: the fsf figure style, inline figures, readable tables.

    Call it once at the top of a notebook. Outside IPython it only sets the
    style and the pandas display options. ``FSF_INLINE_FIGURES=0`` in the
    environment (set by the test suite) shows figures as their text
    description only, since nbval does not compare images.
    """
    import pandas as pd

    from fsf.figures import use_style

    use_style()
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.max_rows", 80)
    pd.set_option("display.width", 120)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
        return
    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
        # fsf figures lay themselves out (constrained layout): no second 'tight' pass when shown
        shell.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': None}")
        if os.environ.get("FSF_INLINE_FIGURES", "1") == "0":
            # the test suite: nbval does not compare images, and save_figure has drawn each figure already
            shell.run_line_magic("config", "InlineBackend.figure_formats = set()")


def notebook_map():
    """:data:`NOTEBOOKS` as a table: notebook, question, figures and tables it writes.

    Examples
    --------
    >>> notebook_map().notebook.tolist()[:2]
    ['00-overview', '10-corpus-and-cleaning']
    """
    import pandas as pd

    from fsf.gallery import FIGURES

    figures = {nb.name: [f.name for f in FIGURES if f.notebook == nb.name] for nb in NOTEBOOKS}
    return pd.DataFrame(
        [(nb.name, nb.question, ", ".join(figures[nb.name]) or "-", ", ".join(f"{t}.csv" for t in nb.tables) or "-")
         for nb in NOTEBOOKS],
        columns=["notebook", "question", "figures", "tables"],
    )


def run_notebook(path: str | Path, *, out: str | Path | None = None, timeout: int = 600,
                 kernel_name: str = "python3"):
    """Execute a notebook top to bottom in a fresh kernel and save it with its outputs.

    Parameters
    ----------
    path : str or Path
        The ``.ipynb`` file. It runs with its own folder as working directory.
    out : str or Path, optional
        Where to write the executed notebook; default: in place. Written to
        a temporary file first, so a failure leaves the old file intact.
    timeout : int
        Seconds allowed per cell.
    kernel_name : str
        Jupyter kernel to use (default ``python3``, the current environment).

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    NotebookError
        A cell raised: the message gives the notebook, the cell number and
        the error, and nothing is written.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # no run-dependent metadata: a re-run of an unchanged notebook changes nothing
        cell.get("metadata", {}).pop("execution", None)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        cell = next((i for i, c in enumerate(nb.cells, start=1) if c.get("cell_type") == "code"
                     and any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        summary = f"{err.ename}: {err.evalue}" if getattr(err, "ename", None) else str(err).splitlines()[0]
        raise NotebookError(f"{path.name}: cell {cell} failed with {summary}") from None
    except (CellTimeoutError, DeadKernelError) as err:
        raise NotebookError(f"{path.name}: the kernel stopped or a cell ran over {timeout} s "
                            f"({type(err).__name__}). Fix: run the notebook in JupyterLab to see where.") from None
    with atomic_path(Path(out) if out is not None else path) as tmp:
        nbformat.write(nb, str(tmp))
    return nb


_PACKAGES = ("fsf", "pandas", "numpy", "scikit-learn", "nltk", "matplotlib", "jupyterlab", "ipykernel",
             "nbclient", "nbval", "pytest")


def software_versions(packages: tuple[str, ...] = _PACKAGES):
    """Versions of Python and of the packages fsf's results depend on.

    Examples
    --------
    >>> software_versions().set_index("package").loc["fsf", "version"]
    '0.1.0'
    """
    import platform
    from importlib.metadata import PackageNotFoundError, version

    import pandas as pd

    rows = [("python", platform.python_version())]
    for name in packages:
        try:
            rows.append((name, version(name)))
        except PackageNotFoundError:
            rows.append((name, "not installed"))
    return pd.DataFrame(rows, columns=["package", "version"])


EXERCISE_TAG = "exercise"
SOLUTION_TAG = "solution"
_ANSWER = "# Your answer here: use the functions shown above in this notebook.\n"


def student_version(nb):
    """A copy of a notebook for students: solution cells replaced by an empty answer cell, outputs cleared.

    Cells tagged ``exercise`` (the task, in markdown) stay; each run of
    consecutive cells tagged ``solution`` becomes one empty code cell tagged
    ``answer``. Every output and execution count is removed, so students run
    the notebook themselves.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_code_cell("x = 1"), new_markdown_cell("Task", metadata={"tags": ["exercise"]}),
    ...                          new_code_cell("x + 1", metadata={"tags": ["solution"]})])
    >>> [c.cell_type + ":" + ",".join(c.metadata.get("tags", [])) for c in student_version(nb).cells]
    ['code:', 'markdown:exercise', 'code:answer']
    """
    import copy

    from nbformat.v4 import new_code_cell

    out = copy.deepcopy(nb)
    cells, in_solution = [], False
    for cell in out.cells:
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            if not in_solution:
                cells.append(new_code_cell(_ANSWER, metadata={"tags": ["answer"]}))
            in_solution = True
            continue
        in_solution = False
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    for i, cell in enumerate(cells):
        cell["id"] = f"student-{i:02d}"
    out.cells = cells
    return out


def write_student_notebooks(out_dir: str | Path | None = None, notebooks=None) -> list[Path]:
    """Write the student version (:func:`student_version`) of every notebook that has exercises.

    Parameters
    ----------
    out_dir : str or Path, optional
        Default ``reports/student``. The notebooks expect to sit next to each
        other; they find fsf and its data wherever fsf is installed.
    notebooks : iterable of Notebook, optional
        Default :data:`NOTEBOOKS`.

    Returns
    -------
    list of Path
        The notebooks written (those without an ``exercise`` cell are skipped).
    """
    import nbformat

    folder = Path(out_dir) if out_dir is not None else config.REPORTS_DIR / "student"
    written = []
    for notebook in notebooks or NOTEBOOKS:
        nb = nbformat.read(notebook.path, as_version=4)
        if not any(EXERCISE_TAG in c.get("metadata", {}).get("tags", []) for c in nb.cells):
            continue
        with atomic_path(folder / notebook.path.name) as tmp:
            nbformat.write(student_version(nb), str(tmp))
        written.append(folder / notebook.path.name)
    return written
