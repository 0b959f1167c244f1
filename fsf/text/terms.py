"""Text -> the terms the topic and keyness analyses count, following one settings class.

:class:`TermSettings` records every choice between a text and its terms (case, alias
normalisation, numbers, possessives, short tokens, stop words, stems); topics
(:class:`fsf.topics.TopicSettings`, which adds the document-term matrix's own choices) and
keyness (:func:`fsf.compare.term_counts`) both follow it, through :class:`TermExtractor`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from fsf.errors import MethodError
from fsf.text.aliases import find_aliases
from fsf.text.tokens import _cached_stem, stopwords, tokenize

__all__ = ["CONTRACTIONS", "NEWS_STOPWORDS", "TermExtractor", "TermSettings"]

NEWS_STOPWORDS = ("said", "says", "say", "saying", "told", "according", "mr", "mrs", "ms")
"""Reporting verbs and titles: in news they occur around every quotation, whatever its theme."""

CONTRACTIONS = (
    "don't", "doesn't", "didn't", "can't", "couldn't", "won't", "wouldn't", "isn't", "aren't",
    "wasn't", "weren't", "haven't", "hasn't", "hadn't", "it's", "that's", "there's", "i'm", "i've",
    "i'd", "we're", "we've", "they're", "they've", "you're", "he's", "she's", "let's",
)
"""Contracted function words. scikit-learn's stop list has "do" and "not" but not "don't",
because its own tokenizer splits at the apostrophe; fsf's tokenizer keeps the word whole."""

_POSSESSIVE = re.compile(r"'s$")

TERM_NOTES = {
    "lowercase": "fold case, so 'Fighters' and 'fighters' are one term",
    "aliases": "replace spelling variants by one token (fsf/data/aliases.csv: Isis, ISIL, Daesh, "
               "Islamic State -> isis); alias tokens are never dropped or stemmed",
    "drop_numbers": "drop tokens that start with a digit (2,000; 26-year-old)",
    "strip_possessive": "remove a final 's (group's -> group)",
    "min_token_length": "drop shorter tokens (stray letters such as the u and s of U.S.)",
    "stopwords": "drop scikit-learn's 318 English stop words (fsf.text.stopwords)",
    "extra_stopwords": "drop these words too",
    "stem": "reduce words to their Snowball stem (fighters -> fighter); alias tokens are not stemmed",
}
"""What each field of :class:`TermSettings` does, in the words of :meth:`TermSettings.table`."""


def _whole_number(owner: str, name: str, value, minimum: int, fix: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise MethodError(f"{owner}({name}={value!r}): must be a whole number of at least {minimum}. Fix: {fix}")


@dataclass(frozen=True)
class TermSettings:
    """Every choice between a text and the terms counted from it, in one record.

    Keyness uses these defaults (contractions dropped beside scikit-learn's stop words); topics use
    :class:`fsf.topics.TopicSettings`, which extends this class and also drops news reporting verbs.

    Examples
    --------
    >>> TermSettings().stem, TermSettings(stem=True).stem
    (False, True)
    >>> TermSettings(extra_stopwords="said")
    Traceback (most recent call last):
    ...
    fsf.errors.MethodError: TermSettings(extra_stopwords='said'): give a list of words, not one string. Fix: extra_stopwords=['said'].
    >>> TermSettings(min_token_length=0)
    Traceback (most recent call last):
    ...
    fsf.errors.MethodError: TermSettings(min_token_length=0): must be a whole number of at least 1. Fix: use 1 to keep every token, or 2 (the default) to drop stray letters.
    """

    lowercase: bool = True
    aliases: bool = True
    drop_numbers: bool = True
    strip_possessive: bool = True
    min_token_length: int = 2
    stopwords: bool = True
    extra_stopwords: tuple[str, ...] = CONTRACTIONS
    stem: bool = False

    def __post_init__(self):
        owner = type(self).__name__
        if isinstance(self.extra_stopwords, str):
            raise MethodError(f"{owner}(extra_stopwords={self.extra_stopwords!r}): give a list of words, "
                              f"not one string. Fix: extra_stopwords=[{self.extra_stopwords!r}].")
        words = tuple(self.extra_stopwords)
        if not all(isinstance(w, str) and w.strip() for w in words):
            raise MethodError(f"{owner}(extra_stopwords=...): every entry must be a non-empty word. "
                              "Fix: e.g. extra_stopwords=['said', 'told'].")
        object.__setattr__(self, "extra_stopwords", tuple(w.lower() for w in words))
        _whole_number(owner, "min_token_length", self.min_token_length, 1,
                      "use 1 to keep every token, or 2 (the default) to drop stray letters.")
        for name in ("lowercase", "aliases", "drop_numbers", "strip_possessive", "stopwords", "stem"):
            if not isinstance(getattr(self, name), bool):
                raise MethodError(f"{owner}({name}={getattr(self, name)!r}): must be true or false. "
                                  f"Fix: {name}=True or {name}=False.")

    def replace(self, **changes):
        """A copy with some settings changed (the original is frozen)."""
        return dataclasses.replace(self, **changes)

    def notes(self) -> dict[str, str]:
        """Field -> what it does (subclasses add theirs)."""
        return dict(TERM_NOTES)

    def table(self):
        """The settings as a table: ``setting, value, what it does``.

        Examples
        --------
        >>> TermSettings().table().set_index("setting").loc["stopwords", "value"]
        'True'
        """
        import pandas as pd

        notes = self.notes()
        rows = [(f.name, ", ".join(getattr(self, f.name)) if f.name == "extra_stopwords" else str(getattr(self, f.name)),
                 notes[f.name]) for f in dataclasses.fields(self)]
        return pd.DataFrame(rows, columns=["setting", "value", "what it does"])


class TermExtractor:
    """Text -> the list of terms counted by the topic and keyness analyses.

    Follows a :class:`TermSettings` (or any record with its fields). Alias variants (:func:`find_aliases`) become
    their one token whole and are never dropped or stemmed: tokenizing the
    output of :func:`normalize_aliases` instead would stem ``isis`` to ``isi``.

    Examples
    --------
    >>> TermExtractor(TermSettings(extra_stopwords=(), stem=True))("The Islamic State's fighters fled 3 towns in Idleb.")
    ['isis', 'fighter', 'fled', 'town', 'idlib']
    """

    def __init__(self, settings):
        self.settings = settings
        self.lowercase = getattr(settings, "lowercase", True)
        stops = set(stopwords()) if settings.stopwords else set()
        self.stops = frozenset(stops | {w.lower() for w in settings.extra_stopwords})

    def words(self, chunk: str) -> list[str]:
        """Terms of a stretch of text that holds no alias variant."""
        s = self.settings
        out = []
        for token in tokenize(chunk, lower=self.lowercase, drop_numbers=s.drop_numbers):
            if s.strip_possessive:
                token = _POSSESSIVE.sub("", token)
            if len(token) >= s.min_token_length and token.lower() not in self.stops:
                out.append(_cached_stem(token) if s.stem else token)
        return out

    def __call__(self, text: str) -> list[str]:
        if not self.settings.aliases:
            return self.words(text)
        out, last = [], 0
        for match in find_aliases(text):
            out.extend(self.words(text[last:match.start]))
            out.append(match.token)
            last = match.end
        out.extend(self.words(text[last:]))
        return out
