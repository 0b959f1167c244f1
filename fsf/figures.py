"""Deprecated: ``fsf.figures`` moved to ``fsf.plots.style`` when the package was laid out by stage.

Importing a name from here still works and warns once per name; import it from its new home.
"""

from __future__ import annotations

import importlib
import warnings

_HOMES = ['fsf.plots.style']


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    for home in _HOMES:
        module = importlib.import_module(home)
        if name in getattr(module, "__all__", ()):
            warnings.warn(f"fsf.figures.{name} is now {home}.{name}; import it from there "
                          "(fsf.figures will be removed).", DeprecationWarning, stacklevel=2)
            return getattr(module, name)
    raise AttributeError(f"module 'fsf.figures' has no attribute {name!r}")
