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
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


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
