"""The shipped figure style and the one helper that saves figures.

Every fsf figure is drawn inside :func:`styled` (the ``fsf.mplstyle`` sheet)
and saved by :func:`save_figure` under ``reports/figures/`` by a content
name (``article-lengths``, not ``fig1``). Saving is deterministic: the
same figure gives the same bytes on a re-run in the same environment,
because the metadata that would change (software version, creation date)
is left out and SVG ids are salted with a fixed string.

Figures are built with :class:`matplotlib.figure.Figure`, not pyplot, so no
global state leaks between them and nothing depends on a display.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from fsf import config
from fsf.atomic import atomic_path
from fsf.errors import FsfError, Skipped, skippable

__all__ = ["FORMATS", "default_formats", "new_figure", "save_figure", "styled", "use_style"]

FORMATS = ("png", "pdf")
"""Formats :func:`save_figure` writes by default: PNG for screens, PDF for print.
``FSF_FIGURE_FORMATS`` (e.g. ``png`` or ``png,svg``) in the environment changes the default."""

_METADATA = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Date": None, "Creator": None},
}
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBERED = re.compile(r"^(?:fig|figure|plot|chart|image)-?\d+$")

F = TypeVar("F", bound=Callable)


@contextlib.contextmanager
def _style_context():
    import matplotlib as mpl

    with mpl.rc_context(fname=str(config.STYLE_FILE)):
        yield


def styled(func: F) -> F:
    """Decorator: run a plotting function inside the fsf style.

    A :class:`~fsf.errors.Skipped` argument is returned instead of drawing (see :func:`fsf.errors.skippable`).

    Examples
    --------
    >>> @styled
    ... def palette_size():
    ...     import matplotlib as mpl
    ...     return len(mpl.rcParams["axes.prop_cycle"])
    >>> palette_size()
    8
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, Skipped):  # a lenient study's step that could not run: pass its reason on
                return value
        with _style_context():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def use_style() -> None:
    """Apply the fsf style for the rest of the session (for notebooks and ad hoc plots).

    Also imports pyplot, which lets Jupyter show the figures fsf returns.
    """
    import matplotlib.pyplot as plt

    plt.style.use(str(config.STYLE_FILE))


@styled
def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = 7.0, height: float = 4.0, **kwargs):
    """A styled :class:`~matplotlib.figure.Figure` and its axes (like ``plt.subplots``, without pyplot).

    Examples
    --------
    >>> fig, ax = new_figure(width=4, height=3)
    >>> fig.get_size_inches().tolist()
    [4.0, 3.0]
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def _check_name(name: str) -> None:
    if not _NAME.match(name):
        raise FsfError(
            f"figure name {name!r}: use lower-case words joined by hyphens, such as "
            "'article-lengths'. Fix: rename it (no spaces, no extension)."
        )
    if _NUMBERED.match(name):
        raise FsfError(
            f"figure name {name!r}: name a figure by what it shows ('topic-prevalence-by-year'), "
            "not by its number, so reordering a report never mislabels a file."
        )


def default_formats() -> tuple[str, ...]:
    """The formats :func:`save_figure` writes when none are given: ``FSF_FIGURE_FORMATS`` or :data:`FORMATS`.

    Examples
    --------
    >>> import os
    >>> default_formats() == tuple(os.environ.get("FSF_FIGURE_FORMATS", "png,pdf").split(","))
    True
    """
    value = os.environ.get("FSF_FIGURE_FORMATS", "").strip()
    return tuple(f.strip() for f in value.split(",") if f.strip()) if value else FORMATS


@skippable
def save_figure(fig, name: str, *, out_dir: str | Path | None = None,
                formats: Iterable[str] | None = None) -> list[Path]:
    """Save a figure as ``<out_dir>/<name>.<format>``, deterministically and atomically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to save.
    name : str
        A content name: lower-case words joined by hyphens
        (``article-lengths``). Numbered names (``fig1``) are refused.
    out_dir : str or Path, optional
        Default :func:`fsf.config.figures_dir` (``reports/figures``).
    formats : iterable of str, optional
        Any of ``png``, ``pdf``, ``svg``; default :func:`default_formats` (PNG and PDF).

    Returns
    -------
    list of Path
        The files written. Each is written to a temporary file in the same
        folder and then renamed, so a crash never leaves half a figure.

    Notes
    -----
    The layout (constrained layout) is computed for the first file and then
    kept: the other formats, and the figure shown afterwards in a notebook,
    use exactly the same layout without computing it again.

    Examples
    --------
    >>> import tempfile
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([2014, 2023], [1, 2])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in save_figure(fig, "demo-line", out_dir=tmp, formats=["png", "pdf"])]
    ['demo-line.png', 'demo-line.pdf']
    """
    _check_name(name)
    formats = list(formats) if formats is not None else list(default_formats())
    unknown = [f for f in formats if f not in _METADATA]
    if unknown:
        raise FsfError(f"save_figure: unknown format {unknown[0]!r}. Fix: use png, pdf or svg.")
    folder = Path(out_dir) if out_dir is not None else config.figures_dir()
    written = []
    with _style_context():
        for fmt in formats:
            target = folder / f"{name}.{fmt}"
            with atomic_path(target) as tmp:
                fig.savefig(tmp, format=fmt, metadata=_METADATA[fmt])
            written.append(target)
            fig.set_layout_engine("none")  # keep the layout just computed: same in every format, computed once
    return written
