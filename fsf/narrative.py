"""Narrative comparison: actors, places, fates, voices and the arc of each article.

Everything here is counted from the text through documented tables:
``fsf/data/actors.csv`` (actors, via the alias table or a pattern),
``fsf/data/destinations.csv``, ``fsf/data/fates.csv`` (what happens to the
fighters: leaving, staying, expelled, redeployed, killed or punished). The
one exception is ``fsf/data/analyst_readings.csv``: a one-line framing of
each article written by the analyst, which :func:`article_summary` always
labels as such.
"""

from __future__ import annotations

import functools
import re
from itertools import combinations

import pandas as pd

from fsf import config
from fsf.errors import skippable
from fsf.text import find_aliases, tokenize

__all__ = [
    "actor_counts", "actor_mentions", "analyst_readings", "article_summary", "cooccurrence", "destination_counts",
    "fate_counts", "load_actors", "network", "quoted_sentences", "stance_arc", "stance_by_speaker",
    "who_speaks",
]


@functools.lru_cache(maxsize=2)
def load_actors(path: str | None = None) -> pd.DataFrame:
    """The actor table: actor, category, aliases (alias-table names, ``;``-separated), pattern, note.

    Examples
    --------
    >>> load_actors().set_index("actor").loc["HTS / Nusra", "aliases"]
    'HTS;Jabhat al-Nusra'
    """
    return pd.read_csv(path or config.DATA_DIR / "actors.csv", keep_default_na=False)


@functools.lru_cache(maxsize=8)
def _patterns(name: str) -> tuple[tuple[str, re.Pattern], ...]:
    table = pd.read_csv(config.DATA_DIR / f"{name}.csv", keep_default_na=False)
    return tuple((row[0], re.compile(row[1], re.I)) for row in table.itertuples(index=False))


@skippable
def actor_mentions(sentences: pd.DataFrame, found: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every mention of an actor, sentence by sentence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        doc_id, sent_idx, paragraph_idx, text (see :func:`fsf.text.sentences`).
    found : pandas.DataFrame, optional
        Mentions of foreign fighters (:func:`fsf.targets.mentions`); their
        explicit, named and contextual mentions become the actor *Foreign
        fighters* (pronouns are left out).

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, paragraph_idx, actor, category, text. Alias-table
        matches come first; a pattern match overlapping one is dropped.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "paragraph_idx": [1],
    ...                       "text": ["Daesh and the Syrian regime fought rebels near Turkey."]})
    >>> actor_mentions(sents)["actor"].tolist()
    ['ISIS', 'Syrian regime', 'Syrian rebels', 'Turkey']
    """
    actors = load_actors()
    by_alias = {alias: (row.actor, row.category) for row in actors.itertuples()
                for alias in filter(None, row.aliases.split(";"))}
    patterns = [(row.actor, row.category, re.compile(row.pattern)) for row in actors.itertuples() if row.pattern]
    rows = []
    for doc_id, sent_idx, para, text in zip(sentences["doc_id"], sentences["sent_idx"],
                                            sentences["paragraph_idx"], sentences["text"]):
        spans = []
        for match in find_aliases(text):
            if match.canonical in by_alias:
                spans.append((match.start, match.end, *by_alias[match.canonical], match.text))
        for actor, category, pattern in patterns:
            for match in pattern.finditer(text):
                if not any(a < match.end() and match.start() < b for a, b, *_ in spans):
                    spans.append((match.start(), match.end(), actor, category, match.group()))
        rows.extend((doc_id, sent_idx, para, actor, category, found_text, start)
                    for start, _, actor, category, found_text in spans)
    if found is not None and len(found):
        paras = dict(zip(zip(sentences["doc_id"], sentences["sent_idx"]), sentences["paragraph_idx"]))
        for m in found[found["kind"] != "pronoun"].itertuples():
            rows.append((m.doc_id, m.sent_idx, paras[(m.doc_id, m.sent_idx)], "Foreign fighters", "target", m.text, m.start))
    out = pd.DataFrame(rows, columns=["doc_id", "sent_idx", "paragraph_idx", "actor", "category", "text", "start"])
    return out.sort_values(["doc_id", "sent_idx", "start"], kind="stable").drop(columns="start").reset_index(drop=True)


@skippable
def actor_counts(mentions: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Mentions of each actor per article, raw and per 1,000 tokens of kept text.

    Returns
    -------
    pandas.DataFrame
        doc_id, actor, category, n, per_1000 (0 where an actor is not mentioned).
    """
    sizes = {doc: len(tokenize(text)) for doc, text in zip(corpus["doc_id"], corpus["clean_text"])}
    actors = load_actors()[["actor", "category"]]
    grid = pd.MultiIndex.from_product([list(corpus["doc_id"]), actors["actor"]], names=["doc_id", "actor"])
    counts = mentions.groupby(["doc_id", "actor"]).size().reindex(grid, fill_value=0).rename("n").reset_index()
    counts = counts.merge(actors, on="actor")
    counts["per_1000"] = (1000 * counts["n"] / counts["doc_id"].map(sizes)).round(2)
    return counts[["doc_id", "actor", "category", "n", "per_1000"]]


def _pattern_counts(sentences: pd.DataFrame, table: str, label: str) -> pd.DataFrame:
    rows = []
    for doc_id, sent_idx, text in zip(sentences["doc_id"], sentences["sent_idx"], sentences["text"]):
        for name, pattern in _patterns(table):
            rows.extend((doc_id, sent_idx, name, m.group()) for m in pattern.finditer(text))
    return pd.DataFrame(rows, columns=["doc_id", "sent_idx", label, "text"])


@skippable
def destination_counts(sentences: pd.DataFrame) -> pd.DataFrame:
    """Places the fighters come from or go to, per mention (``fsf/data/destinations.csv``).

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "text": ["They went back home via Turkey."]})
    >>> destination_counts(sents)["destination"].tolist()
    ['Turkey', 'home countries']
    """
    return _pattern_counts(sentences, "destinations", "destination")


@skippable
def fate_counts(sentences: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    """What happens to the fighters, in sentences that mention them (``fsf/data/fates.csv``).

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, fate, text: one row per fate word in a sentence
        with a mention of foreign fighters (any kind).

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a", "a"], "sent_idx": [0, 1],
    ...                       "text": ["Foreign fighters fled to Turkey.", "The town fled."]})
    >>> from fsf.stance.targets import mentions
    >>> fate_counts(sents, mentions(sents))[["sent_idx", "fate"]].values.tolist()
    [[0, 'leaving']]
    """
    about = found[["doc_id", "sent_idx"]].drop_duplicates()
    return _pattern_counts(sentences.merge(about, on=["doc_id", "sent_idx"]), "fates", "fate")


@skippable
def cooccurrence(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors named in the same sentence, counted per article.

    Returns
    -------
    pandas.DataFrame
        doc_id, source, target (alphabetical), weight (number of sentences).
        Linear in the number of sentences; quadratic only in the actors of
        one sentence.

    Examples
    --------
    >>> m = pd.DataFrame({"doc_id": ["a"] * 4, "sent_idx": [0, 0, 1, 1],
    ...                   "actor": ["ISIS", "Turkey", "ISIS", "Turkey"]})
    >>> cooccurrence(m).values.tolist()
    [['a', 'ISIS', 'Turkey', 2]]
    """
    rows = []
    for (doc_id, _), group in mentions.groupby(["doc_id", "sent_idx"], sort=True):
        for source, target in combinations(sorted(set(group["actor"])), 2):
            rows.append((doc_id, source, target))
    edges = pd.DataFrame(rows, columns=["doc_id", "source", "target"])
    return edges.groupby(["doc_id", "source", "target"]).size().rename("weight").reset_index()


@skippable
def network(edges: pd.DataFrame, mentions: pd.DataFrame, doc_id: str):
    """The actor co-occurrence network of one article as a :class:`networkx.Graph`.

    Nodes carry ``count`` (mentions) and ``category``; edges ``weight``.
    """
    import networkx as nx

    graph = nx.Graph()
    doc = mentions[mentions["doc_id"] == doc_id]
    for (actor, category), n in doc.groupby(["actor", "category"]).size().items():
        graph.add_node(actor, count=int(n), category=category)
    for row in edges[edges["doc_id"] == doc_id].itertuples():
        graph.add_edge(row.source, row.target, weight=int(row.weight))
    return graph


@skippable
def quoted_sentences(quotes: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences that lie (at least partly) inside a quotation, with its speaker and speaker type.

    Returns
    -------
    pandas.DataFrame
        doc_id, sent_idx, speaker, speaker_type (one row per sentence and quote).
    """
    rows = []
    by_para = {key: group for key, group in sentences.groupby(["doc_id", "paragraph_idx"])}
    for q in quotes.itertuples():
        group = by_para.get((q.doc_id, q.paragraph_idx))
        if group is None:
            continue
        inside = group[(group["start"] < q.end) & (group["end"] > q.start)]
        rows.extend((q.doc_id, idx, q.speaker, q.speaker_type) for idx in inside["sent_idx"])
    out = pd.DataFrame(rows, columns=["doc_id", "sent_idx", "speaker", "speaker_type"])
    return out.drop_duplicates(["doc_id", "sent_idx"]).reset_index(drop=True)


@skippable
def who_speaks(quotes: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted in each article: utterances and quoted words by speaker type.

    Returns
    -------
    pandas.DataFrame
        doc_id, speaker_type, n_speakers, n_utterances, quoted_words and
        share_of_words (quoted words of this type / all words of the
        article's kept text). Articles without quotes appear with zeros.
    """
    sizes = {doc: len(tokenize(text)) for doc, text in zip(corpus["doc_id"], corpus["clean_text"])}
    table = quotes.assign(words=quotes["quote"].map(lambda q: len(tokenize(q))))
    grouped = table.groupby(["doc_id", "speaker_type"]).agg(
        n_speakers=("speaker", "nunique"), n_utterances=("utterance", "nunique"), quoted_words=("words", "sum"))
    out = grouped.reset_index()
    missing = sorted(set(corpus["doc_id"]) - set(out["doc_id"]))
    if missing:
        out = pd.concat([out, pd.DataFrame({"doc_id": missing, "speaker_type": "(no quotes)", "n_speakers": 0,
                                            "n_utterances": 0, "quoted_words": 0})], ignore_index=True)
    out["share_of_words"] = (out["quoted_words"] / out["doc_id"].map(sizes)).round(3)
    return out.sort_values(["doc_id", "speaker_type"]).reset_index(drop=True)


@skippable
def stance_by_speaker(quoted: pd.DataFrame, stance: pd.DataFrame, *, column: str = "stance") -> pd.DataFrame:
    """Stance toward foreign fighters of quoted sentences, by speaker type (and for unquoted text).

    Parameters
    ----------
    quoted : pandas.DataFrame
        From :func:`quoted_sentences`.
    stance : pandas.DataFrame
        doc_id, sent_idx and a stance column (-1/0/+1, NA where the sentence
        is not about foreign fighters): fsf's measure or the hand codes.

    Returns
    -------
    pandas.DataFrame
        speaker_type (``(not quoted)`` for the journalists' own text),
        n_about (sentences about foreign fighters), n_negative, n_neutral,
        n_positive, mean.
    """
    merged = stance[["doc_id", "sent_idx", column]].merge(quoted, on=["doc_id", "sent_idx"], how="left")
    merged["speaker_type"] = merged["speaker_type"].fillna("(not quoted)")
    about = merged[merged[column].notna()].copy()
    about["value"] = about[column].astype(int)
    grouped = about.groupby("speaker_type")["value"]
    out = pd.DataFrame({
        "n_about": grouped.size(),
        "n_negative": grouped.agg(lambda s: int((s == -1).sum())),
        "n_neutral": grouped.agg(lambda s: int((s == 0).sum())),
        "n_positive": grouped.agg(lambda s: int((s == 1).sum())),
        "mean": grouped.mean().round(2),
    })
    return out.reset_index().sort_values("n_about", ascending=False, kind="stable").reset_index(drop=True)


@skippable
def stance_arc(stance: pd.DataFrame, sentences: pd.DataFrame, *, column: str = "stance") -> pd.DataFrame:
    """Stance toward foreign fighters along each article, paragraph by paragraph.

    Returns
    -------
    pandas.DataFrame
        doc_id, paragraph_idx, position (the paragraph's place in its article
        from 0 = first to 1 = last), n (sentences about foreign fighters) and
        mean stance (NaN where the paragraph has none).

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 1, 2], "paragraph_idx": [0, 1, 1]})
    >>> st = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 1, 2], "stance": pd.array([pd.NA, 1, -1], dtype="Int64")})
    >>> stance_arc(st, sents)[["position", "n", "mean"]].values.tolist()
    [[0.0, 0.0, nan], [1.0, 2.0, 0.0]]
    """
    merged = sentences[["doc_id", "sent_idx", "paragraph_idx"]].merge(stance[["doc_id", "sent_idx", column]],
                                                                     on=["doc_id", "sent_idx"], how="left")
    merged["value"] = merged[column].astype("Float64")
    out = merged.groupby(["doc_id", "paragraph_idx"])["value"].agg(n="count", mean="mean").reset_index()
    last = out.groupby("doc_id")["paragraph_idx"].transform("max")
    out["position"] = (out["paragraph_idx"] / last.where(last > 0, 1)).round(3)
    out["mean"] = out["mean"].astype(float).round(3)
    out["n"] = out["n"].astype(float)
    return out[["doc_id", "paragraph_idx", "position", "n", "mean"]]


@skippable
def article_summary(corpus: pd.DataFrame, mentions: pd.DataFrame, fates: pd.DataFrame,
                    destinations: pd.DataFrame, codes: pd.DataFrame | None = None,
                    readings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per article: what the data show, and (marked) the analyst's reading.

    Columns ``acting_on_fighters`` (the three actors most often named in
    the same sentence as the fighters), ``fates`` (the most frequent fates
    in sentences about them), ``destinations`` (places named), and
    ``stance_hand`` (shares of hostile / neutral / sympathetic hand codes)
    are counted from the text. ``framing (analyst's reading)`` is one line
    written by the analyst (``readings``: doc_id, framing, reading; for the seeds
    :func:`analyst_readings`), not a measurement; empty without readings. Without hand
    codes, ``stance_hand`` is ``-``.
    """
    fighters = mentions[mentions["actor"] == "Foreign fighters"][["doc_id", "sent_idx"]].drop_duplicates()
    near = mentions.merge(fighters, on=["doc_id", "sent_idx"])
    near = near[near["actor"] != "Foreign fighters"]
    readings = (readings if readings is not None else pd.DataFrame(columns=["doc_id", "framing", "reading"]))
    readings = readings.set_index("doc_id")
    codes = codes if codes is not None else pd.DataFrame(columns=["doc_id", "refers_ff", "stance"])
    rows = []
    for doc_id, year in zip(corpus["doc_id"], corpus["year"]):
        top = near[near["doc_id"] == doc_id]["actor"].value_counts().head(3)
        fate = fates[fates["doc_id"] == doc_id]["fate"].value_counts().head(3)
        dest = destinations[destinations["doc_id"] == doc_id]["destination"].value_counts()
        hand = codes[(codes["doc_id"] == doc_id) & (codes["refers_ff"] == 1)]["stance"].astype(int)
        shares = [f"{(hand == v).mean():.0%}" if len(hand) else "-" for v in (-1, 0, 1)]
        rows.append((doc_id, year, _listing(top), _listing(fate), _listing(dest), " / ".join(shares),
                     readings["framing"].get(doc_id, ""), readings["reading"].get(doc_id, "")))
    return pd.DataFrame(rows, columns=["doc_id", "year", "acting_on_fighters", "fates", "destinations",
                                       "stance_hand (hostile / neutral / sympathetic)",
                                       "framing (analyst's reading)", "reading (analyst's)"])


def analyst_readings() -> pd.DataFrame:
    """The analyst's one-line framing and reading of each seed article (``fsf/data/analyst_readings.csv``).

    Readings of the five seeds only: a study of another corpus has none unless its analyst writes them.

    Examples
    --------
    >>> sorted(analyst_readings().doc_id)
    ['000', '001', '002', '003', '004']
    """
    return pd.read_csv(config.DATA_DIR / "analyst_readings.csv", dtype=str, keep_default_na=False)


def _listing(counts: pd.Series) -> str:
    return ", ".join(f"{name} ({n})" for name, n in counts.items()) or "-"
