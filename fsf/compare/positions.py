"""Where terms occur along each article (for a dispersion, or x-ray, plot).
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd

from fsf.errors import MethodError, skippable
from fsf.text.aliases import find_aliases, load_aliases

__all__ = ["SEED_TERMS", "dispersion", "key_terms"]

def _alias_names() -> dict[str, str]:
    names = {}
    for alias in load_aliases():
        names[alias.canonical.casefold()] = alias.canonical
        names[alias.token] = alias.canonical
    return names


def _finder(term: str):
    """text -> start offsets of ``term``: all its alias variants if it names an alias entity, else the word."""
    canonical = _alias_names().get(term.strip().casefold())
    if canonical is not None:
        return lambda text: [m.start for m in find_aliases(text) if m.canonical == canonical]
    pattern = re.compile(r"(?<![\w-])" + re.escape(term.strip()) + r"(?![\w-])", re.I)
    return lambda text: [m.start() for m in pattern.finditer(text)]


SEED_TERMS = ("ISIS", "HTS", "Turkey", "Ukraine", "home", "activists")
"""The names whose place along each seed article the dispersion figure shows."""


def key_terms(alias_counts: pd.DataFrame, *, seeds: bool, n: int = 6) -> list[str]:
    """The names to place along the articles: the seeds' chosen names, else the corpus's most frequent entities.

    For another corpus: the ``n`` entities of the alias table named most often in its kept text
    (``alias_counts`` from :func:`fsf.text.alias_counts`; ties by name), so the figure shows names
    the corpus actually uses.

    Examples
    --------
    >>> counts = pd.DataFrame({"canonical": ["ISIS", "Idlib", "ISIS"], "n": [2, 3, 4]})
    >>> key_terms(counts, seeds=False, n=2), key_terms(counts, seeds=True)[:2]
    (['ISIS', 'Idlib'], ['ISIS', 'HTS'])
    """
    if seeds:
        return list(SEED_TERMS)
    counts = alias_counts.groupby("canonical")["n"].sum()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    if counts.empty:
        raise MethodError("no name of the alias table occurs in this corpus, so there is nothing to place. "
                          "Fix: call fsf.compare.dispersion(study.sentences, [...]) with terms of your own.")
    return list(counts.index[:n])


@skippable
def dispersion(units: pd.DataFrame, terms: str | Iterable[str]) -> pd.DataFrame:
    """Where each term occurs in each article, as a fraction of the article's length.

    An article's text is its units (sentences from :func:`fsf.text.sentences`
    or paragraphs from :func:`fsf.corpus.paragraphs`) in the order given,
    joined by a blank line, as in the article's ``clean_text``. ``position`` is the character offset where an
    occurrence starts divided by that text's length in characters: 0 is
    the start, 1 the end.

    A term that names an entity of the alias table, by its canonical name
    (``ISIS``, ``Syrian regime``, case ignored) or its token (``isis``,
    ``syrian_regime``, as :func:`keyness` reports it), finds every variant
    (*Islamic State*, *Daesh*, ...) through :func:`fsf.text.find_aliases`.
    Any other term, a single variant such as ``Daesh`` included, is matched
    as written: whole words, case ignored (the rule of :func:`fsf.text.kwic`),
    so ``smuggler`` does not find *smugglers* (list both) and a stem
    (``execut``) finds nothing.

    A term found in no article gives no rows (a defined, empty result, not
    an error): :func:`dispersion_figure` still draws its row, marked n = 0.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, term, position``: one row per occurrence, by article, then
        term in the order given, then position.

    Examples
    --------
    >>> units = pd.DataFrame({"doc_id": ["a", "a"], "text": ["Daesh fighters fled.", "The Islamic State lost."]})
    >>> dispersion(units, ["ISIS", "fled", "Kobani"]).round(3).values.tolist()
    [['a', 'ISIS', 0.0], ['a', 'ISIS', 0.578], ['a', 'fled', 0.333]]
    """
    if "doc_id" not in units or "text" not in units:
        raise MethodError("dispersion: the units lack a doc_id or text column. Fix: pass fsf.text.sentences(corpus) "
                          "or fsf.corpus.paragraphs(corpus).")
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms or any(not isinstance(t, str) or not t.strip() for t in terms):
        raise MethodError(f"dispersion: terms={terms!r} must be one or more non-empty words or names. "
                          "Fix: e.g. dispersion(sentences, ['ISIS', 'Turkey', 'smuggler']).")
    finders = [(t, _finder(t)) for t in dict.fromkeys(terms)]
    rows = []
    for doc_id, group in units.groupby("doc_id", sort=True):
        text = "\n\n".join(group["text"])
        for term, find in finders:
            rows.extend((doc_id, term, start / len(text)) for start in find(text))
    return pd.DataFrame(rows, columns=["doc_id", "term", "position"])
