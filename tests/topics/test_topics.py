"""Tests for fsf.topics: scores against hand arithmetic, reproducibility, errors, tables and figures."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from scipy import sparse

from fsf import plots, topics
from fsf.corpus import load_corpus
from fsf.errors import MethodError
from fsf.topics import DocumentTermMatrix, TopicModel, TopicSettings

# Settings that keep every word of the toy corpora below (no frequency pruning, no extra stop words).
KEEP_ALL = TopicSettings(min_df=1, max_df=1.0, extra_stopwords=())


def units_of(*texts: str, doc_id: str = "t") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc_id, "paragraph_idx": range(1, len(texts) + 1), "text": list(texts)})


# Five tiny documents; every word is a content word, so the matrix is exactly these words.
TOY = units_of("war border", "war border fighters", "war fighters", "home family", "home border")


@pytest.fixture(scope="module")
def toy():
    return topics.document_term_matrix(TOY, KEEP_ALL)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def dtm(corpus):
    return topics.document_term_matrix(topics.paragraph_units(corpus))


@pytest.fixture(scope="module")
def models(dtm):
    return {"lda": topics.fit_topics(dtm, "lda", 3), "nmf": topics.fit_topics(dtm, "nmf", 3)}


# --------------------------------------------------------------------------
# Coherence on a corpus computed by hand
# --------------------------------------------------------------------------


def test_toy_matrix_is_what_the_texts_say(toy):
    assert list(toy.terms) == ["border", "family", "fighters", "home", "war"]
    assert toy.counts.toarray().tolist() == [
        [1, 0, 0, 0, 1], [1, 0, 1, 0, 1], [0, 0, 1, 0, 1], [0, 1, 0, 1, 0], [1, 0, 0, 1, 0]]


def test_coherence_matches_hand_computation(toy):
    war, border, fighters, home, family = (list(toy.terms).index(t) for t in
                                           ["war", "border", "fighters", "home", "family"])
    table = topics.coherence(toy.counts, [[war, border, fighters], [home, family, war]])
    # N = 5 units. Unit counts D: war 3, border 3, fighters 2, home 2, family 1.
    # Topic 1 pairs: D(war, border) = 2, D(war, fighters) = 2, D(border, fighters) = 1 (unit 2 only).
    #   NPMI = ln(P(w,v) / (P(w) P(v))) / -ln P(w,v):
    #   war-border      ln(0.4 / (0.6 * 0.6)) / -ln 0.4 = 0.105361 / 0.916291 =  0.114986
    #   war-fighters    ln(0.4 / (0.6 * 0.4)) / -ln 0.4 = 0.510826 / 0.916291 =  0.557493
    #   border-fighters ln(0.2 / (0.6 * 0.4)) / -ln 0.2 = -0.182322 / 1.609438 = -0.113283
    #   mean = 0.559196 / 3 = 0.186399
    #   UMass = ln((D(w, v) + 1) / D(v)), v the higher-ranked term:
    #   border|war ln(3/3) = 0; fighters|war ln(3/3) = 0; fighters|border ln(2/3) = -0.405465; mean -0.135155
    # Topic 2: D(home, family) = 1, home-war and family-war never co-occur (NPMI -1 by convention).
    #   home-family ln(0.2 / (0.4 * 0.2)) / -ln 0.2 = 0.916291 / 1.609438 = 0.569323
    #   mean = (0.569323 - 1 - 1) / 3 = -0.476892
    #   UMass: family|home ln(2/2) = 0; war|home ln(1/2) = -0.693147; war|family ln(1/1) = 0; mean -0.231049
    assert table["topic"].tolist() == [1, 2]
    assert table["npmi"].tolist() == pytest.approx([0.186399, -0.476892], abs=1e-6)
    assert table["umass"].tolist() == pytest.approx([-0.135155, -0.231049], abs=1e-6)


def test_coherence_conventions():
    # two terms in every unit: NPMI is 0/0, defined as 1 (complete co-occurrence); UMass ln(3/2)
    both = np.array([[1, 1], [2, 1]])
    table = topics.coherence(sparse.csr_matrix(both), [[0, 1]])
    assert table["npmi"].iloc[0] == 1.0
    assert table["umass"].iloc[0] == pytest.approx(np.log(3 / 2))
    # never together: -1
    apart = np.array([[1, 0], [0, 1]])
    assert topics.coherence(apart, [[0, 1]])["npmi"].iloc[0] == -1.0


def test_coherence_refuses_a_term_that_never_occurs():
    with pytest.raises(MethodError, match="occurs in no unit"):
        topics.coherence(np.array([[1, 0], [1, 0]]), [[0, 1]])


# --------------------------------------------------------------------------
# Exclusivity and stability on hand-made matrices
# --------------------------------------------------------------------------


def test_exclusivity_of_a_hand_made_matrix():
    beta = np.array([[0.5, 0.3, 0.2], [0.1, 0.3, 0.6]])
    # column sums 0.6, 0.6, 0.8
    # topic 1 top 2 = terms 0, 1: (0.5/0.6 + 0.3/0.6) / 2 = (0.833333 + 0.5) / 2 = 0.666667
    # topic 2 top 2 = terms 2, 1: (0.6/0.8 + 0.3/0.6) / 2 = (0.75 + 0.5) / 2 = 0.625
    assert topics.exclusivity(beta, n_top=2) == pytest.approx([0.666667, 0.625], abs=1e-6)
    assert topics.exclusivity(beta, n_top=1) == pytest.approx([0.833333, 0.75], abs=1e-6)
    # topics that weigh every term alike: exclusivity is 1/K
    assert topics.exclusivity(np.array([[0.2, 0.8], [0.2, 0.8]]), n_top=2) == pytest.approx([0.5, 0.5])


def test_stability_is_exactly_one_for_identical_runs(models):
    for model in models.values():
        assert topics.stability(model.topic_term, model.topic_term) == 1.0


def test_stability_below_one_for_different_seeds(dtm, models):
    other = topics.fit_topics(dtm, "lda", 3, random_state=7)
    assert topics.stability(models["lda"].topic_term, other.topic_term) < 1.0


def test_matching_recovers_a_permutation():
    a = np.eye(3)
    b = a[[2, 0, 1]]  # b's topic 1 is a's topic 3, b's 2 is a's 1, b's 3 is a's 2
    pairs = topics.match_topics(a, b)
    assert pairs["b_topic"].tolist() == [2, 3, 1]
    assert topics.stability(a, b) == 1.0


def test_matching_by_hand():
    a = np.array([[1.0, 0.0], [0.0, 1.0]])
    b = np.array([[1.0, 1.0], [0.0, 1.0]])
    # cosines: a1-b1 1/sqrt(2), a1-b2 0, a2-b1 1/sqrt(2), a2-b2 1.
    # Pairing a1-b1, a2-b2 totals 1.707107; the other pairing 0.707107. Mean of the best = 0.853553.
    pairs = topics.match_topics(a, b)
    assert pairs["b_topic"].tolist() == [1, 2]
    assert topics.stability(a, b) == pytest.approx(0.853553, abs=1e-6)


def toy_model(dtm: DocumentTermMatrix, topic_term, doc_topic) -> TopicModel:
    return TopicModel("nmf", len(topic_term), 0, np.array(topic_term, float), np.array(doc_topic, float), dtm, 0)


def test_match_by_top_terms_is_jaccard(toy):
    # terms: border, family, fighters, home, war
    a = toy_model(toy, [[0.4, 0.0, 0.3, 0.0, 0.3], [0.0, 0.5, 0.0, 0.5, 0.0]], np.full((5, 2), 0.5))
    b = toy_model(toy, [[0.0, 0.2, 0.0, 0.4, 0.3], [0.5, 0.0, 0.5, 0.0, 0.0]], np.full((5, 2), 0.5))
    pairs = topics.match_topics(a, b, by="terms", n_top=2)
    # a1 top {border, fighters}, a2 {family, home}; b1 {home, war}, b2 {border, fighters}
    # Jaccard a1-b2 = 2/2 = 1; a2-b1 = |{home}| / |{family, home, war}| = 1/3
    assert pairs["b_topic"].tolist() == [2, 1]
    assert pairs["similarity"].tolist() == pytest.approx([1.0, 1 / 3])


# --------------------------------------------------------------------------
# Reproducibility
# --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["lda", "nmf"])
def test_same_seed_gives_bit_identical_models(dtm, method):
    a = topics.fit_topics(dtm, method, 4, random_state=3)
    b = topics.fit_topics(dtm, method, 4, random_state=3)
    assert np.array_equal(a.topic_term, b.topic_term) and np.array_equal(a.doc_topic, b.doc_topic)


def test_different_seeds_give_different_lda(dtm):
    a = topics.fit_topics(dtm, "lda", 4, random_state=0)
    b = topics.fit_topics(dtm, "lda", 4, random_state=1)
    assert not np.array_equal(a.topic_term, b.topic_term)


def test_model_selection_is_deterministic(dtm):
    first = topics.model_selection(dtm, ks=[2, 3], methods=["lda"], seeds=[0, 1])
    again = topics.model_selection(dtm, ks=[2, 3], methods=["lda"], seeds=[0, 1])
    pd.testing.assert_frame_equal(first.scores, again.scores)
    pd.testing.assert_frame_equal(first.stability, again.stability)


def test_model_selection_holdout_changes_the_data_per_seed(dtm):
    # without holdout NMF's nndsvda start makes the runs (near) identical; with it they differ
    same = topics.model_selection(dtm, ks=[3], methods=["nmf"], seeds=[0, 1], holdout=0.0)
    varied = topics.model_selection(dtm, ks=[3], methods=["nmf"], seeds=[0, 1], holdout=0.2)
    assert same.stability["paragraph_ari"].iloc[0] == 1.0
    assert varied.stability["similarity"].iloc[0] < same.stability["similarity"].iloc[0]


# --------------------------------------------------------------------------
# The rule that picks K
# --------------------------------------------------------------------------


def selection_of(npmi, similarity, ks=(2, 3, 4)):
    scores = pd.DataFrame({"method": "lda", "k": list(ks), "seed": 0, "npmi": npmi, "umass": -1.0,
                           "exclusivity": 0.5})
    stab = pd.DataFrame({"method": "lda", "k": list(ks), "seed_a": 0, "seed_b": 1, "similarity": similarity,
                         "top_overlap": 0.5, "paragraph_ari": 0.0})
    return topics.ModelSelection(scores, stab, 0.1)


def test_choose_k_by_hand():
    table = topics.choose_k(selection_of([0.1, 0.3, 0.2], [0.9, 0.8, 0.5]))
    # z(npmi): mean 0.2, population sd 0.081650 -> -1.224745, 1.224745, 0
    # z(stability): mean 0.733333, sd 0.169967 -> 0.980581, 0.392232, -1.372813
    # score = mean of the two: -0.122082, 0.808489, -0.686406 -> K = 3, lead over K = 2: 0.930571
    assert table["score"].tolist() == pytest.approx([-0.122082, 0.808489, -0.686406], abs=1e-6)
    assert topics.chosen_k(table) == {"lda": 3}
    assert table.loc[table.chosen, "gap"].iloc[0] == pytest.approx(0.930571, abs=1e-6)


def test_choose_k_ties_go_to_the_smaller_k():
    table = topics.choose_k(selection_of([0.2, 0.1, 0.2], [0.8, 0.7, 0.8]))
    assert topics.chosen_k(table) == {"lda": 2}


# --------------------------------------------------------------------------
# Preprocessing: each setting does what it says
# --------------------------------------------------------------------------


@pytest.mark.parametrize("changes, text, expected", [
    ({}, "Daesh and ISIL fighters left Idleb.", ["fighters", "idlib", "isis", "left"]),
    ({"aliases": False}, "Daesh fighters left Idleb.", ["daesh", "fighters", "idleb", "left"]),
    ({}, "The group's 3,000 fighters, 26-year-old men", ["fighters", "group", "men"]),
    ({"drop_numbers": False}, "The group's 3,000 fighters", ["3,000", "fighters", "group"]),
    ({"strip_possessive": False}, "The group's fighters", ["fighters", "group's"]),
    ({"extra_stopwords": topics.NEWS_STOPWORDS + topics.CONTRACTIONS}, "Mr Abu said they don't want war",
     ["abu", "want", "war"]),
    ({"extra_stopwords": ()}, "Mr Abu said they don't want war", ["abu", "don't", "mr", "said", "want", "war"]),
    ({"stem": True}, "Fighters fighting the Syrian regime", ["fight", "fighter", "syrian_regime"]),
    ({"ngram_range": (1, 2)}, "foreign fighters leave", ["fighters", "fighters leave", "foreign",
                                                        "foreign fighters", "leave"]),
])
def test_settings_shape_the_terms(changes, text, expected):
    dtm = topics.document_term_matrix(units_of(text, "filler words here"), KEEP_ALL.replace(**changes))
    row = dtm.counts[0].toarray().ravel()
    assert sorted(dtm.terms[row > 0]) == expected


def test_settings_table_lists_every_setting():
    table = TopicSettings().table()
    assert table["setting"].tolist() == [f for f in TopicSettings.__dataclass_fields__]
    assert table["what it does"].str.len().min() > 10


def test_max_df_removes_and_reports_common_terms():
    units = units_of("war border", "war home", "war family", "border home")
    dtm = topics.document_term_matrix(units, KEEP_ALL.replace(max_df=0.5))
    assert dtm.too_common == ("war",) and "war" not in dtm.terms
    assert dtm.pruned == {"min_df": 0, "max_df": 1}


# --------------------------------------------------------------------------
# Bad input: clear errors that name the setting to change
# --------------------------------------------------------------------------


def test_k_larger_than_the_units(toy):
    with pytest.raises(MethodError, match=r"k=6 topics is more than the 5 units .* choose k of at most 5"):
        topics.fit_topics(toy, "lda", 6)


@pytest.mark.parametrize("k", [1, 0, 2.5, True])
def test_k_must_be_a_whole_number_of_at_least_two(toy, k):
    with pytest.raises(MethodError, match=r"k=.*at least 2 topics"):
        topics.fit_topics(toy, "nmf", k)


def test_unknown_method(toy):
    with pytest.raises(MethodError, match="method='lsa'.*'lda' or 'nmf'"):
        topics.fit_topics(toy, "lsa", 2)


def test_vocabulary_emptied_by_min_df():
    with pytest.raises(MethodError, match=r"no term is left: min_df=4 keeps terms found in at least 4 of the 5 "
                                          r"units.*'border', is in 3 units.*Fix: lower min_df"):
        topics.document_term_matrix(TOY, KEEP_ALL.replace(min_df=4))


def test_vocabulary_emptied_by_max_df_names_both_settings():
    with pytest.raises(MethodError, match=r"min_df=2 .* max_df=1 .* raise max_df"):
        topics.document_term_matrix(TOY, KEEP_ALL.replace(min_df=2, max_df=1))


def test_units_of_stop_words_only_are_named():
    units = units_of("war border", "They said it was so.", "war border home")
    with pytest.raises(MethodError, match=r"1 unit\(s\) have fewer than min_tokens=1 .*t ¶2 .*empty_units='drop'"):
        topics.document_term_matrix(units, TopicSettings(min_df=1, max_df=1.0))


def test_dropping_empty_units_reports_them():
    units = units_of("war border", "They said it was so.", "war border home")
    dtm = topics.document_term_matrix(units, TopicSettings(min_df=1, max_df=1.0, empty_units="drop"))
    assert dtm.shape == (2, 3)
    assert dtm.dropped.to_dict("records") == [{"doc_id": "t", "paragraph_idx": 2, "n_terms": 0}]
    assert dtm.units["paragraph_idx"].tolist() == [1, 3]


def test_all_units_stop_words():
    with pytest.raises(MethodError, match=r"none of the 2 units has a term left.*stopwords = false under \[topics\]"):
        topics.document_term_matrix(units_of("They said it was so.", "And then there were none."))


def test_too_few_units():
    with pytest.raises(MethodError, match="at least 2 units"):
        topics.document_term_matrix(units_of("war border"))
    units = units_of("war border", "the", "and")
    with pytest.raises(MethodError, match="only 1 unit"):
        topics.document_term_matrix(units, TopicSettings(min_df=1, max_df=1.0, empty_units="drop"))


def test_units_need_their_columns():
    with pytest.raises(MethodError, match="lack the column.*paragraph_units"):
        topics.document_term_matrix(pd.DataFrame({"text": ["a b", "c d"]}))


@pytest.mark.parametrize("changes, setting", [
    ({"min_df": 0}, "min_df=0"), ({"max_df": 1.5}, "max_df=1.5"), ({"min_df": True}, "min_df=True"),
    ({"ngram_range": (2, 1)}, "ngram_range"), ({"empty_units": "skip"}, "empty_units"),
])
def test_invalid_settings_are_named(changes, setting):
    with pytest.raises(MethodError, match=rf"TopicSettings\({setting}"):
        TopicSettings(**changes)


def test_model_selection_needs_two_seeds_and_a_sensible_holdout(toy):
    with pytest.raises(MethodError, match="at least 2 different seeds"):
        topics.model_selection(toy, ks=[2], seeds=[0])
    with pytest.raises(MethodError, match="holdout=0.6"):
        topics.model_selection(toy, ks=[2], seeds=[0, 1], holdout=0.6)


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["lda", "nmf"])
def test_paragraph_weights_sum_to_one(models, method):
    table = topics.paragraph_topics(models[method])
    assert list(table.columns) == ["model", "k", "doc_id", "paragraph_idx", "topic", "weight"]
    sums = table.groupby(["doc_id", "paragraph_idx"])["weight"].sum()
    assert len(sums) == 82 and np.allclose(sums, 1.0, atol=1e-12)
    assert (table["weight"] >= 0).all()


def test_top_terms_are_the_heaviest(models):
    model = models["lda"]
    table = topics.top_terms(model, n=3)
    first = table[table["topic"] == 1]
    heaviest = model.terms[np.argsort(-model.topic_term[0])[:3]]
    assert first["term"].tolist() == list(heaviest) and first["rank"].tolist() == [1, 2, 3]
    assert (np.diff(first["weight"]) <= 0).all()


def test_topics_are_numbered_by_prevalence(models):
    for model in models.values():
        assert (np.diff(model.doc_topic.mean(axis=0)) <= 0).all()


def test_representative_paragraphs_are_the_top_weighted(models, dtm):
    model = models["nmf"]
    reps = topics.representative_paragraphs(model, n=1)
    for t in range(model.k):
        row = reps[reps["topic"] == t + 1].iloc[0]
        i = model.units.index[(model.units.doc_id == row.doc_id) & (model.units.paragraph_idx == row.paragraph_idx)][0]
        weights = model.doc_topic[:, t]
        assert weights[i] == weights.max() and row["text"] == model.units.text[i]
        # among paragraphs with the same (top) weight, none uses the topic's top-10 terms more often
        top10 = np.argsort(-model.topic_term[t])[:10]
        uses = np.asarray(dtm.counts[:, top10].sum(axis=1)).ravel()
        assert uses[i] == uses[weights == weights.max()].max()


def test_prevalence_by_article(models):
    table = topics.prevalence(models["nmf"], by="doc_id")
    # body paragraphs per article, counted in the cleaned seeds (fsf.corpus.paragraphs)
    counts = table.groupby("doc_id")["n_units"].first().to_dict()
    assert counts == {"000": 19, "001": 5, "002": 21, "003": 18, "004": 19}
    assert np.allclose(table.groupby("doc_id")["weight"].sum(), 1.0)
    with pytest.raises(MethodError, match="by='month'"):
        topics.prevalence(models["nmf"], by="month")


def test_dominant_agreement_of_a_model_with_itself_relabelled(toy):
    doc_topic = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.1, 0.9], [0.6, 0.4]]
    a = toy_model(toy, [[0.5, 0.5, 0, 0, 0], [0, 0, 0, 0.5, 0.5]], doc_topic)
    b = toy_model(toy, a.topic_term[::-1], a.doc_topic[:, ::-1])
    assert topics.dominant_agreement(a, b).to_dict("records") == [{"n_units": 5, "ari": 1.0, "matched_share": 1.0}]


def test_export_builders_have_the_specified_columns():
    """Model selection over K = 2, 3 only: the export builders' shape does not depend on the range.

    The chosen K on the full range (K = 2 for both methods) is pinned by the stored output of
    notebooks/20-topics.ipynb, which nbval re-checks.
    """
    from fsf.settings import settings_from_dict
    from fsf.study import Study

    study = Study(settings=settings_from_dict({"selection": {"k_min": 2, "k_max": 3}}))
    terms = topics.topic_terms_table(study.topic_models)
    paras = topics.paragraph_topics_table(study.topic_models)
    assert list(terms.columns) == ["model", "k", "topic", "rank", "term", "weight"]
    assert list(paras.columns) == ["model", "k", "doc_id", "paragraph_idx", "topic", "weight"]
    assert sorted(set(terms["model"])) == sorted(set(paras["model"])) == ["lda", "nmf"]
    for model, k in paras.groupby("model")["k"].first().items():
        assert k in (2, 3)
        assert len(paras[paras["model"] == model]) == 82 * k
        assert len(terms[terms["model"] == model]) == topics.EXPORT_TOP * k
    assert np.allclose(paras.groupby(["model", "doc_id", "paragraph_idx"])["weight"].sum(), 1.0)


def test_sensitivity_baseline_agrees_with_itself(corpus):
    variants = dict(list(topics.sensitivity_variants().items())[:2])  # as chosen, stemmed
    table = topics.preprocessing_sensitivity(topics.paragraph_units(corpus), variants, method="nmf", k=2)
    base = table[table["variant"] == "as chosen"]
    assert base["ari"].tolist() == [1.0, 1.0] and base["similarity"].tolist() == [1.0, 1.0]
    assert table.loc[table["variant"] == "stemmed", "changed"].iloc[0] == "stem=True"


# --------------------------------------------------------------------------
# Scale: sparse end to end
# --------------------------------------------------------------------------


def test_matrices_stay_sparse(dtm):
    assert sparse.issparse(dtm.counts) and dtm.counts.format == "csr"
    assert sparse.issparse(dtm.tfidf()) and sparse.issparse(dtm.binary()) and sparse.issparse(dtm.subset([0, 1]).counts)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_large_matrix_is_never_densified():
    # 10,000 units x 4,000 terms: dense float64 would need 320 MB; the sparse path needs a few MB.
    rng = np.random.default_rng(0)
    n, v = 10_000, 4_000
    rows = np.repeat(np.arange(n), 8)
    cols = (rng.integers(0, 50, size=n * 8) + 50 * (rows % 80)) % v
    counts = sparse.csr_matrix((np.ones(n * 8, dtype=np.int64), (rows, cols)), shape=(n, v))
    counts.sum_duplicates()
    units = pd.DataFrame({"doc_id": np.arange(n).astype(str), "paragraph_idx": 1, "year": 2020,
                          "text": ""})
    big = DocumentTermMatrix(counts, np.array([f"w{i}" for i in range(v)]), units, TopicSettings(),
                             units.iloc[:0])
    tracemalloc.start()
    model = topics.fit_topics(big, "nmf", 3)
    topics.coherence(big.counts, np.argsort(-model.topic_term, axis=1)[:, :10])
    topics.prevalence(model, by="year")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 60_000_000, f"peak {peak / 1e6:.0f} MB suggests a dense document-term matrix"


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


def assert_labelled(ax):
    assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title(loc="left")


def test_model_selection_figure(dtm):
    selection = topics.model_selection(dtm, ks=[2, 3], seeds=[0, 1])
    fig = plots.model_selection_figure(selection)
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    for ax in fig.axes:
        assert_labelled(ax)
        assert [int(t) for t in ax.get_xticks()] == [2, 3]
    # the NPMI panel's mean lines are the per-K means of the runs
    lda_line = fig.axes[0].get_lines()[0]
    expected = selection.scores[selection.scores.method == "lda"].groupby("k")["npmi"].mean()
    assert np.allclose(lda_line.get_ydata(), expected.to_numpy())


@pytest.mark.parametrize("method, k, n", [("lda", 3, 8), ("nmf", 5, 6)])
def test_top_terms_figure_has_one_panel_per_topic(dtm, method, k, n):
    model = topics.fit_topics(dtm, method, k)
    fig = plots.top_terms_figure(model, n=n)
    assert isinstance(fig, Figure) and len(fig.axes) == k
    for t, ax in enumerate(fig.axes):
        assert_labelled(ax)
        assert len(ax.patches) == n
        widths = [p.get_width() for p in ax.patches][::-1]
        labels = [tick.get_text() for tick in ax.get_yticklabels()][::-1]
        weight = dict(zip(model.terms, model.topic_term[t]))
        top = [model.terms[j] for j in np.argsort(-model.topic_term[t], kind="stable")[: n + 4]]
        expected = {}  # a word and its plural (both among the top terms) are one bar, their weights added
        for term in top:
            if term.endswith("s") and term[:-1] in top:
                continue
            expected[f"{term}(s)" if f"{term}s" in top else term] = weight[term] + (weight[f"{term}s"] if f"{term}s" in top else 0)
        ranked = sorted(expected.items(), key=lambda item: -item[1])[:n]
        assert labels == [name for name, _ in ranked]
        assert widths == pytest.approx([w for _, w in ranked])


@pytest.mark.parametrize("by, n_rows", [("doc_id", 5), ("year", 5)])
def test_prevalence_figure_shows_the_table(models, by, n_rows):
    fig = plots.prevalence_figure([models["lda"], models["nmf"]], by=by)
    heatmaps = [ax for ax in fig.axes if ax.get_images() and ax.get_title(loc="left")]
    assert isinstance(fig, Figure) and len(heatmaps) == 2
    for ax, model in zip(heatmaps, [models["lda"], models["nmf"]]):
        assert_labelled(ax)
        shown = ax.get_images()[0].get_array()
        assert shown.shape == (n_rows, model.k)
        table = topics.prevalence(model, by).pivot(index=by, columns="topic", values="weight")
        if by == "year":
            assert np.allclose(shown, table.to_numpy())
    colorbar = [ax for ax in fig.axes if ax not in heatmaps]
    assert len(colorbar) == 1 and colorbar[0].get_ylabel()


def test_prevalence_figure_by_year_when_no_article_has_a_year_says_so(models):
    """A take-home corpus whose metadata.csv leaves every year empty: a MethodError (which `fsf figures`
    skips with its reason) instead of numpy's "zero-size array" ValueError, which stopped `fsf figures`."""
    import dataclasses

    no_years = [dataclasses.replace(models[m], dtm=dataclasses.replace(models[m].dtm, units=models[m].units.assign(
        year=pd.NA))) for m in ("lda", "nmf")]
    with pytest.raises(MethodError, match="no article has a year"):
        plots.prevalence_figure(no_years, by="year")
    assert isinstance(plots.prevalence_figure(no_years, by="doc_id"), Figure)
