"""Hand codes: where they live, what they look like, how they are checked, and coding sheets.

Every automated measure in fsf is checked against careful hand coding. The seeds ship theirs
(``fsf/data/hand_coding/``, codebooks in ``docs/``); any other corpus can bring its own, in a
``hand_codes/`` folder inside the corpus folder (or passed explicitly):

``hand_codes/stance.csv``
    one row per coded sentence: ``doc_id, sent_idx, text, refers_ff, ref_type, stance,
    confidence, note`` (:data:`STANCE_CODE_COLUMNS`). ``doc_id`` and ``text`` are the key:
    ``text`` must be the sentence exactly as ``sentences.csv`` (or a coding sheet from
    ``fsf code``) gives it; ``sent_idx`` is checked when given. ``refers_ff`` is 1 or 0,
    ``stance`` -1, 0 or 1 (empty when ``refers_ff`` is 0); ``ref_type``, ``confidence`` and
    ``note`` may be empty. Only the sentences coded are validated: a sample is fine.
``hand_codes/stance_coder2.csv`` (optional)
    a second, independent coding of the same sentences in the same layout: the human ceiling
    and the reliability (:mod:`fsf.reliability`) compare it with ``stance_coder1.csv`` if there
    is one (when ``stance.csv`` is an adjudicated gold set), else with ``stance.csv``.
``hand_codes/quotes.csv``
    one row per quoted segment: ``doc_id, paragraph_idx, quote, speaker, speaker_type`` and
    optionally ``utterance_id, quote_id, sent_idx, attribution_cue, closed, note``; ``quote``
    is the text between the marks, exactly as in the paragraph.

:func:`coding_sheet` (``fsf code``) writes a sample of sentences with their context and empty
code columns, ready to fill in and save as ``hand_codes/stance.csv``: a stratified random
sample, or (``strategy="uncertain"``) the sentences the supervised stance model is least sure
of, whose codes teach it most.

The seeds' stance codes are the adjudicated gold set ``ff_sentences_gold.csv``: two coders'
independent codings (``ff_sentences_hand.csv``, ``ff_sentences_coder2.csv``), every
disagreement resolved against the codebook with a ``resolution`` note
(``docs/codebook-ff-stance.md``, section 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from fsf import config
from fsf.errors import FsfError

__all__ = ["CODES_FOLDER", "CodeSet", "CodesError", "QUOTE_CODE_COLUMNS", "STANCE_CODE_COLUMNS", "SPEAKER_TYPES",
           "STRATEGIES",
           "align_stance_codes", "coding_sheet", "find_codes", "load_quote_codes", "load_stance_codes",
           "read_quote_codes", "read_stance_codes"]

CODES_FOLDER = "hand_codes"
"""Name of the folder, inside a corpus folder, that holds its hand codes."""

STANCE_CODE_COLUMNS = ["doc_id", "sent_idx", "text", "refers_ff", "ref_type", "stance", "confidence", "note"]
"""Columns of ``hand_codes/stance.csv`` (``doc_id``, ``text``, ``refers_ff`` required)."""

QUOTE_CODE_COLUMNS = ["doc_id", "quote_id", "utterance_id", "paragraph_idx", "sent_idx", "quote", "speaker",
                      "speaker_type", "attribution_cue", "closed", "note"]
"""Columns of ``hand_codes/quotes.csv`` (``doc_id, paragraph_idx, quote, speaker, speaker_type`` required)."""

SPEAKER_TYPES = ("activist", "rebel commander", "official or intelligence", "analyst or researcher",
                 "former or current fighter", "NGO or aid worker", "anonymous source", "other")
"""Speaker types of the quotes codebook (``docs/codebook-quotes.md``)."""

REF_TYPES = ("explicit", "named", "contextual", "pronoun")
_SEED_STANCE = config.DATA_DIR / "hand_coding" / "ff_sentences_gold.csv"
_SEED_STANCE_FIRST = config.DATA_DIR / "hand_coding" / "ff_sentences_hand.csv"
_SEED_STANCE_SECOND = config.DATA_DIR / "hand_coding" / "ff_sentences_coder2.csv"
STRATEGIES = ("stratified", "uncertain")
"""How :func:`coding_sheet` picks sentences: a stratified random sample (default), or the ones
the stance model is least sure of (uncertainty sampling)."""
_SEED_QUOTES = config.DATA_DIR / "hand_coding" / "quotes_hand.csv"


class CodesError(FsfError):
    """Hand codes that cannot be used as they are: the message names the file, the row and the fix."""


@dataclass(frozen=True)
class CodeSet:
    """Where a study's hand codes come from: a stance file and a quotes file, either may be None.

    ``second`` is a second, independent coding of stance (for reliability and the human ceiling)
    and ``first`` the first coder's own codes when ``stance`` is an adjudicated gold set (else None:
    ``stance`` is the first coding).
    """

    stance: Path | None = None
    quotes: Path | None = None
    first: Path | None = None
    second: Path | None = None

    @property
    def empty(self) -> bool:
        return self.stance is None and self.quotes is None

    def describe(self) -> str:
        """One line saying which codes there are.

        Examples
        --------
        >>> CodeSet().describe()
        'no hand codes'
        >>> find_codes(None).describe()  # the seeds' codes ship with fsf: named inside the package
        'stance: fsf/data/hand_coding/ff_sentences_gold.csv; quotes: fsf/data/hand_coding/quotes_hand.csv; second coder: fsf/data/hand_coding/ff_sentences_coder2.csv'
        """
        def shown(path: Path) -> str:
            path = Path(path).resolve()
            if path.is_relative_to(config.PACKAGE_DIR):
                return "fsf/" + path.relative_to(config.PACKAGE_DIR).as_posix()
            return str(path)

        parts = [f"{what}: {shown(path)}" for what, path in (("stance", self.stance), ("quotes", self.quotes),
                                                             ("second coder", self.second)) if path]
        return "; ".join(parts) or "no hand codes"


def find_codes(corpus_dir: str | Path | None, codes=None) -> CodeSet:
    """The hand codes of a corpus.

    Parameters
    ----------
    corpus_dir : str or Path or None
        The corpus folder (``None``: the bundled seeds, whose codes ship with fsf).
    codes : None, False, str, Path or CodeSet
        ``None``: look in ``<corpus_dir>/hand_codes/`` (for the seeds, the shipped codes: the
        adjudicated gold set, and the two coders' codings behind it);
        ``False``: no codes; a folder: its ``stance.csv`` and ``quotes.csv``; a CodeSet: as given.

    Examples
    --------
    >>> find_codes(None).stance.name, find_codes(None).first.name
    ('ff_sentences_gold.csv', 'ff_sentences_hand.csv')
    >>> find_codes(None, codes=False).empty
    True
    """
    if codes is False:
        return CodeSet()
    if isinstance(codes, CodeSet):
        return codes
    if codes is None and corpus_dir is None:
        return CodeSet(_SEED_STANCE, _SEED_QUOTES, first=_SEED_STANCE_FIRST, second=_SEED_STANCE_SECOND)
    folder = Path(codes) if codes is not None else Path(corpus_dir) / CODES_FOLDER
    if codes is not None and not folder.is_dir():
        raise CodesError(f"{folder}: no such folder of hand codes. Fix: pass the folder that holds stance.csv "
                         "and/or quotes.csv.")
    stance, quotes = folder / "stance.csv", folder / "quotes.csv"
    first, second = folder / "stance_coder1.csv", folder / "stance_coder2.csv"
    return CodeSet(stance if stance.is_file() else None, quotes if quotes.is_file() else None,
                   first=first if first.is_file() else None, second=second if second.is_file() else None)


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise CodesError(f"{path}: cannot be read as a UTF-8 CSV table ({str(err).splitlines()[0]}). "
                         "Fix: save it as UTF-8 CSV with a header row.") from None
    table.columns = [c.strip() for c in table.columns]
    return table


def _require(path: Path, table: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CodesError(f"{path.name}: lacks the column(s) {', '.join(missing)} (it has "
                         f"{', '.join(table.columns) or 'none'}). Fix: use the layout of a coding sheet from `fsf code`.")


def _bad(path: Path, table: pd.DataFrame, mask, column: str, allowed: str) -> None:
    if mask.any():
        i = int(np.flatnonzero(mask.to_numpy())[0])
        raise CodesError(f"{path.name}: line {int(table.index[i]) + 2} (doc {table['doc_id'].iat[i]}) has {column} "
                         f"{table[column].iat[i]!r}, outside the codebook. Fix: use {allowed}.")


def read_stance_codes(path: str | Path) -> pd.DataFrame:
    """Read and check a stance-codes file (the layout of :data:`STANCE_CODE_COLUMNS`).

    Rows whose ``refers_ff`` is empty are sheet rows not coded yet and are left out (the
    count is kept in ``table.attrs["n_uncoded"]``).

    Raises
    ------
    CodesError
        Unreadable file, missing columns, a label outside the codebook (naming the line), a
        stance given for a sentence not about foreign fighters, or a sentence coded twice.
    """
    path = Path(path)
    table = _read_csv(path)
    _require(path, table, ["doc_id", "text", "refers_ff"])
    for column in STANCE_CODE_COLUMNS:
        if column not in table:
            table[column] = ""
    table = table.apply(lambda col: col.str.strip() if col.name != "text" else col)
    coded = table["refers_ff"] != ""
    n_uncoded = int((~coded).sum())
    table = table[coded]  # the index stays the row's place in the file, for the line numbers
    _bad(path, table, ~table["refers_ff"].isin(["0", "1"]), "refers_ff", "1 or 0")
    stance_ok = table["stance"].isin(["-1", "0", "1", "+1"]) | ((table["stance"] == "") & (table["refers_ff"] == "0"))
    _bad(path, table, ~stance_ok, "stance", "-1, 0 or 1 for a sentence about foreign fighters (empty when "
         "refers_ff is 0)")
    _bad(path, table, (table["refers_ff"] == "0") & (table["stance"] != ""), "stance",
         "an empty stance where refers_ff is 0")
    _bad(path, table, ~table["ref_type"].isin(("",) + REF_TYPES), "ref_type", ", ".join(REF_TYPES) + " or empty")
    _bad(path, table, ~table["confidence"].isin(["", "high", "low"]), "confidence", "high, low or empty")
    _bad(path, table, ~table["sent_idx"].str.fullmatch(r"\d*"), "sent_idx", "a whole number or empty")
    out = table[STANCE_CODE_COLUMNS].reset_index(drop=True)
    out["refers_ff"] = out["refers_ff"].astype(int)
    out["stance"] = pd.array([pd.NA if s == "" else int(s) for s in out["stance"]], dtype="Int64")
    out["sent_idx"] = pd.array([pd.NA if s == "" else int(s) for s in out["sent_idx"]], dtype="Int64")
    out.attrs["n_uncoded"] = n_uncoded
    out.attrs["source"] = str(path)
    out.attrs["lines"] = [int(i) + 2 for i in table.index]
    return out


def _key(text: str) -> str:
    return " ".join(str(text).split())


def align_stance_codes(codes: pd.DataFrame, sentences: pd.DataFrame, *, source: str = "stance.csv") -> pd.DataFrame:
    """Put each code on its sentence: by doc_id and text (whitespace ignored), checked against sent_idx.

    Returns
    -------
    pandas.DataFrame
        The codes with the study's ``sent_idx``; one row per coded sentence.

    Raises
    ------
    CodesError
        A code that matches no sentence of the corpus (the message says how many match, and
        names the first that does not), or two codes on one sentence.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a", "a"], "sent_idx": [0, 1], "text": ["They left.", "It rained."]})
    >>> codes = pd.DataFrame({"doc_id": ["a"], "sent_idx": pd.array([pd.NA], dtype="Int64"), "text": ["They  left."],
    ...                       "refers_ff": [1], "stance": pd.array([0], dtype="Int64")})
    >>> align_stance_codes(codes, sents)[["doc_id", "sent_idx", "refers_ff"]].values.tolist()
    [['a', 0, 1]]
    """
    name = Path(source).name
    index: dict[tuple[str, str], list[int]] = {}
    for doc_id, sent_idx, text in zip(sentences["doc_id"], sentences["sent_idx"], sentences["text"]):
        index.setdefault((str(doc_id), _key(text)), []).append(int(sent_idx))
    found, missing = [], []
    for i, row in enumerate(codes.itertuples(index=False)):
        candidates = index.get((str(row.doc_id), _key(row.text)), [])
        given = row.sent_idx if "sent_idx" in codes and not pd.isna(row.sent_idx) else None
        if given is not None and given in candidates:
            found.append(int(given))
        elif len(candidates) == 1 and given is None:
            found.append(candidates[0])
        elif candidates and given is None:
            found.append(candidates[0])  # a sentence repeated verbatim in one article: the first
        else:
            found.append(-1)
            missing.append((i, row, candidates))
    if missing:
        i, row, candidates = missing[0]
        lines = codes.attrs.get("lines") or []
        line = lines[i] if len(lines) == len(codes) else i + 2
        where = (f"sentence {row.doc_id}/{row.sent_idx} is {', '.join(map(str, candidates))} now" if candidates
                 else f"no sentence of article {row.doc_id!r} reads {_key(row.text)[:60]!r}")
        raise CodesError(f"{name}: {len(codes) - len(missing)} of {len(codes)} codes match a sentence of the corpus; "
                         f"line {line} does not ({where}). Fix: copy the text from sentences.csv or a coding sheet "
                         "(`fsf code`), and check doc_id and sent_idx.")
    out = codes.copy()
    out["sent_idx"] = np.asarray(found, dtype=int)
    dupes = out[out.duplicated(["doc_id", "sent_idx"], keep=False)]
    if len(dupes):
        row = dupes.iloc[0]
        raise CodesError(f"{name}: sentence {row['doc_id']}/{row['sent_idx']} is coded more than once. "
                         "Fix: keep one row per sentence.")
    return out.sort_values(["doc_id", "sent_idx"], kind="stable").reset_index(drop=True)


def load_stance_codes(sentences: pd.DataFrame | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """Stance hand codes (default: the seeds'), aligned to ``sentences`` when given.

    Examples
    --------
    >>> codes = load_stance_codes()  # the seeds' gold set
    >>> len(codes), int(codes.refers_ff.sum())
    (200, 161)
    """
    path = Path(path) if path is not None else _SEED_STANCE
    codes = read_stance_codes(path)
    if sentences is not None:
        codes = align_stance_codes(codes, sentences, source=str(path))
    else:
        codes["sent_idx"] = codes["sent_idx"].astype(int)
    return codes


def read_quote_codes(path: str | Path) -> pd.DataFrame:
    """Read and check a quote-codes file (the layout of :data:`QUOTE_CODE_COLUMNS`)."""
    path = Path(path)
    table = _read_csv(path)
    _require(path, table, ["doc_id", "paragraph_idx", "quote", "speaker", "speaker_type"])
    for column in QUOTE_CODE_COLUMNS:
        if column not in table:
            table[column] = ""
    _bad(path, table, ~table["paragraph_idx"].str.strip().str.fullmatch(r"\d+"), "paragraph_idx", "a whole number")
    _bad(path, table, ~table["speaker_type"].str.strip().isin(SPEAKER_TYPES), "speaker_type", ", ".join(SPEAKER_TYPES))
    _bad(path, table, table["quote"].str.strip() == "", "quote", "the quoted words, exactly as the paragraph gives them")
    out = table[QUOTE_CODE_COLUMNS].copy()
    out["paragraph_idx"] = out["paragraph_idx"].astype(int)
    out["speaker_type"] = out["speaker_type"].str.strip()
    blank_ids = out["utterance_id"].str.strip() == ""
    out.loc[blank_ids, "utterance_id"] = [f"row{i + 2}" for i in np.flatnonzero(blank_ids.to_numpy())]
    out.attrs["source"] = str(path)
    return out


def load_quote_codes(paragraphs: pd.DataFrame | None = None, path: str | Path | None = None) -> pd.DataFrame:
    """Quote hand codes (default: the seeds'), with each quote's span in its paragraph when paragraphs are given.

    Raises
    ------
    CodesError
        A quote that is not in its paragraph (the message says how many are, and names the first).

    Examples
    --------
    >>> codes = load_quote_codes()
    >>> len(codes), codes.utterance_id.groupby(codes.doc_id).nunique().sum()
    (49, np.int64(34))
    """
    path = Path(path) if path is not None else _SEED_QUOTES
    codes = read_quote_codes(path) if path != _SEED_QUOTES else pd.read_csv(path, dtype={"doc_id": str},
                                                                            keep_default_na=False)
    if paragraphs is not None:
        text = paragraphs.set_index(["doc_id", "paragraph_idx"])["text"]
        starts = [text.get((row.doc_id, row.paragraph_idx), "").find(row.quote) for row in codes.itertuples()]
        bad = [i for i, s in enumerate(starts) if s < 0]
        if bad:
            row = codes.iloc[bad[0]]
            raise CodesError(f"{path.name}: {len(codes) - len(bad)} of {len(codes)} quotes are found in their paragraph; "
                             f"line {bad[0] + 2} ({row['doc_id']}, paragraph {row['paragraph_idx']}: "
                             f"{str(row['quote'])[:50]!r}) is not. Fix: copy the quote exactly as the paragraph gives it "
                             "(paragraphs: fsf.corpus.paragraphs) and check paragraph_idx.")
        codes["start"] = starts
        codes["end"] = codes["start"] + codes["quote"].str.len()
    return codes


def coding_sheet(sentences: pd.DataFrame, found: pd.DataFrame | None = None, *, n: int = 100,
                 random_state: int = 0, exclude: pd.DataFrame | None = None, strategy: str = "stratified",
                 probabilities: pd.DataFrame | None = None) -> pd.DataFrame:
    """A sample of sentences to hand-code, with context and empty code columns.

    ``strategy="stratified"`` (the default): sentences are drawn in proportion from every
    stratum: each article, split into the sentences fsf's patterns flag as mentioning foreign
    fighters and the rest (so a sheet has stance to code and can also find missed mentions),
    with largest-remainder rounding.

    ``strategy="uncertain"`` (active coding): the ``n`` uncoded sentences whose stance the
    model is least sure of (:func:`fsf.stance.model.least_certain`: lowest highest
    probability, ties broken at random), from ``probabilities``; if fewer sentences have a
    prediction than ``n``, the rest of the sheet is a stratified draw from the others. The
    sheet does not show the model's guesses, so they cannot sway the coder.

    Either way the draw is seeded (``random_state``): the same corpus, codes and ``n`` give
    the same sheet.

    Parameters
    ----------
    sentences : pandas.DataFrame
        doc_id, sent_idx, paragraph_idx, text (a study's ``sentences``).
    found : pandas.DataFrame, optional
        Mentions (doc_id, sent_idx); without them the sample is stratified by article only.
    n : int
        Sentences on the sheet (all of them if the corpus has fewer).
    exclude : pandas.DataFrame, optional
        doc_id, sent_idx of sentences already coded.
    strategy : str
        One of :data:`STRATEGIES`.
    probabilities : pandas.DataFrame, optional
        For ``uncertain``: doc_id, sent_idx, p_negative, p_neutral, p_positive of the sentences
        the model scores (a study's ``stance_uncertainty``).

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, before (the previous sentence), text, after (the next one), then
        the empty code columns refers_ff, ref_type, stance, confidence, note; in corpus order.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 4, "sent_idx": [0, 1, 2, 3] * 2,
    ...                       "paragraph_idx": [1] * 8, "text": list("ABCDEFGH")})
    >>> sheet = coding_sheet(sents, n=4)
    >>> sheet.groupby("doc_id").size().to_dict(), list(sheet.columns)[:5]
    ({'a': 2, 'b': 2}, ['doc_id', 'sent_idx', 'before', 'text', 'after'])
    >>> p = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_idx": [0, 1, 2], "p_negative": [0.9, 0.4, 0.5],
    ...                   "p_neutral": [0.05, 0.35, 0.5], "p_positive": [0.05, 0.25, 0.0]})
    >>> coding_sheet(sents, n=2, strategy="uncertain", probabilities=p)[["doc_id", "sent_idx"]].values.tolist()
    [['a', 1], ['b', 2]]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise CodesError(f"coding sheet: n={n!r} must be a whole number of sentences, at least 1. Fix: e.g. --n 100.")
    if strategy not in STRATEGIES:
        raise CodesError(f"coding sheet: unknown strategy {strategy!r}. Fix: use one of {', '.join(STRATEGIES)}.")
    if strategy == "uncertain" and probabilities is None:
        raise CodesError("coding sheet: the strategy 'uncertain' needs the stance model's probabilities. Fix: pass "
                         "probabilities=study.stance_uncertainty (`fsf code --strategy uncertain` does).")
    table = sentences[["doc_id", "sent_idx", "paragraph_idx", "text"]].reset_index(drop=True).copy()
    same_para = table[["doc_id", "paragraph_idx"]]
    table["before"] = table["text"].shift(1).where((same_para == same_para.shift(1)).all(axis=1), "")
    table["after"] = table["text"].shift(-1).where((same_para == same_para.shift(-1)).all(axis=1), "")
    flagged = set()
    if found is not None and len(found):
        flagged = set(zip(found["doc_id"], found["sent_idx"]))
    table["stratum"] = [f"{d}|{int((d, s) in flagged)}" for d, s in zip(table["doc_id"], table["sent_idx"])]
    if exclude is not None and len(exclude):
        done = set(zip(exclude["doc_id"], exclude["sent_idx"]))
        table = table[[(d, s) not in done for d, s in zip(table["doc_id"], table["sent_idx"])]]
    n = min(int(n), len(table))
    if n == 0:  # every sentence is coded already
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ["doc_id", "sent_idx", "before", "text", "after",
                                                                   "refers_ff", "ref_type", "stance", "confidence",
                                                                   "note"]})
    picked = []
    if strategy == "uncertain":
        from fsf.stance.model import least_certain

        keys = pd.MultiIndex.from_frame(table[["doc_id", "sent_idx"]])
        candidates = probabilities[pd.MultiIndex.from_frame(probabilities[["doc_id", "sent_idx"]]).isin(keys)]
        chosen = least_certain(candidates, n, random_state=random_state)
        taken = set(zip(chosen["doc_id"], chosen["sent_idx"]))
        mine = np.array([(d, s) in taken for d, s in zip(table["doc_id"], table["sent_idx"])], dtype=bool)
        picked.append(table[mine])
        table, n = table[~mine], n - len(chosen)
    if n > 0:
        rng = np.random.default_rng(random_state)
        order = table.assign(_r=rng.random(len(table)))
        sizes = order.groupby("stratum").size()
        quota = (sizes / sizes.sum() * n).apply(np.floor).astype(int)
        remainder = (sizes / sizes.sum() * n) - quota
        for stratum in remainder.sort_values(ascending=False, kind="stable").index[: n - int(quota.sum())]:
            quota[stratum] += 1
        picked += [part.nsmallest(int(quota[s]), "_r") for s, part in order.groupby("stratum")]
    sheet = pd.concat(picked).sort_values(["doc_id", "sent_idx"], kind="stable")
    sheet = sheet[["doc_id", "sent_idx", "before", "text", "after"]].reset_index(drop=True)
    for column in ("refers_ff", "ref_type", "stance", "confidence", "note"):
        sheet[column] = ""
    return sheet


CODING_RULES = """\
# fsf coding sheet: stance toward foreign fighters. Fill refers_ff, ref_type, stance, confidence, note.
# Save the filled sheet as <corpus>/hand_codes/stance.csv (keep doc_id, sent_idx and text as they are).
# refers_ff: 1 if the sentence refers to foreign fighters (non-Syrian fighters who came to Syria), else 0;
#   0 if they appear only inside another actor's process ("this forced deployment") or as a group's "their".
# ref_type: explicit ("foreign fighters"), named (a named foreign fighter), contextual ("the fighters"
#   where the article is about foreign fighters), pronoun (they, them, "many"); empty if refers_ff is 0.
# stance (toward the fighters, not the mood of the sentence; empty if refers_ff is 0):
#   -1 a threat, unwelcome, brutal, criminal, a burden, to be expelled, frivolous;
#    0 facts, numbers, movements, policies without colouring, or genuinely mixed;
#    1 victims, coerced, trapped, deceived, disillusioned, afraid, deserving help or a way home
#      (care after a rescue too, even told lightly).
# Negative words about ISIS or HTS do not make the stance negative. Quoted speakers count.
# confidence: high or low. note: why, for every low-confidence row and every non-zero stance.
# Full codebook: docs/codebook-ff-stance.md in the fsf repository.
"""
"""The codebook's short rules, written beside a coding sheet (``fsf code``: ``<sheet>-codebook.txt``)."""
