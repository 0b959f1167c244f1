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

import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterable

__all__ = [
    "CleanedArticle",
    "LINE_RULES",
    "LineRecord",
    "Paragraph",
    "clean_article",
    "cleaning_agreement",
    "ends_sentence",
    "find_dateline",
    "is_age_notice",
    "is_app_prompt",
    "is_appeal",
    "is_author_note",
    "is_byline",
    "is_caption",
    "is_continue_marker",
    "is_copyright",
    "is_distribution",
    "is_embed",
    "is_link_list",
    "is_markup",
    "is_player",
    "is_promotion",
    "is_related_marker",
    "is_site_prompt",
    "is_timestamp",
    "is_translation_note",
    "is_web_chrome",
    "is_widget",
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


@functools.lru_cache(maxsize=256)
def _n_words(line: str) -> int:
    """``len(_words(line))``, remembered: the line rules and the context rules each count the same line."""
    return len(_WORD.findall(line))


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
    r"(?:locations?|categories|sections|trending(?: now)?|most popular|popular|latest(?: news)?|top stories|"
    r"editor'?s'? picks|breaking news|accessibility links|edit|you are here:?.*|home\s*[>\u203a\u00bb/|].*)",
])

_RELATED = _full_match([
    r"read more", r"related", r"related (?:articles|stories|content|coverage|links)",
    r"also read", r"read also", r"recommended", r"most read", r"you may also like",
    r"read next", r"more on this (?:story|topic)", r"further reading", r"see also",
    r"(?:watch(?: now)?:? )?related videos?", r"more videos?", r"recommended videos?", r"videos? you may (?:also )?like",
])


def is_web_chrome(line: str) -> bool:
    """Navigation, sharing and advert labels that fill a whole line.

    Matches (case-insensitive, the whole line, optionally followed by one of
    ``: . | > › »``): *Advertisement*, *Advert*, *Ad*, *Sponsored (content)*,
    *Share (this article) (on X)*, *Print*, *Email*, *Comments*, *Skip to
    content/footer/...*, a *logo* label (*Logo Wide*), *Back to top*,
    *Menu*, *Search*, *Home*, *More in/from <section>*, *(Helpful) keywords
    / tags / topics*, *Listen to this article*, *N min read*, *Follow us (on
    X)*, *Scroll to continue*, section labels (*Locations*, *Categories*,
    *Trending*, *Most popular*, *Latest news*, *Top stories*, *Breaking
    news*, *Accessibility links*, *Edit*) and breadcrumbs (*You are here: ...*,
    *Home > World*). A sentence that merely contains such words is never
    matched.

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
    A video box header (*Watch now: Related video*, *More videos*) counts too.

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
    r"^\s*(?:distributed|syndicated|supplied|provided)\s+(?:by|through)\b|\bcontent agency\b|"
    r"\b(?:unedited|unformatted|auto-?generated|automatically generated)\b[^.]*\b(?:feed|wire|syndicat\w*)\b|"
    r"^\s*this (?:article|story|report|piece|content) (?:first |originally )?(?:appeared|ran|was (?:first |originally )?"
    r"(?:published|produced))\b", re.I
)


def is_distribution(line: str) -> bool:
    """A syndication line: *Distributed/Syndicated/Supplied/Provided by ...*, names a *content agency*, calls itself an *unedited / unformatted / auto-generated* feed or wire, or says *This article first appeared in / was originally published by ...*.

    Only lines of at most 20 words, so a body sentence about distribution is kept.

    Examples
    --------
    >>> is_distribution("Distributed by Example Content Agency, LLC.")
    True
    >>> is_distribution("Aid was distributed by the council to 300 families who had fled the fighting in the north last week.")
    False
    """
    return _n_words(line) <= 20 and bool(_DISTRIBUTION.search(line))


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
    if _n_words(line) > 20 or _has_quote(line):
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
    return _n_words(line) <= 60 and not _has_quote(line) and bool(_TRANSLATION_NOTE.search(line))


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
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+(?:(?:al|el|bin|ibn|de|van|von|der|la|le|da|di|du)[- ])?[A-Z][\w.'\u2019-]*){1,3}"
_BYLINE_LIST = re.compile(
    rf"^\s*(?:(?i:posted|written|words|story|text|reported)\s+)?[Bb]y\s*:?\s+{_NAME}(?:\s*(?:,|\||/|&|\band\b)\s*{_NAME})*\s*$|"
    rf"^\s*{_NAME}(?:\s*\|\s*{_NAME})+\s*$"
)
_BYLINE_FRAGMENT = re.compile(r"^\s*(?:by|and|&)\s*:?\s*$", re.I)
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co\.uk|com\.au|co\.nz|news|tv|info|ie|de|fr)\b", re.I)


def is_byline(line: str) -> bool:
    """A byline: *By* followed by capitalised names, nothing else on the line.

    Matches *By* (or *Posted / Written / Story by*) and one or more names of two to four
    capitalised words (particles such as *al-*, *bin*, *van* allowed), separated by commas,
    ``|``, ``/``, ``&`` or *and*, which may include the outlet (*By Jane Doe, Example Staff*);
    two or more such names separated by ``|`` without *By* (*Jane Doe | John Roe*); and a
    byline broken over lines: a line that is only *By* or only *and*. A name must have two
    words, so *By Monday* is not a byline. Also a source credit of at most 8 words, not a
    sentence, that names a website (*Example Radio, example.com ,*).

    Examples
    --------
    >>> is_byline("By Jane Doe and John Roe"), is_byline("By Jane Doe,  Example Staff")
    (True, True)
    >>> is_byline("Hussam al-Haddad | Jane Doe | John Roe"), is_byline("By")
    (True, True)
    >>> is_byline("By the end of the week the road was closed.")
    False
    """
    if _DOMAIN.search(line) and _n_words(line) <= 8 and not ends_sentence(line) and not _has_quote(line):
        return True  # a source credit naming a website (Example News, example.com)
    return bool(_BYLINE.match(line) or _BYLINE_LIST.match(line) or _BYLINE_FRAGMENT.match(line))


_CAPTION_CREDIT = re.compile(
    r"\b(?:photo|photograph|picture|image|credit|illustration)s?\s*(?::|by\b)|"
    r"\((?:AFP|Reuters|AP|EPA|Getty Images)[^)]*\)\s*$|"
    r"\b(?:Getty Images|AFP via Getty Images|AP Photo|EPA-EFE|Press Association Images|PA (?:Images|Wire|Media)|"
    r"Alamy(?: Stock Photo)?|Shutterstock|Anadolu(?: Agency)?)\s*$|/(?:AFP|Reuters|AP|EPA)\s*$|"
    r"[.)]\s+Source:\s+[^.]{2,60}$|[.)]\s+[A-Z][^./\"]{1,60}/[\w.' -]{2,40}$",
    re.I,
)
_CAPTION_VERB = re.compile(r"\b(?:is|are|was|were) (?:seen|pictured|shown|depicted)\b(?! as\b)", re.I)
_CAPTION_START = re.compile(
    r"^\s*(?:in this (?:\w+ )?(?:photo|image|picture|handout|video grab|screen ?grab)|"
    r"this (?:\w+ )?(?:photo|image|picture) (?:shows|taken|released|provided)|file(?: photo)?\s*[-:]|"
    r"pictured\s*:|(?:main |top )?(?:picture|photo|image)\s*:|above\s*:|no (?:image|photo)\b|image (?:not )?available)",
    re.I)
_PAREN_END = re.compile(r"\(([^()]{2,80})\)\s*$")
_CREDIT_WORD = re.compile(r"\b(?:photos?|photograph|image|picture|credit|courtesy|file|stock|handout|via|facebook|twitter|"
                          r"instagram|youtube|telegram|screengrab|screenshot)\b", re.I)
_GLUED_CREDIT = re.compile(r"(?:(?<=[a-z\d])|\s)(?:GETTY(?: IMAGES)?|REUTERS|AFP|EPA(?:-EFE)?|AP|PA|ALAMY|SHUTTERSTOCK)\s*$")


def _ends_with_credit(line: str) -> bool:
    """A parenthesised credit closes the line: a credit word, a social network or a slash inside
    (*(AP Photo/Jane Doe)*, *(Stock image)*, *(Facebook)*, *(Jane Doe/for Example News)*), or two to
    four capitalised words after an unpunctuated line of at least four words (*... in the north
    (Example Agency)*) or after its last full stop (*... the Canadian man. (Example Forces)*)."""
    match = _PAREN_END.search(line)
    if not match:
        return False
    inside = match.group(1)
    if _CREDIT_WORD.search(inside) or ("/" in inside and " " in inside.strip()):
        return True
    words = inside.split()
    before = line[:match.start()]
    return (2 <= len(words) <= 4 and all(w[0].isupper() and not w.isupper() for w in words) and _n_words(before) >= 4
            and (not ends_sentence(before) or bool(re.search(r"[.?!]\s+$", before))))


def is_caption(line: str) -> bool:
    """A photo caption or picture credit.

    Matches a line of at most 60 words that carries a credit (*Photo:*,
    *Photograph by*, *Picture:*, *Image:*, *Credit:*, or ends with an agency
    credit such as *(AFP)*, *Getty Images*, *Press Association Images*,
    */Reuters*, *. Source: Example Agency* or *. Example Group/example.net*), opens like a caption
    (*In this photo ...*, *This image shows*, *FILE -*, *Pictured:*, an image placeholder *No image
    available*) or ends with a parenthesised credit (see
    ``_ends_with_credit``: *(AP Photo/Jane Doe)*, *(Stock image)*); a line of at
    most 15 words, not ending like a sentence, whose last word is an agency in
    capitals, even glued on (*Fighters at the borderGETTY*); or a line of at
    most 25 words, without quotation marks, in the caption voice *X is/are/was/were
    seen/pictured/shown/depicted ...* (but not *seen as*, which is an opinion).

    Examples
    --------
    >>> is_caption("Fighters gather near the border. Photo: Example Agency")
    True
    >>> is_caption("A wanted poster is seen in a market square.")
    True
    >>> is_caption("A checkpoint near the border (AP Photo/Jane Doe)"), is_caption("Fighters in the hillsGETTY")
    (True, True)
    >>> is_caption("The group is seen as a threat by its neighbours.")
    False
    """
    n_words = _n_words(line)
    if n_words <= 60 and (_CAPTION_CREDIT.search(line) or _CAPTION_START.match(line) or _ends_with_credit(line)):
        return True
    if n_words <= 15 and not ends_sentence(line) and _GLUED_CREDIT.search(line):
        return True
    return n_words <= 25 and not _has_quote(line) and bool(_CAPTION_VERB.search(line))


_SOCIAL_CORE = frozenset(
    "share shares shared sharing tweet tweets facebook twitter whatsapp telegram linkedin reddit pinterest "
    "messenger flipboard email e-mail comment comments reactions views likes".split()
)
_SOCIAL_EXTRA = frozenset("x print copy link save saved like on this article story page via mail".split())
_FONT_SIZE = re.compile(
    r"^\s*(?:(?:A\s*[-+]?\s*){2,3}|T\s?T|Aa|(?:(?:increase|decrease|reset|change) )?(?:text|font)(?: size)?(?: [-+])?)\s*$",
    re.I,
)
_COUNT = re.compile(r"^\d[\d.,]*[kKmM]?$")


def is_widget(line: str) -> bool:
    """Widget text that fills a whole line: separators, counters, font-size controls, share bars.

    Matches a line made only of digits, punctuation and single letters (a counter *20*, a
    separator *-* or *\\* \\* \\**, a close button *X*, *|*); a short label repeated (*AB AB*); nothing
    but hashtags and handles (*#Example @example*); a
    font-size control (*A A A*,
    *A- A+*, *TT*, *Aa*, *Text size*); or a share bar whose every word is a share word, a
    social network or a count (*Facebook Twitter Email*, *20 Shares*, *Share 3 Comments*).
    A line with any other word is never matched.

    Examples
    --------
    >>> is_widget("20"), is_widget("A A A"), is_widget("Facebook Twitter WhatsApp"), is_widget("-")
    (True, True, True, True)
    >>> is_widget("20 fighters left."), is_widget("Share prices fell.")
    (False, False)
    """
    text = line.strip()
    if not text:
        return False
    if _FONT_SIZE.match(text):
        return True
    if len(set(text.split())) == 1 and len(text.split()) > 1 and len(text.split()[0]) <= 4:
        return True  # a logo or label repeated (ZB ZB)
    if all(re.sub(r"[^\w#@]", "", t)[:1] in ("#", "@") for t in text.split()):
        return True  # hashtags and handles only
    tokens = re.findall(r"[^\s|\u2022\u00b7,/]+", text)
    if all(_COUNT.match(t) or not re.search(r"[^\W\d_]{2}", t) for t in tokens):
        return True  # digits, punctuation and single letters only
    words = [t.strip(".:;()[]").lower() for t in tokens]
    return (all(w in _SOCIAL_CORE or w in _SOCIAL_EXTRA or _COUNT.match(w) for w in words)
            and any(w in _SOCIAL_CORE or _COUNT.match(w) for w in words))


_PLAYER_LABEL = re.compile(
    r"^\s*(?:watch|video|videos|listen|audio|podcast|play(?:ing)?|now playing|up next|gallery|in pictures|photos)"
    r"(?:\s+now)?\s*[:|\-]\s*\S", re.I)
_PLAYER_LINE = _full_match([
    r"watch(?: now| live| video| the video)?", r"listen(?: now| live)?", r"play(?: video| audio| now)?", r"replay",
    r"pause", r"(?:un)?mute", r"(?:enter |exit )?full ?screen", r"video", r"audio", r"now playing", r"up next",
    r"live", r"close(?: video| player)?", r"live now", r"on air", r"start time", r"end time", r"playing for",
    r"play live(?: radio| tv)?", r"(?:available )?on air stations", r"next up",
    r"listen live(?: on)?", r"listen to [\w ]{1,30}", r"live (?:radio|tv|stream)",
])
_DURATION = re.compile(r"^\s*(?:duration\s*:?\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$", re.I)


_WATCH_INTRO = re.compile(r"^\s*(?:watch|listen(?: to)?|see)\b[^.?!\"]{0,80}:\s*$", re.I)


def is_player(line: str) -> bool:
    """Media-player and gallery text: a control label, a running time, or a link to a video or gallery.

    Matches a whole line *Watch*, *Listen*, *Play video*, *Replay*, *Mute*, *Full screen*,
    *Now playing*, *Up next*, *Live (now)*, *On air*, *Start time*, *End time*, *Playing for*,
    *Listen live (on)*, *Listen to <station>*, *Close*; a running time (*2:15*, *0:00 / 2:15*,
    *Duration 3:05*); or a line of at most 20 words without quotation marks that starts with
    *Watch:*, *Video:*, *Listen:*, *Audio:*, *Podcast:*, *Gallery:*, *In pictures:* or *Photos:*
    (also with ``|`` or ``-``), or a line that introduces a video and ends with a colon (*Watch Jane
    Doe talk about her year in the camp:*).

    Examples
    --------
    >>> is_player("Watch: Fighters cross the border at night"), is_player("Play video"), is_player("0:00 / 2:15")
    (True, True, True)
    >>> is_player("Watch the border, he told them."), is_player('Video: "We will go home," he says')
    (False, False)
    """
    if _PLAYER_LINE.match(line) or _DURATION.match(line) or _WATCH_INTRO.match(line):
        return True
    return _n_words(line) <= 20 and not _has_quote(line) and bool(_PLAYER_LABEL.match(line))


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
_DATE_TOKEN = re.compile(
    rf"^(?:{_MONTH}|{_WEEKDAY}|(?:19|20)\d\d|\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?(?:am|pm)?|\d{{4}}-\d{{2}}-\d{{2}}(?:t[\d:]+z?)?|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{2,4}|ago)$", re.I)
_TIME_WORD = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?|a\.?m\.?|p\.?m\.?|am|pm|gmt|utc|bst|cet|cest|eet|eest|msk|est|edt|cst|cdt|mst|mdt|"
    r"pst|pdt|ast|ist|et|pt|ct|z|(?:gmt|utc)?[+-]\d{1,2}(?::?\d{2})?|posted|published|updated|last|first|modified|"
    r"date|release|released|on|at|ago|just|an?|one|\d+|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|"
    r"months?|years?|adjust|font|text|size|print)$", re.I)


def is_timestamp(line: str) -> bool:
    """A date or time line: nothing but a date or time, optionally labelled.

    Matches a line of at most 15 words made only of month and weekday names, years, day
    numbers, clock times, time zones and the labels *Posted / Published / Updated / Last
    updated / First published / Modified / Date / Release date / on / at ... ago*, with
    perhaps a source of one or two capitalised words just before the date and a font-size
    control after it (*Example Agency, May 21, 2015 Adjust font size*)
    (*Thursday, April 27, 2017*; *Posted Apr 27, 2017 4:32 AM CDT*; *Updated: 12 March
    2019 14:05 GMT*; *Published 3 hours ago*; *2022-03-13*), with at least one month,
    weekday, year, clock time or *ago*. Any other word keeps the line.

    Examples
    --------
    >>> is_timestamp("Posted Apr 27, 2017 4:32 AM CDT"), is_timestamp("Published 3 hours ago")
    (True, True)
    >>> is_timestamp("Thursday, 14 September 2017 22:43"), is_timestamp("Updated: 12 March 2019 14:05 GMT")
    (True, True)
    >>> is_timestamp("In March 2019 they left."), is_timestamp("Last year")
    (False, False)
    """
    line = re.sub(r"(?<=[a-z])(?=(?:January|February|March|April|May|June|July|August|September|October|November|"
                  r"December)\b)", " ", line)  # a byline glued to the date (Jane DoeApril 4, 2025)
    tokens = [t for t in re.split(r"[\s,|\u2022\u00b7()]+|(?<!\d)[-\u2013\u2014:](?!\d)", line.strip()) if t]
    tokens = [t.rstrip(":") for t in tokens if t.rstrip(":")]
    for n in (1, 2):  # a source name of one or two capitalised words just before the date (Example Agency, May 21)
        if len(tokens) > n and _DATE_TOKEN.match(tokens[n]) and all(
                t[:1].isupper() and not (_DATE_TOKEN.match(t) or _TIME_WORD.match(t)) for t in tokens[:n]):
            tokens = tokens[n:]
            break
    if not tokens or len(tokens) > 15:
        return False
    if not all(_DATE_TOKEN.match(t) or _TIME_WORD.match(t) for t in tokens):
        return False
    return any(_DATE_TOKEN.match(t) for t in tokens)


_AGE_NOTICE = re.compile(
    r"^\s*(?:this|the) (?:article|story|page|content|report|piece|item) (?:is|was) (?:(?:more|older) than |over |"
    r"at least |nearly |almost )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+) "
    r"(?:years?|months?) old\b|"
    r"^\s*(?:this (?:article|story|page) was )?(?:first )?(?:published|written) (?:more than |over )?"
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:years?|months?) ago\b|"
    r"\barchived? (?:article|story|content|page)\b|^\s*from the archives?\b|"
    r"^\s*this (?:is a )?(?:developing|breaking) (?:story|news)\b|"
    r"^\s*this (?:story|article|report) (?:is developing|has been updated|will be updated|was updated|has been corrected)\b", re.I)


def is_age_notice(line: str) -> bool:
    """A notice about the article's age or archive status.

    Matches a line of at most 30 words without quotation marks such as *This article is
    more than 5 years old*, *This story was published two years ago*, *This is an archived
    article and the information may be outdated*, *From the archive*, *This is a developing
    story* or *This story has been updated*.

    Examples
    --------
    >>> is_age_notice("This article is more than 5 years old"), is_age_notice("From the archives")
    (True, True)
    >>> is_age_notice("The war is more than 12 years old."), is_age_notice('"This story is old," he said.')
    (False, False)
    """
    return _n_words(line) <= 30 and not _has_quote(line) and bool(_AGE_NOTICE.search(line))


_CONTINUE = _full_match([
    r"continue reading(?: (?:below|here|the (?:main )?story|the (?:full )?article|after (?:the )?(?:ad|advertisement)))?",
    r"\(?(?:the )?(?:story|article) continues (?:below|after (?:the )?(?:ad|advert|advertisement))\)?",
    r"read (?:the )?(?:full|whole|rest of the|original|complete) (?:story|article|report|piece)(?: and more)?"
    r"(?: here| (?:on|in|at) [\w.' -]{1,40})?",
    r"read more (?:here|at [\w.]+|on [\w.]+)", r"(?:you can )?read the rest(?: of (?:the|this) (?:story|article|report))? here",
    r"click here(?: to read (?:more|the (?:full |whole )?(?:story|article|report)))?",
    r"(?:show|see|load|view) more", r"advertisement\s*-\s*scroll to continue", r"more below",
])


def is_continue_marker(line: str) -> bool:
    """A *continue reading* style marker, filling the whole line.

    Matches (case-insensitive, optionally ending with ``: . | > › »``) *Continue reading
    (below / the main story)*, *(Story / Article continues below)*, *Read the full story
    (here)*, *Read more here*, *You can read the rest of the story here*, *Click here (to
    read more)*, *Show / See / Load more* and *Advertisement - scroll to continue*. A
    sentence that goes on is never matched.

    Examples
    --------
    >>> is_continue_marker("Continue reading the main story"), is_continue_marker("Story continues below")
    (True, True)
    >>> is_continue_marker("You can read the rest of the story here.")
    True
    >>> is_continue_marker("Read more about how they escaped in our report.")
    False
    """
    return bool(_CONTINUE.match(line))


_APP_PROMPT = re.compile(
    r"^\W*(?:\d+[.)]\s*)?(?:tap|click|install|download|get|open|add|try)\b.*\b(?:app|apps|home ?screen|navigation bar|"
    r"address bar|app store|google play)\b", re.I)


def is_app_prompt(line: str) -> bool:
    """An app-install prompt: an instruction to install, download or open the outlet's app.

    Matches a line of at most 20 words without quotation marks that starts (after an optional
    step number) with *Tap / Click / Install / Download / Get / Open / Add / Try* and mentions
    an *app*, the *home screen*, the *navigation* or *address bar*, the *App Store* or *Google
    Play* (*Install the Example News app*, *2. Tap to Add to Home Screen*). Prose that merely
    mentions an app does not start with an instruction.

    Examples
    --------
    >>> is_app_prompt("Install the Example News app"), is_app_prompt("1. Tap in your navigation bar.")
    (True, True)
    >>> is_app_prompt("Recruits were told to download an encrypted messaging app.")
    False
    """
    return _n_words(line) <= 20 and not _has_quote(line) and bool(_APP_PROMPT.match(line))


_APPEAL = re.compile(
    r"\b(?:support (?:from )?(?:readers|us|our (?:journalism|work|reporting))|readers like you|"
    r"contribut(?:e|ion)s?\b|donat(?:e|ion)s?\b|become a (?:member|supporter|subscriber)|we need your (?:help|support)|"
    r"keeps? [\w ]{0,30}\b(?:open|free|independent)\b|advertising revenue|independent,? (?:unbiased )?(?:news|journalism)|"
    r"value in our (?:reporting|journalism)|(?:meaningful|quality|independent) journalism|"
    r"(?:help|support) (?:fund|keep) )", re.I)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you've|you're)\b", re.I)


def is_appeal(line: str) -> bool:
    """A reader-support or donation appeal from the outlet.

    Matches a line of at most 60 words without quotation marks that addresses the reader
    (*you*, *your*) and asks for support: *support from readers*, *readers like you*,
    *contribute*, *donate*, *become a member*, *we need your help*, *keeps ... open / free*,
    *advertising revenue*, *independent news / journalism*, *value in our reporting*.

    Examples
    --------
    >>> is_appeal("Support from readers like you keeps Example News open.")
    True
    >>> is_appeal("We need your help now")
    True
    >>> is_appeal("The group raised money through donations from supporters abroad.")
    False
    """
    return (_n_words(line) <= 60 and not _has_quote(line) and bool(_SECOND_PERSON.search(line))
            and bool(_APPEAL.search(line)))


_CODE_START = re.compile(
    r"^\s*(?:<[!/?a-z]|\{\s*[\"'@\w]+[\"']?\s*:|\[\s*\{|//|/\*|\*/|(?:var|let|const|function|window|document|"
    r"googletag|jQuery|if\s*\(|for\s*\(|return\b|@media|@import|!function|\(function|\$\())", re.I)
_CODE_SIGNAL = re.compile(
    r"</?[a-z][a-z0-9]*(?:\s+[\w:-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>|\b(?:function\s*\(|var\s+\w+\s*=|"
    r"(?:let|const)\s+\w+\s*=|window\.\w+|document\.\w+|googletag\.|\w+\.push\(|jQuery\(|\$\(|!important)|"
    r"\{\s*[\"']@?\w+[\"']\s*:|\b(?:src|href|class|style|data-[\w-]+|width|height)\s*=\s*[\"']|=>|<!--|-->|[{};]\s*$",
    re.I)


_TEMPLATE = re.compile(r"(?:\{\{[^{}]*\}\}|\{%[^{}]*%\}|\$\{[^{}]*\}|\s)+")


def is_markup(line: str) -> bool:
    """Embedded code or markup pasted into the text: HTML, JavaScript, CSS or JSON.

    Matches a line that starts like code (an HTML tag ``<div``, ``</p>``, ``<!--``; a JSON
    object ``{"@context":``; a comment ``//`` or ``/*``; ``var``, ``let``, ``const``,
    ``function``, ``window``, ``document``, ``googletag``, ``if (``, ``@media``,
    ``(function``) and also holds a code signal (a tag, ``function(``, ``var x =``,
    ``window.``, ``.push(``, ``src="``, ``class="``, ``=>``, or a final ``{ } ;``); or a line
    that is nothing but tags; or a line that is nothing but template placeholders
    (``{{featured_button_text}}``, ``{% block %}``, ``${title}``). Prose that mentions a tag or
    a function in passing does not start like code.

    Examples
    --------
    >>> is_markup('<iframe src="https://example.com/embed/1" width="560"></iframe>')
    True
    >>> is_markup("window.dataLayer = window.dataLayer || [];")
    True
    >>> is_markup("The function of the border guards changed in 2016; they now shoot.")
    False
    """
    if _TEMPLATE.fullmatch(line.strip()):
        return True
    if not _CODE_START.match(line):
        return False
    return bool(_CODE_SIGNAL.search(line))


_SITE_PROMPT = re.compile(
    r"\b(?:log(?:ged)? ?in|sign(?:ed)? ?in|login|register(?:ed)?)\b.*\b(?:comment|react|reply|post|continue|read|"
    r"vote|like)|\b(?:comment|react|reply|reaction)\w*\b.*\b(?:log(?:ged)? ?in|sign(?:ed)? ?in|login)\b|"
    r"^\W*be the first\b|\bjoin the (?:conversation|discussion|debate)\b|\bcomments? (?:are|is) (?:closed|disabled)\b|"
    r"^\W*(?:leave|post|add|view|show|hide|load) (?:a |all |the )?(?:\d+ )?(?:comments?|repl(?:y|ies))\b|"
    r"\bpermission to edit\b|\bissues with commenting\b|\breport (?:an? )?(?:error|typo|abuse)\b|"
    r"\bmoderates? (?:all )?comments\b", re.I)


def is_site_prompt(line: str) -> bool:
    """The site talking to its user about the page: log-in, comment and reaction prompts, editing notices.

    Matches a line of at most 20 words without quotation marks such as *You must be logged in
    to react*, *Click any reaction to login*, *Be the first to comment*, *Join the
    conversation*, *Comments are closed*, *Leave a comment*, *View 3 comments*, *You have
    permission to edit this article*, *Report an error* or *Example News moderates all comments*.

    Examples
    --------
    >>> is_site_prompt("You must be logged in to react."), is_site_prompt("Be the first to know")
    (True, True)
    >>> is_site_prompt("He logged in to the forum every night to post comments."), is_site_prompt('"Be the first," he said.')
    (False, False)
    """
    if _n_words(line) > 20 or _has_quote(line):
        return False
    if re.search(r"\b(?:he|she|they|we|i)\s+(?:\w+\s+)?(?:logged|signed)\b", line, re.I):
        return False  # someone in the story logging in
    return bool(_SITE_PROMPT.search(line))


_EMBED = re.compile(r"pic\.twitter\.com/|\bt\.co/\w|twitter\.com/\w+/status|instagram\.com/p/|youtu\.be/|"
                    r"^\s*-\s*[^()]{1,60}\(@\w+\)\s*(?:[A-Z][a-z]+ \d{1,2}, \d{4})?\s*$")


def is_embed(line: str) -> bool:
    """The text of an embedded social-media post: a line with a *pic.twitter.com/...*, *t.co/...*,
    a tweet or Instagram address, or the post's signature line *- Jane Doe (@janedoe) May 3, 2019*.

    Examples
    --------
    >>> is_embed("Almost all fighters fled the camp. pic.twitter.com/abc123"), is_embed("- Jane Doe (@janedoe) May 3, 2019")
    (True, True)
    >>> is_embed("He posted the video on Twitter (@example) in 2019, officials said.")
    False
    """
    return bool(_EMBED.search(line))


_LIST_SEPARATOR = re.compile(r"\s+[\u2022\u00b7|]\s+")


def is_link_list(line: str) -> bool:
    """A row of links on one line: three or more short items separated by bullets or bars.

    Matches a line split by `` • ``, `` · `` or `` | `` into at least three items, each of at
    most 15 words and none ending like a sentence (a ticker of headlines, a menu: *World •
    Politics • Sport*). Prose does not separate its clauses with bullets.

    Examples
    --------
    >>> is_link_list("Rebels Take Town  \u2022 Markets Open Higher  \u2022 Storm Hits Coast")
    True
    >>> is_link_list("Fighters left | some stayed.")
    False
    """
    items = [item.strip() for item in _LIST_SEPARATOR.split(line.strip()) if item.strip()]
    return len(items) >= 3 and all(_n_words(item) <= 15 and not ends_sentence(item) for item in items[:-1])


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
    if not (min_words <= _n_words(line) <= max_words) or ends_sentence(line):
        return False
    words = _words(line)
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
    Rule("widget", "widget text (counter, separator, font-size control or share bar)", is_widget),
    Rule("player", "media player or gallery text", is_player),
    Rule("timestamp", "date or time line", is_timestamp),
    Rule("age_notice", "article-age or archive notice", is_age_notice),
    Rule("continue_marker", "continue-reading marker", is_continue_marker),
    Rule("app_prompt", "app-install prompt", is_app_prompt),
    Rule("appeal", "reader-support appeal", is_appeal),
    Rule("markup", "embedded code or markup", is_markup),
    Rule("site_prompt", "log-in, comment or editing prompt", is_site_prompt),
    Rule("link_list", "row of links (ticker or menu)", is_link_list),
    Rule("embed", "embedded social-media post", is_embed),
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
    """A run of consecutive kept lines, joined with single spaces (or one line, when the lines of a run
    are paragraphs themselves: see ``_paragraph_groups``).

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
                     "Lines without a closing stop that follow a related-links header (or a lone dash, or a line that "
                     "introduces a video with a colon), up to the next sentence-like line."),
    "source_line": ("source or byline line between headline and text",
                    "A Title Case line of at most 6 words between the headline and the first line of 8 or more words."),
    "inline_headline": ("headline-like line inside the body (likely a link to another article)",
                        "A Title Case line of 4 to 20 words without a closing stop after the header (see looks_like_headline)."),
    "section_name": ("site or section name before the headline",
                     "One-line paragraphs of at most 3 words, without a closing stop, before the first one-line "
                     "paragraph of 4 or more words that does not end with a full stop (the headline), with text after it."),
    "promo_block": ("part of a promotion or app-install box",
                    "Every line of a block of consecutive short lines (at most 12 words each) that holds a "
                    "promotion, app-install prompt or reader appeal."),
    "caption_text": ("caption text under a picture credit",
                     "A line of at most 25 words, without a closing stop or quotation marks, right after a short line "
                     "that ends with an agency credit in capitals (e.g. 'Fighters at the borderGETTY')."),
    "doubled_line": ("line shown twice (same as line {line})",
                     "A line followed directly (blank lines aside) by the same line, other than the headline: a caption "
                     "or an image text that the page renders twice; both copies go."),
    "pull_quote": ("pull quote repeating line {line}",
                   "A one-line paragraph of 6 or more words after the standfirst whose words (ignoring case, quotation "
                   "marks and punctuation) occur inside a longer line of the body."),
}
"""Context rules: name -> (reason written to the audit, what the rule matches)."""


def _is_dash_line(text: str) -> bool:
    """A separator line of dashes only (after normalisation: ``-``)."""
    return bool(text.strip()) and not text.strip().strip("-")


def _section_lines(out: list[LineRecord], kept: list[int]) -> int:
    """How many leading kept lines are site or section names (see ``_CONTEXT_RULES['section_name']``)."""
    def alone(k: int) -> bool:  # a kept line that is a paragraph of its own
        i = kept[k]
        return (i == 0 or out[i - 1].status != "kept") and (i + 1 == len(out) or out[i + 1].status != "kept")

    j = 0
    while j < len(kept) - 2 and alone(j) and _n_words(out[kept[j]].text) <= 3 and not ends_sentence(out[kept[j]].text):
        j += 1
    headline = out[kept[j]].text.rstrip()
    return j if j and alone(j) and _n_words(headline) >= 4 and not headline.endswith(".") else 0


def _apply_context_rules(records: list[LineRecord]) -> list[LineRecord]:
    """Section names, repeated headline, duplicates, related-link lists, in-body headlines, source lines,
    then promotion boxes, caption text and pull quotes."""
    out = list(records)
    kept = [i for i, rec in enumerate(out) if rec.status == "kept"]
    if not kept:
        return out
    n_section = _section_lines(out, kept)
    for i in kept[:n_section]:
        out[i] = _remove(out[i], "section_name")
    title_i = kept[n_section]
    title_key = _key(out[title_i].text)
    first_seen: dict[str, int] = {}
    in_link_list = False
    in_header = True
    for i, rec in enumerate(out):
        if rec.status == "blank":
            continue
        key = _key(rec.text)
        if rec.status == "removed":
            in_link_list = (rec.rule == "related_marker" or (rec.rule == "widget" and _is_dash_line(rec.text))
                            or (rec.rule == "player" and rec.text.rstrip().endswith(":"))
                            or (in_link_list and rec.rule != "web_chrome"))
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
        elif in_header and _n_words(rec.text) <= _SOURCE_LINE_MAX_WORDS and looks_like_headline(rec.text, min_words=1):
            out[i] = _remove(rec, "source_line")
        elif not in_header and looks_like_headline(rec.text, min_words=4):
            out[i] = _remove(rec, "inline_headline")
        else:
            first_seen[key] = rec.line_no
            in_link_list = False
            if _n_words(rec.text) >= _BODY_MIN_WORDS:
                in_header = False
            continue
        first_seen.setdefault(key, rec.line_no)
    return _pull_quotes(_caption_text(_promo_blocks(_doubled_lines(out, title_i))))


def _doubled_lines(out: list[LineRecord], title_i: int) -> list[LineRecord]:
    """Remove the first copy of a line that the next non-blank line repeats (the second is a duplicate)."""
    lines = [i for i, rec in enumerate(out) if rec.status != "blank"]
    for i, j in zip(lines, lines[1:]):
        if (i != title_i and out[i].status == "kept" and out[j].rule in ("duplicate", "caption")
                and _key(out[i].text) == _key(out[j].text)):
            out[i] = _remove(out[i], "doubled_line", out[j].line_no)
    return out


def _blocks(records: list[LineRecord]) -> list[list[int]]:
    """Runs of consecutive non-blank lines (kept or removed), as indices."""
    runs: list[list[int]] = []
    for i, rec in enumerate(records):
        if rec.status == "blank":
            if runs and runs[-1]:
                runs.append([])
        elif runs:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [run for run in runs if run]


def _promo_blocks(out: list[LineRecord]) -> list[LineRecord]:
    """Remove the rest of a box of short lines that holds a promotion, app prompt or appeal."""
    for run in _blocks(out):
        if (all(_n_words(out[i].text) <= 12 for i in run)
                and any(out[i].rule in {"promotion", "app_prompt", "appeal"} for i in run)):
            for i in run:
                if out[i].status == "kept":
                    out[i] = _remove(out[i], "promo_block")
    return out


def _caption_text(out: list[LineRecord]) -> list[LineRecord]:
    """Remove the caption line that follows a short picture label ending in an agency credit."""
    previous = None
    for i, rec in enumerate(out):
        if rec.status == "blank":
            continue
        if (previous is not None and previous.rule == "caption" and _n_words(previous.text) <= 15
                and _GLUED_CREDIT.search(previous.text) and rec.status == "kept" and _n_words(rec.text) <= 25
                and not ends_sentence(rec.text) and not _has_quote(rec.text)):
            out[i] = rec = _remove(rec, "caption_text")
        previous = rec
    return out


def _loose_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text).split()).casefold()


def _pull_quotes(out: list[LineRecord]) -> list[LineRecord]:
    """Remove one-line paragraphs after the standfirst that repeat words of a longer body line."""
    groups = _paragraph_groups(out)
    if len(groups) < 3:
        return out
    body = [(i, _loose_key(out[i].text)) for group in groups[1:] for i in group]
    for group in groups[2:]:
        if len(group) != 1:
            continue
        i = group[0]
        key = _loose_key(out[i].text)
        if len(key.split()) < 6:
            continue
        source = next((j for j, other in body if j != i and len(other) > len(key) and key in other), None)
        if source is not None:
            out[i] = _remove(out[i], "pull_quote", out[source].line_no)
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


_UNWRAPPED_CHARS = 120


def _paragraph_groups(records: list[LineRecord]) -> list[list[int]]:
    """Runs of consecutive kept lines, each run one paragraph unless its lines are paragraphs themselves.

    Text copied from web pages often puts one paragraph per line with no blank line between
    them. A run is split into one paragraph per line when a line other than the last is longer
    than 120 characters (hard-wrapped text has short lines) or when every line but the last
    ends like a sentence. A first run whose first line has no closing stop and is followed by a
    capitalised line loses that line as a paragraph of its own (a headline directly above the
    text).
    """
    out: list[list[int]] = []
    for n, group in enumerate(_group_paragraphs(records)):
        texts = [records[i].text.strip() for i in group]
        if len(group) > 1 and (any(len(t) > _UNWRAPPED_CHARS for t in texts[:-1])
                               or all(ends_sentence(t) for t in texts[:-1])):
            out.extend([i] for i in group)
        elif n == 0 and len(group) > 1 and not ends_sentence(texts[0]) and texts[1][:1].isupper():
            out.extend([[group[0]], group[1:]])
        else:
            out.append(group)
    return out


def _is_standfirst(text: str, n_paragraphs_left: int) -> bool:
    return (
        n_paragraphs_left > 0
        and _n_words(text) <= _STANDFIRST_MAX_WORDS
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
    groups = _paragraph_groups(records)
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


def cleaning_agreement(articles: dict, furniture, *, errors: bool = False):
    """Line removal against hand-coded furniture: precision, recall and the lines it gets wrong.

    Parameters
    ----------
    articles : dict
        doc_id -> raw text (str) or :class:`CleanedArticle`.
    furniture : pandas.DataFrame
        ``doc_id, line_no``: every line (1-based, as in the raw file) a coder marks as
        furniture; every other non-blank line counts as article text. An optional ``kind``
        column is carried into the error list.
    errors : bool
        Return the disagreements (doc_id, line_no, error, rule, text) instead of the scores.

    Returns
    -------
    pandas.DataFrame
        One row per article and a row ``all``: n_lines (non-blank), furniture, removed, tp, fp
        (article text removed), fn (furniture kept), precision, recall.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = "Title of the Story Here\\nAdvertisement\\nThe fighters left, he said.\\n20\\n"
    >>> codes = pd.DataFrame({"doc_id": ["a", "a"], "line_no": [2, 4]})
    >>> row = cleaning_agreement({"a": raw}, codes).set_index("doc_id").loc["all"]
    >>> int(row.tp), int(row.fp), int(row.fn), float(row.recall)
    (2, 0, 0, 1.0)
    """
    import pandas as pd

    marked = {(str(d), int(n)) for d, n in zip(furniture["doc_id"], furniture["line_no"])}
    kinds = ({(str(d), int(n)): k for d, n, k in zip(furniture["doc_id"], furniture["line_no"], furniture["kind"])}
             if "kind" in furniture else {})
    rows, wrong = [], []
    for doc_id, article in articles.items():
        art = article if isinstance(article, CleanedArticle) else clean_article(article)
        counts = dict(n_lines=0, furniture=0, removed=0, tp=0, fp=0, fn=0)
        for rec in art.lines:
            if rec.status == "blank":
                continue
            hand, auto = (str(doc_id), rec.line_no) in marked, rec.status == "removed"
            counts["n_lines"] += 1
            counts["furniture"] += hand
            counts["removed"] += auto
            counts["tp"] += hand and auto
            counts["fp"] += auto and not hand
            counts["fn"] += hand and not auto
            if hand != auto:
                wrong.append((str(doc_id), rec.line_no, "furniture kept" if hand else "text removed", rec.rule,
                              kinds.get((str(doc_id), rec.line_no), ""), rec.text))
        rows.append((str(doc_id), *counts.values()))
    if errors:
        return pd.DataFrame(wrong, columns=["doc_id", "line_no", "error", "rule", "kind", "text"])
    table = pd.DataFrame(rows, columns=["doc_id", "n_lines", "furniture", "removed", "tp", "fp", "fn"])
    total = table.drop(columns="doc_id").sum()
    table = pd.concat([table, pd.DataFrame([{"doc_id": "all", **total.to_dict()}])], ignore_index=True)
    table["precision"] = (table["tp"] / table["removed"].where(table["removed"] > 0)).round(3)
    table["recall"] = (table["tp"] / table["furniture"].where(table["furniture"] > 0)).round(3)
    return table


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

