"""Deprecated: ``fsf.figures`` moved to ``fsf.plots.style`` when the package was laid out by stage.

Importing a name from here still works and warns once per name; import it from its new home.
"""

from fsf._moved import moved

__getattr__ = moved("fsf.figures", ['fsf.plots.style'])
