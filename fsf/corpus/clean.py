"""Auditable cleaning of scraped news articles.

Cleaning works on whole lines and never edits a kept line's words. Each
line of the raw file ends up in exactly one state:

``kept``
    part of the title, the standfirst or a body paragraph;
``removed``
    boilerplate, with the rule that matched and a human-readable reason;
``blank``
    an empty (or whitespace-only) line, which separates paragraphs.

Because nothing else happens, the raw text can always be rebuilt from the
line table (:meth:`CleanedArticle.rebuild`), and ``removed_lines.csv`` is a
complete audit of what the analyses do not see.

Two kinds of rules decide removal:

* **line rules** look at one line alone (``is_web_chrome``, ``is_caption``,
  ...). Each is a small predicate whose docstring says exactly what it
  matches; they are tried in the order of :data:`LINE_RULES`.
* **context rules** need the neighbouring lines: a repeated headline, an
  exact duplicate of an earlier line, the list of links under a "Read more"
  header, a headline-like line inside the body, and a short source or byline
  line between the headline and the first paragraph.

Character normalisation (:func:`normalize_chars`) maps curly quotes, dashes
and unusual spaces one character to one character, so every offset in the
normalised text is also an offset in the raw line: a user can always quote
the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

__all__ = [
    "CleanedArticle",
    "LINE_RULES",
    "LineRecord",
    "Paragraph",
    "clean_article",
    "ends_sentence",
    "find_dateline",
    "is_author_note",
    "is_byline",
    "is_caption",
    "is_copyright",
    "is_distribution",
    "is_promotion",
    "is_related_marker",
    "is_translation_note",
    "is_web_chrome",
    "looks_like_headline",
    "normalize_chars",
    "rules_table",
    "split_lines",
]

# --------------------------------------------------------------------------
# Character normalisation
# --------------------------------------------------------------------------

_CHAR_MAP = {
    # single quotes and apostrophes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    # double quotes
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    # dashes and minus
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    # spaces
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2007": " ", "\u2009": " ",
    "\u200a": " ", "\u202f": " ", "\u3000": " ", "\t": " ",
}
_TRANSLATION = str.maketrans(_CHAR_MAP)


def normalize_chars(text: str) -> str:
    """Map typographic characters to plain ones, one character for one.

    Curly single quotes and primes become ``'``; curly double quotes become
    ``"``; hyphen, figure, en and em dashes and the minus sign become ``-``;
    non-breaking, thin, figure and other fixed-width spaces and tabs become
    a plain space. Nothing else changes (no case folding, no accent
    stripping, no NFKC), and the output has the same length as the input,
    so ``raw[i:j]`` is the original of ``normalize_chars(raw)[i:j]``.

    Examples
    --------
    >>> normalize_chars("\u201cWe don\u2019t want them\u201d \u2013 Mr\u00a0Mansour")
    '"We don\\'t want them" - Mr Mansour'
    """
    return text.translate(_TRANSLATION)


def split_lines(text: str) -> list[tuple[str, str]]:
    """Split text into ``(line, end_of_line)`` pairs that rebuild it exactly.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``; the terminator is kept
    separately so that ``"".join(l + e for l, e in split_lines(t)) == t``.
    A final line without a terminator has ``end_of_line == ""``.

    Examples
    --------
    >>> split_lines("a\\r\\nb\\n\\nc")
    [('a', '\\r\\n'), ('b', '\\n'), ('', '\\n'), ('c', '')]
    """
    pairs = []
    for match in re.finditer(r"([^\r\n]*)(\r\n|\n|\r|$)", text):
        line, eol = match.group(1), match.group(2)
        if not line and not eol:
            if match.start() == len(text):
                break
            continue
        pairs.append((line, eol))
    return pairs


# --------------------------------------------------------------------------
# Small predicates on one line
# --------------------------------------------------------------------------

_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_TERMINAL = re.compile(r"[.?!\u2026][\"'\u201d\u2019)\]]*\s*$")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _has_quote(line: str) -> bool:
    return any(q in line for q in '"\u201c\u201d')


def ends_sentence(line: str) -> bool:
    """True if the line ends like a sentence: ``. ? ! …`` then closing quotes or brackets.

    Examples
    --------
    >>> ends_sentence('He left."'), ends_sentence("Read more")
    (True, False)
    """
    return bool(_TERMINAL.search(line))


def _full_match(patterns: Iterable[str]) -> re.Pattern:
    return re.compile(r"^\s*(?:" + "|".join(patterns) + r")\s*[:.|>\u203a\u00bb]?\s*$", re.I)


_CHROME = _full_match([
    r"advertisement", r"advert", r"ad", r"sponsored(?: content)?", r"promoted(?: content)?",
    r"share(?: this)?(?: article| story| page)?(?: on \w+)?", r"print", r"e-?mail", r"comments?",
    r"skip to (?:the )?(?:main )?(?:content|footer|navigation|article)",
    r"(?:\w+ )?logo(?: \w+)?", r"back to top", r"menu", r"search", r"home",
    r"more (?:in|from) [\w&' -]{1,30}",
    r"(?:helpful |related )?(?:keywords|tags|topics)",
    r"listen to (?:this )?(?:article|story)(?: \d+ min(?:utes?)?)?", r"\d+ min(?:ute)?s? read",
    r"follow us(?: on \w+)?", r"scroll to continue(?: with content)?",
])

_RELATED = _full_match([
    r"read more", r"related", r"related (?:articles|stories|content|coverage|links)",
    r"also read", r"read also", r"recommended", r"most read", r"you may also like",
    r"read next", r"more on this (?:story|topic)", r"further reading", r"see also",
])


def is_web_chrome(line: str) -> bool:
    """Navigation, sharing and advert labels that fill a whole line.

    Matches (case-insensitive, the whole line, optionally followed by one of
    ``: . | > › »``): *Advertisement*, *Advert*, *Ad*, *Sponsored (content)*,
    *Share (this article) (on X)*, *Print*, *Email*, *Comments*, *Skip to
    content/footer/...*, a *logo* label (*Logo Wide*), *Back to top*,
    *Menu*, *Search*, *Home*, *More in/from <section>*, *(Helpful) keywords
    / tags / topics*, *Listen to this article*, *N min read*, *Follow us (on
    X)* and *Scroll to continue*. A sentence that merely contains such words
    is never matched.

    Examples
    --------
    >>> is_web_chrome("Advertisement"), is_web_chrome("More in World")
    (True, True)
    >>> is_web_chrome("The advertisement ran in March.")
    False
    """
    return bool(_CHROME.match(line))


def is_related_marker(line: str) -> bool:
    """A header that introduces a list of links to other articles.

    Matches a whole line such as *Read more*, *Related (articles)*, *Also
    read*, *Recommended*, *Most read*, *You may also like*, *Read next*,
    *More on this story*, *Further reading* or *See also*. The headlines
    listed under it are removed by the context rule in :func:`clean_article`.

    Examples
    --------
    >>> is_related_marker("Read more"), is_related_marker("Read more about it here.")
    (True, False)
    """
    return bool(_RELATED.match(line))


_COPYRIGHT = re.compile(r"^\s*(?:\(c\)|\u00a9|copyright\b)|\ball rights reserved\b", re.I)


def is_copyright(line: str) -> bool:
    """A copyright line: starts with ``(c)``, ``©`` or *Copyright*, or says *All rights reserved*.

    Examples
    --------
    >>> is_copyright("(c)2015 Example Bureau"), is_copyright("\u00a9 2020 News Ltd")
    (True, True)
    >>> is_copyright("The copyright dispute went to court.")
    False
    """
    return bool(_COPYRIGHT.search(line))


_DISTRIBUTION = re.compile(
    r"^\s*(?:distributed|syndicated|supplied|provided)\s+(?:by|through)\b|\bcontent agency\b", re.I
)


def is_distribution(line: str) -> bool:
    """A syndication line: *Distributed/Syndicated/Supplied/Provided by ...*, or names a *content agency*.

    Only lines of at most 20 words, so a body sentence about distribution is kept.

    Examples
    --------
    >>> is_distribution("Distributed by Example Content Agency, LLC.")
    True
    >>> is_distribution("Aid was distributed by the council to 300 families who had fled the fighting in the north last week.")
    False
    """
    return len(_words(line)) <= 20 and bool(_DISTRIBUTION.search(line))


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_SUBSCRIBE = re.compile(
    r"\b(?:digital edition|subscribe|subscription|sign up|newsletter|download (?:our|the) app|"
    r"get access)\b", re.I
)
_CALL_TO_ACTION = re.compile(r"^\s*(?:visit|follow|find|go to|click|read)\b", re.I)


def is_promotion(line: str) -> bool:
    """The outlet advertising itself: subscription prompts and 'visit us' links.

    Matches a line of at most 20 words, without quotation marks, that either
    mentions a *digital edition*, *subscribe/subscription*, *sign up*,
    *newsletter*, *download our app* or *get access*; or starts with *Visit*,
    *Follow*, *Find*, *Go to*, *Click* or *Read* and contains a web address;
    or is nothing but a web address.

    Examples
    --------
    >>> is_promotion("Visit the Example Bureau at www.example.com")
    True
    >>> is_promotion("Get access to the real stories first with the digital edition")
    True
    >>> is_promotion('"We never subscribe to their views," he said.')
    False
    """
    if len(_words(line)) > 20 or _has_quote(line):
        return False
    if _SUBSCRIBE.search(line):
        return True
    if _URL.search(line) and _CALL_TO_ACTION.match(line):
        return True
    return bool(_URL.fullmatch(line.strip()))


_TRANSLATION_NOTE = re.compile(
    r"\b(?:translated(?: and edited)? (?:by|from)|automated translation|"
    r"machine[- ]translat(?:ed|ion)|translation (?:by|from))\b", re.I
)


def is_translation_note(line: str) -> bool:
    """An editor's note about translation: *translated (and edited) by/from*, *automated translation*, *machine translation*.

    Only lines of at most 60 words without quotation marks, so a quoted
    speaker talking about translation stays.

    Examples
    --------
    >>> is_translation_note("Powered by automated translation")
    True
    >>> is_translation_note("This article was translated and edited by Example Observer.")
    True
    >>> is_translation_note('"I translated the letter myself," she said.')
    False
    """
    return len(_words(line)) <= 60 and not _has_quote(line) and bool(_TRANSLATION_NOTE.search(line))


_AUTHOR_NOTE = re.compile(
    r"^\s*\(\s*[^()]*\b(?:is|was) an?\s+(?:[\w-]+\s+){0,4}"
    r"(?:correspondent|reporter|writer|journalist|editor|contributor|freelancer|columnist)\b[^()]*\)\s*\.?\s*$",
    re.I,
)
_REPORTING_CREDIT = re.compile(r"^\s*\(?(?:additional reporting|reporting|writing|editing) by\b", re.I)


def is_author_note(line: str) -> bool:
    """A note about the writer: a whole parenthesised line such as *(Smith is a special correspondent.)*, or a credit *(Additional) reporting / Writing / Editing by ...*.

    Examples
    --------
    >>> is_author_note("(Doe is a special correspondent for Example News.)")
    True
    >>> is_author_note("Editing by Jane Roe")
    True
    >>> is_author_note("He is a correspondent for a local radio station.")
    False
    """
    return bool(_AUTHOR_NOTE.match(line) or _REPORTING_CREDIT.match(line))


_BYLINE = re.compile(r"^\s*[Bb]y\s+[A-Z][\w.'\u2019-]*(?:\s+(?:and\s+)?[A-Z][\w.'\u2019-]*){1,5}\s*$")


def is_byline(line: str) -> bool:
    """A byline: *By* followed by two to six capitalised names, nothing else on the line.

    Examples
    --------
    >>> is_byline("By Jane Doe and John Roe")
    True
    >>> is_byline("By the end of the week the road was closed.")
    False
    """
    return bool(_BYLINE.match(line))


_CAPTION_CREDIT = re.compile(
    r"\b(?:photo|photograph|picture|image|credit|illustration)s?\s*(?::|by\b)|"
    r"\((?:AFP|Reuters|AP|EPA|Getty Images)[^)]*\)\s*$|"
    r"\b(?:Getty Images|AFP via Getty Images|AP Photo|EPA-EFE)\s*$",
    re.I,
)
_CAPTION_VERB = re.compile(r"\b(?:is|are|was|were) (?:seen|pictured|shown|depicted)\b(?! as\b)", re.I)


def is_caption(line: str) -> bool:
    """A photo caption or picture credit.

    Matches a line of at most 60 words that carries a credit (*Photo:*,
    *Photograph by*, *Picture:*, *Image:*, *Credit:*, or ends with an agency
    credit such as *(AFP)* or *Getty Images*); or a line of at most 25 words,
    without quotation marks, in the caption voice *X is/are/was/were
    seen/pictured/shown/depicted ...* (but not *seen as*, which is an opinion).

    Examples
    --------
    >>> is_caption("Fighters gather near the border. Photo: Example Agency")
    True
    >>> is_caption("A wanted poster is seen in a market square.")
    True
    >>> is_caption("The group is seen as a threat by its neighbours.")
    False
    """
    n_words = len(_words(line))
    if n_words <= 60 and _CAPTION_CREDIT.search(line):
        return True
    return n_words <= 25 and not _has_quote(line) and bool(_CAPTION_VERB.search(line))


_SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for by with from as vs via per into over up "
    "off out than".split()
)


def looks_like_headline(line: str, *, min_words: int = 3, max_words: int = 20) -> bool:
    """Title Case text without a closing stop, like a headline or a link to another story.

    True when the line has ``min_words`` to ``max_words`` words, does not
    end like a sentence (:func:`ends_sentence`), and every word except
    short function words (*of, in, and, the, ...*) starts with a capital.

    Examples
    --------
    >>> looks_like_headline("Julani Tightens Grip on Idleb Economy: Network of Five Companies")
    True
    >>> looks_like_headline("Rebels make thousands smuggling fighters across Syria")
    False
    >>> looks_like_headline("What Happens Next?")
    False
    """
    words = _words(line)
    if not (min_words <= len(words) <= max_words) or ends_sentence(line):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(content) and all(w[0].isupper() for w in content)


_DATELINE = re.compile(
    r"^\s*(?P<place>(?:[A-Z][A-Z.'\u2019-]*(?:[\s\u2013\u2014-]+[A-Z][A-Z.'\u2019-]*)*)"
    r"(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)"
    r"(?:\s*(?:\([A-Za-z ]+\))?\s*[\u2014\u2013-]{1,2}\s+|(?<=[a-z])\s+(?=[A-Z]))"
)


def find_dateline(paragraph: str) -> str | None:
    """Return the dateline that opens a paragraph, or None.

    A dateline is a place in capitals, optionally followed by ``, Country``,
    then either a dash (*BEIRUT —*, *ON THE TURKEY–SYRIA BORDER —*) or, when
    the country is given, directly the first sentence (*SANLIURFA, Turkey A
    group of ...*). An all-capital place needs at least four letters when it
    is a single word, so acronyms that start a sentence (*HTS has ...*) are
    not datelines.

    Examples
    --------
    >>> find_dateline("BEIRUT \u2014 Fighting resumed on Monday.")
    'BEIRUT'
    >>> find_dateline("SANLIURFA, Turkey A group of rebels met.")
    'SANLIURFA, Turkey'
    >>> find_dateline("HTS has adopted a new approach.") is None
    True
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place").strip()
    caps = place.split(",")[0]
    if " " not in caps and len(re.sub(r"[^A-Z]", "", caps)) < 4:
        return None
    return place


# --------------------------------------------------------------------------
# The rule table and the records it produces
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A line rule: its name, the reason written to the audit, and its predicate."""

    name: str
    reason: str
    matches: Callable[[str], bool]


LINE_RULES: tuple[Rule, ...] = (
    Rule("related_marker", "related-links header", is_related_marker),
    Rule("web_chrome", "web page furniture (navigation, sharing or advert label)", is_web_chrome),
    Rule("copyright", "copyright line", is_copyright),
    Rule("distribution", "syndication or distribution line", is_distribution),
    Rule("promotion", "outlet self-promotion (subscription prompt or link)", is_promotion),
    Rule("translation_note", "translation note", is_translation_note),
    Rule("author_note", "note about the writer", is_author_note),
    Rule("byline", "byline", is_byline),
    Rule("caption", "photo caption or credit", is_caption),
)
"""Line rules in the order they are tried; the first that matches gives the reason."""


@dataclass(frozen=True)
class LineRecord:
    """One line of the raw file and what cleaning decided about it.

    ``raw`` is the line exactly as in the file (without its end-of-line,
    which is ``eol``); ``text`` is ``normalize_chars(raw)``. ``status`` is
    ``kept``, ``removed`` or ``blank``; removed lines carry ``rule`` and
    ``reason``. Kept lines carry their ``section`` (title, standfirst or
    body) and ``paragraph_idx``.
    """

    line_no: int
    raw: str
    eol: str
    text: str
    status: str
    rule: str = ""
    reason: str = ""
    section: str = ""
    paragraph_idx: int = -1


@dataclass(frozen=True)
class Paragraph:
    """A run of consecutive kept lines, joined with single spaces.

    ``paragraph_idx`` counts every kept paragraph of the article in reading
    order (the title is 0). Because lines are joined by one space and
    characters are mapped one to one, ``text`` has the same length as the
    raw lines joined by one space, so spans in it can be quoted from the raw
    file.
    """

    paragraph_idx: int
    section: str
    line_start: int
    line_end: int
    text: str
    raw: str


@dataclass(frozen=True)
class CleanedArticle:
    """The result of :func:`clean_article`.

    Attributes
    ----------
    lines : tuple of LineRecord
        Every line of the raw text, in order.
    paragraphs : tuple of Paragraph
        Kept text, grouped into title, standfirst and body paragraphs.
    dateline : str or None
        The dateline opening the first body paragraph, if any.
    bylines : tuple of str
        Lines removed as bylines or source lines (useful as evidence for metadata).
    """

    lines: tuple[LineRecord, ...]
    paragraphs: tuple[Paragraph, ...]
    dateline: str | None
    bylines: tuple[str, ...]

    @property
    def title(self) -> str:
        """The headline ('' if the article has no kept text)."""
        return next((p.text.strip() for p in self.paragraphs if p.section == "title"), "")

    @property
    def standfirst(self) -> str:
        """The standfirst ('' if none was found)."""
        return next((p.text.strip() for p in self.paragraphs if p.section == "standfirst"), "")

    @property
    def body(self) -> list[str]:
        """Body paragraphs, stripped."""
        return [p.text.strip() for p in self.paragraphs if p.section == "body"]

    @property
    def removed(self) -> list[LineRecord]:
        """The removed lines, in file order."""
        return [rec for rec in self.lines if rec.status == "removed"]

    def clean_text(self) -> str:
        """Title, standfirst and body paragraphs separated by blank lines."""
        return "\n\n".join(p.text.strip() for p in self.paragraphs)

    def rebuild(self) -> str:
        """Reassemble the raw text from kept, removed and blank lines.

        Equal to the text that was cleaned, character for character: the
        audit is complete.
        """
        return "".join(rec.raw + rec.eol for rec in self.lines)


# --------------------------------------------------------------------------
# The pipeline
# --------------------------------------------------------------------------

_STANDFIRST_MAX_WORDS = 45
_SOURCE_LINE_MAX_WORDS = 6
_BODY_MIN_WORDS = 8


def _apply_line_rules(lines: list[tuple[str, str]]) -> list[LineRecord]:
    records = []
    for number, (raw, eol) in enumerate(lines, start=1):
        text = normalize_chars(raw)
        if not text.strip():
            records.append(LineRecord(number, raw, eol, text, "blank"))
            continue
        rule = next((r for r in LINE_RULES if r.matches(text)), None)
        if rule is None:
            records.append(LineRecord(number, raw, eol, text, "kept"))
        else:
            records.append(LineRecord(number, raw, eol, text, "removed", rule.name, rule.reason))
    return records


def _remove(rec: LineRecord, rule: str, line: int = 0) -> LineRecord:
    reason = _CONTEXT_RULES[rule][0].format(line=line)
    return LineRecord(rec.line_no, rec.raw, rec.eol, rec.text, "removed", rule, reason)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


_CONTEXT_RULES = {
    "repeated_headline": ("repeated headline (same as line {line})",
                          "A later line identical to the headline (ignoring case and spacing)."),
    "duplicate": ("exact duplicate of line {line}",
                  "A line identical to an earlier line of the same article."),
    "related_link": ("link to another article (listed under a related-links header)",
                     "Lines without a closing stop that follow a related-links header, up to the next sentence-like line."),
    "source_line": ("source or byline line between headline and text",
                    "A Title Case line of at most 6 words between the headline and the first line of 8 or more words."),
    "inline_headline": ("headline-like line inside the body (likely a link to another article)",
                        "A Title Case line of 4 to 20 words without a closing stop after the header (see looks_like_headline)."),
}
"""Context rules: name -> (reason written to the audit, what the rule matches)."""


def _apply_context_rules(records: list[LineRecord]) -> list[LineRecord]:
    """Repeated headline, duplicates, related-link lists, in-body headlines, source lines."""
    out = list(records)
    kept = [i for i, rec in enumerate(out) if rec.status == "kept"]
    if not kept:
        return out
    title_i = kept[0]
    title_key = _key(out[title_i].text)
    first_seen: dict[str, int] = {}
    in_link_list = False
    in_header = True
    for i, rec in enumerate(out):
        if rec.status == "blank":
            continue
        key = _key(rec.text)
        if rec.status == "removed":
            in_link_list = rec.rule == "related_marker" or (in_link_list and rec.rule != "web_chrome")
            first_seen.setdefault(key, rec.line_no)
            continue
        if i == title_i:
            first_seen[key] = rec.line_no
            continue
        if key == title_key:
            out[i] = _remove(rec, "repeated_headline", out[title_i].line_no)
        elif key in first_seen:
            out[i] = _remove(rec, "duplicate", first_seen[key])
        elif in_link_list and not ends_sentence(rec.text):
            out[i] = _remove(rec, "related_link")
        elif in_header and len(_words(rec.text)) <= _SOURCE_LINE_MAX_WORDS and looks_like_headline(rec.text, min_words=1):
            out[i] = _remove(rec, "source_line")
        elif not in_header and looks_like_headline(rec.text, min_words=4):
            out[i] = _remove(rec, "inline_headline")
        else:
            first_seen[key] = rec.line_no
            in_link_list = False
            if len(_words(rec.text)) >= _BODY_MIN_WORDS:
                in_header = False
            continue
        first_seen.setdefault(key, rec.line_no)
    return out


def _group_paragraphs(records: list[LineRecord]) -> list[list[int]]:
    groups: list[list[int]] = []
    current: list[int] = []
    for i, rec in enumerate(records):
        if rec.status == "kept":
            current.append(i)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _is_standfirst(text: str, n_paragraphs_left: int) -> bool:
    return (
        n_paragraphs_left > 0
        and len(_words(text)) <= _STANDFIRST_MAX_WORDS
        and find_dateline(text) is None
    )


def clean_article(raw_text: str) -> CleanedArticle:
    """Clean one article: classify every line, then find title, standfirst and body.

    Parameters
    ----------
    raw_text : str
        The decoded article (see :func:`fsf.corpus.read_text`). Any line
        ending (LF, CRLF, CR) is accepted and preserved in the audit.

    Returns
    -------
    CleanedArticle
        Its ``lines`` rebuild ``raw_text`` exactly; its ``paragraphs`` hold
        the kept text. The first kept paragraph is the title; the next one
        is the standfirst when it has at most 45 words, does not open with a
        dateline and is not the last paragraph; the rest is body.

    Examples
    --------
    >>> art = clean_article("Rebels Seize Town\\n\\nAdvertisement\\n\\nBEIRUT \u2014 Rebels took the town on Monday after a week of fighting.\\n")
    >>> art.title, art.standfirst, art.dateline
    ('Rebels Seize Town', '', 'BEIRUT')
    >>> [(r.line_no, r.reason) for r in art.removed]
    [(3, 'web page furniture (navigation, sharing or advert label)')]
    """
    records = _apply_context_rules(_apply_line_rules(split_lines(raw_text)))
    groups = _group_paragraphs(records)
    paragraphs = []
    for idx, group in enumerate(groups):
        text = " ".join(records[i].text for i in group)
        if idx == 0:
            section = "title"
        elif idx == 1 and _is_standfirst(text, len(groups) - 2):
            section = "standfirst"
        else:
            section = "body"
        for i in group:
            rec = records[i]
            records[i] = LineRecord(rec.line_no, rec.raw, rec.eol, rec.text, "kept",
                                    section=section, paragraph_idx=idx)
        paragraphs.append(Paragraph(
            idx, section, records[group[0]].line_no, records[group[-1]].line_no, text,
            " ".join(records[i].raw for i in group),
        ))
    first_body = next((p.text for p in paragraphs if p.section == "body"), "")
    bylines = tuple(r.raw.strip() for r in records if r.rule in {"byline", "source_line"})
    return CleanedArticle(tuple(records), tuple(paragraphs), find_dateline(first_body), bylines)


def rules_table():
    """The cleaning rules as a table: order, name, reason written to the audit, and what it matches.

    Line rules come first, in the order they are tried; context rules
    (which need neighbouring lines) follow.

    Examples
    --------
    >>> rules_table().name.tolist()[:3]
    ['related_marker', 'web_chrome', 'copyright']
    """
    import pandas as pd

    rows = [(r.name, "line", r.reason, _summary(r.matches.__doc__)) for r in LINE_RULES]
    rows += [(name, "context", reason.format(line="N"), what) for name, (reason, what) in _CONTEXT_RULES.items()]
    return pd.DataFrame(rows, columns=["name", "kind", "reason", "matches"])


def _summary(doc: str | None) -> str:
    """The first paragraph of a docstring, on one line, without reST markup."""
    text = " ".join((doc or "").split("\n\n")[0].split())
    return text.replace("``", "").replace("*", "")

