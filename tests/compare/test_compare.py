"""Tests for fsf.compare: term counts, keyness, similarity, clustering, dispersion, figures, export.

Expected numbers are worked out by hand from the formulas (the arithmetic is
in the comments), not copied from the code's output.
"""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from matplotlib.figure import Figure

from fsf import compare, plots
from fsf.compare import TermCounts
from fsf.text import TermSettings
from fsf.corpus import load_corpus, paragraphs
from fsf.errors import MethodError
from fsf.plots.style import save_figure
from fsf.plots import article_labels
from fsf.text import alias_counts, load_aliases


def make_counts(rows, terms=("x", "y", "z"), ids=None) -> TermCounts:
    """A TermCounts with exactly these counts (articles 'a', 'b', 'c', ... unless ids are given)."""
    matrix = sp.csr_matrix(np.array(rows, dtype=np.int64))
    return TermCounts(matrix, tuple(ids or "abcdefgh"[:len(rows)]), np.array(terms, dtype=object), TermSettings())


def row(table, doc_id, term):
    hit = table[(table.doc_id == doc_id) & (table.term == term)]
    assert len(hit) == 1, (doc_id, term)
    return hit.iloc[0]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def seed_counts(corpus):
    return compare.term_counts(corpus)


# --------------------------------------------------------------------------
# term_counts
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text, settings, expected", [
    # aliases: three spellings of one group are one term; stop words ('the', 'and') dropped
    ("The Islamic State and ISIS and Daesh", TermSettings(), {"isis": 3}),
    # multi-word alias tokens stay whole (tokenizing normalize_aliases() output would split them at '_')
    ("The Syrian regime fought Hurras al-Din.", TermSettings(), {"syrian_regime": 1, "fought": 1, "hurras_al_din": 1}),
    # numbers dropped, possessive stripped, the stray letters of U.S. dropped (min_token_length=2)
    ("The group's 300 fighters left the U.S. in 2014.", TermSettings(), {"group": 1, "fighters": 1, "left": 1}),
    # numbers kept on request
    ("300 fighters", TermSettings(drop_numbers=False), {"300": 1, "fighters": 1}),
    # contractions are function words (extra_stopwords default); stop words can be kept
    ("They don't trust them", TermSettings(), {"trust": 1}),
    ("They don't trust them", TermSettings(stopwords=False, extra_stopwords=()),
     {"they": 1, "don't": 1, "trust": 1, "them": 1}),
    # stemming: fighters -> fighter, fleeing -> flee; the alias token isis is not stemmed to 'isi'
    ("Fighters fleeing ISIS", TermSettings(stem=True), {"fighter": 1, "flee": 1, "isis": 1}),
    # aliases off: Daesh stays a word of its own
    ("Daesh and ISIS", TermSettings(aliases=False), {"daesh": 1, "isis": 1}),
])
def test_term_counts_preprocessing(text, settings, expected):
    counts = compare.term_counts({"a": text, "b": "placeholder"}, settings)
    found = counts.to_frame().query("doc_id == 'a'").set_index("term")["count"].to_dict()
    assert found == expected
    assert counts.settings is settings


def test_term_counts_is_sparse_and_accepts_several_inputs(corpus):
    as_table = compare.term_counts(corpus)
    as_dict = compare.term_counts(dict(zip(corpus.doc_id, corpus.clean_text)))
    as_list = compare.term_counts(list(corpus.clean_text))
    assert sp.issparse(as_table.counts) and as_table.counts.format == "csr"
    assert as_table.counts.dtype == np.int64
    assert as_table.doc_ids == as_dict.doc_ids == ("000", "001", "002", "003", "004")
    assert as_list.doc_ids == ("0", "1", "2", "3", "4")
    assert (as_table.counts != as_dict.counts).nnz == 0 and (as_table.counts != as_list.counts).nnz == 0
    assert list(as_table.terms) == sorted(as_table.terms)


def test_alias_counts_agree_with_the_alias_audit(corpus, seed_counts):
    # fsf.text.alias_counts counts every ISIS variant in each article's clean text by another route
    audit = alias_counts(corpus)
    expected = audit[audit.canonical == "ISIS"].groupby("doc_id")["n"].sum().reindex(seed_counts.doc_ids, fill_value=0)
    column = list(seed_counts.terms).index("isis")
    assert seed_counts.counts[:, column].toarray().ravel().tolist() == expected.tolist()


def test_settings_table_records_every_choice():
    table = TermSettings(stem=True).table().set_index("setting")
    assert list(table.index) == ["lowercase", "aliases", "drop_numbers", "strip_possessive", "min_token_length",
                                 "stopwords", "extra_stopwords", "stem"]
    assert table.loc["stem", "value"] == "True" and "don't" in table.loc["extra_stopwords", "value"]


@pytest.mark.parametrize("texts, message", [
    ({"a": "Fighters fled."}, r"got 1 document\(s\) \(a\).*at least 2"),
    ({}, r"got 0 document\(s\)"),
    ({"a": "the and of", "b": "they were not 2014"}, r"has a term left.*stopwords=True.*drop_numbers=True"),
    ("one string", r"list of texts"),
    ({"a": "text", "b": None}, r"'b' is not a string"),
])
def test_term_counts_refuses_bad_input(texts, message):
    with pytest.raises(MethodError, match=message):
        compare.term_counts(texts)


def test_term_counts_refuses_repeated_doc_ids():
    table = pd.DataFrame({"doc_id": ["a", "a"], "clean_text": ["Fighters fled.", "Rebels stayed."]})
    with pytest.raises(MethodError, match="'a' occurs more than once"):
        compare.term_counts(table)


@pytest.mark.parametrize("kwargs, message", [
    ({"min_token_length": 0}, "min_token_length=0"),
    ({"extra_stopwords": "said"}, "not one string"),
])
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(MethodError, match=message):
        TermSettings(**kwargs)


# --------------------------------------------------------------------------
# keyness
# --------------------------------------------------------------------------

# Toy corpus for the hand computations: three articles, three terms x, y, z.
#   a: x=2 y=1 z=0   n_a = 3
#   b: x=1 y=1 z=1   n_b = 3
#   c: x=1 y=0 z=1   n_c = 2      N = 8, corpus counts y_w = (4, 2, 2)
TOY = [[2, 1, 0], [1, 1, 1], [1, 0, 1]]


@pytest.mark.parametrize("term, delta, z", [
    # Default prior a0 = N = 8, so alpha_w = 8 * y_w / 8 = (4, 2, 2). Article a against b + c pooled:
    # rest counts (2, 1, 2), n_rest = 5.
    # x: log[(2+4)/(3+8-2-4)] - log[(2+4)/(5+8-2-4)] = log(6/5) - log(6/7) = log(7/5); var = 1/6 + 1/6 = 1/3
    ("x", math.log(7 / 5), math.log(7 / 5) / math.sqrt(1 / 3)),
    # y: log[(1+2)/(3+8-1-2)] - log[(1+2)/(5+8-1-2)] = log(3/8) - log(3/10) = log(10/8); var = 1/3 + 1/3
    ("y", math.log(10 / 8), math.log(10 / 8) / math.sqrt(2 / 3)),
    # z: log[(0+2)/(3+8-0-2)] - log[(2+2)/(5+8-2-2)] = log(2/9) - log(4/9) = log(1/2); var = 1/2 + 1/4
    ("z", math.log(1 / 2), math.log(1 / 2) / math.sqrt(3 / 4)),
])
def test_keyness_by_hand_default_prior(term, delta, z):
    table = compare.keyness(make_counts(TOY), "a")
    got = row(table, "a", term)
    assert got["log_odds"] == pytest.approx(delta, abs=1e-12)
    assert got["z"] == pytest.approx(z, abs=1e-12)


@pytest.mark.parametrize("term, delta, z", [
    # a0 = 4, so alpha_w = 4 * (4, 2, 2) / 8 = (2, 1, 1). Article a again, rest (2, 1, 2), n_rest = 5.
    # x: log[(2+2)/(3+4-2-2)] - log[(2+2)/(5+4-2-2)] = log(4/3) - log(4/5) = log(5/3); var = 1/4 + 1/4
    ("x", math.log(5 / 3), math.log(5 / 3) / math.sqrt(1 / 2)),
    # y: log[(1+1)/(3+4-1-1)] - log[(1+1)/(5+4-1-1)] = log(2/5) - log(2/7) = log(7/5); var = 1/2 + 1/2 = 1
    ("y", math.log(7 / 5), math.log(7 / 5)),
    # z: log[(0+1)/(3+4-0-1)] - log[(2+1)/(5+4-2-1)] = log(1/6) - log(3/6) = log(1/3); var = 1/1 + 1/3
    ("z", math.log(1 / 3), math.log(1 / 3) / math.sqrt(4 / 3)),
])
def test_keyness_by_hand_smaller_prior(term, delta, z):
    got = row(compare.keyness(make_counts(TOY), ["a"], a0=4), "a", term)
    assert got["log_odds"] == pytest.approx(delta, abs=1e-12)
    assert got["z"] == pytest.approx(z, abs=1e-12)


def test_keyness_by_hand_second_article():
    # Article b = (1, 1, 1), n_b = 3, against a + c = (3, 1, 1), n_rest = 5; alpha = (4, 2, 2), a0 = 8.
    # x: log[(1+4)/(3+8-1-4)] - log[(3+4)/(5+8-3-4)] = log(5/6) - log(7/6) = log(5/7); var = 1/5 + 1/7 = 12/35
    got = row(compare.keyness(make_counts(TOY)), "b", "x")
    assert got["count"] == 1
    assert got["log_odds"] == pytest.approx(math.log(5 / 7), abs=1e-12)
    assert got["z"] == pytest.approx(math.log(5 / 7) / math.sqrt(12 / 35), abs=1e-12)


def test_keyness_table_shape_and_columns():
    table = compare.keyness(make_counts(TOY))
    assert list(table.columns) == compare.KEYNESS_COLUMNS == ["doc_id", "term", "count", "log_odds", "z"]
    assert table[["doc_id", "term"]].values.tolist() == [[d, t] for d in "abc" for t in "xyz"]
    assert table["count"].tolist() == [2, 1, 0, 1, 1, 1, 1, 0, 1]


def test_keyness_is_antisymmetric_with_two_articles():
    # With two articles, "A against the rest" is A against B, and the prior is shared, so delta_A = -delta_B.
    table = compare.keyness(make_counts([[3, 1, 0], [1, 2, 4]]))
    a, b = table[table.doc_id == "a"], table[table.doc_id == "b"]
    assert np.allclose(a["log_odds"].to_numpy(), -b["log_odds"].to_numpy(), atol=1e-12)
    assert np.allclose(a["z"].to_numpy(), -b["z"].to_numpy(), atol=1e-12)
    assert (a["log_odds"].abs() > 0.05).all()  # not trivially zero


def test_z_grows_by_root_two_when_the_counts_double():
    # Default prior: doubling every count doubles N and alpha_w, so each odds is (2u)/(2v) = u/v and delta is
    # unchanged, while each variance term 1/(2y + 2alpha) halves: z is multiplied by sqrt(2) exactly.
    once = compare.keyness(make_counts(TOY))
    twice = compare.keyness(make_counts(np.array(TOY) * 2))
    assert np.allclose(twice["log_odds"], once["log_odds"], atol=1e-12)
    assert np.allclose(twice["z"], once["z"] * math.sqrt(2), atol=1e-12)


def test_z_grows_with_counts_under_a_fixed_prior():
    # Article a always uses x three times as often as b; more text of the same kind is more evidence.
    zs = [row(compare.keyness(make_counts([[3 * k, k, 0], [k, 3 * k, 0]], ids="ab"), a0=10), "a", "x")["z"]
          for k in (1, 2, 4, 8)]
    assert all(later > earlier > 0 for earlier, later in zip(zs, zs[1:]))


def test_a_term_only_one_article_uses_is_key_for_it():
    table = compare.keyness(make_counts([[2, 3, 1], [0, 3, 1], [0, 2, 2]]))
    assert row(table, "a", "x")["log_odds"] > 0 and row(table, "a", "x")["z"] > 0
    assert row(table, "b", "x")["log_odds"] < 0 and row(table, "c", "x")["log_odds"] < 0


def test_keyness_from_text_ranks_the_unique_word_first():
    counts = compare.term_counts({"a": "Smugglers smuggled fighters. Fighters paid smugglers.",
                                  "b": "Fighters fled.", "c": "Fighters stayed and fighters fought."})
    top = compare.top_keyness(compare.keyness(counts, "a"), n=1)
    assert top[["doc_id", "term", "count"]].values.tolist() == [["a", "smugglers", 2]]


def test_a_term_absent_from_all_articles_cannot_appear():
    # a zero column (e.g. counts built by hand, or after dropping articles) would have alpha_w = 0 and log(0)
    table = compare.keyness(make_counts([[1, 0, 2], [3, 0, 1]]))
    assert set(table["term"]) == {"x", "z"}
    assert np.isfinite(table[["log_odds", "z"]].to_numpy()).all()


@pytest.mark.parametrize("counts, kwargs, message", [
    (make_counts([[1, 2, 3]]), {}, r"hold 1 article\(s\)"),
    (make_counts(TOY), {"doc_ids": "zz"}, r"'zz' is not in the counts, whose articles are a, b, c"),
    (make_counts(TOY), {"doc_ids": ["a", "003"]}, r"'003' is not in the counts"),
    (make_counts(TOY), {"a0": 0}, r"a0=0"),
    (make_counts(TOY), {"a0": float("nan")}, r"a0=nan"),
    (make_counts([[2, 0, 0], [1, 0, 0]]), {}, r"at least 2 terms"),
])
def test_keyness_refuses_bad_input(counts, kwargs, message):
    with pytest.raises(MethodError, match=message):
        compare.keyness(counts, **kwargs)


def test_top_keyness_orders_by_z_then_term():
    table = compare.keyness(make_counts(TOY))
    top = compare.top_keyness(table, n=2)
    # article a by hand above: z(x) = 0.583 > z(y) = 0.273 > z(z) = -0.800
    assert top[top.doc_id == "a"]["term"].tolist() == ["x", "y"]
    assert top.groupby("doc_id").size().tolist() == [2, 2, 2]
    with pytest.raises(MethodError, match="by='count'"):
        compare.top_keyness(table, by="count")
    with pytest.raises(MethodError, match="n=0"):
        compare.top_keyness(table, n=0)


# --------------------------------------------------------------------------
# similarity, clustering, stands_apart
# --------------------------------------------------------------------------


def test_identical_articles_have_similarity_one_and_disjoint_zero():
    square = compare.similarity({"a": "Fighters fled Idlib.", "b": "Idlib fighters fled.", "c": "Rebels stayed home."})
    assert square.loc["a", "b"] == pytest.approx(1.0, abs=1e-12)
    assert square.loc["a", "c"] == 0.0 and square.loc["b", "c"] == 0.0
    assert np.diag(square.to_numpy()).tolist() == [1.0, 1.0, 1.0]
    assert list(square.index) == list(square.columns) == ["a", "b", "c"]


def test_similarity_by_hand_three_articles():
    # a: x y   b: x z   c: z      (one of each). df: x 2, y 1, z 2 of D = 3 articles.
    # smoothed idf = ln((1 + D)/(1 + df)) + 1: x and z ln(4/3) + 1 = 1.28768, y ln(4/2) + 1 = 1.69315.
    # tf = 1 everywhere, so 1 + ln(tf) = 1 (sublinear changes nothing here).
    # cos(a, b) = ix^2 / (sqrt(ix^2 + iy^2) * sqrt(2) * ix) = ix / (sqrt(2) * sqrt(ix^2 + iy^2)) = 0.42804
    # cos(b, c) = ix^2 / (sqrt(2) * ix * ix) = 1/sqrt(2);  cos(a, c) = 0 (nothing shared)
    ix, iy = math.log(4 / 3) + 1, math.log(2) + 1
    square = compare.similarity(make_counts([[1, 1, 0], [1, 0, 1], [0, 0, 1]]))
    assert square.loc["a", "b"] == pytest.approx(ix / (math.sqrt(2) * math.sqrt(ix**2 + iy**2)), abs=1e-12)
    assert square.loc["a", "b"] == pytest.approx(0.42804, abs=1e-5)
    assert square.loc["b", "c"] == pytest.approx(1 / math.sqrt(2), abs=1e-12)
    assert square.loc["a", "c"] == 0.0
    assert np.allclose(square.to_numpy(), square.to_numpy().T)


def test_similarity_damps_repetition_when_sublinear():
    # a: x=2 y=1, b: x=1 y=1; both terms in both articles, so idf = ln(3/3) + 1 = 1.
    # sublinear: a = (1 + ln 2, 1), b = (1, 1): cos = (2 + ln 2) / (sqrt((1 + ln 2)^2 + 1) * sqrt(2)) = 0.96843
    # raw tf:    a = (2, 1): cos = 3 / (sqrt(5) * sqrt(2)) = 0.94868
    counts = make_counts([[2, 1], [1, 1]], terms=("x", "y"))
    sub = compare.similarity(counts).loc["a", "b"]
    raw = compare.similarity(counts, sublinear=False).loc["a", "b"]
    assert sub == pytest.approx((2 + math.log(2)) / (math.sqrt((1 + math.log(2)) ** 2 + 1) * math.sqrt(2)), abs=1e-12)
    assert raw == pytest.approx(3 / math.sqrt(10), abs=1e-12)


def test_tfidf_stays_sparse(seed_counts):
    weights = compare.tfidf(seed_counts)
    assert sp.issparse(weights) and weights.format == "csr"
    assert weights.shape == seed_counts.shape
    assert np.allclose(np.asarray(weights.multiply(weights).sum(axis=1)).ravel(), 1.0)


def test_seed_similarity_matches_an_independent_computation(seed_counts):
    # the same TF-IDF cosine written out in numpy from the counts, without scikit-learn
    tf = seed_counts.counts.toarray().astype(float)
    df = (tf > 0).sum(axis=0)
    weights = np.where(tf > 0, 1 + np.log(np.where(tf > 0, tf, 1)), 0) * (np.log(6 / (1 + df)) + 1)
    weights /= np.linalg.norm(weights, axis=1, keepdims=True)
    assert np.allclose(compare.similarity(seed_counts).to_numpy(), weights @ weights.T, atol=1e-12)


def test_similarity_refuses_an_article_without_terms():
    with pytest.raises(MethodError, match=r"article\(s\) b have no term left"):
        compare.similarity(make_counts([[1, 2], [0, 0]], terms=("x", "y")))


def test_similarity_pairs_lists_each_pair_once():
    square = compare.similarity(make_counts([[1, 1, 0], [1, 0, 1], [0, 0, 1]]))
    pairs = compare.similarity_pairs(square)
    assert pairs[["doc_a", "doc_b"]].values.tolist() == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert pairs["cosine"].iloc[2] == pytest.approx(1 / math.sqrt(2), abs=1e-12)


def test_cluster_by_hand():
    # distances 1 - cosine: a-b 0.1, a-c 0.9, b-c 0.8. a and b join at 0.1; c joins {a, b} at the
    # average of its distances to them, (0.9 + 0.8) / 2 = 0.85.
    square = pd.DataFrame([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]], index=list("abc"), columns=list("abc"))
    result = compare.cluster(square)
    assert result.linkage[:, 2] == pytest.approx([0.1, 0.85], abs=1e-12)
    assert result.linkage[:, 3].tolist() == [2, 3]
    assert set(result.linkage[0, :2]) == {0, 1}
    assert sorted(result.order) == ["a", "b", "c"] and result.order.index("c") in (0, 2)


@pytest.mark.parametrize("square, message", [
    (pd.DataFrame([[1.0]], index=["a"], columns=["a"]), "at least 2 articles"),
    (pd.DataFrame([[1, .2], [.5, 1]], index=list("ab"), columns=list("ab")), "not symmetric"),
    (pd.DataFrame([[1, .2, .1], [.2, 1, .3]], index=list("ab"), columns=list("abc")), "square table"),
])
def test_cluster_refuses_bad_input(square, message):
    with pytest.raises(MethodError, match=message):
        compare.cluster(square)


def test_stands_apart_by_hand():
    # a and b share fighters and fled; c shares nothing with anyone, so its mean similarity is 0, the lowest.
    apart = compare.stands_apart({"a": "Fighters fled Idlib.", "b": "Fighters fled Raqqa.", "c": "Rebels stayed home."}, n=3)
    assert apart.doc_id == "c"
    assert apart.mean_similarity.set_index("doc_id").loc["c", "mean_similarity"] == 0.0
    # its three words each occur once and nowhere else: equal z, so alphabetical
    assert apart.terms["term"].tolist() == ["home", "rebels", "stayed"]
    assert apart.terms["other_articles"].tolist() == [0, 0, 0]
    assert apart.terms["tfidf"].tolist() == pytest.approx([1 / math.sqrt(3)] * 3, abs=1e-12)


def test_stands_apart_on_the_seeds_is_the_lowest_mean_similarity(seed_counts):
    square = compare.similarity(seed_counts).to_numpy()
    means = (square.sum(axis=1) - 1) / 4  # mean over the four other articles
    apart = compare.stands_apart(seed_counts, n=5)
    assert apart.doc_id == seed_counts.doc_ids[int(np.argmin(means))]
    assert apart.mean_similarity["mean_similarity"].is_monotonic_increasing
    assert len(apart.terms) == 5 and (apart.terms["z"] > 0).all()


# --------------------------------------------------------------------------
# dispersion
# --------------------------------------------------------------------------


def units(*texts, doc_id="a"):
    return pd.DataFrame({"doc_id": doc_id, "text": list(texts)})


def test_dispersion_by_hand():
    # joined text: "Daesh fighters fled." (20 chars) + blank line (2) + "The Islamic State lost the fledgling war."
    # length 20 + 2 + 41 = 63. Daesh starts at 0; "Islamic State" at 22 + 4 = 26; "fled" at 15;
    # "fledgling" is not the word "fled".
    table = units("Daesh fighters fled.", "The Islamic State lost the fledgling war.")
    out = compare.dispersion(table, ["ISIS", "fled"])
    assert out.values.tolist() == [["a", "ISIS", 0.0], ["a", "ISIS", 26 / 63], ["a", "fled", 15 / 63]]


@pytest.mark.parametrize("term, text, n", [
    ("ISIS", "ISIL, Daesh, the Islamic State and Isis.", 4),   # canonical name: every variant
    ("isis", "ISIL and Daesh.", 2),                            # the token, as keyness reports it
    ("syrian_regime", "The Assad regime and the regime.", 2),   # a multi-word alias token
    ("Daesh", "Daesh and ISIS.", 1),                           # a variant is matched as written
    ("turkey", "Turkey, TURKEY and turkeys.", 2),              # an alias entity, case ignored
    ("al-Qaeda", "al-Qaeda-linked men", 1),                    # the alias matcher accepts a hyphen after it
    ("smuggler", "Smuggler, SMUGGLER and smugglers.", 2),      # not an alias: whole words, case ignored
    ("fighter", "fighter-pilot men", 0),                       # not an alias: the word rule of kwic
])
def test_dispersion_matching(term, text, n):
    assert len(compare.dispersion(units(text), [term])) == n


def test_a_term_found_nowhere_gives_no_rows():
    out = compare.dispersion(units("Fighters fled."), ["Ukraine"])
    assert out.empty and list(out.columns) == ["doc_id", "term", "position"]


@pytest.mark.parametrize("terms, table, message", [
    ([], units("x"), "one or more non-empty"),
    (["  "], units("x"), "one or more non-empty"),
    (["ISIS"], pd.DataFrame({"doc_id": ["a"]}), "lack a doc_id or text column"),
])
def test_dispersion_refuses_bad_input(terms, table, message):
    with pytest.raises(MethodError, match=message):
        compare.dispersion(table, terms)


def test_dispersion_on_the_seeds_finds_every_isis_variant(corpus):
    paras = paragraphs(corpus)
    out = compare.dispersion(paras, ["ISIS"])
    audit = alias_counts(corpus)
    expected = audit[audit.canonical == "ISIS"].groupby("doc_id")["n"].sum().to_dict()
    assert out.groupby("doc_id").size().to_dict() == expected  # 001 never names ISIS: no rows
    assert out["position"].between(0, 1, inclusive="left").all()
    # each position points at a variant of the alias table in the article's paragraphs joined by blank lines
    variants = [a.variant if a.case_sensitive else a.variant.lower() for a in load_aliases() if a.canonical == "ISIS"]
    text = "\n\n".join(paras[paras.doc_id == "003"]["text"])
    starts = [round(p * len(text)) for p in out[out.doc_id == "003"]["position"]]
    assert starts and all(any(text[s:].startswith(v) or text[s:].lower().startswith(v) for v in variants)
                          for s in starts)


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def labels(corpus):
    return article_labels(corpus)


TERMS = ["ISIS", "Turkey", "Ukraine", "nowhere-word"]


@pytest.fixture(scope="module")
def builders(corpus, seed_counts, labels):
    square = compare.similarity(seed_counts)
    table = compare.keyness(seed_counts)
    positions = compare.dispersion(paragraphs(corpus), TERMS)
    return {
        "similarity": lambda: plots.similarity_figure(square, labels),
        "dendrogram": lambda: plots.dendrogram_figure(compare.cluster(square), labels),
        "keyness": lambda: plots.keyness_figure(table, n=6, labels=labels),
        "dispersion": lambda: plots.dispersion_figure(positions, TERMS, labels),
    }


@pytest.fixture(scope="module")
def figures(builders):
    return {name: build() for name, build in builders.items()}


@pytest.mark.parametrize("name, n_panels", [("similarity", 1), ("dendrogram", 1), ("keyness", 5), ("dispersion", 5)])
def test_figures_have_labelled_panels(figures, name, n_panels):
    fig = figures[name]
    assert isinstance(fig, Figure)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(panels) == n_panels
    for ax in panels:
        assert ax.get_xlabel() and ax.get_ylabel()


def test_similarity_heatmap_shows_the_values(figures, seed_counts):
    fig = figures["similarity"]
    cells = sorted(t.get_text() for t in fig.axes[0].texts)
    values = compare.similarity(seed_counts).to_numpy()
    expected = ["-" if i == j else f"{v:.2f}" for (i, j), v in np.ndenumerate(values)]  # the diagonal is 1 by definition
    assert cells == sorted(expected)
    assert fig.axes[0].get_yticklabels()[0].get_text() == "000 · The National · 2018"
    colorbar = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    assert len(colorbar) == 1 and colorbar[0].get_ylabel().startswith("Cosine similarity")


def test_dendrogram_labels_every_article(figures, labels):
    ticks = {t.get_text() for t in figures["dendrogram"].axes[0].get_yticklabels()}
    assert ticks == set(labels.values())


def test_keyness_figure_draws_n_bars_per_article(figures, seed_counts):
    top = compare.top_keyness(compare.keyness(seed_counts), n=6)
    for ax, (doc_id, rows) in zip(figures["keyness"].axes, top.groupby("doc_id")):
        assert [p.get_width() for p in ax.patches] == pytest.approx(rows["z"].tolist()[::-1])
        assert ax.get_title(loc="left").startswith(doc_id)  # the fsf style puts titles on the left


def test_keyness_figure_panels_follow_the_articles():
    table = compare.keyness(make_counts([[2, 1, 0], [1, 1, 1], [1, 0, 1], [0, 3, 1]]))
    fig = plots.keyness_figure(table, n=2)
    assert len(fig.axes) == 4  # a 2 x 3 grid with the two unused cells removed


def test_dispersion_figure_ticks_and_empty_rows(figures, corpus):
    positions = compare.dispersion(paragraphs(corpus), ["ISIS"])
    ax = figures["dispersion"].axes[2]  # article 002
    isis_ticks = [line for line in ax.get_lines() if len(line.get_xdata()) and line.get_ydata()[0] == 0]
    assert len(isis_ticks[0].get_xdata()) == (positions.doc_id == "002").sum()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ISIS", "Turkey", "Ukraine", "nowhere-word"]
    assert ax.texts[-1].get_text() == "n = 0"  # the word found nowhere keeps its row


def test_dispersion_figure_needs_something_to_draw():
    with pytest.raises(MethodError, match="nothing to draw"):
        plots.dispersion_figure(pd.DataFrame(columns=["doc_id", "term", "position"]))


@pytest.mark.parametrize("name, formats", [
    # SVG records every coordinate and string drawn, and is the quickest to write; the default PNG + PDF
    # is checked on one figure (fsf.figures' own tests cover the saver for every format)
    ("similarity", ["svg"]), ("keyness", ["svg"]), ("dispersion", ["svg"]), ("dendrogram", ["svg", "png", "pdf"]),
])
def test_figures_are_deterministic(builders, tmp_path, name, formats):
    # the figure is built twice from scratch and saved: the bytes must agree
    def digests(folder):
        paths = save_figure(builders[name](), f"compare-{name}", out_dir=folder, formats=formats)
        return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]

    assert digests(tmp_path / "a") == digests(tmp_path / "b")


# --------------------------------------------------------------------------
# Export and import cost
# --------------------------------------------------------------------------


def test_keyness_table_is_tidy_rounded_and_sorted(corpus, seed_counts):
    table = compare.keyness_table(corpus)
    assert list(table.columns) == ["doc_id", "term", "count", "log_odds", "z"]
    assert len(table) == 5 * seed_counts.shape[1]
    assert (table[["log_odds", "z"]].round(4) == table[["log_odds", "z"]]).all().all()
    resorted = table.sort_values(["doc_id", "z", "term"], ascending=[True, False, True]).reset_index(drop=True)
    pd.testing.assert_frame_equal(table, resorted)
    # counts add up to the tokens counted per article
    totals = table.groupby("doc_id")["count"].sum().tolist()
    assert totals == np.asarray(seed_counts.counts.sum(axis=1)).ravel().tolist()
    pd.testing.assert_frame_equal(table, compare.keyness_table(corpus))


def test_import_does_not_load_heavy_libraries():
    code = ("import sys, fsf.compare\n"
            "print(sorted(m for m in ('sklearn', 'scipy', 'matplotlib', 'nltk') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
