"""Term counts per article and keyness: the log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008) of each article against all the others pooled.

There is no ``min_df``/``max_df`` pruning: on five documents it would remove most of the
vocabulary, and keyness needs the rare terms, which its prior shrinks instead of dropping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from fsf.errors import MethodError, skippable
from fsf.text.terms import RawTerms, TermSettings

__all__ = ["KEYNESS_COLUMNS", "TermCounts", "keyness", "keyness_table", "keyness_top", "term_counts",
           "top_keyness"]

KEYNESS_COLUMNS = ["doc_id", "term", "count", "log_odds", "z"]
"""Columns of :func:`keyness` and of the exported ``keyness.csv``."""


@dataclass(frozen=True, eq=False)
class TermCounts:
    """Term counts per article: ``counts[i, j]`` is how often ``terms[j]`` occurs in article ``doc_ids[i]``.

    ``counts`` is a ``scipy.sparse`` CSR matrix of integers (articles x
    terms); ``terms`` are sorted; ``settings`` is the preprocessing behind them.
    """

    counts: object
    doc_ids: tuple[str, ...]
    terms: np.ndarray
    settings: TermSettings

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape

    def to_frame(self) -> pd.DataFrame:
        """The non-zero counts as a tidy table ``doc_id, term, count``, by article then term.

        Examples
        --------
        >>> term_counts({"a": "Fighters fled.", "b": "Fighters stayed."}).to_frame().values.tolist()
        [['a', 'fighters', 1], ['a', 'fled', 1], ['b', 'fighters', 1], ['b', 'stayed', 1]]
        """
        coo = self.counts.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame({"doc_id": np.asarray(self.doc_ids, dtype=object)[coo.row[order]],
                             "term": self.terms[coo.col[order]], "count": coo.data[order].astype(np.int64)})


def _documents(texts) -> tuple[list[str], list[str]]:
    """(doc_ids, texts) from a corpus table, a mapping doc_id -> text, or a list of texts."""
    if isinstance(texts, pd.DataFrame):
        column = "clean_text" if "clean_text" in texts else "text"
        if "doc_id" not in texts or column not in texts:
            raise MethodError("the table passed lacks a doc_id and a clean_text (or text) column. "
                              "Fix: pass the table from fsf.corpus.load_corpus().")
        ids, docs = [str(d) for d in texts["doc_id"]], list(texts[column])
    elif isinstance(texts, Mapping):
        ids, docs = [str(d) for d in texts], list(texts.values())
    elif isinstance(texts, Sequence) and not isinstance(texts, str):
        ids, docs = [str(i) for i in range(len(texts))], list(texts)
    else:
        raise MethodError(f"cannot count terms in a {type(texts).__name__}. Fix: pass the corpus table from "
                          "fsf.corpus.load_corpus(), a dict doc_id -> text, or a list of texts.")
    seen: dict = {}
    for d in ids:
        seen[d] = seen.get(d, 0) + 1
    dupes = sorted(d for d, n in seen.items() if n > 1)
    if dupes:
        raise MethodError(f"doc_id {dupes[0]!r} occurs more than once. Fix: give each article its own doc_id.")
    bad = [d for d, t in zip(ids, docs) if not isinstance(t, str)]
    if bad:
        raise MethodError(f"the text of {bad[0]!r} is not a string. Fix: pass each article's text as a str.")
    return ids, docs


@skippable
def term_counts(texts, settings: TermSettings | None = None, *, raw: RawTerms | None = None) -> TermCounts:
    """Count the terms of each article (rows: articles); the matrix stays sparse.

    The terms of :class:`fsf.text.TermExtractor` under ``settings`` (default
    :class:`TermSettings`): alias variants become one token, the rest is split by
    :func:`fsf.text.tokenize`, and stop words, numbers, short tokens and (optionally) stems are
    handled as the settings say; counted by :class:`fsf.text.RawTerms`, cell for cell what a
    scikit-learn ``CountVectorizer`` with that analyzer gives, terms sorted. No
    document-frequency pruning, so it works on a handful of articles.

    Parameters
    ----------
    texts : pandas.DataFrame, mapping or sequence of str
        The corpus from :func:`fsf.corpus.load_corpus` (its ``clean_text``
        is counted: title, standfirst and body, boilerplate removed), a dict
        ``doc_id -> text``, or a list of texts (ids ``"0"``, ``"1"``, ...).
    settings : TermSettings, optional
        The preprocessing.
    raw : RawTerms, optional
        The texts' tokens if already made (one per document, in order, with
        ``aliases=settings.aliases``), e.g. the paragraphs' tokens joined by article, which a
        :class:`fsf.Study` shares with the topic models' matrix.

    Raises
    ------
    MethodError
        Fewer than 2 documents, repeated doc_ids, or no term left after
        preprocessing (the message names the settings that removed them).

    Examples
    --------
    >>> counts = term_counts({"a": "Daesh fighters fled ISIS.", "b": "The Islamic State's fighters stayed."})
    >>> list(counts.terms), counts.counts.toarray().tolist()
    (['fighters', 'fled', 'isis', 'stayed'], [[1, 1, 2, 0], [1, 0, 1, 1]])
    """
    settings = settings or TermSettings()
    ids, docs = _documents(texts)
    if len(ids) < 2:
        raise MethodError(f"term_counts: got {len(ids)} document(s) ({', '.join(ids) or 'none'}), but keyness and "
                          "similarity compare articles, so they need at least 2. Fix: load a corpus of 2 or more articles.")
    if raw is None:
        raw = RawTerms.of(docs, aliases=settings.aliases)
    elif len(raw) != len(ids):
        raise MethodError(f"term_counts: {len(raw)} token lists for {len(ids)} documents. Fix: pass one per document.")
    matrix, terms = raw.counts(settings)
    if not len(terms):
        raise MethodError(
            f"term_counts: none of the {len(ids)} documents has a term left after preprocessing (stopwords="
            f"{settings.stopwords}, {len(settings.extra_stopwords)} extra_stopwords, drop_numbers="
            f"{settings.drop_numbers}, min_token_length={settings.min_token_length}). Fix: check the texts are "
            "the articles' text; if they are, these settings remove every word: try "
            "TermSettings(stopwords=False, drop_numbers=False).")
    return TermCounts(matrix, tuple(ids), terms, settings)


def _as_counts(counts) -> TermCounts:
    return counts if isinstance(counts, TermCounts) else term_counts(counts)


def _doc_rows(counts: TermCounts, doc_ids) -> np.ndarray:
    if doc_ids is None:
        return np.arange(len(counts.doc_ids))
    wanted = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
    unknown = [d for d in wanted if d not in counts.doc_ids]
    if unknown:
        raise MethodError(f"doc_id {unknown[0]!r} is not in the counts, whose articles are "
                          f"{', '.join(counts.doc_ids)}. Fix: use one of those ids (they are strings, e.g. '003').")
    return np.array([counts.doc_ids.index(d) for d in wanted], dtype=int)


@skippable
def keyness(counts, doc_ids=None, *, a0: float | None = None) -> pd.DataFrame:
    """Log-odds ratio with informative Dirichlet prior of each article against all the others pooled.

    Monroe, Colaresi & Quinn (2008), *Political Analysis* 16(4), eq. 22 and
    the variance below it. For article *i* and term *w*, with counts
    :math:`y_{iw}`, article size :math:`n_i = \\sum_w y_{iw}`, the other
    articles pooled (:math:`y_{-iw} = y_w - y_{iw}`, :math:`n_{-i} = N - n_i`),
    corpus counts :math:`y_w` and corpus size :math:`N`:

    * prior: :math:`\\alpha_w = a_0 \\, y_w / N` (the corpus's own term
      frequencies, scaled to a total prior size :math:`\\alpha_0 = a_0`);
    * ``log_odds``: :math:`\\delta_{iw} = \\log\\frac{y_{iw} + \\alpha_w}{n_i + a_0 - y_{iw} - \\alpha_w}
      - \\log\\frac{y_{-iw} + \\alpha_w}{n_{-i} + a_0 - y_{-iw} - \\alpha_w}`;
    * variance :math:`\\sigma^2_{iw} \\approx \\frac{1}{y_{iw} + \\alpha_w} + \\frac{1}{y_{-iw} + \\alpha_w}`
      and ``z`` :math:`= \\delta_{iw} / \\sigma_{iw}`.

    Positive: the article uses the term more than the others do, relative
    to its length; ``z`` weighs that by how much evidence there is, so a
    word used once ranks below one used often.

    Parameters
    ----------
    counts : TermCounts
        From :func:`term_counts` (anything :func:`term_counts` accepts is
        counted with the default settings).
    doc_ids : str or list of str, optional
        The articles to score (default all), each against all the others.
    a0 : float, optional
        Total prior size :math:`\\alpha_0`. Default ``None``: the number of
        tokens counted, :math:`N`, so :math:`\\alpha_w = y_w`: each term's
        counts are shrunk toward its corpus-wide rate by as much evidence as
        the corpus itself holds (the empirical-Bayes choice of R's tidylo).
        The paper leaves :math:`\\alpha_0` to the analyst as the strength of
        the shrinkage; tied to :math:`N`, the prior is always as strong as
        the data, whereas a fixed number shrinks a small corpus relatively
        more than a large one. Smaller values shrink less; on the seeds the
        top terms move with it, so a notebook should show two values.

    Returns
    -------
    pandas.DataFrame
        :data:`KEYNESS_COLUMNS` (``doc_id, term, count, log_odds, z``): one
        row per article and term of the vocabulary, terms the article does
        not use included (their ``z`` is negative), by article then term.
        A term absent from all articles cannot appear: its prior
        :math:`\\alpha_w` would be 0 and both log-odds :math:`\\log 0`;
        :func:`term_counts` never makes such a term, and zero columns of a
        :class:`TermCounts` built another way are left out.

    Raises
    ------
    MethodError
        Fewer than 2 articles, fewer than 2 terms used, an unknown doc_id,
        or ``a0`` not a positive number.

    Examples
    --------
    >>> counts = term_counts({"a": "Fighters fled. Fighters fled.", "b": "Fighters stayed."})
    >>> keyness(counts, "a").round(3).values.tolist()
    [['a', 'fighters', 2, 0.0, 0.0], ['a', 'fled', 2, 0.693, 0.8], ['a', 'stayed', 0, -1.099, -0.897]]
    """
    counts = _as_counts(counts)
    rows = _doc_rows(counts, doc_ids)
    prior = _prior(counts, a0)
    y_i, delta, z = _log_odds(prior, rows)
    used = prior[1]
    return pd.DataFrame({
        "doc_id": np.repeat(np.asarray(counts.doc_ids, dtype=object)[rows], len(used)),
        "term": np.tile(counts.terms[used], len(rows)),
        "count": y_i.ravel().astype(np.int64),
        "log_odds": delta.ravel(),
        "z": z.ravel(),
    })


def _prior(counts: TermCounts, a0):
    """``(matrix, used, y_w, alpha, total, a0)`` of :func:`keyness`, with its checks."""
    n_docs = counts.shape[0]
    if n_docs < 2:
        raise MethodError(f"keyness compares an article with the others, but the counts hold {n_docs} article(s). "
                          "Fix: count a corpus of 2 or more articles with term_counts().")
    matrix = counts.counts.tocsr()
    y_w = np.asarray(matrix.sum(axis=0), dtype=float).ravel()
    used = np.flatnonzero(y_w > 0)
    if len(used) < 2:
        raise MethodError(f"keyness needs at least 2 terms used in the articles; these counts have {len(used)}, so "
                          "every article's share of it is 1 and no odds can be compared. Fix: count more text, or "
                          "keep more words (e.g. TermSettings(stopwords=False)).")
    total = y_w.sum()
    a0 = total if a0 is None else a0
    if isinstance(a0, bool) or not isinstance(a0, (int, float, np.number)) or not (math.isfinite(a0) and a0 > 0):
        raise MethodError(f"keyness(a0={a0!r}): the prior size must be a positive number. Fix: leave a0=None "
                          "(the corpus size) or give e.g. a0=500.")
    return matrix, used, y_w[used], a0 * y_w[used] / total, total, a0


def _log_odds(prior, rows):
    """``(y_i, delta, z)`` of the articles ``rows`` (dense, rows x used terms), as :func:`keyness` defines them."""
    matrix, used, y_w, alpha, total, a0 = prior
    y_i = matrix[rows][:, used].toarray().astype(float)
    n_i = np.asarray(matrix[rows].sum(axis=1), dtype=float)
    delta, z = _cells(y_i, n_i, y_w, alpha, total, a0)
    return y_i, delta, z


@skippable
def keyness_top(counts, top: int, *, a0: float | None = None) -> pd.DataFrame:
    """``keyness.csv`` of each article's ``top`` terms, without the table of every term.

    Equal, row for row and bit for bit, to ``keyness_table(keyness(counts, a0=a0), top=top)``, at
    a cost that grows with the non-zero counts rather than with articles x vocabulary. A term an
    article does not use has a z that depends only on the term's corpus count, so each article's
    highest such z is found over the distinct corpus counts; when an article has ``top`` used terms
    scoring above it (after rounding), its top terms are among the terms it uses, and only those are
    scored. Any other article (a short one, say) is scored over the whole vocabulary.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> counts = term_counts(load_corpus())
    >>> keyness_top(counts, 3).equals(keyness_table(keyness(counts), top=3))
    True
    """
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise MethodError(f"keyness_top(top={top!r}): give a whole number of terms per article, at least 1.")
    top = int(top)
    counts = _as_counts(counts)
    prior = _prior(counts, a0)
    matrix, used, y_w, alpha, total, a0 = prior
    ids = np.asarray(counts.doc_ids, dtype=object)
    n_docs = len(ids)
    sub = matrix[:, used].tocsr()
    sub.sort_indices()
    n_i = np.asarray(matrix.sum(axis=1), dtype=float).ravel()
    # the highest (rounded) z of a term each article does not use is at most `bound` (it depends on the
    # article's size alone, so it is found once per distinct size, over the distinct corpus counts)
    distinct, first = np.unique(y_w, return_index=True)
    sizes, size_of = np.unique(n_i, return_inverse=True)
    bound = np.empty(len(sizes))
    step = max(1, 2_000_000 // len(distinct))
    for start in range(0, len(sizes), step):
        n = sizes[start:start + step, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            zero = _cells(0.0, n, distinct, alpha[first], total, a0)[1]
        zero = np.round(zero, 4) + 0.0
        zero[distinct[None, :] > total - n] = -np.inf  # an unused term's occurrences are all in the other articles
        bound[start:start + step] = np.where(np.isnan(zero).any(axis=1), np.nan, np.max(zero, axis=1, initial=-np.inf))
    bound = bound[size_of.ravel()]
    group_of = np.searchsorted(distinct, y_w)
    group_cols = np.argsort(group_of, kind="stable")  # columns by distinct corpus count, each group in order
    group_start = np.searchsorted(group_of[group_cols], np.arange(len(distinct) + 1))
    parts = {"doc": [], "col": [], "count": [], "log_odds": [], "z": []}
    dense = []
    for start in range(0, n_docs, 2048):  # a block of articles at a time: memory and sorting stay linear
        stop = min(n_docs, start + 2048)
        lo, hi = sub.indptr[start], sub.indptr[stop]
        row = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(sub.indptr[start:stop + 1]))
        col = sub.indices[lo:hi].astype(np.int64)
        y = sub.data[lo:hi].astype(float)
        # every used term's cell, as keyness() computes it (the same operations in the same order)
        delta, z = _cells(y, n_i[row], y_w[col], alpha[col], total, a0)
        delta, z = np.round(delta, 4) + 0.0, np.round(z, 4) + 0.0
        above = z > bound[row]  # False where the bound is NaN
        fast = (np.bincount(row[above] - start, minlength=stop - start) >= top) & ~np.isnan(bound[start:stop])
        fast &= np.bincount(row - start, weights=np.isnan(z), minlength=stop - start) == 0
        pick = np.flatnonzero(above & fast[row - start])
        pick = pick[np.lexsort((col[pick], -z[pick], row[pick]))]
        pick = pick[np.arange(len(pick)) - np.searchsorted(row[pick], row[pick]) < top]
        for name, values in (("doc", row[pick]), ("col", col[pick]), ("count", y[pick]), ("log_odds", delta[pick]),
                             ("z", z[pick])):
            parts[name].append(values)
        # the other articles: their used terms and the best of the terms they do not use, by corpus count
        for i in np.flatnonzero(~fast) + start:
            cells = slice(sub.indptr[i] - lo, sub.indptr[i + 1] - lo)
            found = _top_with_unused(i, top, col[cells], y[cells], delta[cells], z[cells], n_i[i], distinct,
                                     alpha[first], group_cols, group_start, y_w, total, a0)
            if found is None:
                dense.append(i)
                continue
            for name, values in zip(("doc", "col", "count", "log_odds", "z"), found):
                parts[name].append(values)
    dense = np.array(dense, dtype=np.int64)
    block = max(1, 2_000_000 // len(used))
    for start in range(0, len(dense), block):
        rows = dense[start:start + block]
        y_i, d, zz = _log_odds(prior, rows)
        d, zz = np.round(d, 4) + 0.0, np.round(zz, 4) + 0.0
        r, c = _top_cells(zz, top)
        for name, values in (("doc", rows[r]), ("col", c), ("count", y_i[r, c]), ("log_odds", d[r, c]), ("z", zz[r, c])):
            parts[name].append(values)
    doc, colj = np.concatenate(parts["doc"]), np.concatenate(parts["col"])
    position = np.empty(n_docs, dtype=np.int64)
    position[np.array(sorted(range(n_docs), key=lambda i: ids[i]), dtype=np.int64)] = np.arange(n_docs)
    order = np.argsort(position[doc], kind="stable")  # articles by doc_id, as keyness_table; each keeps its order
    return pd.DataFrame({"doc_id": ids[doc[order]], "term": counts.terms[used][colj[order]],
                         "count": np.concatenate(parts["count"])[order].astype(np.int64),
                         "log_odds": np.concatenate(parts["log_odds"])[order],
                         "z": np.concatenate(parts["z"])[order]})[KEYNESS_COLUMNS]


def _top_with_unused(i, top, cols, y, delta, z, n_i, distinct, alpha_distinct, group_cols, group_start, y_w, total,
                     a0):
    """An article's ``top`` cells (:func:`keyness_top`) from its used terms and, grouped by corpus count, the
    terms it does not use (all of one count score alike); ``None`` if a score is NaN."""
    with np.errstate(divide="ignore", invalid="ignore"):
        d0, z0 = _cells(0.0, n_i, distinct, alpha_distinct, total, a0)
    d0, z0 = np.round(d0, 4) + 0.0, np.round(z0, 4) + 0.0
    possible = distinct <= total - n_i
    if np.isnan(z).any() or np.isnan(z0[possible]).any():
        return None
    used_per_group = np.bincount(np.searchsorted(distinct, y_w[cols]), minlength=len(distinct))
    free = np.diff(group_start) - used_per_group
    groups = np.flatnonzero(possible & (free > 0))
    groups = groups[np.argsort(-z0[groups], kind="stable")]
    enough = np.cumsum(free[groups]) >= top
    if enough.any():
        cutoff = z0[groups[np.argmax(enough)]]
        groups = groups[z0[groups] >= cutoff]
    used = set(cols.tolist())
    unused = []
    for g in groups:
        members = group_cols[group_start[g]:group_start[g + 1]][:top + used_per_group[g]]
        unused.append(members[[c not in used for c in members.tolist()]][:top])
    unused = np.concatenate(unused) if unused else np.zeros(0, dtype=np.int64)
    g_of = np.searchsorted(distinct, y_w[unused])
    all_cols = np.concatenate([cols, unused])
    all_z = np.concatenate([z, z0[g_of]])
    order = np.lexsort((all_cols, -all_z))[:top]
    return (np.full(len(order), i, dtype=np.int64), all_cols[order], np.concatenate([y, np.zeros(len(unused))])[order],
            np.concatenate([delta, d0[g_of]])[order], all_z[order])


def _cells(y_i, n_i, y_w, alpha, total, a0):
    """``(delta, z)`` of :func:`keyness` for counts ``y_i`` in articles of sizes ``n_i`` (broadcast)."""
    y_rest, n_rest = y_w - y_i, total - n_i
    log_odds_i = np.log(y_i + alpha) - np.log(n_i + a0 - y_i - alpha)
    log_odds_rest = np.log(y_rest + alpha) - np.log(n_rest + a0 - y_rest - alpha)
    delta = log_odds_i - log_odds_rest
    return delta, delta / np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_rest + alpha))


def _top_cells(z: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(row, column)`` of each row's ``n`` highest ``z``, row by row, highest first, NaN last, ties by column
    (the terms are sorted): the order of :func:`keyness_table`."""
    n_rows, width = z.shape
    missing = np.isnan(z)
    key = np.where(missing, -np.inf, z)
    if n < width:
        kth = np.partition(key, width - n, axis=1)[:, width - n]
        r, c = np.nonzero(key >= kth[:, None])  # the n highest and any tied with the n-th
    else:
        r, c = np.nonzero(np.ones_like(key, dtype=bool))
    value = key[r, c]
    order = np.lexsort((c, np.where(missing[r, c], 0.0, -value), missing[r, c], r))
    r, c = r[order], c[order]
    first = np.searchsorted(r, np.arange(n_rows))
    keep = np.arange(len(r)) - first[r] < n
    return r[keep], c[keep]


@skippable
def top_keyness(table: pd.DataFrame, n: int = 10, by: str = "z") -> pd.DataFrame:
    """The ``n`` terms of highest ``by`` (``z`` or ``log_odds``) for each article, ties by term, with their ``rank``.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "term": ["x", "y", "w", "x"],
    ...                       "count": [1, 2, 2, 0], "log_odds": [0.1, 0.5, 0.5, -0.1], "z": [0.2, 1.0, 1.0, -0.2]})
    >>> top_keyness(table, n=2)[["doc_id", "term"]].values.tolist()
    [['a', 'w'], ['a', 'y'], ['b', 'x']]
    """
    if by not in ("z", "log_odds"):
        raise MethodError(f"top_keyness(by={by!r}): rank by 'z' (evidence-weighted, the default) or 'log_odds'.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise MethodError(f"top_keyness(n={n!r}): n must be a whole number of at least 1.")
    ordered = table.sort_values(["doc_id", by, "term"], ascending=[True, False, True], kind="stable")
    top = ordered.groupby("doc_id", sort=False).head(n).reset_index(drop=True)
    return top.assign(rank=top.groupby("doc_id").cumcount() + 1)


@skippable
def keyness_table(table: pd.DataFrame, *, top: int | None = None) -> pd.DataFrame:
    """``keyness.csv`` from a :func:`keyness` table: rounded, sorted, optionally the top terms only.

    Floats are rounded to 4 decimals; rows sorted by doc_id, then z (highest first), then term,
    on the rounded values, so the file is byte-identical on a re-run. ``top`` keeps each
    article's ``top`` terms by z (default: every term). A corpus table is accepted too and
    counted with the default :class:`~fsf.text.TermSettings`.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> table = keyness_table(keyness(term_counts(load_corpus())))
    >>> list(table.columns), table.doc_id.value_counts().nunique()
    (['doc_id', 'term', 'count', 'log_odds', 'z'], 1)
    >>> keyness_table(keyness(term_counts(load_corpus())), top=3).groupby("doc_id").size().tolist()
    [3, 3, 3, 3, 3]
    """
    if "raw_text" in table:  # a corpus table
        table = keyness(term_counts(table))
    table = table.copy()
    table[["log_odds", "z"]] = table[["log_odds", "z"]].round(4) + 0.0  # + 0.0 turns -0.0 into 0.0
    table = table.sort_values(["doc_id", "z", "term"], ascending=[True, False, True], kind="stable")
    if top is not None:
        table = table.groupby("doc_id", sort=False).head(top)
    return table.reset_index(drop=True)[KEYNESS_COLUMNS]


def __getattr__(name: str):
    if name == "CountSettings":
        import warnings

        warnings.warn("fsf.compare.CountSettings is now fsf.text.TermSettings (one settings class for the terms "
                      "of topics and keyness); the old name will be removed.", DeprecationWarning, stacklevel=2)
        return TermSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
