"""Find the mentions of foreign fighters in each sentence, with character spans.

The target of the sentiment analysis is *foreign fighters*, so the first
step is to find where a sentence talks about them. Four kinds of mention,
from the most to the least certain:

``explicit``
    a phrase that says it: *foreign fighters*, *foreign militants*,
    *foreigners fighting*, *muhajirin*, *these outsiders*;
``named``
    a named individual foreign fighter (*Abu Yusuf Al Britani*, *Abu Saad*);
``contextual``
    a general word (*fighters*, *militants*, *defectors*, *Europeans*,
    *Saudis*) in an article that names foreign fighters explicitly, unless a
    local modifier precedes it (*Syrian Kurdish fighters*);
``pronoun``
    *they / them / their / these people / those who* in a sentence that
    follows, within ``carry`` sentences of the same article, a sentence
    with a mention (a recency rule, not coreference resolution).

The patterns are data (``fsf/data/ff_mentions.csv``, one documented row
each), not code. Every kind is validated against the hand coding in
``30-sentiment-toward-foreign-fighters``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from fsf import config
from fsf.errors import CorpusError, skippable

__all__ = ["KINDS", "MENTION_COLUMNS", "find_mentions", "load_patterns", "mention_kwic", "mentions", "mentions_table"]

KINDS = ("explicit", "named", "contextual", "pronoun")
"""Mention kinds, from the most to the least certain."""

MENTION_COLUMNS = ["doc_id", "sent_idx", "start", "end", "text", "kind"]
"""Columns of :func:`mentions` (and of ``mentions.csv``); start/end index the sentence text."""

_PRONOUN = re.compile(r"\b(?:they|them|their|theirs|themselves|these people|those who|those same)\b", re.I)


@functools.lru_cache(maxsize=4)
def load_patterns(path: str | None = None) -> dict[str, re.Pattern]:
    """Compile the mention patterns, one regular expression per kind plus ``exclude``.

    Parameters
    ----------
    path : str, optional
        A CSV with columns ``kind`` (explicit, named, contextual, exclude),
        ``pattern`` (a case-insensitive regular expression) and ``note``;
        default ``fsf/data/ff_mentions.csv``.

    Examples
    --------
    >>> patterns = load_patterns()
    >>> bool(patterns["explicit"].search("Some foreign fighters fled."))
    True
    """
    table = pd.read_csv(path or config.DATA_DIR / "ff_mentions.csv", dtype=str, keep_default_na=False)
    unknown = set(table["kind"]) - {"explicit", "named", "contextual", "exclude"}
    if unknown or (table["note"].str.strip() == "").any():
        raise CorpusError(f"{Path(path or 'ff_mentions.csv').name}: every row needs a kind "
                          "(explicit, named, contextual, exclude) and a note.")
    compiled = {}
    for kind, rows in table.groupby("kind", sort=False):
        body = "|".join(f"(?:{p})" for p in rows["pattern"])
        if kind == "exclude":
            compiled[kind] = re.compile(f"(?:{body})", re.I)
        else:
            compiled[kind] = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)
    return compiled


def find_mentions(sentence: str, *, contextual: bool = True) -> list[tuple[int, int, str, str]]:
    """Explicit, named and contextual mentions in one sentence, without overlaps.

    Parameters
    ----------
    sentence : str
        Normalised sentence text (see :func:`fsf.clean.normalize_chars`).
    contextual : bool
        Whether to look for contextual words (the caller decides whether the
        article gives the context; see :func:`mentions`).

    Returns
    -------
    list of (start, end, text, kind)
        In order of position. Where matches overlap, the more certain kind
        (explicit > named > contextual) wins.

    Examples
    --------
    >>> find_mentions("Syrian Kurdish fighters met the foreign fighters and Abu Saad.")
    [(32, 48, 'foreign fighters', 'explicit'), (53, 61, 'Abu Saad', 'named')]
    """
    patterns = load_patterns()
    found: list[tuple[int, int, str, str]] = []
    taken = [False] * (len(sentence) + 1)
    for kind in ("explicit", "named", "contextual"):
        if kind not in patterns or (kind == "contextual" and not contextual):
            continue
        for match in patterns[kind].finditer(sentence):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            if kind == "contextual" and "exclude" in patterns and patterns["exclude"].search(sentence[max(0, start - 30):start]):
                continue
            found.append((start, end, match.group(), kind))
            taken[start:end] = [True] * (end - start)
    return sorted(found)


@skippable
def mentions(sentences: pd.DataFrame, *, carry: int = 2) -> pd.DataFrame:
    """All mentions of foreign fighters in a sentence table.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The table from :func:`fsf.text.sentences` (doc_id, sent_idx, text).
    carry : int, default 2
        How many sentences after a mention a plural pronoun still counts as
        a mention (``pronoun`` kind); 0 turns the rule off. Chained pronoun
        mentions do not renew the count. Fixed before the validation was run.

    Returns
    -------
    pandas.DataFrame
        :data:`MENTION_COLUMNS`, one row per mention; empty (with these
        columns) when there is none. Contextual words count only in articles
        with at least one explicit or named mention.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_idx": [0, 1, 2], "text": [
    ...     "Foreign fighters reached the border.", "They crossed at night.", "The town was quiet."]})
    >>> mentions(sents)[["sent_idx", "text", "kind"]].values.tolist()
    [[0, 'Foreign fighters', 'explicit'], [1, 'They', 'pronoun']]
    """
    rows = []
    for doc_id, group in sentences.groupby("doc_id", sort=False):
        texts = group["text"].tolist()
        certain = [find_mentions(t, contextual=False) for t in texts]
        with_context = any(certain)
        since = carry + 1  # sentences since the last non-pronoun mention
        for sent_idx, text, sure in zip(group["sent_idx"], texts, certain):
            found = find_mentions(text) if with_context else sure
            since = 0 if found else since + 1
            if not found and since <= carry:
                found = [(m.start(), m.end(), m.group(), "pronoun") for m in _PRONOUN.finditer(text)]
            rows.extend((doc_id, sent_idx, start, end, mention, kind) for start, end, mention, kind in found)
    return pd.DataFrame(rows, columns=MENTION_COLUMNS).astype({"start": int, "end": int, "sent_idx": int})


@skippable
def mention_kwic(found: pd.DataFrame, sentences: pd.DataFrame, *, width: int = 40) -> pd.DataFrame:
    """Keyword-in-context view of every mention: left context, mention, right context.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "text": ["Many foreign fighters left Syria."]})
    >>> mention_kwic(mentions(sents), sents, width=12).values.tolist()
    [['a', 0, 'explicit', 'Many', 'foreign fighters', 'left Syria.']]
    """
    text = sentences.set_index(["doc_id", "sent_idx"])["text"]
    rows = []
    for m in found.itertuples(index=False):
        sentence = text.loc[(m.doc_id, m.sent_idx)]
        left = sentence[max(0, m.start - width):m.start].strip()
        right = sentence[m.end:m.end + width].strip()
        rows.append((m.doc_id, m.sent_idx, m.kind, left, m.text, right))
    return pd.DataFrame(rows, columns=["doc_id", "sent_idx", "kind", "left", "mention", "right"])


@skippable
def mentions_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``mentions.csv``: every mention of foreign fighters in a corpus (see :func:`mentions`).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> table = mentions_table(load_corpus())
    >>> list(table.columns) == MENTION_COLUMNS, table.kind.value_counts()["named"]
    (True, np.int64(8))
    """
    from fsf.text import sentences

    return mentions(sentences(corpus))
