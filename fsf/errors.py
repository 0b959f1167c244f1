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
