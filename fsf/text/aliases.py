"""One name, many spellings: the alias table and the matcher behind it.

The alias table (``fsf/data/aliases.csv``) maps the spelling variants of groups, places and
people (ISIS / Isis / ISIL / Islamic State / Daesh / Daash, Idlib / Idleb, ...) to one canonical
name and one token.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from fsf import config
from fsf.corpus.clean import normalize_chars
from fsf.errors import CorpusError

__all__ = ["Alias", "AliasMatch", "alias_counts", "alias_spans", "find_aliases", "load_aliases", "normalize_aliases"]

@dataclass(frozen=True)
class Alias:
    """One spelling variant and the entity it names."""

    variant: str
    canonical: str
    token: str
    kind: str
    case_sensitive: bool


@dataclass(frozen=True)
class AliasMatch:
    """A variant found in a text: ``text[start:end]`` names ``canonical``."""

    start: int
    end: int
    text: str
    canonical: str
    token: str
    kind: str


@functools.lru_cache(maxsize=8)
def load_aliases(path: str | None = None) -> tuple[Alias, ...]:
    """Read the alias table (default ``fsf/data/aliases.csv``).

    Columns: ``canonical`` (display name), ``token`` (one lower-case word
    used when text is normalised for counting), ``kind`` (group, place,
    person, actor), ``variant`` (as written in articles), ``case_sensitive``
    (``yes`` for acronyms such as *IS*-like forms, else ``no``) and
    ``note`` (the evidence for the equivalence).

    Examples
    --------
    >>> sorted({a.canonical for a in load_aliases() if a.token == "isis"})
    ['ISIS']
    """
    table = pd.read_csv(path or config.DATA_DIR / "aliases.csv", dtype=str, keep_default_na=False)
    required = {"canonical", "token", "kind", "variant", "case_sensitive"}
    if not required <= set(table.columns):
        raise CorpusError(f"{path}: an alias table needs the columns {', '.join(sorted(required))}.")
    bad = table[~table["token"].str.fullmatch(r"[a-z][a-z_]*")]
    if len(bad):
        raise CorpusError(f"{path}: token {bad['token'].iloc[0]!r} must be one lower-case word (letters and _).")
    return tuple(
        Alias(normalize_chars(r.variant), r.canonical, r.token, r.kind, r.case_sensitive.strip() == "yes")
        for r in table.itertuples()
    )


def _simple_alias_regex(aliases: tuple[Alias, ...]) -> tuple[re.Pattern, dict]:
    """The matcher as first written: one alternative per variant, longest first (the reference for tests)."""
    ordered = sorted(aliases, key=lambda a: len(a.variant), reverse=True)
    parts = []
    lookup = {}
    for n, alias in enumerate(ordered):
        flags = "" if alias.case_sensitive else "(?i:"
        body = re.escape(alias.variant)
        parts.append(f"(?P<a{n}>{flags}{body}{')' if flags else ''})")
        lookup[f"a{n}"] = alias
    pattern = re.compile(r"(?<![\w'-])(?:" + "|".join(parts) + r")(?![\w])")
    return pattern, lookup


def _same_letter(a: str, b: str) -> bool:
    """Whether two first letters can match one character (as ``re``'s case folding sees it)."""
    return bool(re.fullmatch(f"(?i:{re.escape(a)})", b) or re.fullmatch(f"(?i:{re.escape(b)})", a))


@functools.lru_cache(maxsize=8)
def _alias_regex(aliases: tuple[Alias, ...]) -> tuple[re.Pattern, dict]:
    """The matcher: the same alternatives and order as :func:`_simple_alias_regex`, grouped by first letter.

    Each group opens with a plain character class (every ASCII character that can match one of its
    first letters, and any non-ASCII character), which ``re`` tests before entering the group, so a
    word start costs one test per group instead of a try of every variant; inside, a lookbehind
    checks the first letter exactly. Variants whose first letters can match the same character
    share a group, in their original order, so the first alternative that matches is the same one.
    """
    if not all(alias.variant for alias in aliases):
        return _simple_alias_regex(aliases)
    ordered = sorted(aliases, key=lambda a: len(a.variant), reverse=True)
    lookup = {f"a{n}": alias for n, alias in enumerate(ordered)}
    groups: list[list[tuple[int, Alias]]] = []
    for n, alias in enumerate(ordered):
        home = next((g for g in groups if any(_same_letter(alias.variant[0], a.variant[0]) for _, a in g)), None)
        if home is None:
            groups.append([(n, alias)])
        else:
            home.append((n, alias))
    ascii_chars = [chr(i) for i in range(128)]
    parts = []
    for group in groups:
        chars, any_case = set(), False
        alternatives = []
        for n, alias in group:
            first, rest = re.escape(alias.variant[0]), re.escape(alias.variant[1:])
            if alias.case_sensitive:
                one = re.compile(first)
                alternatives.append(f"(?<={first})(?P<a{n}>{rest})")
            else:
                one = re.compile(f"(?i:{first})")
                any_case = True
                alternatives.append(f"(?<=(?i:{first}))(?P<a{n}>(?i:{rest}))")
            chars |= {c for c in ascii_chars if one.fullmatch(c)}
            if not alias.variant[0].isascii():
                chars.add(alias.variant[0])
        ascii_part = "".join(re.escape(c) for c in sorted(chars) if c.isascii())
        other = r"\x80-\U0010ffff" if any_case else "".join(re.escape(c) for c in sorted(chars) if not c.isascii())
        parts.append(f"[{ascii_part}{other}](?:" + "|".join(alternatives) + ")")
    pattern = re.compile(r"(?<![\w'-])(?:" + "|".join(parts) + r")(?![\w])")
    return pattern, lookup


def alias_spans(text: str, aliases: Iterable[Alias] | None = None) -> list[tuple[int, int, Alias]]:
    """``(start, end, alias)`` of every variant in a text already passed through :func:`normalize_chars`.

    The matching of :func:`find_aliases`, without building :class:`AliasMatch` records (for counting).

    Examples
    --------
    >>> [(s, e, a.token) for s, e, a in alias_spans("Daash left Idleb.")]
    [(0, 5, 'isis'), (11, 16, 'idlib')]
    """
    pattern, lookup = _matcher(aliases)
    return [(m.start(), m.end(), lookup[m.lastgroup]) for m in pattern.finditer(text)]


@functools.lru_cache(maxsize=1)
def _default_matcher() -> tuple[re.Pattern, dict]:
    return _alias_regex(load_aliases())


def _matcher(aliases: Iterable[Alias] | None) -> tuple[re.Pattern, dict]:
    """The compiled matcher of a table (the default one without hashing the table on every call)."""
    return _default_matcher() if aliases is None else _alias_regex(tuple(aliases))


def find_aliases(text: str, aliases: Iterable[Alias] | None = None) -> list[AliasMatch]:
    """Every alias variant in a text, longest first, without overlaps.

    Matching is on whole words, after :func:`fsf.clean.normalize_chars`
    (so *Hay’at* and *Hay'at* match alike); offsets refer to ``text``.

    Examples
    --------
    >>> [(m.text, m.canonical) for m in find_aliases("Daash fled Raqqah for Urfa.")]
    [('Daash', 'ISIS'), ('Raqqah', 'Raqqa'), ('Urfa', 'Sanliurfa')]
    """
    return [AliasMatch(start, end, text[start:end], alias.canonical, alias.token, alias.kind)
            for start, end, alias in alias_spans(normalize_chars(text), aliases)]


def normalize_aliases(text: str, aliases: Iterable[Alias] | None = None) -> str:
    """Replace every alias variant by its one-word token, for counting.

    Examples
    --------
    >>> normalize_aliases("The Islamic State and Hay'at Tahrir al-Sham in Idleb")
    'The isis and hts in idlib'
    """
    out, last = [], 0
    for match in find_aliases(text, aliases):
        out.append(text[last:match.start])
        out.append(match.token)
        last = match.end
    out.append(text[last:])
    return "".join(out)


def alias_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """How often each spelling variant of each entity occurs in each article's kept text.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, canonical, kind, variant, n``, one row per variant seen,
        sorted by entity and article.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> counts = alias_counts(load_corpus())
    >>> counts[counts.canonical == "Idlib"].groupby("variant").n.sum().to_dict()
    {'Idleb': 4, 'Idlib': 9}
    """
    rows = [(doc_id, m.canonical, m.kind, m.text)
            for doc_id, clean in zip(corpus["doc_id"], corpus["clean_text"])
            for m in find_aliases(clean)]
    table = pd.DataFrame(rows, columns=["doc_id", "canonical", "kind", "variant"])
    counts = table.groupby(["canonical", "kind", "doc_id", "variant"]).size().rename("n").reset_index()
    return counts[["doc_id", "canonical", "kind", "variant", "n"]]
