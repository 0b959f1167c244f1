"""Load a folder of news articles into a tidy table, with provenance and checks.

A corpus is a folder of UTF-8 ``.txt`` files, one article per file, and
optionally a ``metadata.csv`` with one row per file. The bundled corpus is
``seeds/`` (five articles, 2014-2023); any other folder works the same way.

Everything that can be wrong with an input file is checked here, before any
analysis runs, and reported as a :class:`fsf.errors.CorpusError` whose
message names the file and the fix.

Examples
--------
>>> corpus = load_corpus()
>>> corpus[["doc_id", "year"]].to_dict("list")
{'doc_id': ['000', '001', '002', '003', '004'], 'year': [2018, 2023, 2014, 2015, 2017]}
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import re
import unicodedata
import warnings
from pathlib import Path

import pandas as pd

from fsf import config
from fsf.corpus.clean import CleanedArticle, clean_article, normalize_chars
from fsf.errors import CorpusError, SeedChangedError

__all__ = [
    "ARTICLE_COLUMNS",
    "DEFAULT_MAX_BYTES",
    "LINE_COLUMNS",
    "PARAGRAPH_COLUMNS",
    "cleaned",
    "doc_id_from_name",
    "line_rows",
    "lines_frame",
    "lines_table",
    "load_corpus",
    "load_metadata",
    "paragraph_rows",
    "paragraphs",
    "paragraphs_frame",
    "provenance_table",
    "read_text",
    "rebuilds_exactly",
    "removed_lines",
]

DEFAULT_MAX_BYTES = 5_000_000
"""Files larger than this (5 MB, hundreds of times a long news article) are refused unless asked for."""

ARTICLE_COLUMNS = [
    "doc_id", "file", "sha256", "title", "standfirst", "outlet", "year", "year_basis", "author",
    "dateline", "raw_text", "clean_text", "n_paragraphs", "n_removed_lines",
]
"""Columns of the table :func:`load_corpus` returns, in order."""

_TEXT_FIELDS = ["title", "standfirst", "outlet", "author", "dateline"]
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_BINARY_MAGIC = {b"%PDF": "a PDF", b"PK\x03\x04": "a ZIP or Word (.docx) file",
                 b"\xd0\xcf\x11\xe0": "an old Word (.doc) file", b"{\\rtf": "an RTF file"}


def doc_id_from_name(name: str) -> str:
    """The document id of a file: its leading number, else its whole stem.

    Examples
    --------
    >>> doc_id_from_name("000_d9e21d0c17e87e68.txt"), doc_id_from_name("guardian-2017.txt")
    ('000', 'guardian-2017')
    """
    stem = Path(name).stem
    match = re.match(r"^(\d+)[_\-. ]", stem)
    return match.group(1) if match else stem


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / 1_000_000:.1f} MB"


def _decode_error(name: str, data: bytes, err: UnicodeDecodeError, encoding: str) -> CorpusError:
    bad = data[err.start:err.end]
    before = data[max(0, err.start - 30):err.start].decode(encoding, errors="replace")
    line_no = data.count(b"\n", 0, err.start) + 1
    guess = "Windows-1252 (cp1252)" if any(0x80 <= b <= 0x9F for b in bad) else "Latin-1 or Windows-1252"
    return CorpusError(
        f"{name}: not valid {encoding} at byte offset {err.start} (line {line_no}, byte {bad!r} "
        f"after {before!r}). The file was probably saved as {guess}. Fix: re-save it as UTF-8 "
        f"(e.g. `iconv -f cp1252 -t utf-8 {name} > fixed.txt`), or pass --encoding cp1252 (encoding='cp1252' in Python) "
        "if you know that is its encoding."
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes look like UTF-16 text saved without a byte-order mark.

    Text in a Latin script saved as UTF-16 has a NUL byte in every other position (after each
    character in little-endian order, before it in big-endian); a binary file does not show
    that regular pattern.

    Examples
    --------
    >>> _utf16_without_bom("Foreign fighters left.".encode("utf-16-le")), _utf16_without_bom(b"plain text")
    ('utf-16-le', None)
    """
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def read_text(path: str | Path, *, encoding: str = "utf-8",
              max_bytes: int | None = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read one article file strictly and return ``(text, sha256 of its bytes)``.

    A byte-order mark (UTF-8, UTF-16 or UTF-32) is honoured and removed; UTF-16 saved without one
    is recognised by its pattern of NUL bytes and read;
    line ends are left as they are (cleaning handles LF, CRLF and CR).

    Parameters
    ----------
    path : str or Path
        The file.
    encoding : str, default "utf-8"
        The encoding to decode with when the file has no byte-order mark.
    max_bytes : int or None, default :data:`DEFAULT_MAX_BYTES`
        Refuse larger files (a whole website dump saved as one "article" is
        a common mistake). ``None`` lifts the limit.

    Raises
    ------
    CorpusError
        The file is too large, empty, whitespace only, binary, or not in
        ``encoding`` (the message gives the byte offset of the first bad byte).

    Examples
    --------
    >>> text, digest = read_text(config.SEEDS_DIR / "000_d9e21d0c17e87e68.txt")
    >>> text.splitlines()[0], digest[:12]
    ('Northern Syria pushes back against foreign fighters', 'a40075558066')
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as err:
        raise CorpusError(f"{name}: cannot be read ({err.strerror}). Fix: check the file exists and you may read it.") from None
    if max_bytes is not None and size > max_bytes:
        raise CorpusError(
            f"{name}: the file is {_mb(size)}, over the limit of {_mb(max_bytes)} for one "
            "article. Fix: check it really is one article (split a dump into one file per "
            "article), or pass --max-bytes 0 (max_bytes=None in Python) to load it anyway."
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{name}: cannot be read ({err.strerror}). Fix: check you may read it "
                          f"(e.g. `chmod a+r {name}`).") from None
    if not data:
        raise CorpusError(f"{name}: the file is empty (0 bytes). Fix: restore its text or remove it from the folder.")
    codec = next((c for bom, c in _BOMS if data.startswith(bom)), None) or _utf16_without_bom(data) or encoding
    if codec == encoding:
        for magic, kind in _BINARY_MAGIC.items():
            if data.startswith(magic):
                raise CorpusError(f"{name}: this is {kind}, not plain text. Fix: export the article as a UTF-8 .txt file.")
        nul = data.find(b"\x00")
        if nul >= 0:
            raise CorpusError(
                f"{name}: contains a NUL byte at offset {nul}, so it is binary, not plain text. "
                "Fix: export the article as a UTF-8 .txt file."
            )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise _decode_error(name, data, err, codec) from None
    except LookupError:
        raise CorpusError(f"{name}: unknown encoding {codec!r}. Fix: pass a Python codec name such as 'utf-8' or 'cp1252'.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise CorpusError(f"{name}: the file holds only whitespace. Fix: restore its text or remove it from the folder.")
    return text, hashlib.sha256(data).hexdigest()


def _delimiter(header: str) -> str:
    """The delimiter of a metadata header: a comma, or a semicolon or tab when the header has a 'file' column so.

    Examples
    --------
    >>> _delimiter("file,title"), _delimiter("file;title"), _delimiter("title\\tfile")
    (',', ';', '\\t')
    """
    for delimiter in (",", ";", "\t"):
        if "file" in (cell.strip() for cell in header.split(delimiter)):
            return delimiter
    return ","


def load_metadata(path: str | Path) -> pd.DataFrame:
    """Read a ``metadata.csv`` and check its shape.

    Only the ``file`` column is required; columns may be separated by commas, or by semicolons
    or tabs (as some spreadsheet programs save CSV). File names are compared in Unicode NFC
    form, so a name typed on one system matches the same name stored on another. ``year`` must be empty or a
    whole year between 1900 and 2100. Every cell is read as text (nothing
    is guessed by pandas); empty cells stay empty strings, ``year`` becomes
    a nullable integer.

    Raises
    ------
    CorpusError
        Unreadable CSV, no ``file`` column, a file listed twice, or a
        malformed year (the message gives the row and the value).

    Examples
    --------
    >>> meta = load_metadata(config.SEEDS_DIR / "metadata.csv")
    >>> meta.loc[0, ["file", "outlet", "year_basis"]].tolist()
    ['000_d9e21d0c17e87e68.txt', 'The National', 'project brief']
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise CorpusError(f"{path.name}: is not UTF-8 (byte offset {err.start}). Fix: save it as UTF-8 CSV.") from None
    except OSError as err:
        raise CorpusError(f"{path.name}: cannot be read ({err.strerror}). Fix: check you may read it.") from None
    header = next(iter(text.splitlines()), "")
    delimiter = _delimiter(header)
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        raise CorpusError(f"{path.name}: cannot be read as a CSV table ({err}). Fix: save it as UTF-8 CSV with a header row.") from None
    if not header.strip():
        raise CorpusError(f"{path.name}: is empty. Fix: write a header row with a 'file' column and one row per "
                          "article, or delete the file (metadata is optional).")
    columns = [c.strip() for c in next(csv.reader([header], delimiter=delimiter))]
    if "file" not in columns:
        raise CorpusError(f"{path.name}: the header ({', '.join(columns)[:80]}) has no 'file' column naming each "
                          "article. Fix: add it (separate columns with commas).")
    if not rows:
        raise CorpusError(f"{path.name}: has a header but no rows. Fix: add one row per .txt article (only 'file' is "
                          "required), or delete the file (metadata is optional).")
    rows = [{(k.strip() if isinstance(k, str) else k): v for k, v in row.items()} for row in rows]
    if any(None in row for row in rows):
        bad = next(i for i, row in enumerate(rows, start=2) if None in row)
        raise CorpusError(f"{path.name}: line {bad} has more cells than the header. Fix: quote cells that contain commas.")
    meta = pd.DataFrame(rows).fillna("")
    meta["file"] = meta["file"].str.strip().map(lambda name: unicodedata.normalize("NFC", name))
    dupes = meta["file"][meta["file"].duplicated()].tolist()
    if dupes:
        raise CorpusError(f"{path.name}: lists {dupes[0]!r} more than once. Fix: keep one row per file.")
    if "year" in meta:
        years = []
        for line_no, (file, value) in enumerate(zip(meta["file"], meta["year"]), start=2):
            value = value.strip()
            if not value:
                years.append(pd.NA)
            elif re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2100:
                years.append(int(value))
            else:
                raise CorpusError(
                    f"{path.name}: line {line_no} ({file}) has year {value!r}, which is not a "
                    "four-digit year between 1900 and 2100. Fix: write the year like 2017, or leave it empty if unknown."
                )
        meta["year"] = pd.array(years, dtype="Int64")
    return meta


@functools.lru_cache(maxsize=4096)
def cleaned(raw_text: str) -> CleanedArticle:
    """:func:`fsf.clean.clean_article`, remembered so tables built from one corpus clean each article once."""
    return clean_article(raw_text)


def _same(a: str, b: str) -> bool:
    return " ".join(normalize_chars(a).split()).casefold() == " ".join(normalize_chars(b).split()).casefold()


def _check_against_metadata(name: str, meta: dict, art: CleanedArticle, text: str, seeds: bool) -> None:
    for field, found in (("title", art.title), ("standfirst", art.standfirst)):
        if field in meta and (meta[field] or seeds) and not _same(meta[field], found):
            raise CorpusError(
                f"{name}: metadata {field} {meta[field]!r} differs from the {field} found in the "
                f"text {found!r}. Fix: correct the metadata, or leave the {field} cell empty to use what is found."
            )
    if meta.get("sha256") and meta["sha256"].strip().lower() != meta["_sha256"]:
        cls = SeedChangedError if seeds else CorpusError
        fix = ("seeds/ is read-only: restore it with `git checkout -- seeds/`" if seeds
               else "if the change is intended, update or empty the sha256 cell")
        raise cls(f"{name}: the file has changed since its metadata was written (sha256 "
                  f"{meta['sha256'][:12]}... expected, {meta['_sha256'][:12]}... found). Fix: {fix}.")
    normal_text = " ".join(normalize_chars(text).split())
    for column in (c for c in meta if c.endswith("_evidence")):
        for phrase in filter(None, (p.strip() for p in meta[column].split(" | "))):
            if " ".join(normalize_chars(phrase).split()) not in normal_text:
                raise CorpusError(
                    f"{name}: metadata {column} {phrase!r} does not occur in the article. "
                    "Fix: quote the supporting phrase exactly as the article has it."
                )


def _list_articles(folder: Path, *, follow_symlinks: bool = False, recursive: bool = False) -> list[tuple[Path, str]]:
    """The article files of a folder as (path, name relative to the folder), sorted by name.

    Symbolic links are refused unless ``follow_symlinks`` (a link can pull any file on the
    machine into a table); ``.txt`` files in subfolders are refused unless ``recursive``
    (then loaded, named by their relative path); nothing is skipped without a word.
    """
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise CorpusError(f"{folder}: {what}. Fix: pass the folder that holds the .txt articles.")
    try:
        entries = sorted(folder.rglob("*") if recursive else folder.iterdir())
    except OSError as err:
        raise CorpusError(f"{folder}: cannot be listed ({err.strerror}). Fix: check you may read the folder.") from None
    files, ignored, nested = [], [], []
    for entry in entries:
        relative = entry.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or relative.parts[0] == "hand_codes":
            continue
        if entry.is_symlink():
            if not entry.exists():
                raise CorpusError(f"{relative.as_posix()}: is a broken symbolic link. Fix: remove it, or restore "
                                  "the file it points to.")
            if not follow_symlinks and entry.suffix.lower() == ".txt":
                raise CorpusError(f"{relative.as_posix()}: is a symbolic link (to {entry.resolve()}); fsf does not "
                                  "follow links by default. Fix: copy the article into the folder, or pass "
                                  "--follow-symlinks ([corpus] follow_symlinks = true) if the link is meant.")
        if entry.is_dir():
            if not recursive and any(p.suffix.lower() == ".txt" for p in entry.rglob("*")
                                     if not any(x.startswith(".") for x in p.relative_to(folder).parts)):
                nested.append(relative.as_posix())
            continue
        if entry.suffix.lower() == ".txt":
            files.append((entry, relative.as_posix()))
        elif entry.name != config.METADATA_NAME or len(relative.parts) > 1:
            ignored.append(relative.as_posix())
    if nested:
        raise CorpusError(f"{folder}: the subfolder {nested[0]}/ holds .txt files, and fsf reads only the folder's own "
                          "files. Fix: move the articles up into the folder, or pass --recursive "
                          "([corpus] recursive = true) to load subfolders too.")
    if not files:
        raise CorpusError(f"{folder}: holds no .txt files. Fix: save each article as a UTF-8 .txt file in this folder.")
    if ignored:
        warnings.warn(f"{folder}: ignoring files that are not .txt articles: {', '.join(ignored)}", stacklevel=3)
    return files


def _match_metadata(folder: Path, files: list[tuple[Path, str]], meta: pd.DataFrame | None) -> dict[str, dict]:
    if meta is None:
        return {}
    names = {unicodedata.normalize("NFC", name) for _, name in files}
    rows = {row["file"]: row for row in meta.to_dict("records")}
    for line_no, file in enumerate(meta["file"], start=2):
        if file not in names:
            raise CorpusError(
                f"{config.METADATA_NAME}: line {line_no} names {file!r}, which is not a .txt file in "
                f"{folder}. Fix: restore the file, or delete its row."
            )
    for name in sorted(names - rows.keys()):
        raise CorpusError(
            f"{name}: has no row in {config.METADATA_NAME}. Fix: add a row for it (only the "
            "'file' cell is required), or move the file out of the folder."
        )
    return rows


def _check_unique(records: list[dict]) -> None:
    for key, what in (("sha256", "identical bytes"), ("_text_key", "the same text after cleaning"),
                      ("doc_id", "the same doc_id")):
        seen: dict[str, str] = {}
        for rec in records:
            if rec[key] in seen:
                fix = ("rename one so the leading ids differ" if key == "doc_id" else "remove one of them")
                raise CorpusError(f"{seen[rec[key]]} and {rec['file']}: have {what}. Fix: {fix}.")
            seen[rec[key]] = rec["file"]


def load_corpus(path: str | Path | None = None, *, encoding: str = "utf-8",
                max_bytes: int | None = DEFAULT_MAX_BYTES, follow_symlinks: bool = False,
                recursive: bool = False, keep_cleaned: dict | None = None, clean_map=None) -> pd.DataFrame:
    """Load, check and clean a folder of articles: one row per article.

    Parameters
    ----------
    path : str or Path, optional
        A folder of ``.txt`` articles, with an optional ``metadata.csv``.
        Default: the bundled ``seeds/``, whose metadata is required and
        whose sha256 checksums are verified.
    encoding : str, default "utf-8"
        Encoding of files without a byte-order mark.
    max_bytes : int or None
        Largest file accepted (see :func:`read_text`).
    follow_symlinks : bool
        Load articles that are symbolic links (refused by default, with a message).
    recursive : bool
        Also load ``.txt`` files in subfolders (refused by default, with a message); their
        ``file`` is the path relative to the corpus folder.
    keep_cleaned : dict, optional
        If given, receives ``doc_id -> CleanedArticle`` for every article: what cleaning
        computed here, so that later steps (:func:`fsf.pipeline.corpus_tables`) need not clean
        the same text again. Loading costs the same either way (linear in the corpus).
    clean_map : callable, optional
        ``clean_map(func, texts)`` -> ``[func(text) for text in texts]``, run elsewhere: how the
        articles are cleaned, e.g. on several processes (:meth:`fsf.pipeline.Engine.map`). The
        files are then all read first, and the checks run here as before.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ARTICLE_COLUMNS`, sorted by ``doc_id``. ``year`` is
        a nullable integer and ``year_basis`` says where it comes from
        (``text`` or ``project brief`` in the seeds); missing text
        metadata is the empty string.
        ``title`` and ``standfirst`` come from the cleaned text (metadata,
        where given, must agree); ``dateline`` from the metadata, else from
        the text.

    Raises
    ------
    CorpusError
        Any unusable file or metadata row (see :func:`read_text` and
        :func:`load_metadata`); a metadata row without a file or a file
        without a row; two files with identical bytes or identical cleaned
        text; metadata that disagrees with the text; a changed seed.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> corpus.loc[corpus.doc_id == "003", ["outlet", "dateline"]].values.tolist()
    [['McClatchy Washington Bureau', 'SANLIURFA, Turkey']]
    """
    seeds = path is None
    folder = Path(config.SEEDS_DIR if seeds else path)
    files = _list_articles(folder, follow_symlinks=follow_symlinks, recursive=recursive)
    meta_path = folder / config.METADATA_NAME
    if seeds and not meta_path.is_file():
        raise CorpusError(f"{meta_path}: the bundled seeds need their metadata. Fix: `git checkout -- seeds/`.")
    meta = load_metadata(meta_path) if meta_path.is_file() else None
    rows = _match_metadata(folder, files, meta)

    records = []
    texts = [read_text(file, encoding=encoding, max_bytes=max_bytes) for file, _ in files] if clean_map else None
    articles = clean_map(clean_article, [text for text, _ in texts]) if clean_map else None
    for i, (file, name) in enumerate(files):
        text, digest = texts[i] if texts else read_text(file, encoding=encoding, max_bytes=max_bytes)
        art = articles[i] if articles else cleaned(text)
        if not art.paragraphs:
            raise CorpusError(f"{name}: every line was removed as web furniture ({len(art.removed)} lines), so "
                              "nothing of it is left to analyse. Fix: check it is an article (the lines and the rule "
                              "that removed each: fsf.corpus.lines_table), or remove it from the folder.")
        row = dict(rows.get(unicodedata.normalize("NFC", name), {}), _sha256=digest)
        _check_against_metadata(name, row, art, text, seeds)
        doc_id = doc_id_from_name(file.name)
        if row.get("doc_id", "").strip() and row["doc_id"].strip() != doc_id:
            raise CorpusError(
                f"{name}: metadata doc_id {row['doc_id']!r} differs from the id in the file "
                f"name ({doc_id!r}). Fix: make them agree."
            )
        clean_text = art.clean_text()
        if keep_cleaned is not None:
            keep_cleaned[doc_id] = art
        records.append({
            "doc_id": doc_id,
            "file": name,
            "sha256": digest,
            "title": art.title,
            "standfirst": art.standfirst,
            "outlet": row.get("outlet", "").strip(),
            "year": row.get("year", pd.NA),
            "year_basis": row.get("year_basis", "").strip(),
            "author": row.get("author", "").strip(),
            "dateline": row.get("dateline", "").strip() or (art.dateline or ""),
            "raw_text": text,
            "clean_text": clean_text,
            "n_paragraphs": len(art.paragraphs),
            "n_removed_lines": len(art.removed),
            "_text_key": " ".join(clean_text.split()).casefold(),
        })
    _check_unique(records)
    corpus = pd.DataFrame.from_records(records).drop(columns="_text_key")
    corpus["year"] = pd.array(corpus["year"].tolist(), dtype="Int64")
    return corpus.sort_values("doc_id", kind="stable").reset_index(drop=True)[ARTICLE_COLUMNS]


def rebuilds_exactly(corpus: pd.DataFrame) -> bool:
    """True if every article's raw text is rebuilt, character for character, from its kept, removed and blank lines.

    The cleaning audit is complete exactly when this holds: nothing was edited inside a line.

    Examples
    --------
    >>> rebuilds_exactly(load_corpus())
    True
    """
    _require(corpus, ["raw_text"])
    return all(cleaned(raw).rebuild() == raw for raw in corpus["raw_text"])


def _require(corpus: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in corpus]
    if missing:
        raise CorpusError(
            f"the table passed as a corpus lacks the column(s) {', '.join(missing)}. "
            "Fix: pass the table returned by fsf.corpus.load_corpus()."
        )


def lines_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every line of every article and what cleaning decided about it.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, line_no`` (1-based, as in the raw file), ``status``
        (kept, removed, blank), ``rule``, ``reason``, ``section``,
        ``paragraph_idx`` (-1 unless kept) and ``text`` (the raw line).

    Examples
    --------
    >>> lines = lines_table(load_corpus())
    >>> lines.status.value_counts().to_dict()
    {'blank': 112, 'kept': 91, 'removed': 27}
    """
    _require(corpus, ["doc_id", "raw_text"])
    rows = [row for doc_id, raw in zip(corpus["doc_id"], corpus["raw_text"]) for row in line_rows(doc_id, cleaned(raw))]
    return lines_frame(rows)


LINE_COLUMNS = ["doc_id", "line_no", "status", "rule", "reason", "section", "paragraph_idx", "text"]
"""Columns of :func:`lines_table`."""

PARAGRAPH_COLUMNS = ["doc_id", "year", "paragraph_idx", "section", "line_start", "line_end", "text", "raw"]
"""Columns of :func:`paragraphs`."""


def line_rows(doc_id: str, article: CleanedArticle) -> list[tuple]:
    """The rows of :func:`lines_table` for ONE cleaned article (tuples in :data:`LINE_COLUMNS` order)."""
    return [(doc_id, rec.line_no, rec.status, rec.rule, rec.reason, rec.section, rec.paragraph_idx, rec.raw)
            for rec in article.lines]


def lines_frame(rows: list[tuple]) -> pd.DataFrame:
    """:func:`lines_table` from the rows of :func:`line_rows` of one or more articles."""
    return pd.DataFrame(rows, columns=LINE_COLUMNS)


def paragraph_rows(doc_id: str, year, article: CleanedArticle) -> list[tuple]:
    """The rows of :func:`paragraphs` for ONE cleaned article (tuples in :data:`PARAGRAPH_COLUMNS` order)."""
    return [(doc_id, year, p.paragraph_idx, p.section, p.line_start, p.line_end, p.text, p.raw)
            for p in article.paragraphs]


def paragraphs_frame(rows: list[tuple]) -> pd.DataFrame:
    """:func:`paragraphs` from the rows of :func:`paragraph_rows` of one or more articles."""
    out = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    out["year"] = pd.array(out["year"].tolist(), dtype="Int64")
    return out


def removed_lines(corpus: pd.DataFrame) -> pd.DataFrame:
    """The audit of cleaning: every removed line, where it was and why.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, line_no`` (1-based in the raw file), ``text`` (the raw
        line, untouched) and ``reason``.

    Examples
    --------
    >>> removed_lines(load_corpus()).groupby("doc_id").size().to_dict()
    {'000': 6, '001': 5, '002': 1, '003': 11, '004': 4}
    """
    lines = lines_table(corpus)
    removed = lines[lines["status"] == "removed"]
    return removed[["doc_id", "line_no", "text", "reason"]].reset_index(drop=True)


def paragraphs(corpus: pd.DataFrame) -> pd.DataFrame:
    """Kept paragraphs of every article, in reading order.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, paragraph_idx`` (0 is the title), ``section`` (title,
        standfirst, body), ``line_start, line_end`` (1-based raw lines),
        ``text`` (normalised, see :func:`fsf.clean.normalize_chars`) and
        ``raw`` (the original characters, same length as ``text``), plus
        the article's ``year``.

    Examples
    --------
    >>> paras = paragraphs(load_corpus())
    >>> paras.groupby("section").size().to_dict()
    {'body': 82, 'standfirst': 4, 'title': 5}
    """
    _require(corpus, ["doc_id", "raw_text"])
    years = corpus["year"] if "year" in corpus else pd.Series(pd.NA, index=corpus.index)
    rows = [row for doc_id, year, raw in zip(corpus["doc_id"], years, corpus["raw_text"])
            for row in paragraph_rows(doc_id, year, cleaned(raw))]
    return paragraphs_frame(rows)


_PROVENANCE_FIELDS = ("outlet", "original_source", "year", "author", "dateline")


def provenance_table(path: str | Path | None = None) -> pd.DataFrame:
    """Where each metadata value comes from: one row per article and field.

    Parameters
    ----------
    path : str or Path, optional
        A corpus folder with a ``metadata.csv``; default the bundled seeds.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, field, value, evidence`` (the phrase of the article that
        supports it; several are separated by `` | ``), and ``basis``
        (``text``, or for the year ``project brief`` when the article does
        not state it). Empty values mean the article does not say.

    Examples
    --------
    >>> prov = provenance_table()
    >>> prov[(prov.doc_id == "003") & (prov.field == "year")][["value", "basis"]].values.tolist()
    [['2015', 'text']]
    """
    folder = Path(config.SEEDS_DIR if path is None else path)
    meta = load_metadata(folder / config.METADATA_NAME)
    rows = []
    for record in meta.to_dict("records"):
        doc_id = record.get("doc_id") or doc_id_from_name(record["file"])
        for field in _PROVENANCE_FIELDS:
            if field not in record:
                continue
            value = "" if pd.isna(record[field]) else str(record[field])
            if field == "year":
                basis = record.get("year_basis", "") if value else ""
            elif field == "dateline":
                basis = "text" if value else ""
            else:
                basis = "text" if value else ""
            evidence = record.get(f"{field}_evidence", "") or (value if field == "dateline" else "")
            rows.append((doc_id, field, value, basis, evidence))
    return pd.DataFrame(rows, columns=["doc_id", "field", "value", "basis", "evidence"])
