"""Tests for fsf.narrative: actors, destinations, fates, co-occurrence, voices, arcs, the summary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fsf import narrative as N
from fsf import plots
from fsf.corpus import load_corpus
from fsf.quotes import quotes
from fsf.stance.targets import mentions
from fsf.text import sentences
from fsf.codes import load_stance_codes


def sents(*texts, doc_id="a"):
    return pd.DataFrame({"doc_id": doc_id, "sent_idx": range(len(texts)), "paragraph_idx": range(len(texts)),
                         "text": list(texts)})


@pytest.fixture(scope="module")
def seeds():
    corpus = load_corpus()
    table = sentences(corpus)
    found = mentions(table)
    return corpus, table, found, N.actor_mentions(table, found)


@pytest.mark.parametrize("text, actors", [
    ("Daesh and the Islamic State are one.", ["ISIS", "ISIS"]),
    ("HTS, formerly Jabhat al-Nusra, rules Idleb.", ["HTS / Nusra", "HTS / Nusra"]),
    ("Syrian Kurdish fighters met rebels and activists.", ["Kurdish forces", "Syrian rebels", "Activists and civilians"]),
    ("The regime of Bashar al-Assad and Russian forces.", ["Syrian regime", "Russia"]),
    ("MI6 and the CIA met at the embassy.", ["Western governments and intelligence"] * 3),
    ("Nothing to see.", []),
])
def test_actor_mentions(text, actors):
    assert N.actor_mentions(sents(text))["actor"].tolist() == actors


def test_foreign_fighters_join_as_an_actor_without_pronouns():
    table = sents("Foreign fighters left ISIS.", "They went home.")
    out = N.actor_mentions(table, mentions(table))
    assert out[["sent_idx", "actor"]].values.tolist() == [[0, "Foreign fighters"], [0, "ISIS"]]


def test_actor_counts_cover_every_actor_and_article(seeds):
    corpus, _, _, actor_table = seeds
    counts = N.actor_counts(actor_table, corpus)
    assert len(counts) == len(corpus) * len(N.load_actors())
    # 001 names HTS 15 times by its names (HTS, Hay'at Tahrir al-Sham, Jabhat al-Nusra): read by hand
    assert counts.set_index(["doc_id", "actor"]).loc[("001", "HTS / Nusra"), "n"] == 15
    assert counts.set_index(["doc_id", "actor"]).loc[("001", "ISIS"), "n"] == 0


def test_destinations_and_fates():
    table = sents("Foreign fighters fled to Turkey and want to go home.", "Others were sent to Ukraine.",
                  "The fighters were executed by their commanders.")
    assert N.destination_counts(table)["destination"].tolist() == ["Turkey", "home countries", "Ukraine"]
    fates = N.fate_counts(table, mentions(table))
    # "Others" opening the sentence after a mention refers to other foreign fighters (a pronoun mention)
    assert fates[["sent_idx", "fate"]].values.tolist() == [[0, "leaving"], [1, "redeployed"], [2, "killed or punished"]]


def test_cooccurrence_counts_sentences_not_mentions():
    m = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 0, 0, 1], "actor": ["ISIS", "ISIS", "Turkey", "ISIS"]})
    assert N.cooccurrence(m).values.tolist() == [["a", "ISIS", "Turkey", 1]]


def test_network_nodes_and_edges(seeds):
    _, _, _, actor_table = seeds
    edges = N.cooccurrence(actor_table)
    graph = N.network(edges, actor_table, "003")
    assert graph.nodes["Foreign fighters"]["count"] == 27
    assert graph.edges["Foreign fighters", "ISIS"]["weight"] == 12
    assert set(graph.nodes) == set(actor_table.loc[actor_table.doc_id == "003", "actor"])


def test_quoted_sentences_and_who_speaks(seeds):
    corpus, table, _, _ = seeds
    quoted = quotes(corpus)
    inside = N.quoted_sentences(quoted, table)
    assert not inside.duplicated(["doc_id", "sent_idx"]).any()
    # 003/7 holds one quote over four sentences (10-13, read by hand): all four count as Abu Shujar's
    assert inside[(inside.doc_id == "003") & inside.sent_idx.between(10, 13)]["speaker"].tolist() == ["Abu Shujar"] * 4
    speaks = N.who_speaks(quoted, corpus)
    assert speaks.loc[speaks.doc_id == "001", "speaker_type"].tolist() == ["(no quotes)"]
    assert (speaks["share_of_words"] < 1).all()


def test_stance_by_speaker_adds_up(seeds):
    corpus, table, _, _ = seeds
    codes = load_stance_codes(table)
    out = N.stance_by_speaker(N.quoted_sentences(quotes(corpus), table), codes)
    assert out["n_about"].sum() == 161  # every sentence about foreign fighters (gold codes), once
    assert (out[["n_negative", "n_neutral", "n_positive"]].sum(axis=1) == out["n_about"]).all()


def test_stance_arc_positions():
    table = sents("a", "b", "c")
    stance = table[["doc_id", "sent_idx"]].assign(stance=pd.array([1, pd.NA, -1], dtype="Int64"))
    arc = N.stance_arc(stance, table)
    assert arc["position"].tolist() == [0.0, 0.5, 1.0]
    assert arc["mean"].tolist()[0] == 1.0 and np.isnan(arc["mean"].tolist()[1])


def test_article_summary_marks_the_analysts_reading(seeds):
    corpus, table, found, actor_table = seeds
    summary = N.article_summary(corpus, actor_table, N.fate_counts(table, found), N.destination_counts(table),
                                load_stance_codes(table))
    assert summary["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert "framing (analyst's reading)" in summary.columns
    assert summary.set_index("doc_id").loc["001", "destinations"].startswith("Ukraine")
    assert summary.set_index("doc_id").loc["000", "stance_hand (hostile / neutral / sympathetic)"] == "69% / 31% / 0%"


def test_narrative_figures(seeds):
    corpus, table, found, actor_table = seeds
    labels = plots.article_labels(corpus)
    edges = N.cooccurrence(actor_table)
    fig = plots.actor_networks({d: N.network(edges, actor_table, d) for d in corpus.doc_id}, labels)
    assert len([ax for ax in fig.axes if ax.get_title(loc="left")]) == 5
    codes = load_stance_codes(table)
    arcs = plots.stance_arcs(N.stance_arc(codes, table), labels)
    assert len(arcs.axes) == 5 and arcs.axes[-1].get_xlabel()
    speak = plots.speaker_shares(N.who_speaks(quotes(corpus), corpus), labels)
    assert speak.axes[0].get_xlabel().startswith("share")
