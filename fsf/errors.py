"""Errors fsf raises on purpose.

Every message names the file or setting at fault and says how to fix it.
The command line prints these messages without a traceback (exit status 2);
anything else reaching the user is a bug in fsf.
"""

from __future__ import annotations


class FsfError(Exception):
    """Base class: a problem with the user's input or settings, not a bug."""


class CorpusError(FsfError, ValueError):
    """An article file or the metadata table cannot be used as it is.

    Examples
    --------
    >>> err = CorpusError("empty.txt: the file is empty. Fix: remove it.")
    >>> isinstance(err, ValueError)
    True
    """


class SeedChangedError(CorpusError):
    """A bundled seed no longer matches the sha256 recorded in its metadata."""


class MethodError(FsfError, ValueError):
    """A method cannot run on this input with these settings (e.g. too few documents)."""


class EngineError(FsfError):
    """The engine running the per-article steps failed: a Dask scheduler that cannot be reached, a
    worker process that died mid-run (:mod:`fsf.pipeline`). Not the corpus's fault, so a study
    does not remember it: asking again runs again."""


class Skipped:
    """What a lenient study (the notebooks') gives instead of a result this corpus cannot support.

    It shows as one line saying what was skipped and why (in a notebook, as Markdown), and
    passes through every further step unchanged: indexing it, calling a method on it, or
    passing it to an fsf function (see :func:`skippable`) gives it back. So a notebook
    section that cannot run on a corpus says why in each cell, and the rest of the notebook runs.

    Examples
    --------
    >>> s = Skipped("topic models", "the corpus gives only 3 paragraphs.")
    >>> s["nmf"].round(3) is s, bool(s), str(s)
    (True, False, 'Skipped (topic models): the corpus gives only 3 paragraphs.')
    """

    def __init__(self, what: str, reason: str):
        self.what = what
        self.reason = reason

    def __repr__(self) -> str:
        return f"Skipped ({self.what}): {self.reason}"

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        return f"**Skipped ({self.what}):** {self.reason}"

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in _absorbed_names():
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __bool__(self) -> bool:
        return False

    __iter__ = None  # not a collection: pandas compares it as one value, and a for loop fails at once

    def _absorb(self, *args):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _absorb
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __and__ = __or__ = __invert__ = _absorb
    __hash__ = object.__hash__
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __neg__ = __pos__ = __abs__ = _absorb


_PROBED = frozenset({"attrs", "flags", "dtype", "dtypes", "ndim", "shape", "size", "values", "array", "axes", "empty"})


def _absorbed_names() -> frozenset:
    """The attributes a Skipped answers with itself: the public methods and properties of tables and
    dicts that notebook cells use, less those pandas and numpy probe to decide how to treat an object."""
    global _ABSORBED
    if _ABSORBED is None:
        import dataclasses

        import pandas as pd

        from fsf.compare import Apart, Clustering, TermCounts
        from fsf.topics import DocumentTermMatrix, ModelSelection, TopicModel

        from pandas.api.typing import DataFrameGroupBy, SeriesGroupBy

        classes = (pd.DataFrame, pd.Series, DataFrameGroupBy, SeriesGroupBy, dict, Apart, Clustering, TermCounts,
                   DocumentTermMatrix, ModelSelection, TopicModel)
        names = {n for cls in classes for n in dir(cls) if not n.startswith("_")}
        names |= {f.name for cls in classes if dataclasses.is_dataclass(cls) for f in dataclasses.fields(cls)}
        _ABSORBED = frozenset(names - _PROBED)
    return _ABSORBED


_ABSORBED = None


def skippable(func):
    """Decorator: a function given a :class:`Skipped` argument returns it instead of running.

    Examples
    --------
    >>> @skippable
    ... def double(x):
    ...     return 2 * x
    >>> double(2), str(double(Skipped("x", "no data.")))
    (4, 'Skipped (x): no data.')
    """
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, Skipped):
                return value
        return func(*args, **kwargs)

    return wrapper
