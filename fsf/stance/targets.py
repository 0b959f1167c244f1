"""Find the mentions of foreign fighters in each sentence, with character spans.

The target of the sentiment analysis is *foreign fighters*, so the first
step is to find where a sentence talks about them. Four kinds of mention
(the ``ref_type`` of the codebook), from the most to the least certain:

``explicit``
    a phrase that says it: *foreign fighters*, *foreign IS fighters*,
    *foreign combatants*, *foreigners fighting*, *muhajirin*, *these
    outsiders*, *jihadists from abroad*, *non-Syrian fighters*;
``named``
    a named individual foreign fighter: a name whose nisba names a foreign
    origin (*Abu Example al-Tunisi*, with a real name given right after it:
    *his real name is believed to be John Roe*), and anyone the article introduces as a foreign fighter
    (*US citizen Jane Roe*, *Jane Roe from London ... surrendered*, *John
    Roe, 26, left Melbourne to join IS*), with the last word of the name
    (*Roe*) wherever the article names the person again;
``contextual``
    an origin with a fighter noun, which counts on its own (*British
    jihadists*, *a French fighter*, *Chechen militants*, *Britons who
    deserted ISIS*, *About 230 Australians joined IS*); and general words
    (*fighters*, *militants*, *defectors*, *the Europeans*, *one Brit*,
    *French citizens*) that count only in an article with a mention that
    counts on its own, unless a local modifier precedes them or a local
    attachment follows (*Syrian Kurdish fighters*, *a fighter for the SDF*);
``pronoun``
    *they / them / their / these people / those who / the men / many of
    these* in a sentence that follows, within ``carry`` sentences, a sentence
    with a mention (a recency rule, not coreference resolution); *he / she /
    the man* after a foreign fighter in the singular, with no other person
    named by role in between; and the first person (*I, we, my*) in the
    quotes of a speaker who is a foreign fighter (*"I was afraid," said the
    former recruit*; in a transcript, after a speaker label).

The patterns are data (``fsf/data/ff_mentions.csv``, one documented row
each, with its measured precision), not code. Sentence-level precision of
the rules in code, on the first coder's seed codes and on hand codes of 40
new articles (most of them read while the rules were written, so these
are partly in-sample; ``docs/new-articles.md`` gives the held-out
figures): plural pronouns 37/40 and 45/49; singular pronouns 3/3 and
26/26; the first person of a foreign fighter 8/8 and 23/23; introduced
names 36/36 on the new articles. Every kind is validated against the hand coding in
``30-sentiment-toward-foreign-fighters``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from fsf import config
from fsf.errors import CorpusError, skippable

__all__ = ["KINDS", "MENTION_COLUMNS", "article_mention_rows", "find_mentions", "load_patterns", "mention_kwic",
           "mentions", "mentions_frame", "mentions_table"]

KINDS = ("explicit", "named", "contextual", "pronoun")
"""Mention kinds, from the most to the least certain."""

MENTION_COLUMNS = ["doc_id", "sent_idx", "start", "end", "text", "kind"]
"""Columns of :func:`mentions` (and of ``mentions.csv``); start/end index the sentence text."""

_PRONOUN = re.compile(
    r"\b(?:they|them|their|theirs|themselves|these people|those who|those same|these men|those men|the men|"
    r"the young men|the three|the trio|(?:dozens|hundreds|thousands|scores) more|"
    r"(?:one|some|many|most|all|none|each|several) of these)\b|"
    r"^[\"'\s]*(?:others|many|some|most|several|few|the vast majority)(?:\s+of\s+the\s+[a-z]+)?\b(?=\s*(?:,|have|had|are|were|"
    r"remain|remained|say|said|want|wanted|left|fled|went|returned|stayed|stay|died|live|lived|work|worked|fought|joined|"
    r"may|might|will|would|could|can|cannot|can't|don't|do|did)\b)", re.I)
_THEY_FIRST = re.compile(r"^[\"'\s]*they\b", re.I)
_SINGULAR = re.compile(r"\b(?:he|him|his|himself|she|her|herself|the (?:young )?(?:man|woman|teenager|teen|youth|boy|girl))\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Uu]s|[Oo]ur|[Oo]urs|[Oo]urselves)\b")
_OTHER_PERSON = re.compile(
    r"\b(?:official|spokes(?:man|woman|person)|activist|analyst|researcher|commander|minister|envoy|ambassador|"
    r"journalist|reporter|correspondent|lawyer|source|president|leader|chief|director|officer|expert|professor|"
    r"fellow|judge|prosecutor|employee|coordinator|worker)\b", re.I)
_SPEECH = re.compile(r"\b(?:said|says|say|added|adds|told|tells|explained|recalled|claimed|claims|insisted|asked|"
                     r"warned|continued|wrote|according to)\b", re.I)
_HE_SHE = re.compile(r"\b(?:he|she)\b", re.I)
_NAME_LIKE = re.compile(r"[A-Z][\w'\u2019-]*\s+(?:(?:al|el|bin|ibn|de|van|von)[- ])?[A-Z]|[A-Z]\.\s?[A-Z]\.|\b(?:[Aa]bu|[Aa]bou|[Uu]mm|[Aa]bd)\b")
_JIHADIST_GROUP = re.compile(r"\b(?:ISIS|ISIL|IS|Islamic State|Daesh|al-Qaeda|al Qaeda|Nusra|Jabhat|jihadis?t?s?)\b")
_INTRO_CONTEXT = re.compile(
    r"\b(?:surrender\w*|defect\w*|desert\w*|fled|flee\w*|escap\w*|join\w*|fought|fight\w*|travel+ed|went|left|"
    r"return\w*|detained|arrested|captured|caught|crossed|smuggled|went|held|ranks)\b", re.I)
_PLURAL_WORDS = frozenset("mujahideen mujahidin mujahedeen mujahedin muhajirin muhajireen people".split())
_KINDS_IN_CSV = {"explicit", "named", "contextual", "introduces", "exclude"}
_SCOPES = {"explicit": {"anywhere"}, "named": {"anywhere"}, "introduces": {"anywhere"},
           "contextual": {"anywhere", "in context"}, "exclude": {"before", "after"}}
_DEFAULT_SCOPE = {"contextual": "in context", "exclude": "before"}


@functools.lru_cache(maxsize=4)
def load_patterns(path: str | None = None) -> dict:
    """Compile the mention patterns of ``fsf/data/ff_mentions.csv``.

    Parameters
    ----------
    path : str, optional
        A CSV with columns ``kind`` (explicit, named, contextual, introduces, exclude),
        ``scope`` (see below; optional), ``pattern`` (a case-insensitive regular expression)
        and ``note``; default ``fsf/data/ff_mentions.csv``.

    Returns
    -------
    dict
        ``explicit``, ``named``: one pattern each; ``origin``: the contextual rows whose scope
        is *anywhere* (they count without any other mention in the article, like explicit
        ones); ``contextual``: the rows whose scope is *in context* (they count only in an
        article with a mention that counts anywhere); ``exclude`` and ``exclude_after``: local
        words right before (scope *before*) or right after (*after*) a contextual match that
        cancel it; ``introduces``: a tuple of patterns, one per row, each with a group
        ``name``: a person these words present as a foreign fighter, whose name and last word
        then count as ``named`` mentions anywhere in the article (a second group ``alias``, when
    it matches, is the same person's other name). A CSV without a ``scope``
        column gets the defaults (contextual rows *in context*, exclude rows *before*).

    Examples
    --------
    >>> patterns = load_patterns()
    >>> bool(patterns["explicit"].search("Some foreign fighters fled.")), bool(patterns["origin"].search("British jihadists"))
    (True, True)
    """
    name = Path(path or "ff_mentions.csv").name
    table = pd.read_csv(path or config.DATA_DIR / "ff_mentions.csv", dtype=str, keep_default_na=False)
    if "scope" not in table:
        table["scope"] = ""
    table["scope"] = [scope.strip() or _DEFAULT_SCOPE.get(kind, "anywhere") for kind, scope in zip(table["kind"], table["scope"])]
    bad_scope = [scope not in _SCOPES.get(kind, set()) for kind, scope in zip(table["kind"], table["scope"])]
    if set(table["kind"]) - _KINDS_IN_CSV or (table["note"].str.strip() == "").any() or any(bad_scope):
        raise CorpusError(f"{name}: every row needs a kind ({', '.join(sorted(_KINDS_IN_CSV))}), a note, and a scope "
                          "that fits its kind (anywhere or in context; before or after for exclude).")
    compiled: dict = {}
    for (kind, scope), rows in table.groupby(["kind", "scope"], sort=False):
        body = "|".join(f"(?:{p})" for p in rows["pattern"])
        if kind == "introduces":
            compiled[kind] = tuple(re.compile(p, re.I) for p in rows["pattern"])
            if not all("name" in p.groupindex for p in compiled[kind]):
                raise CorpusError(f"{name}: every 'introduces' pattern needs a group (?P<name>...) for the person's name.")
        elif kind == "exclude":
            compiled["exclude" if scope == "before" else "exclude_after"] = re.compile(f"(?:{body})", re.I)
        else:
            key = "origin" if kind == "contextual" and scope == "anywhere" else kind
            compiled[key] = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)
    return compiled


_ORDER = (("explicit", "explicit"), ("named", "named"), ("names", "named"), ("origin", "contextual"),
          ("contextual", "contextual"))


@functools.lru_cache(maxsize=1)
def _lowercase_patterns() -> dict:
    """The default patterns that can run case-sensitively on lowercased text (same matches, several times faster).

    A pattern qualifies when it has no capital letter at all (so no ``(?-i:...)`` part, no ``[A-Z]``
    and no ``\\S``-style escape): on ``sentence.lower()`` (when lowercasing keeps the length, so
    positions hold) it matches exactly what it matches case-insensitively on the sentence.
    """
    out = {}
    for key, pattern in load_patterns().items():
        if isinstance(pattern, re.Pattern) and "(?-i" not in pattern.pattern and not re.search("[A-Z]", pattern.pattern):
            out[key] = re.compile(pattern.pattern)
    return out


def _lowered(sentence: str) -> str | None:
    """``sentence.lower()``, or None when lowercasing changes the length (positions would not hold)."""
    low = sentence.lower()
    return low if len(low) == len(sentence) else None


def _finditer(key: str, sentence: str, low: str | None, patterns: dict):
    """Matches of ``patterns[key]`` in ``sentence``: on the lowercased text where it can (see :func:`_lowercase_patterns`)."""
    fast = _lowercase_patterns().get(key) if low is not None and patterns is load_patterns() else None
    return fast.finditer(low) if fast is not None else patterns[key].finditer(sentence)


def find_mentions(sentence: str, *, contextual: bool = True, names: re.Pattern | None = None) -> list[tuple[int, int, str, str]]:
    """Explicit, named and contextual mentions in one sentence, without overlaps.

    Parameters
    ----------
    sentence : str
        Normalised sentence text (see :func:`fsf.clean.normalize_chars`).
    contextual : bool
        Whether to look for the contextual words that need context (the caller decides
        whether the article gives it; see :func:`mentions`). Contextual rows that count
        anywhere (origin + fighter noun) are always looked for.
    names : re.Pattern, optional
        The names an article introduces as foreign fighters (``named``).

    Returns
    -------
    list of (start, end, text, kind)
        In order of position. Where matches overlap, the more certain kind
        (explicit > named > contextual) wins.

    Examples
    --------
    >>> find_mentions("Syrian Kurdish fighters met the foreign fighters and Abu Example al-Tunisi.")
    [(32, 48, 'foreign fighters', 'explicit'), (53, 74, 'Abu Example al-Tunisi', 'named')]
    >>> find_mentions("Two British jihadists reached Turkey.", contextual=False)
    [(4, 21, 'British jihadists', 'contextual')]
    """
    patterns = load_patterns()
    low = _lowered(sentence)
    found: list[tuple[int, int, str, str]] = []
    taken = bytearray(len(sentence) + 1)
    for key, kind in _ORDER:
        if key == "names":
            matches = names.finditer(sentence) if names is not None else ()
        elif patterns.get(key) is None or (key == "contextual" and not contextual):
            continue
        else:
            matches = _finditer(key, sentence, low, patterns)
        for match in matches:
            start, end = match.span()
            if any(taken[start:end]):
                continue
            if kind == "contextual" and _excluded(sentence, start, end, patterns, low):
                continue
            found.append((start, end, sentence[start:end], kind))
            taken[start:end] = b"\x01" * (end - start)
    return sorted(found)


def _with_names(sentence: str, sure: list, names: re.Pattern) -> list:
    """``find_mentions(sentence, contextual=False, names=names)`` from ``sure`` (the same without names):
    the names go in after the explicit and CSV-named mentions and before the origin ones, which are
    then kept only where no name overlaps them."""
    first = [m for m in sure if m[3] != "contextual"]
    taken = bytearray(len(sentence) + 1)
    for start, end, _, _ in first:
        taken[start:end] = b"\x01" * (end - start)
    found = list(first)
    for match in names.finditer(sentence):
        start, end = match.span()
        if not any(taken[start:end]):
            found.append((start, end, match.group(), "named"))
            taken[start:end] = b"\x01" * (end - start)
    found += [m for m in sure if m[3] == "contextual" and not any(taken[m[0]:m[1]])]
    return sorted(found)


def _with_contextual(sentence: str, sure: list) -> list:
    """``sure`` (the mentions that count anywhere) with the contextual words that do not overlap them:
    ``find_mentions(sentence, names=...)`` without looking for the other kinds again."""
    patterns = load_patterns()
    if patterns.get("contextual") is None:
        return sure
    low = _lowered(sentence)
    found = list(sure)
    taken = bytearray(len(sentence) + 1)
    for start, end, _, _ in sure:
        taken[start:end] = b"\x01" * (end - start)
    for match in _finditer("contextual", sentence, low, patterns):
        start, end = match.span()
        if any(taken[start:end]) or _excluded(sentence, start, end, patterns, low):
            continue
        found.append((start, end, sentence[start:end], "contextual"))
        taken[start:end] = b"\x01" * (end - start)
    return sorted(found)


def _excluded(sentence: str, start: int, end: int, patterns: dict, low: str | None = None) -> bool:
    """A local modifier right before a contextual match, or a local attachment right after it."""
    fast = _lowercase_patterns() if low is not None and patterns is load_patterns() else {}
    out = []
    for key in ("exclude", "exclude_after"):
        pattern, text = (fast[key], low) if key in fast else (patterns.get(key), sentence)
        out.append(pattern is not None and (pattern.search(text[max(0, start - 30):start]) if key == "exclude"
                                            else pattern.match(text[end:end + 60])))
    return bool(out[0] or out[1])


_NOT_A_PERSON = re.compile(
    r"\b(?:State|Front|Army|Party|Forces|Force|Council|Office|Ministry|Group|Brigades?|Movement|Union|Nations|Observatory|"
    r"Committee|Commission|Coalition|Government|Authority|Administration|Department|Agency|Times|Post|News|Press|"
    r"Guardian|Monitor|Islamic|Syrian|Kurdish|Turkish|Hayat|Jabhat|Ansar|Jaish|Ahrar|Harakat|Airways|Airlines|Legion|"
    r"Police|Embassy|Ministry|Parliament|Minister|Court|Navy|Air|Cross|Crescent|University|College|Institute|Centre|"
    r"Center|Broadcasting|Corporation|Media|Channel|Television|Radio|Network|Company|Airport|City|Province|Region|"
    r"Democratic|Forces|Kingdom|States|Union)\b")


_AND_NAME = re.compile(r"\s*(?:,|and)\s+([A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){1,3}|[A-Z][a-z'\u2019-]+\s+[A-Z]\.)")


def _article_names(texts: list[str], certain: list[list]) -> re.Pattern | None:
    """A pattern of the people an article introduces as foreign fighters (full names and last words).

    An introduction counts in a sentence that has a mention counting anywhere, or that has a
    verb of joining or leaving (surrendered, defected, fled, joined, fought, travelled,
    detained ...) in an article with such a mention or beside a jihadist group's name (*ISIS*,
    *al-Qaeda*, *Nusra*);
    a "name" with a word of an organisation or outlet (*State*, *Front*, *Army*, *Times*,
    *Islamic*, *Syrian* ...) is not a person.
    """
    intros = load_patterns().get("introduces", ())
    names: set[str] = set()
    anchored = any(certain)
    for text, sure in zip(texts, certain):
        if not intros or not _NAME_LIKE.search(text):
            continue  # no two capitalised words, no initials, no kunya: nobody to introduce
        if not (sure or (_INTRO_CONTEXT.search(text) and (anchored or _JIHADIST_GROUP.search(text)))):
            continue
        for pattern in intros:
            for match in pattern.finditer(text):
                found = [match.group("name")]
                if "alias" in pattern.groupindex and match.group("alias"):
                    found.append(match.group("alias"))  # 'John Roe, who goes by his nom de guerre Abu Example'
                more = _AND_NAME.match(text, match.end("name"))  # 'Jan D. and Piet K.'
                if more:
                    found.append(more.group(1))
                for name in (" ".join(n.split()) for n in found):
                    if _NOT_A_PERSON.search(name):
                        continue
                    names.add(name)
                    last = name.split()[-1]
                    if len(last) >= 4 and (last[0].isupper() or last[:3].lower() in ("al-", "el-")):
                        names.add(last)
                    if re.fullmatch(r"[A-Z]\.\s?[A-Z]\.", name):  # M.B. is also written M. B.
                        names.update({name.replace(" ", ""), name.replace(".", ". ").strip()})
    names |= {name.upper() for name in names if len(name) >= 4}  # a transcript's speaker labels (JANE ROE:)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                      + r")(?![\w-]|(?<=\.)\s?[A-Z]\.)")


def _is_singular(mention: tuple) -> bool:
    """A named person, or a contextual mention whose head is not plural (a Brit, one jihadist, a man who joined
    ISIS, an Australian member of IS)."""
    _, _, text, kind = mention
    if kind == "named":
        return True
    head = re.split(r"\s+(?:who|that|of|from|in|are|is|were|was|joined|fought|fighting)\b", text, flags=re.I)[0]
    last = head.split()[-1].lower()
    return kind == "contextual" and not (last.endswith("s") or last.endswith("men") or last in _PLURAL_WORDS)


def _singular_pronouns(texts: list[str], single: tuple[int, int], k: int) -> list[tuple[int, int, str, str]]:
    """he/him/his/she/her in sentence k that follow a singular mention (sentence, end) with no other person between."""
    k0, end = single
    between = " ".join([texts[k0][end:]] + texts[k0 + 1:k])
    if _OTHER_PERSON.search(between):
        return []
    out = []
    for match in _SINGULAR.finditer(texts[k]):
        if _OTHER_PERSON.search(texts[k][:match.start()]):
            break
        out.append((match.start(), match.end(), match.group(), "pronoun"))
    return out


_ATTRIBUTION = 300  # characters on either side of a quote that can hold its attribution


def _quote_runs(texts: list[str]):
    """Quoted stretches of an article's sentences, grouped into runs with their attribution text.

    A mark at the very start of a sentence opens a quote (or continues one left open, the
    run-on convention); any other mark opens or closes. Yields ``(spans, attribution, first)``
    per run: spans are (sentence position, start, end) of the quoted text; attribution is the
    text outside the marks in the sentence that opens the run (before the mark) and in the
    one that closes it (after the mark); first is the position of the opening sentence. In a
    transcript, a speaker label (*JANE ROE:*) opens a run that lasts until the next label.
    """
    runs, current, is_open = [], None, False
    for k, text in enumerate(texts):
        start = 0 if is_open else None
        lead = len(text) - len(text.lstrip())  # where the sentence's first character is
        previous = 0  # just after the last mark: an attribution lies between marks (at most _ATTRIBUTION long)
        for match in re.finditer('"', text):
            p = match.start()
            if p == lead:  # a mark that opens the sentence opens (or reopens) a quote
                if current is None:
                    current = {"spans": [], "attribution": "", "first": k}
                start, is_open = p + 1, True
            elif is_open:
                current["spans"].append((k, start, p))
                following = text.find('"', p + 1)
                stop = min(following if following >= 0 else len(text), p + 1 + _ATTRIBUTION)
                current["attribution"] += " " + text[p + 1:stop]
                runs.append(current)
                current, start, is_open = None, None, False
            else:
                current = {"spans": [], "attribution": text[max(previous, p - _ATTRIBUTION):p], "first": k}
                start, is_open = p + 1, True
            previous = p + 1
        if is_open and current is not None:
            current["spans"].append((k, start, len(text)))
    if current is not None and current["spans"]:
        runs.append(current)
    label_runs, label = [], None
    for k, text in enumerate(texts):  # a transcript: 'JANE ROE: ...' speaks until the next label
        match = _LABEL.match(text)
        if match:
            label = {"spans": [], "attribution": match.group(1).title() + " said", "first": k}
            label_runs.append(label)
            label["spans"].append((k, match.end(), len(text)))
        elif label is not None and '"' not in text:
            label["spans"].append((k, 0, len(text)))
    return sorted(runs + [r for r in label_runs if r["spans"]], key=lambda r: r["spans"][-1][0])


_LABEL = re.compile(r"^([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})(?:, [A-Z]+)?:\s")


def _ff_quotes(texts: list[str], found: list[list], names: re.Pattern | None, contextual: bool) -> dict[int, list]:
    """Quoted spans (per sentence position) whose speaker is a foreign fighter.

    The speaker is a foreign fighter when the run's attribution has a speech verb and a
    mention (*said the former recruit*, *Abu Saad said*), or *he / she* while the most recent
    person is one: the last attributed speaker, a singular mention of a foreign fighter, or
    (not one) someone named by role or speaking in reported speech without a mention. A run
    without a speech verb keeps the previous run's speaker (a quote-only paragraph).
    """
    spans: dict[int, list] = {}
    runs = _quote_runs(texts)
    quoted_in = {k for run in runs for k, _, _ in run["spans"]}
    events = []  # (sentence position, order, kind, value) in reading order: who 'he' or 'she' may be
    for k, here in enumerate(found):
        if here and _is_singular(max(here, key=lambda m: m[1])):
            events.append((k, 1, "person", True))  # a foreign fighter in the singular
        elif k not in quoted_in and (_OTHER_PERSON.search(texts[k]) or (_SPEECH.search(texts[k]) and not here)):
            events.append((k, 1, "person", False))  # someone else speaks or is named by role
    for run in runs:
        events.append((run["spans"][-1][0], 0, "run", run))
    last_person = False
    previous_speaker = False
    for _, _, kind, value in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == "person":
            last_person = value
            continue
        attribution = value["attribution"]
        if _SPEECH.search(attribution):
            if find_mentions(attribution, contextual=contextual, names=names):
                speaker = True
            elif _HE_SHE.search(attribution):
                speaker = last_person
            else:
                speaker = False
        else:
            speaker = previous_speaker
        previous_speaker = last_person = speaker
        if speaker:
            for k, start, end in value["spans"]:
                spans.setdefault(k, []).append((start, end))
    return spans


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
        mentions do not renew the count, except a sentence that opens with
        *They* (the fighters carried on as the subject). The same window holds
        for *he / she / the man* after a foreign fighter in the singular, with
        no other person named by role in between; the first person (*I, we*)
        counts in the quotes of a speaker who is a foreign fighter. With
        ``carry=0`` no ``pronoun`` mention is found at all.

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
        rows.extend(article_mention_rows(doc_id, group["sent_idx"], group["text"].tolist(), carry=carry))
    return mentions_frame(rows)


def article_mention_rows(doc_id: str, sent_idx, texts: list[str], *, carry: int = 2) -> list[tuple]:
    """The rows of :func:`mentions` (tuples in :data:`MENTION_COLUMNS` order) for the sentences of ONE article.

    Examples
    --------
    >>> article_mention_rows("a", [0, 1], ["Foreign fighters left.", "They went north."])
    [('a', 0, 0, 16, 'Foreign fighters', 'explicit'), ('a', 1, 0, 4, 'They', 'pronoun')]
    >>> [row[4:] for row in article_mention_rows("a", [0, 1], ["A British jihadist fled.", '"I was afraid," he said.'])]
    [('British jihadist', 'contextual'), ('I', 'pronoun'), ('he', 'pronoun')]
    """
    texts = list(texts)
    certain = [find_mentions(t, contextual=False) for t in texts]
    names = _article_names(texts, certain)
    if names is not None:
        certain = [_with_names(t, sure, names) if names.search(t) else sure for t, sure in zip(texts, certain)]
    with_context = any(certain)
    found = [_with_contextual(t, sure) for t, sure in zip(texts, certain)] if with_context else certain
    quoted = _ff_quotes(texts, found, names, with_context) if with_context and carry else {}
    rows = []
    since, single = carry + 1, None  # sentences since the last non-pronoun mention; the last singular one
    for k, (idx, text) in enumerate(zip(sent_idx, texts)):
        here = list(found[k])
        if here:
            since = 0
            singular = [m for m in here if _is_singular(m)]
            if singular:
                single = (k, max(singular, key=lambda m: m[1])[1])
        else:
            since += 1
            if since <= carry:
                here = [(m.start(), m.end(), m.group(), "pronoun") for m in _PRONOUN.finditer(text)]
                if here and _THEY_FIRST.match(text):
                    since = 0  # 'They ...' as the subject carries the fighters on (a chain of such sentences)
            if single is not None and k - single[0] <= carry:
                here += _singular_pronouns(texts, single, k)
            taken = {(s, e) for s, e, _, _ in here}
            here += [(m.start(), m.end(), m.group(), "pronoun") for a, b in quoted.get(k, ())
                     for m in _FIRST_PERSON.finditer(text, a, b) if (m.start(), m.end()) not in taken]
        rows.extend((doc_id, idx, start, end, mention, kind) for start, end, mention, kind in sorted(set(here)))
    return rows


def mentions_frame(rows: list[tuple]) -> pd.DataFrame:
    """:func:`mentions` from the rows of :func:`article_mention_rows`."""
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
    (True, np.int64(5))
    """
    from fsf.text import sentences

    return mentions(sentences(corpus))
