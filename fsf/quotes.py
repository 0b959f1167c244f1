"""Direct quotations, who says them, and what kind of speaker they are.

Rule-based, in three steps, each documented and validated against the hand
coding in ``fsf/data/hand_coding/quotes_hand.csv`` (codebook:
``docs/codebook-quotes.md``):

1. **Segments.** Double quotation marks (straight or curly) are paired
   within a paragraph. Curly marks tell opening from closing: an opening
   mark while a quote is open closes the first one unclosed. A quote still
   open at the end of a paragraph runs on into the next paragraph only if
   that paragraph opens with a quote mark (the news convention); otherwise
   it ends there, marked ``closed = False``. A short quoted term (at most
   four words, no punctuation before the closing mark: *so-called "stan
   countries"*, a poster *titled "termination of contract"*) is a scare
   quote or title, not speech. Single marks inside a quote are left inside it.
2. **Utterances and speakers.** Segments separated only by an attribution
   (*"...," he said. "..."*), run-on paragraphs and quote-only paragraphs
   form one utterance. The speaker is the subject of a speech verb next to
   the quote (*said Abu Shujar*, *the employee said*, *As one NGO worker
   put it*); *he/she* is the last singular speaker the article named, in a
   quote or in reported speech (*One opposition coordinator ... claimed
   that*). Names are unified through the alias table (*Mr Mansour* ->
   *Samir Mansour*).
3. **Speaker types.** Patterns in ``fsf/data/speaker_types.csv`` are
   looked for near every mention of the speaker (the closest match wins),
   then in the speaker's own quoted words; else ``other``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from array import array
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fsf import config
from fsf.errors import skippable
from fsf.text import find_aliases, load_aliases

__all__ = [
    "QUOTE_COLUMNS", "SPEAKER_TYPES", "SPEECH_VERBS", "Segment", "article_quote_rows", "article_quotes", "extract_quotes", "find_segments",
    "load_speaker_types", "match_quotes", "quote_agreement", "quotes", "quotes_table", "speaker_key",
]

SPEECH_VERBS = (
    "said", "says", "say", "added", "adds", "warned", "warns", "told", "tells", "explained", "explaining",
    "noted", "notes", "claimed", "claims", "commented", "asked", "argued", "insisted", "recalled", "wrote",
    "spoke", "put it", "called", "according to", "acknowledged", "confirmed", "stated", "announced", "admitted",
    "declared", "stressed", "emphasised", "emphasized", "tweeted", "replied", "responded", "lamented", "complained",
    "urged", "vowed", "conceded", "questioned", "criticised", "criticized", "described", "tweeting", "saying", "adding",
    "noting", "writing", "insisting", "calling",
)
"""Verbs (and phrases) that attribute speech; the subject or object next to them is the speaker."""

SPEAKER_TYPES = ("activist", "rebel commander", "official or intelligence", "analyst or researcher",
                 "former or current fighter", "NGO or aid worker", "anonymous source", "other")
"""The speaker types of the codebook."""

QUOTE_COLUMNS = ["doc_id", "sent_idx", "quote", "speaker", "speaker_type", "paragraph_idx", "start", "end",
                 "utterance", "closed", "cue"]
"""Columns of :func:`quotes` (``quotes.csv``): start/end index the paragraph text."""

_OPEN, _CLOSE, _EITHER = "\u201c\u201e\u201f", "\u201d", '"'
_VERBS = "|".join(re.escape(v) for v in SPEECH_VERBS)
_VERB_RE = re.compile(r"\b(?:" + _VERBS + r")\b")
# :func:`_attributed`: where a speech verb stands relative to a short quoted segment
_VERB_AT_END = re.compile(r"\b(?:" + _VERBS
                          + r"|citing|quoting|describ(?:ed|es|ing)\s+(?:\S+\s+){0,2}as)(?:\s+\S+){0,4}?\s*[:,]?\s*$")
_VERB_THAT = re.compile(r"\b(?:" + _VERBS + r")\b[^\"]{0,80}\bthat\b[^\"]{0,100}$")
_VERB_NEAR_END = re.compile(r"\b(?:" + _VERBS + r")\b((?:\s+\S+){0,12})\s*$")
_RELATIVE = re.compile(r"\b(?:who|whom|which|where|when)\b", re.I)
_REPORTED_SENTENCE = re.compile(r"^\W*(?:according to [^,]{1,60},|(?:\S+\s+){1,5}?(?:" + _VERBS + r")\b)", re.I)
_VERB_AFTER = re.compile(r"^[^\"]{0,80}?,\s*(?:[^,\"]{0,60}?)\b(?:" + _VERBS + r")\b")
_PRONOUN = re.compile(r"^(?:he|she)$", re.I)
_DETERMINER = re.compile(r"^(?:a|an|the|one|as|and|but)\s+", re.I)
_MAX_TERM_WORDS = 4
_WINDOW = 15


@dataclass(frozen=True)
class Segment:
    """One quoted stretch inside a paragraph: ``text[start:end]``, without the marks."""

    start: int
    end: int
    closed: bool


def find_segments(text: str, raw: str | None = None) -> tuple[list[Segment], list[Segment]]:
    """Quoted segments of one paragraph, and the short quoted terms set aside.

    Parameters
    ----------
    text : str
        The paragraph, characters normalised (all double marks are ``"``).
    raw : str, optional
        The same paragraph with its original characters (same length); its
        curly marks say which marks open and which close.

    Returns
    -------
    (segments, terms)
        Quoted speech, and quoted terms of at most four words that do not end
        in punctuation (scare quotes and titles).

    Examples
    --------
    >>> text = 'He called them "the really tough fighters." The so-called "stan countries" agree. "Yes'
    >>> speech, terms = find_segments(text)
    >>> [text[s.start:s.end] for s in speech], [text[s.start:s.end] for s in terms], speech[-1].closed
    (['the really tough fighters.', 'Yes'], ['stan countries'], False)
    """
    raw = raw if raw is not None and len(raw) == len(text) else text
    found: list[Segment] = []
    start = None
    i = text.find('"')
    while i != -1:  # mark by mark
        kind = raw[i]
        if start is None:
            start = i + 1
        elif kind in _OPEN:  # a new opening mark: the open quote was never closed
            found.append(Segment(start, i, False))
            start = i + 1
        else:
            found.append(Segment(start, i, True))
            start = None
        i = text.find('"', i + 1)
    if start is not None:
        found.append(Segment(start, len(text.rstrip()), False))
    speech, terms = [], []
    previous = None
    for seg in found:
        words = text[seg.start:seg.end].split()
        between = text[previous.end + 1:seg.start - 1] if previous is not None else ""
        chained = (previous is not None and previous in speech and len(between.split()) <= 6
                   and re.search(r"\b(?:and|or|but|nor)\b", between) and not re.search(r"[.?!]", between)
                   and not _TERM_MARKER.search(between))  # '"a mistake" and that he is "sorry"'
        is_term = ((seg.closed and len(words) <= _MAX_TERM_WORDS and not re.search(r"[.,!?\u2026]\s*$", text[seg.start:seg.end])
                    and not chained and not _attributed(text, seg)) or (seg.closed and _title_or_name(text, seg)))
        (terms if is_term else speech).append(seg)
        previous = seg
    return speech, terms


_TERM_MARKER = re.compile(
    r"\b(?:so-called|so called|titled|entitled|named|dubbed|nicknamed|labell?ed|termed|known as|the (?:word|term|phrase|"
    r"slogan|hashtag|label|name))\s*$", re.I)


_TITLE_BEFORE = re.compile(r"(?:'s|\b(?:on|in|at|from|to|titled|entitled|called|named|dubbed))\s*$", re.I)
_NAME_AFTER = re.compile(r"^\s*,?\s*as\s+[^.\"]{0,40}?\b(?:call|calls|called|refer to|refers to|referred to|know|known|dub|dubs)\b", re.I)


def _title_or_name(text: str, seg: Segment) -> bool:
    """A quoted title or name, even with punctuation inside the marks: at most six capitalised words
    right after a possessive or a preposition (*on Example TV's "Face The Nation."*), or a word that
    others use (*The "Turkistanis," as many Syrians call them*).

    Examples
    --------
    >>> text = 'He said on Example TV\\'s "Meet The Nation." The "Turkistanis," as locals call them, stayed.'
    >>> [_title_or_name(text, seg) for seg in find_segments(text)[1]]
    [True, True]
    """
    quoted = text[seg.start:seg.end].strip(" .,;:!?")
    words = quoted.split()
    if not words or len(words) > 6:
        return False
    capitalised = all(w[0].isupper() for w in words if w.lower() not in {"the", "a", "of", "and", "in", "on", "for", "to"})
    if capitalised and _TITLE_BEFORE.search(text[:seg.start - 1]):
        return True
    return len(words) <= 3 and bool(_NAME_AFTER.match(text[seg.end + 1:]))


def _attributed(text: str, seg: Segment) -> bool:
    """Is a short quoted stretch attributed by a speech verb (a partial quote rather than a scare quote)?

    Yes when a speech verb (or *citing*, *quoting*) comes at most four words before the opening
    mark (*said "...*, *called them "...*, *described it as "...*); when the quote is inside the
    clause a speech verb introduces (*told reporters that 80 people "escaped"*) or the sentence
    opens with an attribution (*He also said ...*, *According to him, ...*); or when the rest of
    the sentence after the closing mark is an attribution after a comma (*... in Latakia, the
    agency added*); never right after a term marker (*so-called*, *titled*, *known as*, *the word*).

    Examples
    --------
    >>> text = 'He called them "tough fighters" and the so-called "stan countries" agree.'
    >>> speech, terms = find_segments(text)
    >>> [text[s.start:s.end] for s in speech], [text[s.start:s.end] for s in terms]
    (['tough fighters'], ['stan countries'])
    """
    before = re.split(r"(?<=[.?!])\s+(?=[A-Z\"'])", text[:seg.start - 1])[-1]
    if _TERM_MARKER.search(before):
        return False
    if _VERB_AT_END.search(before):
        return True
    if _VERB_THAT.search(before):
        return True  # inside the reported clause: 'told reporters that 80 people "escaped"'
    near = _VERB_NEAR_END.search(before)
    if near and not _RELATIVE.search(near.group(1)):
        return True  # 'told AFP on Sunday he has been "hung out to dry"'
    if _REPORTED_SENTENCE.match(before):
        return True  # the sentence is someone's reported speech: 'He also said ...', 'According to him, ...'

    after = re.split(r"(?<=[.?!])\s", text[seg.end + 1:])[0]
    return bool(_VERB_AFTER.match(after)) and '"' not in after


@functools.lru_cache(maxsize=2)
def load_speaker_types(path: str | None = None) -> tuple[tuple[str, re.Pattern], ...]:
    """The speaker-type patterns, in priority order (speaker_type, compiled pattern).

    Examples
    --------
    >>> [t for t, p in load_speaker_types() if p.search("a fellow at the Middle East Forum")]
    ['analyst or researcher']
    """
    table = pd.read_csv(path or config.DATA_DIR / "speaker_types.csv", keep_default_na=False)
    unknown = set(table["speaker_type"]) - set(SPEAKER_TYPES)
    if unknown:
        raise ValueError(f"speaker_types.csv: unknown type(s) {sorted(unknown)}; use {SPEAKER_TYPES}.")
    return tuple((row.speaker_type, re.compile(row.pattern, re.I)) for row in table.itertuples())


def speaker_key(name: str) -> str:
    """A comparable form of a speaker: canonical name if the alias table knows it, else the role in lower case
    without determiners or trailing clauses.

    Examples
    --------
    >>> speaker_key("Mr Mansour"), speaker_key("One opposition coordinator who channels support")
    ('Samir Mansour', 'opposition coordinator')
    """
    people = [m for m in find_aliases(name) if m.kind == "person"]
    if people:
        return people[0].canonical
    role = _DETERMINER.sub("", name.strip()).lower()
    return re.split(r",| who | which | from | of | at | for ", role)[0].strip()


_APPOSITIVE = re.compile(r"^(?:an?|the|of|from|at|in|for|with|who|whom|which|whose)\s", re.I)


def _clean_np(text: str) -> str:
    """A speaker noun phrase without leading conjunctions, relative clauses or appositives.

    Comma-separated chunks that open like an appositive or a relative clause (*an activist ...*,
    *of the Washington Institute*, *which is run by ISIS*) are dropped after the first chunk, and so
    is a role in lower case after a name (*Jane Doe, spokeswoman for the group,*).
    """
    text = re.sub(r"^.*\((?:AFP|AP|Reuters|[A-Z][\w ]{1,20})\)\s*-\s*", "", text)  # a dateline: 'CITY (AFP) - '
    chunks = [c.strip() for c in text.strip(" ,;:-\"'").split(",") if c.strip() and not c.strip().isdigit()]  # ages
    relative = re.match(r"^(?:whom|who)\s+(he|she)$", chunks[-1], re.I) if chunks else None
    if relative:  # '..., whom he called "...': the speaker is the pronoun
        return relative.group(1)
    named = bool(chunks) and bool(re.fullmatch(r"(?:[A-Z][\w'\u2019.-]*\s*){2,4}", chunks[0]))
    kept = chunks[:1] + [c for c in chunks[1:] if not (_APPOSITIVE.match(c) or (named and c[:1].islower()))]
    head = re.sub(r"^(?:as|and|but|whom|who)\s+", "", kept[-1] if kept else "", flags=re.I)
    head = re.split(r"\s+(?:who|which)\b", head)[0].strip()
    return re.sub(r"(?:\s+(?:also|then|later|further|again|previously|earlier|reportedly|allegedly|once|now|\w+ly))+$", "",
                  head, flags=re.I)  # 'He also said', 'He repeatedly said': He


def _looks_like_subject(np: str) -> bool:
    """A noun phrase that can be a speaker: a pronoun, a determiner, a capital, or a role before a name
    (*justice minister Jane Doe*)."""
    return bool(re.match(r"^(?:he|she|they|it|an?|the|one|[A-Z])", np)
                or re.search(r"(?:^|\s)[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)+$", np))


_STATEMENT = re.compile(r"^(?:read|reads|says|said)\s+(?:a|the)\s+(?:\w+\s+)?(?:statement|post|message|letter|tweet|notice)"
                        r"\s+(?:from|by|of)\s+([^,;.]+?)(?=\s+(?:published|posted|issued|on|in)\b|[,;.]|$)", re.I)
_QUOTING = re.compile(r"\b(?:quoted\s+(?P<a>[^,;.]+?)\s+as\s+saying|(?:quoting|citing)\s+(?P<b>[^,;.]+))", re.I)


def _cue_after(context: str) -> tuple[str, str] | None:
    """Speaker and cue in the text right after a closing mark (*, said X* / *, X said* / *, X quoted Y as
    saying* / *, X added, quoting Y*): the one quoted or cited is the speaker."""
    part = re.split(r"(?<=[.?!])\s", context.lstrip(" ,"), maxsplit=1)[0][:200]
    statement = _STATEMENT.match(part)
    if statement:  # '"...," read a statement from the council'
        return _clean_np(statement.group(1)), part[:statement.end()].strip(" ,.")
    quoting = _QUOTING.search(part)
    if quoting and len(part[:quoting.start()].split()) <= 10:
        speaker = _clean_np(quoting.group("a") or quoting.group("b"))
        if speaker and _looks_like_subject(speaker):
            return speaker, part[:quoting.end()].strip(" ,.")
    match = _VERB_RE.search(part)
    if not match or len(part[:match.start()].split()) > 10:
        return None
    before = _clean_np(part[:match.start()])
    if before and _looks_like_subject(before):
        return before, part[:match.end()].strip(" ,.")
    if match.group() in ("told", "tells", "asked"):  # what follows is who was told, not who spoke
        return None
    after = re.split(r"[,.;]", part[match.end():], maxsplit=1)[0]
    speaker = _clean_np(after)
    if not speaker or re.match(r"(?:in|on|at|to|with|for|during|after|before|from|by)\b", speaker, re.I):
        return None  # 'said in an interview': no speaker after the verb
    return speaker, part[:match.end() + len(after)].strip(" ,.")


_LEADING = re.compile(r"[ ,]*")


def _after(text: str, pos: int) -> str:
    """``text[pos:]`` cut to what :func:`_cue_after` reads of it (the first 200 characters after the
    leading spaces and commas), so that a cue costs the same in a long paragraph as in a short one.

    Examples
    --------
    >>> text = 'A "quote," , said Jane Roe. ' + "x " * 1000
    >>> len(_after(text, 10)) < 300, _cue_after(_after(text, 10)) == _cue_after(text[10:])
    (True, True)
    """
    return text[pos:_LEADING.match(text, pos).end() + 256]


def _cue_before(context: str) -> tuple[str, str] | None:
    """Speaker and cue right before an opening mark (*X told Y that "...*, *As X put it, "...*).

    If the quote continues a sentence, the speech verb closest to it counts; if it starts a new
    sentence, the first speech verb of the sentence before (*X spoke to ..., explaining ...*).
    """
    text = context.strip()
    if not text:
        return None
    part = re.split(r"(?<=[.?!])\s+", text)[-1]
    embedded = not re.search(r"[.?!]$", text)
    matches = list(_VERB_RE.finditer(part))
    if not matches:
        return None
    introduces = text.endswith(":")  # 'X said he ... one by one: "...'
    match = matches[-1] if embedded and not introduces else matches[0]
    if embedded and not introduces and len(part[match.end():].split()) > 8:
        return None
    subject = _clean_np(part[:match.start()])
    if match.group().endswith("ing"):  # '<subject> commended the move, tweeting that "...': the main clause's subject
        verb = re.search(r"\s(?:[a-z]+ed|has|have|had|is|are|was|were|will|would)\b", subject)
        subject = _clean_np(subject[:verb.start()]) if verb else subject
    if subject and _PRONOUN.match(subject):  # 'X said his client ..., but he conceded "...': he is X
        earlier = _reported_speaker(part[:match.start()].rsplit(",", 1)[0] + ".")
        subject = earlier or subject
    return (subject, part.strip(" ,")) if subject and _looks_like_subject(subject) else None


def _is_singular_person(np: str) -> bool:
    words = np.split()
    return bool(words) and not _PRONOUN.match(np) and not (words[-1].endswith("s") and words[-1].islower())


def _reported_speaker(sentence: str) -> str | None:
    """The singular subject of reported speech in a sentence without quote marks, if any."""
    if '"' in sentence:
        return None
    match = _VERB_RE.search(sentence)
    if not match:
        return None
    before, after = sentence[:match.start()], sentence[match.end():]
    if before.rstrip().endswith(",") and re.match(r"\s+(?:the|an?|one|[A-Z])", after):
        subject = _clean_np(re.split(r"[.;]", after)[0])  # inverted: '..., said the leader of ...'
    else:
        subject = _clean_np(before)
    if not subject or len(subject.split()) > 12 or not _looks_like_subject(subject) or _CLAUSE.search(subject):
        return None
    return subject if _is_singular_person(subject) else None


_CLAUSE = re.compile(r"^(?:they|we|you|it|there|this|that)\b|\b(?:are|is|were|was|will|would|have|has|had)\b", re.I)


def _trie_pattern(node: dict) -> str:
    """A regex of the words of a trie (``""`` marks a word's end) that matches the longest of them."""
    alternatives = []
    for char, child in node.items():
        if char == "":
            continue
        chain = char
        while len(child) == 1 and "" not in child:  # a run without branches is one literal
            (next_char, child), = child.items()
            chain += next_char
        alternatives.append(re.escape(chain) + _trie_pattern(child))
    body = "(?:" + "|".join(alternatives) + ")" if len(alternatives) > 1 else "".join(alternatives)
    return "(?:" + body + ")?" if "" in node and body else body  # greedy: a longer word first


def _mention_hits(texts: list[str], needles: set[str]) -> dict[str, list[tuple[int, int, int]]]:
    """(text number, start, end) of every needle in the texts, as ``re.finditer(re.escape(needle), text)``
    finds them (left to right, not overlapping each other), in one scan of each text for all needles.

    Examples
    --------
    >>> _mention_hits(["one aid worker and an aid worker", "aid workers"], {"aid worker", "one aid worker", "x"})
    {'aid worker': [(0, 4, 14), (0, 22, 32), (1, 0, 10)], 'one aid worker': [(0, 0, 14)], 'x': []}
    """
    hits: dict[str, list[tuple[int, int, int]]] = {needle: [] for needle in sorted(needles)}
    trie: dict = {}
    for needle in needles:
        node = trie
        for char in needle:
            node = node.setdefault(char, {})
        node[""] = needle
    try:
        pattern = re.compile(_trie_pattern(trie)) if trie else None
    except (RecursionError, re.error, OverflowError):  # absurdly nested needles: one scan per needle
        for needle in needles:
            hits[needle] = [(i, m.start(), m.end()) for i, text in enumerate(texts)
                            for m in re.finditer(re.escape(needle), text)]
        return hits
    starting: dict[str, list[str]] = {}  # longest needle at a position -> every needle starting there
    for i, text in enumerate(texts):
        free: dict[str, int] = {}  # where each needle may match next (its matches do not overlap)
        match = pattern.search(text) if pattern else None
        while match is not None:
            start, longest = match.start(), match.group()
            if longest not in starting:
                node, starting[longest] = trie, []
                for char in longest:
                    node = node[char]
                    if "" in node:
                        starting[longest].append(node[""])
            for needle in starting[longest]:
                if start >= free.get(needle, 0):
                    hits[needle].append((i, start, start + len(needle)))
                    free[needle] = start + len(needle)
            match = pattern.search(text, start + 1)
    return hits


@functools.lru_cache(maxsize=2)
def _any_pattern(patterns: tuple[tuple[str, re.Pattern], ...]) -> re.Pattern | None:
    """One regex that matches where any speaker-type pattern does (None if they cannot be joined safely)."""
    if not patterns or any(pattern.groups or pattern.flags != patterns[0][1].flags for _, pattern in patterns):
        return None  # groups could be referred to by number
    try:
        return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in patterns), patterns[0][1].flags)
    except re.error:
        return None


class _Mentions:
    """Where the speakers of one article are mentioned, found once for all of them.

    A speaker's needles are their name, its :func:`speaker_key` and every alias variant of that
    key in the article; each needle is looked for in every paragraph (all needles in one scan),
    and the closest speaker-type pattern around its hits is worked out once per needle.
    """

    def __init__(self, paragraphs_text: list[str], names) -> None:
        self.texts = list(paragraphs_text)
        keys = {name: speaker_key(name) for name in names}
        variants: dict[str, set[str]] = {}
        if set(keys.values()) & {alias.canonical for alias in load_aliases()}:  # else no variant is wanted
            for m in find_aliases(" ".join(self.texts)):
                variants.setdefault(m.canonical, set()).add(m.text)
        self.needles: dict[str, set[str]] = {}
        for name, key in keys.items():
            self.needles[name] = set(filter(None, {name, key} | variants.get(key, set())))
        self.hits = _mention_hits(self.texts, set().union(*self.needles.values()))
        self._tokens: dict[int, tuple[array, array]] = {}
        self._closest: dict[str, tuple[int, int, str] | None] = {}

    def tokens_around(self, i: int, start: int, end: int) -> tuple[list[str], list[str]]:
        """``text[:start].split()[-_WINDOW:]`` and ``text[end:].split()[:_WINDOW]`` of paragraph i, by bisection."""
        text = self.texts[i]
        if i not in self._tokens:
            spans = [m.span() for m in re.finditer(r"\S+", text)]  # what str.split() splits into
            self._tokens[i] = array("q", [a for a, _ in spans]), array("q", [b for _, b in spans])
        starts, ends = self._tokens[i]
        k = bisect.bisect_left(starts, start)  # tokens that begin before the hit (the last may run into it)
        before = text[starts[k - _WINDOW] if k > _WINDOW else 0:start].split() if k else []
        k = bisect.bisect_right(ends, end)  # tokens that end after the hit (the first may begin in it)
        after = text[end:ends[min(k + _WINDOW, len(ends)) - 1]].split() if k < len(ends) else []
        return before, after

    def closest(self, needle: str, patterns) -> tuple[int, int, str] | None:
        """(distance in tokens, rank, speaker type) of the closest pattern around any hit of a needle."""
        if needle not in self._closest:
            hits = self.hits.get(needle, ())
            own = " ".join(needle.split())  # the needle itself: distance 0, the same at every hit
            best = min(((0, rank, kind) for rank, (kind, pattern) in enumerate(patterns) if pattern.search(own)),
                       default=None) if hits else None
            anything = _any_pattern(patterns)
            for i, start, end in hits:
                if best is not None and best[:2] == (0, 0):  # nothing can be closer
                    break
                tokens_before, tokens_after = _own_words(*self.tokens_around(i, start, end))
                for side, tokens in (("before", tokens_before), ("after", tokens_after)):
                    joined = " ".join(tokens)
                    if anything is not None and not anything.search(joined):
                        continue
                    for rank, (kind, pattern) in enumerate(patterns):
                        if best is not None and best[0] == 0 and rank >= best[1]:  # (distance, rank) >= best
                            break
                        match = pattern.search(joined)
                        if not match:
                            continue
                        span_tokens = joined[:match.start()].split()
                        distance = len(tokens) - len(span_tokens) if side == "before" else len(span_tokens)
                        if best is None or (distance, rank) < best[:2]:
                            best = (distance, rank, kind)
            self._closest[needle] = best
        return self._closest[needle]


_SPEECH_TOKENS = frozenset(v for v in SPEECH_VERBS if " " not in v) - {"called"}  # 'a brigade called X' names


def _own_words(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """The words around a mention of a speaker that can describe the speaker: before it, those after the
    last quotation mark or speech verb; after it, those up to the first. A role in a quote (*"Foreign
    fighters are targeted," X said*) or beyond a speech verb (*X told researchers*) is not the speaker's.

    Examples
    --------
    >>> _own_words(['"Fighters', 'left,"', 'said'], ['a', 'researcher,', 'told', 'officials'])
    ([], ['a', 'researcher,'])
    """
    def stops(token: str) -> bool:
        return '"' in token or token.strip(".,;:!?()[]'").lower() in _SPEECH_TOKENS

    k = max((i for i, token in enumerate(before) if stops(token)), default=-1)
    j = next((i for i, token in enumerate(after) if stops(token)), len(after))
    return before[k + 1:], after[:j]


def _type_speaker(name: str, paragraphs_text: list[str], spoken: list[str], mentions: _Mentions | None = None) -> str:
    """Closest speaker-type pattern to a mention of the speaker in the article, else in their own words.

    ``mentions`` (of the article, for all its speakers) saves finding them again for each speaker.
    """
    patterns = load_speaker_types()
    if mentions is None or name not in mentions.needles:
        mentions = _Mentions(paragraphs_text, [name])
    found = [best for needle in mentions.needles[name] if (best := mentions.closest(needle, patterns))]
    if found:
        return min(found)[2]  # the closest, then the first type in priority order
    own = " ".join(spoken)
    return next((kind for kind, pattern in patterns if _first_person_match(pattern, own)), "other")


_FIRST_PERSON_WORDS = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|[Uu]s)\b")


def _first_person_match(pattern: re.Pattern, words: str) -> bool:
    """A role pattern in a speaker's own words counts only with a first person in the same clause
    (*my unit*, *I went to Syria*, *as an aid worker I stay*): talking about fighters does not make one.

    Examples
    --------
    >>> p = re.compile(r"\\bfighters?\\b|\\bmy unit\\b", re.I)
    >>> _first_person_match(p, "Foreign fighters are targeted."), _first_person_match(p, "Then my unit moved.")
    (False, True)
    """
    for match in pattern.finditer(words):
        before = re.split(r"[.?!;,]", words[max(0, match.start() - 60):match.start()])[-1]
        after = re.split(r"[.?!;,]", words[match.end():match.end() + 60])[0]
        if _FIRST_PERSON_WORDS.search(before + match.group() + after):
            return True
    return False


def _resolve(np: str | None, last: str | None) -> str | None:
    if np is None:
        return None
    if np.lower() == "it":  # 'it added': the body or statement that spoke last
        return last
    return last if _PRONOUN.match(np) else np


def _sentence_index(paragraph_idx, starts, sent_idx) -> dict:
    """The sentence starts of each paragraph, for :func:`_sentence_of` (columns of :func:`fsf.text.sentences`)."""
    index: dict = {}
    for para, start, idx in zip(paragraph_idx, starts, sent_idx):
        index.setdefault(para, ([], []))
        index[para][0].append(start)
        index[para][1].append(idx)
    return {para: (firsts, idxs, all(a <= b for a, b in zip(firsts, firsts[1:])))
            for para, (firsts, idxs) in index.items()}


def _sentence_of(index: dict, paragraph_idx: int, position: int) -> int:
    """sent_idx of the sentence of a paragraph that holds a character position (the last one listed that
    starts at or before it; -1 if none does), by bisection of :func:`_sentence_index`.

    Examples
    --------
    >>> index = _sentence_index([0, 1, 1, 1], [0, 0, 10, 25], [0, 1, 2, 3])
    >>> [_sentence_of(index, 1, pos) for pos in (-1, 0, 9, 10, 24, 25, 999)], _sentence_of(index, 2, 0)
    ([-1, 1, 1, 2, 2, 3, 3], -1)
    """
    firsts, idxs, ordered = index.get(paragraph_idx, ((), (), True))
    if ordered:
        k = bisect.bisect_right(firsts, position)
        return idxs[k - 1] if k else -1
    candidates = [idx for start, idx in zip(firsts, idxs) if start <= position]  # starts not in order
    return candidates[-1] if candidates else -1


def _events(text: str, raw: str):
    """Reported-speech sentences and quoted segments of a paragraph, in reading order."""
    segments, _ = find_segments(text, raw)
    events = [(seg.start, "segment", seg) for seg in segments]
    quoted = sorted((seg.start - 1, seg.end + 1) for seg in segments)  # spans with their marks
    lefts = [a for a, _ in quoted]
    reach = list(itertools.accumulate((b for _, b in quoted), max))  # furthest end of the first k spans
    for match in re.finditer(r"[^.?!]+[.?!]*", text):
        k = bisect.bisect_left(lefts, match.end())  # the spans that begin before the match ends ...
        if not (k and reach[k - 1] > match.start()):  # ... none of which ends after it begins
            events.append((match.start(), "reported", match.group()))
    return sorted(events, key=lambda e: e[0]), segments


def extract_quotes(paragraphs: pd.DataFrame, sentences: pd.DataFrame) -> list[dict]:
    """Quoted segments of ONE article with their utterance, speaker and cue (see the module docstring).

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        The article's rows of :func:`fsf.corpus.paragraphs` (paragraph_idx, text, raw), in order.
    sentences : pandas.DataFrame
        The article's rows of :func:`fsf.text.sentences` (sent_idx, paragraph_idx, start).

    Returns
    -------
    list of dict
        One per segment: paragraph_idx, sent_idx, start, end, quote, closed, utterance, speaker, cue.
    """
    starts = _sentence_index(sentences["paragraph_idx"], sentences["start"], sentences["sent_idx"])
    rows: list[dict] = []
    last_speaker = None
    last_person = None  # the last speaker who is a person, for 'he' and 'she' (not a body such as a ministry)
    last_name = None  # the last personal name of the paragraphs before, for a 'he' before any speaker
    utterance = 0
    first_row = 0  # the first row of the current utterance
    relabel = None  # (end, speaker): rows[first_row:end] take this speaker when the utterance is over
    for para_idx, text, raw in zip(paragraphs["paragraph_idx"], paragraphs["text"], paragraphs["raw"]):
        events, segments = _events(text, raw)
        quote_only = segments and not re.sub(r'["\s.,]', "", "".join(
            text[a:b] for a, b in zip([0] + [s.end for s in segments], [s.start for s in segments] + [len(text)])))
        previous = None
        for _, kind, item in events:
            if kind == "reported":
                last_speaker = _reported_speaker(item) or last_speaker
                last_person = last_speaker if last_speaker and not _is_body(last_speaker) else last_person
                continue
            seg = item
            cue = _cue_after(_after(text, seg.end + 1)) if seg.closed else None
            if cue is None:
                cue = _cue_before(text[(previous.end + 1) if previous else 0:seg.start - 1])
            continues = _continues(rows, para_idx, seg, previous, text, quote_only)
            if not continues:
                if relabel:
                    for row in rows[first_row:relabel[0]]:
                        row["speaker"] = relabel[1]
                utterance, first_row, relabel = utterance + 1, len(rows), None
            speaker = _resolve(cue[0], last_speaker if not _is_body(last_speaker) or not _PRONOUN.match(cue[0])
                               else last_person) if cue else None
            if speaker is None and cue and _PRONOUN.match(cue[0]):
                speaker = _last_person_name(text[:seg.start]) or last_name
            if speaker is None and rows and continues:
                speaker = rows[-1]["speaker"]
            if speaker is None:
                speaker = last_speaker or "unknown"
            if continues and rows and rows[-1]["speaker"] in (None, "unknown"):
                relabel = (len(rows), speaker)  # all rows of the utterance so far (a later relabel covers more)
            rows.append({"paragraph_idx": para_idx, "sent_idx": _sentence_of(starts, para_idx, seg.start - 1),
                         "start": seg.start, "end": seg.end, "quote": text[seg.start:seg.end], "closed": seg.closed,
                         "utterance": utterance, "speaker": speaker, "cue": cue[1] if cue else "context"})
            if speaker != "unknown":
                last_speaker = speaker
                last_person = speaker if not _is_body(speaker) else last_person
            previous = seg
        last_name = _last_person_name(text) or last_name
    if relabel:
        for row in rows[first_row:relabel[0]]:
            row["speaker"] = relabel[1]
    return rows


_PERSON_NAME = re.compile(r"\b[A-Z][a-z'\u2019-]+(?:\s+(?:(?:al|el|bin|ibn|de|van|von)[- ])?[A-Z][a-z'\u2019-]+){1,3}\b|"
                          r"\b[A-Z]\.\s?[A-Z]\.(?=\s)")
_NOT_NAME_START = frozenset("The A An In On At As But And When Then If After Before During Since While Last This That".split())


def _is_body(speaker: str | None) -> bool:
    """A speaker that is an organisation or a document, not a person (*he* cannot be it)."""
    speaker = re.split(r"\s+(?:of|for|at|from|with|in)\s+", speaker)[0] if speaker else speaker  # 'Jane Doe of the Council'
    return bool(speaker) and bool(_ORGANISATION.search(speaker) or re.search(
        r"\b(?:statement|report|ministry|non-profit|group|organi[sz]ation|administration|office|authority|forces|the [A-Z]{2,6})\b",
        speaker, re.I))


def _last_person_name(text: str) -> str | None:
    """The last name of two to four capitalised words in a text that is not an organisation, if any
    (who *he* is when the article quotes him before naming any speaker); a name after a preposition
    or a verb of movement (*in*, *from*, *left*, *reached* ...) is a place.

    Examples
    --------
    >>> _last_person_name("Jane Doe, 26, left Example City to join the group in the Example State.")
    'Jane Doe'
    """
    names = [m.group() for m in _PERSON_NAME.finditer(text)
             if not _ORGANISATION.search(m.group()) and m.group().split()[0] not in _NOT_NAME_START
             and not _PLACE_BEFORE.search(text[max(0, m.start() - 12):m.start()])]
    return names[-1] if names else None


_PLACE_BEFORE = re.compile(r"\b(?:in|to|from|at|near|of|into|across|toward|towards|via|left|reached|entered|visited|crossed)\s+$", re.I)


def _continues(rows: list[dict], para_idx: int, seg: Segment, previous: Segment | None, text: str,
               quote_only: bool) -> bool:
    """Does this segment continue the utterance of the one before? (codebook rules 1-3)"""
    if not rows:
        return False
    if previous is not None:  # rule 1: same paragraph, only an attribution sentence in between
        between = text[previous.end + 1:seg.start - 1].strip()
        one_sentence = len(re.findall(r"[.?!](?:\s|$)", between)) <= 1
        if (previous.closed and len(between.split()) <= 6 and not re.search(r"[.?!]", between)
                and re.search(r"\b(?:and|or|but|nor)\b", between)):
            return True  # partial quotes of one sentence: 'a "mistake" and that he is "sorry"'
        return bool(_VERB_RE.search(between)) and one_sentence and len(between.split()) <= 30 and previous.closed
    last = rows[-1]
    if last["paragraph_idx"] != para_idx - 1:
        return False
    opens_paragraph = not text[:seg.start - 1].strip()
    if not last["closed"]:  # rule 2: run-on paragraphs
        return opens_paragraph
    return quote_only and opens_paragraph and seg.closed and not _cue_after(_after(text, seg.end + 1))


def _display_name(speaker: str) -> str:
    people = [m for m in find_aliases(speaker) if m.kind == "person"]
    return people[0].canonical if people else speaker


@skippable
def quotes(paragraphs: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every direct quotation, with its speaker and speaker type, article by article.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        The paragraphs (:func:`fsf.corpus.paragraphs`: doc_id, paragraph_idx, text, raw), or a
        corpus table from :func:`fsf.corpus.load_corpus`, whose paragraphs and sentences are
        then computed here.
    sentences : pandas.DataFrame, optional
        The sentences of the same articles (:func:`fsf.text.sentences`).

    Returns
    -------
    pandas.DataFrame
        :data:`QUOTE_COLUMNS`, one row per quoted segment; empty (with these
        columns) for a corpus without quotes. ``speaker`` is the canonical
        name when the alias table knows the person, else the role as the
        article gives it; ``unknown`` if no speaker was found. ``utterance``
        numbers utterances within an article; ``closed`` is False for a quote
        whose closing mark never came (it ends at its paragraph).

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> table = quotes(load_corpus())
    >>> table.groupby("doc_id").size().to_dict()
    {'000': 9, '002': 21, '003': 10, '004': 9}
    """
    if "raw_text" in paragraphs:  # a corpus table
        from fsf.corpus.load import paragraphs as corpus_paragraphs
        from fsf.text.segment import sentences as corpus_sentences

        paragraphs, sentences = corpus_paragraphs(paragraphs), corpus_sentences(paragraphs)
    frames = []
    by_doc = dict(tuple(sentences.groupby("doc_id", sort=False)))
    for doc_id, doc_paras in paragraphs.groupby("doc_id", sort=False):
        table = article_quotes(doc_paras, by_doc.get(doc_id, sentences.iloc[:0]))
        if len(table):
            frames.append(table.assign(doc_id=doc_id)[QUOTE_COLUMNS])
    if not frames:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[QUOTE_COLUMNS]


_TITLES = frozenset(
    "minister spokesman spokeswoman spokesperson colonel general president secretary director ambassador envoy "
    "commander chief officer sergeant captain major lieutenant professor dr mr mrs ms sheikh senator governor judge "
    "prosecutor emir leader head prime attorney attorney-general".split())
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'\u2019.-]*|(?:al|el|bin|ibn|de|van|von)(?:-[A-Z][\w'-]*)?)$")
_ROLE_HEADS = frozenset(
    "official source commander spokesman spokeswoman spokesperson minister envoy diplomat ambassador analyst researcher "
    "expert activist fighter defector recruit militant jihadist worker doctor lawyer journalist reporter officer "
    "organizer organiser coordinator".split())
_PERSON_HEADS = frozenset("man woman boy girl teenager youth".split())
_ORG_HEADS = frozenset("embassy ministry office agency police army government department commission council "
                       "observatory monitor".split())
_DEFINITE = re.compile(r"^(?:the|this|that)\s+(?:(?:young|older|elderly|former|same)\s+)?(?P<head>\d+-year-old|[a-z][\w-]*)$", re.I)
_SURNAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?(?P<last>[A-Z][\w'\u2019-]+)$")


_FUNCTION_WORDS = frozenset("a an the and or of for in at with to from by on".split())
_ORGANISATION = re.compile(
    r"\b(?:State|Front|Army|Party|Forces|Force|Council|Office|Ministry|Group|Brigades?|Movement|Union|Nations|"
    r"Observatory|Committee|Commission|Coalition|Government|Authority|Administration|Department|Agency|Embassy|"
    r"Police|Times|Post|News|Press|Guardian|Monitor|University|Institute|Centre|Center|Forum)\b")


def _person_name(speaker: str) -> str:
    """A name after a title or a description (*France's Interior Minister Jane Doe*, *justice minister
    Jane Doe*, *Example terrorism expert Jane Doe* -> *Jane Doe*); else the speaker as given.

    Examples
    --------
    >>> _person_name("justice minister Jane Doe"), _person_name("A spokeswoman for the Foreign Office")
    ('Jane Doe', 'A spokeswoman for the Foreign Office')
    """
    words = speaker.split()
    k = len(words)
    while k > 0 and _NAME_WORD.match(words[k - 1]) and words[k - 1].lower().strip(".") not in _TITLES:
        k -= 1
    name = " ".join(words[k:])
    if len(words) - k >= 2 and k > 0 and not _ORGANISATION.search(name) and (
            words[k - 1].lower().strip(".,") in _TITLES
            or (words[k - 1][:1].islower() and words[k - 1].lower() not in _FUNCTION_WORDS)):
        return name
    return speaker


def _full_name(speaker: str, article: str) -> str:
    """A surname alone (*Omer*, *Mr Doe*) becomes the full name the article gives first (*Jane Omer*)."""
    match = _SURNAME.match(speaker)
    if not match or any(m.kind == "person" for m in find_aliases(speaker)):
        return speaker
    last = re.escape(match.group("last"))
    for found in re.finditer(r"((?:(?:[A-Z][\w'\u2019-]+|al|el|bin|ibn|de|van|von)[ -]){1,3})" + last + r"\b", article):
        words = found.group(1).split()
        titles = [i for i, w in enumerate(words) if w.lower().strip(".") in _TITLES]
        words = words[titles[-1] + 1:] if titles else words  # the words after the last title
        words = words[next((i for i, w in enumerate(words) if w[0].isupper()), len(words)):]
        if words and words[0] not in ("The", "A", "An", "But", "And", "As", "In", "On", "At", "When", "Then", "If"):
            return " ".join(words) + " " + match.group("last")
    return speaker


def _acronym(speaker: str) -> str:
    """*The Example Authority (EA)* as the article names it afterwards: *the EA*."""
    match = re.fullmatch(r"(?:the\s+)?[A-Z][\w' -]+\(([A-Z]{2,6})\)", speaker.strip(), re.I)
    return f"the {match.group(1)}" if match else speaker


def _definite_speaker(speaker: str, earlier: list[str], article_before: str) -> str:
    """*the official* / *the source* / *the young man* as the speaker the article introduced before.

    A role noun (*official, source, commander, spokesman, activist, ...*) takes the latest earlier
    speaker with that noun, else the latest *a / an / one ... <noun>* of the text before the quote
    when it says more than the noun (*A Turkish official*); a body (*the embassy, the ministry*)
    the latest *the <Capitalised words> <noun>* (*The US embassy in Kosovo*); *the man / woman /
    N-year-old* takes the latest earlier speaker.
    """
    match = _DEFINITE.match(speaker.strip())
    if not match:
        return speaker
    head = match.group("head").lower()
    known = [name for name in earlier if name not in ("unknown", speaker)]
    if head in _PERSON_HEADS or head.endswith("-year-old"):
        return known[-1] if known else speaker
    if head not in _ROLE_HEADS and head not in _ORG_HEADS:
        return speaker
    same = [name for name in known if head in re.findall(r"[\w-]+", name.lower())]
    if same:
        return same[-1]
    tail = r"\b(?:\s+(?:for|of|at|from|with|in)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+(?:and\s+)?[A-Z][\w'-]*)*)?"
    if head in _ORG_HEADS:  # 'the embassy': 'The US embassy in Kosovo'
        pattern = r"\b(?:[Tt]he|[Aa]n?)\s+(?:[A-Z][\w'.-]*\s+){1,4}" + head + tail
    else:
        pattern = r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w'-]+\s+){1,4}?" + head + tail
    found = list(re.finditer(pattern, article_before))
    return found[-1].group() if found else speaker


def _loose(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text).split()).casefold()


def _refine_speakers(rows: list[dict], texts: list[str]) -> list[dict]:
    """Speakers as the article names them: a name without its title, a surname as the full name, a
    definite role (*the official*) as the speaker it refers back to, and a quote shown twice (a
    pull-quote standfirst) with the speaker of its other showing."""
    article = " ".join(texts)
    para_start, offset = {}, 0
    for i, text in enumerate(texts):
        para_start[i] = offset
        offset += len(text) + 1
    earlier: list[str] = []
    resolved: dict[str, str] = {}
    for row in rows:
        name = row["speaker"]
        if name not in resolved or _DEFINITE.match(name.strip()):
            plain = _acronym(_full_name(_person_name(name), article))
            position = para_start.get(row["paragraph_idx"], 0) + row["start"]
            resolved[name] = _definite_speaker(plain, earlier, article[:position])
        row["speaker"] = resolved[name]
        earlier.append(row["speaker"])
    for row in rows:
        if row["speaker"] == "unknown":
            words = _loose(row["quote"])
            other = next((r["speaker"] for r in rows if r is not row and r["speaker"] != "unknown"
                          and len(words) > 20 and (words in _loose(r["quote"]) or _loose(r["quote"]) in words)), None)
            if other:
                row["speaker"] = other
    return rows


def _foreign_fighter_speakers(names, texts: list[str]) -> set[str]:
    """The speakers the mention rules (:mod:`fsf.stance.targets`) find to be foreign fighters: a person
    the article introduces as one (*US citizen Jane Doe*), or a description that is a mention (*a
    former recruit*, *the Chechen commander*) with a fighter word (*a German national* may be a
    relative). Only the head of a description counts (*a lawyer for a British jihadist* is a lawyer)."""
    from fsf.stance.targets import _article_names, find_mentions

    if all(name == "unknown" for name in names):
        return set()  # nobody to look for (the rules below would not be used)
    certain = [find_mentions(t, contextual=False) for t in texts]
    people = _article_names(texts, certain)
    anchored = any(certain) or people is not None
    out = set()
    for name in names:
        if name == "unknown":
            continue
        head = speaker_key(name) if not (people and people.fullmatch(name)) else name
        if any(kind == "named" or _FIGHTER_WORD.search(text)
               for _, _, text, kind in find_mentions(head, contextual=anchored, names=people)):
            out.add(name)
    return out


_FIGHTER_WORD = re.compile(r"fighter|jihad|militant|recruit|defector|deserter|returnee|extremist|combatant|mujahid|muhajir|"
                           r"member|commander|emir", re.I)


def article_quote_rows(paragraph_idx: list, texts: list[str], raws: list[str], sent_idx: list,
                       sent_paragraph_idx: list, sent_starts: list) -> list[dict]:
    """The quotations of ONE article as rows, from plain lists of its paragraphs and sentences.

    What :func:`article_quotes` gives, without building a frame: the per-article step
    (:func:`fsf.pipeline.article_rows`) calls it once per article.

    Parameters
    ----------
    paragraph_idx, texts, raws : list
        The article's paragraphs in order (:func:`fsf.corpus.paragraphs`: paragraph_idx, text, raw).
    sent_idx, sent_paragraph_idx, sent_starts : list
        Its sentences (:func:`fsf.text.sentences`: sent_idx, paragraph_idx, start).

    Returns
    -------
    list of dict
        One per quoted segment: paragraph_idx, sent_idx, start, end, quote, closed, utterance, speaker,
        cue, speaker_type (the columns of :data:`QUOTE_COLUMNS` but ``doc_id``); empty when the article
        quotes nobody.

    Examples
    --------
    >>> rows = article_quote_rows([0], ['"We left," said Jane Roe.'], ['"We left," said Jane Roe.'], [0], [0], [0])
    >>> [(r["quote"], r["speaker"], r["cue"]) for r in rows]
    [('We left,', 'Jane Roe', 'said Jane Roe')]
    """
    texts = list(texts)
    rows = extract_quotes({"paragraph_idx": paragraph_idx, "text": texts, "raw": raws},
                          {"sent_idx": sent_idx, "paragraph_idx": sent_paragraph_idx, "start": sent_starts})
    if not rows:
        return []
    rows = _refine_speakers(rows, texts)
    display: dict[str, str] = {}
    spoken: dict[str, list[str]] = {}  # speaker -> quotes, speakers in order of appearance
    for row in rows:
        name = row["speaker"]
        if name not in display:
            display[name] = _display_name(name)
        row["speaker"] = display[name]
        spoken.setdefault(row["speaker"], []).append(row["quote"])
    names = list(spoken)
    mentions = _Mentions(texts, names)  # once per article, for all speakers
    fighters = _foreign_fighter_speakers(names, texts)
    types = {name: "former or current fighter" if name in fighters else _type_speaker(name, texts, spoken[name], mentions)
             for name in names}
    for row in rows:
        row["speaker_type"] = types[row["speaker"]] if row["speaker"] != "unknown" else "other"
    return rows


@skippable
def article_quotes(paragraphs: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The quotations of ONE article (its paragraphs and sentences), with speakers and speaker types.

    Returns
    -------
    pandas.DataFrame
        :data:`QUOTE_COLUMNS` without ``doc_id``; empty when the article quotes nobody
        (the rows of :func:`article_quote_rows`).
    """
    rows = article_quote_rows(paragraphs["paragraph_idx"].tolist(), paragraphs["text"].tolist(),
                              paragraphs["raw"].tolist(), sentences["sent_idx"].tolist(),
                              sentences["paragraph_idx"].tolist(), sentences["start"].tolist())
    if not rows:
        return pd.DataFrame(columns=[c for c in QUOTE_COLUMNS if c != "doc_id"])
    return pd.DataFrame(rows)


@skippable
def quotes_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """``quotes.csv`` of a corpus table (a :class:`fsf.Study` computes it once as ``study.quotes``)."""
    return quotes(corpus)


# --------------------------------------------------------------------------
# Validation against hand codes
# --------------------------------------------------------------------------


@skippable
def match_quotes(auto: pd.DataFrame, codes: pd.DataFrame, *, min_overlap: float = 0.5) -> pd.DataFrame:
    """Pair automated and hand-coded quote segments of the same paragraph that overlap.

    Two segments match when the overlap of their character spans is at least
    ``min_overlap`` of their union. Returns an outer join: one row per pair,
    per unmatched automated segment (``found = 'false alarm'``) and per
    unmatched hand segment (``found = 'missed'``); matched rows have
    ``found = 'matched'``, both speakers and types, and whether they agree.
    """
    pairs, used = [], set()
    for h in codes.itertuples():
        same = auto[(auto["doc_id"] == h.doc_id) & (auto["paragraph_idx"] == h.paragraph_idx)]
        best = None
        for a in same.itertuples():
            union = max(a.end, h.end) - min(a.start, h.start)
            overlap = max(0, min(a.end, h.end) - max(a.start, h.start)) / union if union else 0
            if overlap >= min_overlap and a.Index not in used and (best is None or overlap > best[1]):
                best = (a, overlap)
        if best is None:
            pairs.append((h.doc_id, h.paragraph_idx, "missed", h.quote, None, h.speaker, None, h.speaker_type, None,
                          np.nan, h.utterance_id, None))
            continue
        a, overlap = best
        used.add(a.Index)
        pairs.append((h.doc_id, h.paragraph_idx, "matched", h.quote, a.quote, h.speaker, a.speaker,
                      h.speaker_type, a.speaker_type, round(overlap, 3), h.utterance_id, a.utterance))
    for a in auto.itertuples():
        if a.Index not in used:
            pairs.append((a.doc_id, a.paragraph_idx, "false alarm", None, a.quote, None, a.speaker, None,
                          a.speaker_type, np.nan, None, a.utterance))
    out = pd.DataFrame(pairs, columns=["doc_id", "paragraph_idx", "found", "quote_hand", "quote_auto", "speaker_hand",
                                       "speaker_auto", "type_hand", "type_auto", "overlap", "utterance_hand",
                                       "utterance_auto"])
    matched = out["found"] == "matched"
    out["same_speaker"] = matched & (out["speaker_hand"].map(lambda s: speaker_key(s) if isinstance(s, str) else s)
                                     == out["speaker_auto"].map(lambda s: speaker_key(s) if isinstance(s, str) else s))
    out["same_type"] = matched & (out["type_hand"] == out["type_auto"])
    return out.sort_values(["doc_id", "paragraph_idx"], kind="stable").reset_index(drop=True)



@skippable
def quote_agreement(matched: pd.DataFrame) -> pd.DataFrame:
    """Extraction precision and recall, and attribution accuracy, from :func:`match_quotes`.

    Examples
    --------
    >>> m = pd.DataFrame({"found": ["matched", "matched", "missed", "false alarm"], "overlap": [1.0, 0.8, None, None],
    ...                   "same_speaker": [True, False, False, False], "same_type": [True, True, False, False]})
    >>> quote_agreement(m).set_index("measure")["value"].to_dict()
    {'extraction precision': 0.667, 'extraction recall': 0.667, 'exact boundaries (share of matched)': 0.5, 'speaker accuracy (matched)': 0.5, 'speaker type accuracy (matched)': 1.0}
    """
    found = matched["found"]
    n_match, n_auto, n_hand = (found == "matched").sum(), (found != "missed").sum(), (found != "false alarm").sum()
    pairs = matched[found == "matched"]
    rows = [
        ("extraction precision", n_match / n_auto if n_auto else np.nan, f"{n_match} of {n_auto} extracted"),
        ("extraction recall", n_match / n_hand if n_hand else np.nan, f"{n_match} of {n_hand} hand-coded"),
        ("exact boundaries (share of matched)", (pairs["overlap"] == 1).mean() if n_match else np.nan,
         f"{int((pairs['overlap'] == 1).sum())} of {n_match}"),
        ("speaker accuracy (matched)", pairs["same_speaker"].mean() if n_match else np.nan,
         f"{int(pairs['same_speaker'].sum())} of {n_match}"),
        ("speaker type accuracy (matched)", pairs["same_type"].mean() if n_match else np.nan,
         f"{int(pairs['same_type'].sum())} of {n_match}"),
    ]
    if {"utterance_hand", "utterance_auto"} <= set(pairs.columns) and n_match > 1:
        same = []
        for _, doc in pairs.groupby("doc_id", sort=False):
            hand_same = doc["utterance_hand"].eq(doc["utterance_hand"].shift()).iloc[1:]
            auto_same = doc["utterance_auto"].eq(doc["utterance_auto"].shift()).iloc[1:]
            same.extend(hand_same.to_numpy() == auto_same.to_numpy())
        rows.append(("utterance grouping (consecutive segments)", float(np.mean(same)) if same else np.nan,
                     f"{int(np.sum(same))} of {len(same)} decisions"))
    out = pd.DataFrame(rows, columns=["measure", "value", "count"])
    out["value"] = out["value"].astype(float).round(3)
    return out
