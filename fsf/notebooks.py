"""The notebooks: what each one answers and produces, and how to run them on any corpus.

:data:`NOTEBOOKS` is the map shown in ``00-overview``; :func:`run_notebook` executes a notebook
top to bottom in a fresh kernel and stores its outputs, which is how the committed notebooks are
made (``fsf notebooks``) and what nbval re-checks in the tests.

**Any corpus.** Each notebook opens its study with :func:`open_study` in a cell tagged
``parameters`` (papermill's convention): ``corpus = None`` means the bundled seeds, or the
folder named by the ``FSF_CORPUS`` environment variable; ``config`` (``FSF_CONFIG``) names a
settings file, and ``tables`` (``FSF_TABLES``) a folder ``fsf export`` wrote, whose tables are
then read instead of recomputed. ``fsf notebooks --corpus DIR`` injects the values in a cell
after the parameters cell and writes the executed notebooks to an output folder, never over the
committed ones. Markdown cells tagged ``seeds-only`` state findings about the five seed articles;
on another corpus they are replaced by a one-line note, so no prose claims a seed finding
about someone else's articles (a code cell so tagged, written for the seeds' article ids, becomes
a comment).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from fsf import config
from fsf.atomic import atomic_path
from fsf.errors import FsfError

__all__ = ["CONCLUSION_TAG", "EXERCISE_TAG", "NOTEBOOKS", "PARAMETERS_TAG", "SEEDS_ONLY_TAG", "SOLUTION_TAG",
           "Notebook", "NotebookError", "for_corpus", "init_study", "inject_parameters", "kernel_config",
           "notebook_map", "open_study", "run_notebook", "run_notebooks", "setup_notebook", "software_versions",
           "student_version", "write_student_notebooks"]

PARAMETERS_TAG = "parameters"
"""Tag of the cell holding a notebook's parameters (papermill's convention)."""

SEEDS_ONLY_TAG = "seeds-only"
"""Tag of markdown cells that state findings about the five seed articles only."""

SEEDS_ONLY_CODE = "# This cell uses the seed articles' own ids; on another corpus, adapt it to your articles' ids."

SEEDS_ONLY_NOTE = ("*(Here the notebook discusses what it found in the five seed articles; this run is on "
                   "another corpus, so read the outputs above instead.)*")


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


def open_study(corpus=None, *, config=None, tables=None, codes=None):
    """The study a notebook works on: lenient, so a step this corpus cannot support says why in one line.

    Parameters
    ----------
    corpus : str or Path, optional
        A folder of articles; default ``FSF_CORPUS`` from the environment, else the seeds.
    config : str or Path, optional
        A settings file; default ``FSF_CONFIG``, else the defaults.
    tables : str or Path, optional
        A folder ``fsf export`` wrote (default ``FSF_TABLES``): its tables are read, not recomputed.
    codes : optional
        Hand codes (see :class:`fsf.Study`); default the corpus's ``hand_codes/``.
    """
    from fsf.study import Study

    corpus = corpus or os.environ.get("FSF_CORPUS") or None
    config = config or os.environ.get("FSF_CONFIG") or None
    tables = tables or os.environ.get("FSF_TABLES") or None
    study = Study.open(tables, lenient=True) if tables else Study(corpus, settings=config, codes=codes, lenient=True)
    study.lenient = False
    study.corpus  # noqa: B018 - a corpus that cannot be loaded stops the notebook here, with its message
    study.lenient = True
    return study


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("00-overview", "What is fsf for, what is in the corpus, and where is each step?"),
    Notebook("10-corpus-and-cleaning",
             "What exactly are the articles, what did cleaning remove and why, and how long are they?",
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

    from fsf.plots.style import use_style

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
        _skip_steps_that_cannot_run(shell)
        shell.run_line_magic("matplotlib", "inline")
        # fsf figures lay themselves out (constrained layout): no second 'tight' pass when shown
        shell.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': None}")
        if os.environ.get("FSF_INLINE_FIGURES", "1") == "0":
            # the test suite: nbval does not compare images, and save_figure has drawn each figure already
            shell.run_line_magic("config", "InlineBackend.figure_formats = set()")


def _show_skipped(shell, etype, value, tb, tb_offset=None):
    """IPython handler: a step that cannot run on this corpus shows its reason in one line, no traceback."""
    from IPython.display import Markdown, display

    display(Markdown(f"**Skipped:** {value}"))
    return []


def _skipped_cells_count_as_done(result) -> None:
    """post_run_cell hook: a cell stopped by a MethodError is not a failed cell, so Run All goes on."""
    from fsf.errors import MethodError

    if isinstance(result.error_in_exec, MethodError):
        result.error_in_exec = None


def _skip_steps_that_cannot_run(shell) -> None:
    """In a notebook, a :class:`~fsf.errors.MethodError` (a step this corpus cannot support, e.g. a topic
    model on three paragraphs, validation without hand codes) ends its cell with a one-line reason
    and the notebook runs on; any other error stops it as usual."""
    from fsf.errors import MethodError

    shell.set_custom_exc((MethodError,), _show_skipped)
    if _skipped_cells_count_as_done not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _skipped_cells_count_as_done)


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


def inject_parameters(nb, parameters: dict):
    """A copy of a notebook with ``parameters`` set in a cell after its ``parameters`` cell (papermill's way).

    Raises
    ------
    NotebookError
        The notebook has no cell tagged ``parameters``.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> nb = new_notebook(cells=[new_code_cell("corpus = None", metadata={"tags": ["parameters"]}), new_code_cell("corpus")])
    >>> [c.source for c in inject_parameters(nb, {"corpus": "/data/mine"}).cells]
    ['corpus = None', "# Parameters injected by fsf\\ncorpus = '/data/mine'", 'corpus']
    """
    import copy

    from nbformat.v4 import new_code_cell

    out = copy.deepcopy(nb)
    at = next((i for i, c in enumerate(out.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise NotebookError("the notebook has no cell tagged 'parameters'. Fix: tag the cell that sets corpus = None.")
    lines = ["# Parameters injected by fsf"] + [f"{key} = {value!r}" for key, value in parameters.items()]
    cell = new_code_cell("\n".join(lines), metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    out.cells.insert(at + 1, cell)
    return out


def for_corpus(nb, *, seeds: bool):
    """A copy of a notebook for a corpus: on other corpora, ``seeds-only`` prose becomes a one-line note.

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("002 is longest.", metadata={"tags": ["seeds-only"]})])
    >>> for_corpus(nb, seeds=False).cells[0].source.startswith("*(Here the notebook")
    True
    """
    import copy

    out = copy.deepcopy(nb)
    if not seeds:
        for cell in out.cells:
            if SEEDS_ONLY_TAG not in cell.get("metadata", {}).get("tags", []):
                continue
            if cell.cell_type == "markdown":
                cell.source = SEEDS_ONLY_NOTE
            else:  # code written for the seeds' own article ids
                cell.source = SEEDS_ONLY_CODE
                cell.outputs, cell.execution_count = [], None
    return out


def _kernel_check(timeout: float = 2) -> None:
    """Open a local port and connect to it: fail within seconds, naming loopback networking, if kernels cannot start.

    A Jupyter kernel talks to its client over local TCP ports. With the loopback interface down
    (some sandboxes and containers), a port can still be opened but nothing can connect to it,
    and a kernel start would only time out a minute later.
    """
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=timeout):
                pass
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise NotebookError(f"cannot connect to a local network port ({reason}), so no Jupyter kernel can start. "
                            "Fix: enable the loopback interface (127.0.0.1), e.g. `ip link set lo up` on Linux, or "
                            "allow local connections in your firewall or VPN software.") from None


def kernel_config():
    """Settings for the kernels fsf starts: traffic to the kernel encrypted (CurveZMQ) where both sides can.

    ipykernel 7 warns on stderr that a kernel "is running over TCP without encryption" unless
    its kernel manager provisions CurveZMQ keys. jupyter_client 8.8 and later does so with
    ``transport_encryption = "auto"`` when the kernelspec declares support (ipykernel's does)
    and pyzmq has CurveZMQ; otherwise the kernel runs as before. Older jupyter_client versions
    do not know the setting, and get none.

    Examples
    --------
    >>> sorted(kernel_config().get("KernelManager", {})) in ([], ["transport_encryption"])
    True
    """
    from jupyter_client.manager import KernelManager
    from traitlets.config import Config

    if "transport_encryption" not in KernelManager.class_trait_names():
        return Config()
    try:
        import zmq

        curve = zmq.has("curve")
    except Exception:  # pragma: no cover - pyzmq is a dependency of jupyter_client
        curve = False
    return Config({"KernelManager": {"transport_encryption": "auto"}}) if curve else Config()


def run_notebook(path: str | Path, *, out: str | Path | None = None, timeout: int = 600,
                 kernel_name: str = "python3", parameters: dict | None = None, seeds: bool = True,
                 env: dict | None = None):
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
    parameters : dict, optional
        Values injected after the ``parameters`` cell (:func:`inject_parameters`), e.g.
        ``{"corpus": "/abs/path"}``.
    seeds : bool
        False for another corpus: ``seeds-only`` prose is replaced (:func:`for_corpus`).
    env : dict, optional
        Environment variables for the kernel (e.g. ``FSF_FIGURES_DIR``).

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
    from nbclient.exceptions import (
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:
        raise NotebookError(f"{path}: cannot be read as a notebook ({err}). Fix: restore it.") from None
    parameters = {key: value for key, value in (parameters or {}).items() if value is not None}
    if parameters:
        nb = inject_parameters(nb, parameters)
    nb = for_corpus(nb, seeds=seeds)
    for cell in nb.cells:  # no run-dependent metadata: a re-run of an unchanged notebook changes nothing
        cell.get("metadata", {}).pop("execution", None)
    _kernel_check()
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, record_timing=False,
                            startup_timeout=60, resources={"metadata": {"path": str(path.parent)}},
                            config=kernel_config())
    saved = {key: os.environ.get(key) for key in (env or {})}
    try:
        os.environ.update({k: str(v) for k, v in (env or {}).items()})
        client.execute()
    except CellExecutionError as err:
        cell = next((i for i, c in enumerate(nb.cells, start=1) if c.get("cell_type") == "code"
                     and any(o.get("output_type") == "error" for o in c.get("outputs", []))), "?")
        summary = f"{err.ename}: {err.evalue}" if getattr(err, "ename", None) else str(err).splitlines()[0]
        raise NotebookError(f"{path.name}: cell {cell} failed with {summary}") from None
    except (CellTimeoutError, DeadKernelError) as err:
        raise NotebookError(f"{path.name}: the kernel stopped or a cell ran over {timeout} s "
                            f"({type(err).__name__}). Fix: run the notebook in JupyterLab to see where.") from None
    except RuntimeError as err:  # the kernel did not start (nbclient: "Kernel didn't respond in N seconds")
        import atexit

        atexit.unregister(client._cleanup_kernel)  # nbclient's exit hook would fail on the kernel that never started
        raise NotebookError(f"{path.name}: the Jupyter kernel did not start ({err}). Fix: check that the loopback "
                            "interface (127.0.0.1) is up and ipykernel is installed.") from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    with atomic_path(Path(out) if out is not None else path) as tmp:
        nbformat.write(nb, str(tmp))
    return nb


def run_notebooks(names=None, *, corpus=None, config=None, out_dir=None, progress=None) -> list[Path]:
    """Execute notebooks from fresh kernels (``fsf notebooks``).

    On the seeds without ``out_dir``, the committed notebooks are updated in place (how they are
    made); an installed fsf (no checkout) writes them to ``reports/notebooks`` of the current
    folder instead, never into its own package. With a ``corpus`` (or ``config``), the notebooks run on it and are written, with
    their figures, to ``out_dir`` (default ``fsf-output/<corpus name>/notebooks``), never over the
    committed notebooks.
    """
    import time

    from fsf.outputs import OutputFolder
    from fsf.study import Study

    known = {nb.name: nb for nb in NOTEBOOKS}
    unknown = [n for n in names or [] if n not in known]
    if unknown:
        raise FsfError(f"unknown notebook {unknown[0]!r}. Fix: use one of {', '.join(known)}.")
    chosen = [known[n] for n in names] if names else list(NOTEBOOKS)
    study = Study(corpus, settings=config)
    study.corpus  # noqa: B018 - fail on bad input before any kernel starts
    parameters = {"corpus": str(Path(corpus).resolve()) if corpus else None,
                  "config": str(Path(config).resolve()) if config else None}
    from fsf.config import IN_CHECKOUT  # (``config`` here is the settings file)

    if out_dir is None and corpus is None and config is None and IN_CHECKOUT:
        for nb in chosen:
            start = time.perf_counter()
            run_notebook(nb.path)
            if progress:
                progress(f"executed {nb.name} in {time.perf_counter() - start:.1f} s")
        return [nb.path for nb in chosen]
    folder = Path(out_dir) if out_dir is not None else study.out_dir / "notebooks"
    written = []
    with OutputFolder(folder, "notebooks", progress=progress) as out:
        for nb in chosen:
            start = time.perf_counter()
            target = out.path(nb.path.name)
            run_notebook(nb.path, out=target, parameters=parameters, seeds=study.is_seeds,
                         env={"FSF_FIGURES_DIR": out.root / "figures", "FSF_INLINE_FIGURES": "1"})
            out.add(nb.path.name)
            written.append(folder / nb.path.name)
            if progress:
                progress(f"executed {nb.name} in {time.perf_counter() - start:.1f} s")
        for figure in sorted((out.root / "figures").glob("*")) if (out.root / "figures").is_dir() else []:
            out.add(f"figures/{figure.name}")
        out.provenance = study.provenance_record()
    if progress:
        progress(f"notebooks written to {folder}")
    return written


_PACKAGES = ("fsf", "pandas", "numpy", "scikit-learn", "nltk", "matplotlib", "jupyterlab", "ipykernel",
             "nbclient", "nbval", "pytest")


def software_versions(packages: tuple[str, ...] = _PACKAGES):
    """Versions of Python and of the packages fsf's results depend on.

    Examples
    --------
    >>> import fsf
    >>> software_versions().set_index("package").loc["fsf", "version"] == fsf.__version__
    True
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
CONCLUSION_TAG = "conclusion"
"""Tag of markdown cells stating a conclusion that an exercise (or a class activity) asks students to reach."""

CONCLUSION_NOTE = "*(Discussed in class after the exercise.)*"
_ANSWER = "# Your answer here: use the functions shown above in this notebook.\n"


def _answer_cell_source(exercise_id: str | None) -> str:
    """An answer cell: the prompt, and, for a checkable exercise, the call that checks the answer."""
    import textwrap

    from fsf.exercises import EXERCISES

    exercise = EXERCISES.get(exercise_id) if exercise_id else None
    if exercise is None:
        return _ANSWER
    asks = textwrap.wrap(f"Then set your_answer to {exercise.asks}, and run the cell: the check says whether it "
                         "is right, never what the right answer is.", width=96)
    return (_ANSWER + "\n" + "".join(f"# {line}\n" for line in asks) + "your_answer = None\n\n"
            f"from fsf.exercises import check\ncheck({exercise.id!r}, your_answer)\n")


def student_version(nb, name: str | None = None):
    """A copy of a notebook for students: no solutions, no conclusions, no outputs.

    Cells tagged ``exercise`` (the task, in markdown) stay; each run of
    consecutive cells tagged ``solution`` becomes one code cell tagged
    ``answer``. Markdown cells tagged ``conclusion`` (a finding an exercise or a class activity
    asks students to reach) are replaced by :data:`CONCLUSION_NOTE`. Every output and
    execution count is removed, so students run the notebook themselves.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The full notebook.
    name : str, optional
        The notebook's name (``10-corpus-and-cleaning``): the n-th exercise of notebook ``10``
        is exercise ``10-n``, and if :data:`fsf.exercises.EXERCISES` has it, its answer cell
        ends with ``your_answer = None`` and ``check("10-n", your_answer)``.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_code_cell("x = 1"), new_markdown_cell("Task", metadata={"tags": ["exercise"]}),
    ...                          new_code_cell("x + 1", metadata={"tags": ["solution"]}),
    ...                          new_markdown_cell("x is 2.", metadata={"tags": ["conclusion"]})])
    >>> student = student_version(nb)
    >>> [c.cell_type + ":" + ",".join(c.metadata.get("tags", [])) for c in student.cells]
    ['code:', 'markdown:exercise', 'code:answer', 'markdown:conclusion']
    >>> student.cells[-1].source
    '*(Discussed in class after the exercise.)*'
    """
    import copy

    from nbformat.v4 import new_code_cell

    prefix = name.split("-", 1)[0] if name else None
    out = copy.deepcopy(nb)
    cells, in_solution, exercises = [], False, 0
    for cell in out.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG in tags:
            if not in_solution:
                exercise_id = f"{prefix}-{exercises}" if prefix and exercises else None
                cells.append(new_code_cell(_answer_cell_source(exercise_id), metadata={"tags": ["answer"]}))
            in_solution = True
            continue
        in_solution = False
        if EXERCISE_TAG in tags:
            exercises += 1
        if CONCLUSION_TAG in tags and cell.cell_type == "markdown":
            cell.source = CONCLUSION_NOTE
            cell.pop("attachments", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.get("metadata", {}).pop("execution", None)
        cells.append(cell)
    for i, cell in enumerate(cells):
        cell["id"] = f"student-{i:02d}"
    out.cells = cells
    return out


STUDENT_README = "README-student.md"

def student_readme() -> str:
    """The README-student.md that ``fsf student`` writes next to the notebooks (from ``fsf/data/README-student.md``)."""
    from fsf import __version__

    table = "\n".join(f"| `{nb.name}.ipynb` | {nb.question} |" for nb in NOTEBOOKS)
    template = (config.DATA_DIR / STUDENT_README).read_text(encoding="utf-8")
    return template.replace("{{table}}", table).replace("{{version}}", __version__)


def write_student_notebooks(out_dir: str | Path | None = None, notebooks=None) -> list[Path]:
    """Write the student bundle (``fsf student``): every notebook's :func:`student_version` and a README.

    The folder is self-contained: the notebooks (including ``00-overview``) without solutions,
    conclusions or outputs, and ``README-student.md`` (install offline, open, run, exercises). The
    notebooks read the seeds that ship with fsf, so they run with a wheel install and nothing else.

    Parameters
    ----------
    out_dir : str or Path, optional
        Default ``reports/student``. Written all or nothing, and never over files fsf did
        not write (:class:`fsf.outputs.OutputFolder`).
    notebooks : iterable of Notebook, optional
        Default :data:`NOTEBOOKS`.

    Returns
    -------
    list of Path
        The files written: the notebooks, then the README.
    """
    import nbformat

    from fsf.outputs import OutputFolder

    folder = Path(out_dir) if out_dir is not None else config.reports_dir() / "student"
    written = []
    with OutputFolder(folder, "student") as out:
        for notebook in notebooks or NOTEBOOKS:
            nb = nbformat.read(notebook.path, as_version=4)
            nbformat.write(student_version(nb, notebook.name), str(out.path(notebook.path.name)))
            out.add(notebook.path.name)
            written.append(folder / notebook.path.name)
        out.path(STUDENT_README).write_text(student_readme(), encoding="utf-8")
        out.add(STUDENT_README)
        written.append(folder / STUDENT_README)
    return written


_INIT_README = """\
# A new fsf study

These notebooks are fsf's, copied by `fsf init`. To run them on your own articles:

1. Put one article per file, as UTF-8 `.txt`, in a folder (say `articles/`); a `metadata.csv`
   is optional (see fsf's README, "Use your own articles").
2. Either set the folder in each notebook's first code cell (`corpus = "articles"`), or start
   JupyterLab with `FSF_CORPUS=articles jupyter lab`.
3. Optional: edit `study.toml` (every setting, with its default) and set `config = "study.toml"`.
4. Optional: write a coding sheet with `fsf code --corpus articles --out sheet.csv`, fill it in,
   save it as `articles/hand_codes/stance.csv`: the validation sections then use your codes.

`fsf export --corpus articles`, `fsf figures --corpus articles` and
`fsf report --corpus articles` write tables, figures and an HTML report under `fsf-output/`.
"""


def init_study(folder: str | Path) -> list[Path]:
    """Copy the notebooks, a settings file with every default and a short README into a new folder (``fsf init``).

    Raises
    ------
    fsf.outputs.OutputError
        The folder holds files fsf did not write.
    """
    import nbformat

    from fsf.outputs import OutputFolder
    from fsf.settings import EXAMPLE

    folder = Path(folder)
    if folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir()):
        from fsf.outputs import OutputError

        raise OutputError(f"{folder}: is not empty; `fsf init` starts a new study and never overwrites one you may "
                          "have edited. Fix: choose a new folder.")
    with OutputFolder(folder, "init") as out:
        for notebook in NOTEBOOKS:
            nb = nbformat.read(notebook.path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            nbformat.write(nb, str(out.path(notebook.path.name)))
            out.add(notebook.path.name)
        out.path("study.toml").write_text(EXAMPLE, encoding="utf-8")
        out.add("study.toml")
        out.path("README.md").write_text(_INIT_README, encoding="utf-8")
        out.add("README.md")
    return [folder / name for name in sorted(out.files)]
