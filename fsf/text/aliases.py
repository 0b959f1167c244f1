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

__all__ = ["Alias", "AliasMatch", "alias_counts", "find_aliases", "load_aliases", "normalize_aliases"]

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


@functools.lru_cache(maxsize=8)
def _alias_regex(aliases: tuple[Alias, ...]) -> tuple[re.Pattern, dict]:
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


def find_aliases(text: str, aliases: Iterable[Alias] | None = None) -> list[AliasMatch]:
    """Every alias variant in a text, longest first, without overlaps.

    Matching is on whole words, after :func:`fsf.clean.normalize_chars`
    (so *Hay’at* and *Hay'at* match alike); offsets refer to ``text``.

    Examples
    --------
    >>> [(m.text, m.canonical) for m in find_aliases("Daash fled Raqqah for Urfa.")]
    [('Daash', 'ISIS'), ('Raqqah', 'Raqqa'), ('Urfa', 'Sanliurfa')]
    """
    table = tuple(aliases) if aliases is not None else load_aliases()
    pattern, lookup = _alias_regex(table)
    found = []
    for match in pattern.finditer(normalize_chars(text)):
        alias = lookup[match.lastgroup]
        found.append(AliasMatch(match.start(), match.end(), text[match.start():match.end()],
                                alias.canonical, alias.token, alias.kind))
    return found


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
