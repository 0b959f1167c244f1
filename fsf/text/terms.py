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
from typing import Iterable, Sequence

import numpy as np

from fsf.corpus.clean import normalize_chars
from fsf.errors import MethodError
from fsf.text.aliases import alias_spans, find_aliases
from fsf.text.tokens import _TOKEN, _cached_stem, stopwords, tokenize

__all__ = ["ALIAS_MARK", "CONTRACTIONS", "NEWS_STOPWORDS", "RawTerms", "TermExtractor", "TermSettings", "raw_terms"]

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

    This is the definition, one text at a time; :class:`RawTerms` gives the same terms for many
    texts at once, much faster (alias matching and tokenising done once for all settings, each
    distinct token filtered once), and is what the analyses use.

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

    def term(self, token: str) -> str | None:
        """The term of one token (already lowercased and number-checked as the settings say), or ``None``."""
        s = self.settings
        if s.strip_possessive:
            token = _POSSESSIVE.sub("", token)
        if len(token) >= s.min_token_length and token.lower() not in self.stops:
            return _cached_stem(token) if s.stem else token
        return None

    def words(self, chunk: str) -> list[str]:
        """Terms of a stretch of text that holds no alias variant."""
        terms = map(self.term, tokenize(chunk, lower=self.lowercase, drop_numbers=self.settings.drop_numbers))
        return [term for term in terms if term is not None]

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


_BLOCK = 20_000
"""Texts tokenised per block by :meth:`RawTerms.of`."""

ALIAS_MARK = "\x00"
"""Marks an alias token in :func:`raw_terms` (no token of :data:`fsf.text.TOKEN_PATTERN` holds it)."""


def raw_terms(text: str, *, aliases: bool = True) -> list[str]:
    """The tokens of one text before any :class:`TermSettings` filter, in order.

    The text is normalised (:func:`fsf.corpus.clean.normalize_chars`); with ``aliases``, every
    alias variant becomes its token prefixed with :data:`ALIAS_MARK` (:func:`fsf.text.alias_spans`)
    and the text between them is split by :data:`fsf.text.TOKEN_PATTERN`, case kept. What
    :class:`TermExtractor` does next (case, numbers, possessives, stop words, stems) depends only
    on each token, so :class:`RawTerms` applies it once per distinct token.

    Examples
    --------
    >>> [t.replace(ALIAS_MARK, "@") for t in raw_terms("Daesh's 3 fighters left Idleb.")]
    ['@isis', 's', '3', 'fighters', 'left', '@idlib']
    """
    norm = normalize_chars(text)
    if not aliases:
        return _TOKEN.findall(norm)
    out, last = [], 0
    for start, end, alias in alias_spans(norm):
        out += _TOKEN.findall(norm, last, start)
        out.append(ALIAS_MARK + alias.token)
        last = end
    out += _TOKEN.findall(norm, last)
    return out


class _Filter:
    """A raw token (:func:`raw_terms`) -> its term under a :class:`TermSettings`, or ``None`` (dropped).

    Exactly :meth:`TermExtractor.words` applied to one token (its :meth:`TermExtractor.term`, after
    the lowercasing and number check :func:`fsf.text.tokenize` does); alias tokens are kept as they are.
    """

    def __init__(self, settings):
        self.extractor = TermExtractor(settings)

    def __call__(self, raw: str) -> str | None:
        if raw[:1] == ALIAS_MARK:
            return raw[1:]
        extractor = self.extractor
        token = raw.lower() if extractor.lowercase else raw
        if extractor.settings.drop_numbers and token[0].isdigit():
            return None
        return extractor.term(token)


@dataclass(frozen=True, eq=False)
class RawTerms:
    """The raw tokens (:func:`raw_terms`) of many texts, coded once against one table of distinct tokens.

    ``codes`` holds every text's tokens in order as indices into ``uniques``; text ``i`` is
    ``codes[offsets[i]:offsets[i + 1]]``. :meth:`counts` turns them into a sparse matrix of term
    counts under any :class:`TermSettings`, equal cell for cell to a scikit-learn
    ``CountVectorizer`` with :class:`TermExtractor` as its analyzer (terms sorted), so the alias
    matching and tokenising of a corpus is done once for keyness and topics alike.

    Examples
    --------
    >>> raw = RawTerms.of(["Daesh fighters fled ISIS.", "The Islamic State's fighters stayed."])
    >>> counts, terms = raw.counts(TermSettings())
    >>> list(terms), counts.toarray().tolist()
    (['fighters', 'fled', 'isis', 'stayed'], [[1, 1, 2, 0], [1, 0, 1, 1]])
    >>> raw.join([0, 0]).counts(TermSettings())[0].toarray().tolist()
    [[2, 1, 3, 1]]
    """

    codes: np.ndarray
    offsets: np.ndarray
    uniques: np.ndarray
    aliases: bool = True

    @classmethod
    def of(cls, texts: Iterable[str], *, aliases: bool = True) -> RawTerms:
        """Tokenise (and alias-match) each text once."""
        texts = list(texts)
        bad = next((i for i, t in enumerate(texts) if not isinstance(t, str)), None)
        if bad is not None:
            raise MethodError(f"text {bad} is a {type(texts[bad]).__name__}, not a string. Fix: pass each text as a str.")
        # a block of texts at a time, so that only one block's token strings are held at once
        parts = [cls.from_lists([raw_terms(t, aliases=aliases) for t in texts[i:i + _BLOCK]], aliases=aliases)
                 for i in range(0, len(texts), _BLOCK)]
        return cls.concat(parts, aliases=aliases) if len(parts) != 1 else parts[0]

    @classmethod
    def concat(cls, parts: Sequence[RawTerms], *, aliases: bool = True) -> RawTerms:
        """The texts of several :class:`RawTerms` in turn, coded against one table of distinct tokens
        (e.g. made per partition of a corpus, anywhere, then combined: one pass over the distinct tokens)."""
        import pandas as pd

        if any(p.aliases != aliases for p in parts):
            raise MethodError("RawTerms.concat: the parts were made with different alias settings.")
        if not parts:
            return cls.from_lists([], aliases=aliases)
        recoded, table = pd.factorize(np.concatenate([p.uniques for p in parts]).astype(object))
        codes, offsets, start, base = [], [np.zeros(1, dtype=np.int64)], 0, 0
        for p in parts:  # each part's codes, through its distinct tokens' places in the common table
            codes.append(np.asarray(recoded[base:base + len(p.uniques)], dtype=np.int64)[p.codes])
            offsets.append(p.offsets[1:] + start)
            start += int(p.offsets[-1])
            base += len(p.uniques)
        return cls(np.concatenate(codes).astype(np.int64), np.concatenate(offsets).astype(np.int64),
                   np.asarray(table, dtype=object), aliases)

    @classmethod
    def from_lists(cls, token_lists: Sequence[Sequence[str]], *, aliases: bool = True) -> RawTerms:
        """From lists of :func:`raw_terms` (e.g. made article by article, anywhere): one pass over the tokens."""
        import itertools

        import pandas as pd

        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = np.empty(int(offsets[-1]), dtype=object)
        flat[:] = list(itertools.chain.from_iterable(token_lists))
        codes, uniques = pd.factorize(flat)
        return cls(np.asarray(codes, dtype=np.int64), offsets, np.asarray(uniques, dtype=object), aliases)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def select(self, rows) -> RawTerms:
        """The texts ``rows`` (in that order)."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        lengths = ends - starts
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        index = np.repeat(starts - offsets[:-1], lengths) + np.arange(offsets[-1], dtype=np.int64)
        return dataclasses.replace(self, codes=self.codes[index], offsets=offsets)

    def join(self, groups) -> RawTerms:
        """Consecutive texts joined: ``groups`` (one label per text, equal labels adjacent) -> one text per label.

        Joining paragraphs gives their article's tokens: neither an alias variant nor a token
        crosses a line break, so the article's text yields its paragraphs' tokens in turn.
        """
        groups = np.asarray(groups)
        if len(groups) != len(self):
            raise MethodError(f"join: {len(groups)} labels for {len(self)} texts.")
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]]) if len(groups) else np.array([], int)
        if len(set(groups[starts].tolist())) != len(starts):
            raise MethodError("join: the texts of one group must be adjacent. Fix: sort them by group first.")
        offsets = np.r_[self.offsets[starts], self.offsets[-1]].astype(np.int64)
        return dataclasses.replace(self, offsets=offsets)

    def terms_of(self, settings) -> list:
        """Each distinct raw token's term under ``settings`` (``None``: dropped)."""
        if getattr(settings, "aliases", True) != self.aliases:
            raise MethodError(f"these tokens were made with aliases={self.aliases}, but the settings say "
                              f"aliases={settings.aliases}. Fix: make them with RawTerms.of(texts, aliases={settings.aliases}).")
        keep = _Filter(settings)
        return [keep(raw) for raw in self.uniques]

    def counts(self, settings, *, ngram_range: tuple[int, int] | None = None):
        """``(counts, terms)``: a CSR matrix of int64 (texts x terms) and the sorted terms (object array).

        ``ngram_range`` (default ``settings.ngram_range`` if it has one, else ``(1, 1)``) counts
        sequences of consecutive kept terms joined by a space, within each text, as
        :class:`fsf.topics.TopicSettings` asks. No term at all gives an empty ``terms``.
        """
        from scipy import sparse

        lo, hi = ngram_range or getattr(settings, "ngram_range", (1, 1))
        terms_of = self.terms_of(settings)
        n_texts = len(self)
        if (lo, hi) == (1, 1):
            used = np.zeros(len(self.uniques), dtype=bool)
            used[self.codes] = True
            vocabulary = sorted({terms_of[i] for i in np.flatnonzero(used)} - {None})
            index = {term: j for j, term in enumerate(vocabulary)}
            column = np.array([index.get(t, -1) if t is not None else -1 for t in terms_of] or [-1], dtype=np.int64)
            cols = column[self.codes] if len(self.codes) else np.zeros(0, dtype=np.int64)
            rows = np.repeat(np.arange(n_texts, dtype=np.int64), np.diff(self.offsets))
            keep = cols >= 0
            rows, cols = rows[keep], cols[keep]
        else:
            grams_per_text = []
            for i in range(n_texts):
                seq = [terms_of[c] for c in self.codes[self.offsets[i]:self.offsets[i + 1]].tolist()]
                seq = [t for t in seq if t is not None]
                grams_per_text.append([" ".join(seq[j:j + n]) for n in range(lo, hi + 1) for j in range(len(seq) - n + 1)])
            vocabulary = sorted({g for grams in grams_per_text for g in grams})
            index = {term: j for j, term in enumerate(vocabulary)}
            rows = np.repeat(np.arange(n_texts, dtype=np.int64), [len(g) for g in grams_per_text])
            cols = np.fromiter((index[g] for grams in grams_per_text for g in grams), dtype=np.int64, count=len(rows))
        matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                                   shape=(n_texts, len(vocabulary)), dtype=np.int64)
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix, np.array(vocabulary, dtype=object)
