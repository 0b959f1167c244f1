"""Old module names kept working after the package was laid out by stage.

Each old module (``fsf.clean``, ``fsf.targets``, ``fsf.sentiment``, ``fsf.validation``,
``fsf.figures``) is a one-line shim whose ``__getattr__`` comes from :func:`moved`: importing a
name from it still works and warns once per name, naming the new home.
"""

from __future__ import annotations

import importlib
import warnings


def moved(old: str, homes: list[str]):
    """A module ``__getattr__`` that finds a name of ``old`` in its new ``homes`` and warns.

    Examples
    --------
    >>> import warnings
    >>> getattr_ = moved("fsf.figures", ["fsf.plots.style"])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     getattr_("save_figure").__module__, str(caught[0].message)[:45]
    ('fsf.plots.style', 'fsf.figures.save_figure is now fsf.plots.styl')
    """

    def __getattr__(name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        for home in homes:
            module = importlib.import_module(home)
            if name in getattr(module, "__all__", ()):
                warnings.warn(f"{old}.{name} is now {home}.{name}; import it from there ({old} will be removed).",
                              DeprecationWarning, stacklevel=2)
                return getattr(module, name)
        raise AttributeError(f"module {old!r} has no attribute {name!r}")

    return __getattr__
