"""Tokens, stop words and stems, offline (a regular expression, scikit-learn's list, Snowball).
"""

from __future__ import annotations

import functools
import re

from fsf.corpus.clean import normalize_chars

__all__ = ["TOKEN_PATTERN", "stem", "stopwords", "tokenize"]

TOKEN_PATTERN = r"[^\W\d_]+(?:['\u2019_-][^\W_]+)*|\d+(?:[.,]\d+)*(?:-[^\W_]+)*"
"""Words (letters, with inner apostrophes, hyphens or underscores: *don't*, *al-Qaeda*,
*syrian_regime* from :func:`normalize_aliases`, *26-year-old*) and numbers (*3,000*)."""


_TOKEN = re.compile(TOKEN_PATTERN)


def tokenize(text: str, *, lower: bool = True, drop_stopwords: bool = False,
             drop_numbers: bool = False) -> list[str]:
    """Split text into word and number tokens (see :data:`TOKEN_PATTERN`).

    Characters are normalised first, so curly and straight apostrophes give
    the same token.

    Examples
    --------
    >>> tokenize("Isis\u2019 fighters paid $2,000 to the al-Qaeda-linked group.")
    ['isis', 'fighters', 'paid', '2,000', 'to', 'the', 'al-qaeda-linked', 'group']
    >>> tokenize("They don't want them back.", drop_stopwords=True)
    ["don't", 'want']
    """
    tokens = _TOKEN.findall(normalize_chars(text))
    if lower:
        tokens = [t.lower() for t in tokens]
    if drop_numbers:
        tokens = [t for t in tokens if not t[0].isdigit()]
    if drop_stopwords:
        stops = stopwords()
        tokens = [t for t in tokens if t.lower() not in stops]
    return tokens


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """scikit-learn's English stop-word list (318 words), shipped with the package.

    Examples
    --------
    >>> len(stopwords()), "they" in stopwords()
    (318, True)
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def stem(token: str) -> str:
    """Snowball (Porter 2) stem of a token.

    Examples
    --------
    >>> [stem(t) for t in ["fighters", "fighting", "defected"]]
    ['fighter', 'fight', 'defect']
    """
    return _stemmer().stem(token)


@functools.lru_cache(maxsize=65536)
def _cached_stem(token: str) -> str:
    return stem(token)
