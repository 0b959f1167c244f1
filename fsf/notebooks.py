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

__all__ = ["NOTEBOOKS", "Notebook", "NotebookError", "notebook_map", "run_notebook", "setup_notebook",
           "software_versions"]


@dataclass(frozen=True)
class Notebook:
    """One notebook of the project and what it produces."""

    name: str
    question: str
    figures: tuple[str, ...] = field(default_factory=tuple)
    tables: tuple[str, ...] = field(default_factory=tuple)

    @property
    def path(self) -> Path:
        return config.NOTEBOOKS_DIR / f"{self.name}.ipynb"


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("00-overview", "What is fsf for, what is in the corpus, and where is each step?"),
    Notebook("10-corpus-and-cleaning",
             "What exactly are the five articles, what did cleaning remove and why, and how long are they?",
             figures=("article-lengths", "article-timeline"),
             tables=("articles", "removed_lines", "sentences")),
    Notebook("20-topics",
             "Which themes run through the coverage, how sure can we be of them, and how do they shift across articles and years?",
             figures=("topic-model-selection", "topic-top-terms-lda", "topic-top-terms-nmf",
                      "topic-prevalence-by-article", "topic-prevalence-by-year"),
             tables=("topic_terms", "paragraph_topics")),
    Notebook("30-sentiment-toward-foreign-fighters",
             "How do the articles portray foreign fighters (hostile, neutral, sympathetic), and can a lexicon measure tell?",
             figures=("stance-validation-confusion", "stance-kappa-by-window", "stance-by-article",
                      "stance-score-distribution"),
             tables=("mentions", "ff_sentences")),
    Notebook("40-narrative-comparison",
             "Who speaks, what each article says that the others do not, how close they are, and how the story moves?",
             figures=("narrative-quoted-voices", "narrative-keyness", "narrative-similarity", "narrative-dendrogram",
                      "narrative-actor-networks", "narrative-dispersion", "narrative-stance-arc",
                      "narrative-framing-timeline"),
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

    return pd.DataFrame(
        [(nb.name, nb.question, ", ".join(nb.figures) or "-", ", ".join(f"{t}.csv" for t in nb.tables) or "-")
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
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        cell = next((i for i, c in enumerate(nb.cells, start=1) if c.get("cell_type") == "code"
                     and any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        summary = f"{err.ename}: {err.evalue}" if getattr(err, "ename", None) else str(err).splitlines()[0]
        raise NotebookError(f"{path.name}: cell {cell} failed with {summary}") from None
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
