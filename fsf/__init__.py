"""fsf: text-as-data tools for news about foreign fighters leaving Syria.

Importing ``fsf`` is cheap: the submodules (``fsf.corpus``, ``fsf.clean``,
``fsf.text``, ``fsf.figures``, ...) are imported when you use them, and
scikit-learn and nltk only when a function needs them.

Examples
--------
>>> import fsf
>>> from fsf.corpus import load_corpus
>>> len(load_corpus())
5
"""

__version__ = "0.1.0"
