"""Sentences, tokens and name variants, fully offline.

Nothing here needs downloaded data. Sentences come from nltk's Punkt
algorithm with an explicit list of abbreviations (an untrained Punkt model
needs no data file); tokens from a regular expression; stop words from the
list that ships with scikit-learn; stems from nltk's Snowball stemmer.
nltk and scikit-learn are imported only when a function needs them.

Sentences never cross paragraphs, so a headline or standfirst without a
final full stop is its own sentence.

The alias table (``fsf/data/aliases.csv``) maps the corpus's spelling
variants of groups, places and people (ISIS / Isis / ISIL / Islamic State /
Daesh / Daash, Idlib / Idleb, ...) to one canonical name and one token.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from fsf import config
from fsf.clean import normalize_chars
from fsf.errors import CorpusError

__all__ = [
    "ABBREVIATIONS",
    "Alias",
    "AliasMatch",
    "TOKEN_PATTERN",
    "TermExtractor",
    "alias_counts",
    "article_counts",
    "find_aliases",
    "kwic",
    "load_aliases",
    "normalize_aliases",
    "sentence_spans",
    "section_counts",
    "sentences",
    "split_sentences",
    "stem",
    "stopwords",
    "tokenize",
]

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj cpl adm gov sen rep rev st sr jr
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    u.s u.k u.n u.s.a e.u a.m p.m e.g i.e etc vs no nos approx est dept inc ltd co corp
    fig vol al""".split()
)
"""Abbreviations (lower case, without the final stop) after which Punkt must not end a sentence.

*no* is included for "No. 2"; a sentence ending in the word "no." before a
capitalised word is rare in news and is the cost of that choice.
"""


@functools.lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_CONTINUES = re.compile(r"^[\"'\u201c\u201d\u2018\u2019)\]]*\s*[a-z]")


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph.

    Punkt with :data:`ABBREVIATIONS` proposes the boundaries; a proposed
    sentence that starts with a lower-case word (``get in." the employee
    said``) is joined to the one before, because a new sentence would start
    with a capital.

    Examples
    --------
    >>> text = 'Mr. Mansour met U.S. officials. "We left," he said.'
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Mansour met U.S. officials.', '"We left," he said.']
    """
    return list(_spans(paragraph))


@functools.lru_cache(maxsize=65536)
def _spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Remembered per paragraph: several tables (sentences, mentions, stance, counts) split the same text."""
    spans: list[tuple[int, int]] = []
    for start, end in _punkt().span_tokenize(paragraph):
        if spans and _CONTINUES.match(paragraph[start:end]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, as strings (see :func:`sentence_spans`).

    Examples
    --------
    >>> split_sentences('"Now I am helping people to get out," the employee said. He left.')
    ['"Now I am helping people to get out," the employee said.', 'He left.']
    """
    return [paragraph[a:b] for a, b in sentence_spans(paragraph)]


def sentences(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article, title and standfirst included.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The table from :func:`fsf.corpus.load_corpus`.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_idx`` (0-based within the article), ``section``
        (title, standfirst, body), ``paragraph_idx`` (0 is the title),
        ``text`` (normalised characters), ``start, end`` (offsets of the
        sentence in its paragraph; the same offsets in the ``raw`` column of
        :func:`fsf.corpus.paragraphs` give the original characters) and
        the article's ``year``.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> sents = sentences(load_corpus())
    >>> sents[sents.doc_id == "001"].groupby("section").size().to_dict()
    {'body': 17, 'standfirst': 1, 'title': 1}
    """
    from fsf.corpus import paragraphs

    paras = paragraphs(corpus)
    rows = []
    counters: dict[str, int] = {}
    for doc_id, year, idx, section, text in zip(paras["doc_id"], paras["year"], paras["paragraph_idx"],
                                                paras["section"], paras["text"]):
        for start, end in sentence_spans(text):
            n = counters.get(doc_id, 0)
            counters[doc_id] = n + 1
            rows.append((doc_id, n, section, idx, text[start:end], start, end, year))
    out = pd.DataFrame(rows, columns=["doc_id", "sent_idx", "section", "paragraph_idx", "text",
                                      "start", "end", "year"])
    out["year"] = pd.array(out["year"].tolist(), dtype="Int64")
    return out


TOKEN_PATTERN = r"[^\W\d_]+(?:['\u2019_-][^\W_]+)*|\d+(?:[.,]\d+)*(?:-[^\W_]+)*"
"""Words (letters, with inner apostrophes, hyphens or underscores: *don't*, *al-Qaeda*,
*syrian_regime* from :func:`normalize_aliases`, *26-year-old*) and numbers (*3,000*)."""
_TOKEN = re.compile(TOKEN_PATTERN)


def tokenize(text: str, *, lower: bool = True, drop_stopwords: bool = False,
             drop_numbers: bool = False) -> list[str]:
    """Split text into word and number tokens (see :data:`TOKEN_PATTERN`).

    Characters are normalised first, so curly and straight apostrophes give
    the same token.

    Examples
    --------
    >>> tokenize("Isis\u2019 fighters paid $2,000 to the al-Qaeda-linked group.")
    ['isis', 'fighters', 'paid', '2,000', 'to', 'the', 'al-qaeda-linked', 'group']
    >>> tokenize("They don't want them back.", drop_stopwords=True)
    ["don't", 'want']
    """
    tokens = _TOKEN.findall(normalize_chars(text))
    if lower:
        tokens = [t.lower() for t in tokens]
    if drop_numbers:
        tokens = [t for t in tokens if not t[0].isdigit()]
    if drop_stopwords:
        stops = stopwords()
        tokens = [t for t in tokens if t.lower() not in stops]
    return tokens


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """scikit-learn's English stop-word list (318 words), shipped with the package.

    Examples
    --------
    >>> len(stopwords()), "they" in stopwords()
    (318, True)
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def stem(token: str) -> str:
    """Snowball (Porter 2) stem of a token.

    Examples
    --------
    >>> [stem(t) for t in ["fighters", "fighting", "defected"]]
    ['fighter', 'fight', 'defect']
    """
    return _stemmer().stem(token)


# --------------------------------------------------------------------------
# Aliases
# --------------------------------------------------------------------------


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


def section_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs, sentences and tokens per article and section, plus removed boilerplate.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, section`` (title, standfirst, body, removed), ``n_lines``,
        ``n_paragraphs``, ``n_sentences`` and ``n_tokens`` (:func:`tokenize`,
        numbers included). The ``removed`` rows count the tokens of removed
        lines, so kept plus removed tokens are all tokens of the file;
        they have no paragraphs or sentences.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> counts = section_counts(load_corpus())
    >>> counts[counts.doc_id == "001"].set_index("section").n_sentences.to_dict()
    {'title': 1, 'standfirst': 1, 'body': 17, 'removed': 0}
    """
    from fsf.corpus import lines_table

    sents = sentences(corpus)
    lines = lines_table(corpus)
    lines = lines[lines["status"] != "blank"].copy()
    lines["section"] = lines["section"].where(lines["status"] == "kept", "removed")
    lines["n_tokens"] = [len(tokenize(t)) for t in lines["text"]]
    by_section = lines.groupby(["doc_id", "section"]).agg(
        n_lines=("line_no", "size"), n_paragraphs=("paragraph_idx", "nunique"), n_tokens=("n_tokens", "sum"))
    n_sents = sents.groupby(["doc_id", "section"]).size().rename("n_sentences")
    sections = ["title", "standfirst", "body", "removed"]
    index = pd.MultiIndex.from_product([list(corpus["doc_id"]), sections], names=["doc_id", "section"])
    out = by_section.join(n_sents, how="outer").reindex(index).fillna(0).astype(int).reset_index()
    out.loc[out["section"] == "removed", "n_paragraphs"] = 0
    return out[["doc_id", "section", "n_lines", "n_paragraphs", "n_sentences", "n_tokens"]]


def article_counts(corpus: pd.DataFrame) -> pd.DataFrame:
    """Totals of kept text per article: paragraphs, sentences, tokens.

    Kept text is title, standfirst and body; removed lines are not counted.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> article_counts(load_corpus()).set_index("doc_id").loc["001"].to_dict()
    {'n_paragraphs': 7, 'n_sentences': 19, 'n_tokens': 428}
    """
    counts = section_counts(corpus)
    kept = counts[counts["section"] != "removed"]
    totals = kept.groupby("doc_id", sort=False)[["n_paragraphs", "n_sentences", "n_tokens"]].sum()
    return totals.reindex(list(corpus["doc_id"])).reset_index()


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


def kwic(sentences_table: pd.DataFrame, pattern: str, *, width: int = 40, regex: bool = False,
         case: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of a word or phrase, with the text either side.

    Parameters
    ----------
    sentences_table : pandas.DataFrame
        Sentences (doc_id, sent_idx, text), e.g. from :func:`sentences`.
    pattern : str
        A word or phrase, or a regular expression with ``regex=True``. A word
        matches where it is not part of a longer word; a hyphenated compound
        counts (*Turkey* finds *Turkey-based*), as in the alias table.
    width : int
        Characters of context either side.
    regex, case : bool
        Treat ``pattern`` as a regular expression; match case.

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, left, match, right: one row per occurrence, in corpus order.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "text": ["They fled to Turkey, then to Europe."]})
    >>> kwic(table, "turkey", width=8).values.tolist()
    [['a', 0, 'fled to', 'Turkey', ', then t']]
    """
    body = pattern if regex else r"(?<![\w-])" + re.escape(pattern) + r"(?![\w])"
    try:
        compiled = re.compile(body, 0 if case else re.I)
    except re.error as err:
        raise CorpusError(f"kwic: {pattern!r} is not a valid regular expression ({err}). Fix: pass regex=False "
                          "to search for the text as written.") from None
    rows = []
    for doc_id, sent_idx, text in zip(sentences_table["doc_id"], sentences_table["sent_idx"], sentences_table["text"]):
        for match in compiled.finditer(text):
            rows.append((doc_id, sent_idx, text[max(0, match.start() - width):match.start()].strip(),
                         match.group(), text[match.end():match.end() + width].rstrip()))
    return pd.DataFrame(rows, columns=["doc_id", "sent_idx", "left", "match", "right"])


_POSSESSIVE = re.compile(r"'s$")


@functools.lru_cache(maxsize=65536)
def _cached_stem(token: str) -> str:
    return stem(token)


class TermExtractor:
    """Text -> the list of terms counted by the topic and keyness analyses.

    Follows a settings record (:class:`fsf.topics.TopicSettings` or
    :class:`fsf.compare.CountSettings`) with the fields ``aliases``,
    ``stopwords`` (scikit-learn's list, yes or no), ``extra_stopwords``,
    ``drop_numbers``, ``strip_possessive``, ``min_token_length``, ``stem`` and,
    optionally, ``lowercase``. Alias variants (:func:`find_aliases`) become
    their one token whole and are never dropped or stemmed: tokenizing the
    output of :func:`normalize_aliases` instead would stem ``isis`` to ``isi``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> rules = SimpleNamespace(aliases=True, stopwords=True, extra_stopwords=(), drop_numbers=True,
    ...                         strip_possessive=True, min_token_length=2, stem=True)
    >>> TermExtractor(rules)("The Islamic State's fighters fled 3 towns in Idleb.")
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
