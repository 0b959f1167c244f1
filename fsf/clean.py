"""Deprecated: ``fsf.clean`` moved to ``fsf.corpus.clean`` when the package was laid out by stage.

Importing a name from here still works and warns once per name; import it from its new home.
"""

from fsf._moved import moved

__getattr__ = moved("fsf.clean", ['fsf.corpus.clean'])
