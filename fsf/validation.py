"""Deprecated: ``fsf.validation`` moved to ``fsf.stance.validate, fsf.agreement, fsf.codes and fsf.quotes`` when the package was laid out by stage.

Importing a name from here still works and warns once per name; import it from its new home.
"""

from fsf._moved import moved

__getattr__ = moved("fsf.validation", ['fsf.stance.validate', 'fsf.agreement', 'fsf.codes', 'fsf.quotes'])
