"""Keyword in context, for close reading from any notebook.
"""

from __future__ import annotations

import re

import pandas as pd

from fsf.errors import CorpusError, skippable

__all__ = ["kwic"]

@skippable
def kwic(sentences_table: pd.DataFrame, pattern: str, *, width: int = 40, regex: bool = False,
         case: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of a word or phrase, with the text either side.

    Parameters
    ----------
    sentences_table : pandas.DataFrame
        Sentences (doc_id, sent_idx, text), e.g. from :func:`sentences`.
    pattern : str
        A word or phrase, or a regular expression with ``regex=True``. A word
        matches where it is not part of a longer word; a hyphenated compound
        counts (*Turkey* finds *Turkey-based*), as in the alias table.
    width : int
        Characters of context either side.
    regex, case : bool
        Treat ``pattern`` as a regular expression; match case.

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, left, match, right: one row per occurrence, in corpus order.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "text": ["They fled to Turkey, then to Europe."]})
    >>> kwic(table, "turkey", width=8).values.tolist()
    [['a', 0, 'fled to', 'Turkey', ', then t']]
    """
    body = pattern if regex else r"(?<![\w-])" + re.escape(pattern) + r"(?![\w])"
    try:
        compiled = re.compile(body, 0 if case else re.I)
    except re.error as err:
        raise CorpusError(f"kwic: {pattern!r} is not a valid regular expression ({err}). Fix: pass regex=False "
                          "to search for the text as written.") from None
    rows = []
    for doc_id, sent_idx, text in zip(sentences_table["doc_id"], sentences_table["sent_idx"], sentences_table["text"]):
        for match in compiled.finditer(text):
            rows.append((doc_id, sent_idx, text[max(0, match.start() - width):match.start()].strip(),
                         match.group(), text[match.end():match.end() + width].rstrip()))
    return pd.DataFrame(rows, columns=["doc_id", "sent_idx", "left", "match", "right"])
