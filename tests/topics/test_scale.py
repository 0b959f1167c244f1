"""Tests for topics and terms at scale: K chosen on a seeded sample, online fits above a threshold,
the fast term counting (equal to the CountVectorizer definition), the alias matcher, keyness top terms."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from fsf import topics
from fsf.compare import TermCounts, keyness, keyness_table, keyness_top, term_counts
from fsf.corpus import load_corpus
from fsf.errors import MethodError
from fsf.settings import KeynessSettings, SelectionSettings, Settings, SettingsError, settings_from_dict
from fsf.study import Study
from fsf.text import RawTerms, TermExtractor, TermSettings, find_aliases, load_aliases
from fsf.text.aliases import _alias_regex, _simple_alias_regex
from fsf.topics import TopicSettings
from fsf.topics.dtm import _Analyzer

MINI = Path(__file__).resolve().parents[1] / "corpora" / "mini"

pytestmark = pytest.mark.filterwarnings("ignore:.*ignoring files that are not .txt articles")


def invented_units(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` paragraphs of invented words from three themes, so topics exist and every term recurs."""
    themes = [["border", "crossing", "smuggler", "checkpoint", "guard", "night"],
              ["court", "trial", "judge", "sentence", "lawyer", "prison"],
              ["camp", "family", "children", "return", "home", "aid"]]
    rng = np.random.default_rng(seed)
    texts = [" ".join(rng.choice(themes[i % 3], size=8)) + f" word{i % 7}" for i in range(n)]
    return pd.DataFrame({"doc_id": [f"d{i // 4}" for i in range(n)], "paragraph_idx": [i % 4 for i in range(n)],
                         "text": texts})


@pytest.fixture(scope="module")
def big_dtm():
    return topics.document_term_matrix(invented_units(300), TopicSettings(max_df=1.0))


# --------------------------------------------------------------------------
# K chosen on a seeded sample of the units
# --------------------------------------------------------------------------


def test_a_corpus_smaller_than_the_sample_is_used_whole(big_dtm):
    assert topics.selection_sample(big_dtm, 300) is big_dtm
    assert topics.selection_sample(big_dtm, 1000) is big_dtm
    assert topics.selection_sample(big_dtm, None) is big_dtm


def test_a_larger_corpus_is_sampled_the_same_way_for_the_same_seed(big_dtm):
    a, b = topics.selection_sample(big_dtm, 50, seed=3), topics.selection_sample(big_dtm, 50, seed=3)
    other = topics.selection_sample(big_dtm, 50, seed=4)
    assert a.shape[0] == 50 and a.units.equals(b.units) and (a.counts != b.counts).nnz == 0
    assert not a.units.equals(other.units)
    keys = list(zip(a.units.doc_id, a.units.paragraph_idx))
    everything = list(zip(big_dtm.units.doc_id, big_dtm.units.paragraph_idx))
    assert keys == [k for k in everything if k in set(keys)]  # in corpus order
    # the sample keeps exactly the terms its units use, with their counts
    assert (np.asarray(a.counts.sum(axis=0)).ravel() > 0).all()
    rows = [everything.index(k) for k in keys]
    cols = [list(big_dtm.terms).index(t) for t in a.terms]
    assert (big_dtm.counts[rows][:, cols] != a.counts).nnz == 0


def test_the_sample_size_must_be_sensible(big_dtm):
    with pytest.raises(MethodError, match="at least 2"):
        topics.selection_sample(big_dtm, 1)


def test_the_seeds_choose_k_on_every_unit_as_before():
    study = Study()
    assert study.topic_sample is study.dtm
    notes = study.topic_notes.set_index("step")
    assert notes.loc["selection", "units"] == notes.loc["selection", "all_units"] == 82
    assert list(notes["fit"]) == ["batch", "batch", "batch"]
    assert "all 82 units" in notes.loc["selection", "note"]


def test_a_study_samples_above_sample_units_and_says_so():
    settings = Settings().replace(selection=SelectionSettings(sample_units=20, sample_seed=1))
    study = Study(MINI, settings=settings, codes=False)
    assert study.topic_sample.shape[0] == 20 < study.dtm.shape[0]
    assert set(study.topic_selection.scores["k"]) <= set(range(2, 9))
    notes = study.topic_notes.set_index("step")
    assert notes.loc["selection", "units"] == 20
    assert f"a random sample of 20 of the {study.dtm.shape[0]} units" in notes.loc["selection", "note"]
    assert "sample_seed = 1" in notes.loc["selection", "note"]
    # the chosen models are fitted on every unit
    assert all(model.units.shape[0] == study.dtm.shape[0] for model in study.topic_models.values())
    assert "sample of 20" in study._table_note("topic_terms")


# --------------------------------------------------------------------------
# Online LDA and MiniBatchNMF above a threshold
# --------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["lda", "nmf"])
def test_online_fits_are_reproducible(big_dtm, method):
    a = topics.fit_topics(big_dtm, method, 3, random_state=2, online=True, batch_size=64)
    b = topics.fit_topics(big_dtm, method, 3, random_state=2, online=True, batch_size=64)
    assert (a.learning, a.batch_size) == ("online", 64)
    assert np.array_equal(a.topic_term, b.topic_term) and np.array_equal(a.doc_topic, b.doc_topic)
    assert np.allclose(a.doc_topic.sum(axis=1), 1) and np.allclose(a.topic_term.sum(axis=1), 1)
    batch = topics.fit_topics(big_dtm, method, 3, random_state=2)
    assert batch.learning == "batch" and batch.batch_size is None
    assert topics.match_topics(batch, a, by="terms").similarity.mean() > 0.5  # the same themes, found online


def test_online_batch_size_is_checked(big_dtm):
    with pytest.raises(MethodError, match="batch_size"):
        topics.fit_topics(big_dtm, "lda", 3, online=True, batch_size=0)


def test_a_study_fits_online_above_online_above_and_says_so():
    settings = Settings().replace(selection=SelectionSettings(online_above=10))
    study = Study(MINI, settings=settings, codes=False)
    n = study.dtm.shape[0]
    assert n > 10
    models = study.topic_models
    assert {m.learning for m in models.values()} == {"online"}
    notes = study.topic_notes.set_index("step")
    assert list(notes.loc[["lda", "nmf"], "fit"]) == ["online", "online"]
    assert "online, in mini-batches of 1,024 units, 1 pass" in notes.loc["lda", "note"]
    assert "MiniBatchNMF" in notes.loc["nmf", "note"] and "more than [selection] online_above = 10" in notes.loc["nmf", "note"]
    again = Study(MINI, settings=settings, codes=False)
    assert again.paragraph_topics.equals(study.paragraph_topics)
    assert "online" in study._table_note("paragraph_topics")
    default = Study(MINI, codes=False)
    assert {m.learning for m in default.topic_models.values()} == {"batch"}


# --------------------------------------------------------------------------
# Fast term counting = the CountVectorizer definition, cell for cell
# --------------------------------------------------------------------------

TEXTS = [
    "The Islamic State's fighters fled Raqqah; ISIS, Isis and Daesh are one group. Idleb is Idlib.",
    "They don't want them back: \u201cwe won\u2019t\u201d, said Mr Mansour, the group's 26-year-old commander.",
    "In 2014, 3,000 fighters (1.5 per cent) crossed; al-Qaeda-linked groups' fighters didn't.",
    "Fighters fighting fought: the fighters' families, U.S.-led coalition strikes and the regime of Bashar al-Assad.",
    "isis the goddess, not ISIS; HTS and Hay'at Tahrir al-Sham; \u017fo-called Kurdish forces in Şanlıurfa",
    "a b c I x y z 1 22 333 it's that's there's we're they've you're he's she's let's",
    "",
    "Syrian regime syrian_regime SYRIAN REGIME; the regime's forces and the Syrian government's plans",
]

VARIANTS = [
    TermSettings(),
    TermSettings(stem=True),
    TermSettings(lowercase=False),
    TermSettings(aliases=False, stem=True),
    TermSettings(drop_numbers=False, strip_possessive=False, min_token_length=1, stopwords=False, extra_stopwords=()),
    TopicSettings(),
    TopicSettings(ngram_range=(1, 2)),
    TopicSettings(ngram_range=(2, 3), stem=True, stopwords=False),
    TopicSettings(lowercase=False, stem=True, min_token_length=3),
]


def reference_counts(texts, settings):
    """The counting fsf did before (and the definition): CountVectorizer with fsf's analyzer."""
    analyzer = _Analyzer(settings) if isinstance(settings, TopicSettings) else TermExtractor(settings)
    vectorizer = CountVectorizer(analyzer=analyzer, dtype=np.int64)
    matrix = vectorizer.fit_transform(texts).tocsr()
    matrix.sort_indices()
    return matrix, vectorizer.get_feature_names_out()


def assert_same(fast, ref):
    (m, terms), (m_ref, terms_ref) = fast, ref
    assert list(terms) == list(terms_ref)
    assert terms.dtype == object and m.dtype == np.int64 and m.shape == m_ref.shape
    assert np.array_equal(m.indptr, m_ref.indptr) and np.array_equal(m.indices, m_ref.indices)
    assert np.array_equal(m.data, m_ref.data)


@pytest.mark.parametrize("settings", VARIANTS, ids=[f"{type(v).__name__}-{i}" for i, v in enumerate(VARIANTS)])
def test_fast_counts_equal_the_countvectorizer_counts(settings):
    assert_same(RawTerms.of(TEXTS, aliases=settings.aliases).counts(settings), reference_counts(TEXTS, settings))


def test_fast_counts_on_shuffled_pieces_of_the_seeds():
    rng = np.random.default_rng(0)
    words = " ".join(load_corpus()["clean_text"]).split(" ")
    texts = [" ".join(rng.choice(words, size=int(rng.integers(0, 60)))) for _ in range(300)]
    for settings in VARIANTS:
        assert_same(RawTerms.of(texts, aliases=settings.aliases).counts(settings), reference_counts(texts, settings))


def test_term_counts_and_dtm_give_the_reference_counts():
    docs = dict(enumerate(TEXTS))
    counts = term_counts(docs)
    assert_same((counts.counts, counts.terms), reference_counts(TEXTS, TermSettings()))
    units = pd.DataFrame({"doc_id": "a", "paragraph_idx": range(len(TEXTS)), "text": TEXTS})
    settings = TopicSettings(min_df=1, max_df=1.0, empty_units="drop")
    dtm = topics.document_term_matrix(units, settings)
    full, names = reference_counts(TEXTS, settings)
    kept = [i for i in range(len(TEXTS)) if full[i].sum() > 0]
    assert list(dtm.terms) == list(names) and (dtm.counts != full[kept]).nnz == 0


def test_joined_paragraph_tokens_are_the_article_tokens():
    raw = RawTerms.of(["Daesh left.", "Idleb", "and the Islamic State", "fighters"])
    joined = raw.join(["a", "a", "b", "b"])
    assert_same(joined.counts(TermSettings()), RawTerms.of(["Daesh left.\n\nIdleb", "and the Islamic State\n\nfighters"])
                .counts(TermSettings()))
    assert_same(raw.select([3, 0]).counts(TermSettings()), RawTerms.of(["fighters", "Daesh left."]).counts(TermSettings()))
    parts = RawTerms.concat([RawTerms.of(["Daesh left.", "Idleb"]), RawTerms.of(["and the Islamic State", "fighters"])])
    assert np.array_equal(parts.offsets, raw.offsets)
    assert [parts.uniques[c] for c in parts.codes] == [raw.uniques[c] for c in raw.codes]
    with pytest.raises(MethodError, match="adjacent"):
        raw.join(["a", "b", "a", "b"])
    with pytest.raises(MethodError, match="aliases"):
        raw.counts(TermSettings(aliases=False))


@pytest.mark.parametrize("corpus", [None, MINI], ids=["seeds", "mini"])
def test_a_study_shares_the_paragraph_tokens_and_counts_the_same(corpus):
    study = Study(corpus, codes=False)
    assert study._tokens_for(study.settings.terms, doc_ids=study.corpus["doc_id"]) is not None
    assert study._tokens_for(study.settings.topics, units=study.topic_units) is not None
    alone = term_counts(study.corpus, study.settings.terms)
    assert list(alone.terms) == list(study.term_counts.terms) and (alone.counts != study.term_counts.counts).nnz == 0
    dtm = topics.document_term_matrix(study.topic_units, study.settings.topics)
    assert list(dtm.terms) == list(study.dtm.terms) and (dtm.counts != study.dtm.counts).nnz == 0


def test_a_study_with_different_alias_settings_counts_each_alone():
    settings = Settings().replace(topics=TopicSettings(aliases=False))
    study = Study(settings=settings, codes=False)
    assert study._tokens_for(study.settings.topics, units=study.topic_units) is None  # counted from its own tokens
    reference = topics.document_term_matrix(study.topic_units, settings.topics)
    assert list(reference.terms) == list(study.dtm.terms) and (reference.counts != study.dtm.counts).nnz == 0


# --------------------------------------------------------------------------
# The alias matcher: grouped for speed, the same matches as one alternative per variant
# --------------------------------------------------------------------------


def test_the_grouped_alias_matcher_finds_what_the_simple_one_finds():
    table = load_aliases()
    fast, lookup = _alias_regex(table)
    simple, simple_lookup = _simple_alias_regex(table)
    assert lookup == simple_lookup
    edges = ["", " ", "'", "-", "x", "_", "\n", ".", "(", "\u017f", "\u0131", "\u212a", "\u0130", "é", "1"]
    texts = list(load_corpus()["clean_text"])
    for alias in table:
        v = alias.variant
        forms = {v, v.lower(), v.upper(), v.swapcase(), v.replace("s", "\u017f"), v.replace("i", "\u0131"),
                 v.replace("I", "\u0130"), v.replace("k", "\u212a"), v.replace("K", "\u212a")}
        texts += [a + f + b for f in forms for a in edges for b in edges[:6]]
    for text in texts:
        got = [(m.start(), m.end(), m.lastgroup) for m in fast.finditer(text)]
        assert got == [(m.start(), m.end(), m.lastgroup) for m in simple.finditer(text)], text


def test_find_aliases_with_a_table_of_its_own():
    from fsf.text import Alias

    table = [Alias("Kelvin", "K", "kelvin", "person", False), Alias("kel", "Kel", "kel", "person", True),
             Alias("\u017fun", "Sun", "sun", "place", False)]
    found = [(m.text, m.token) for m in find_aliases("KELVIN kel Kel sun SUN \u212aelvin", table)]
    assert found == [("KELVIN", "kelvin"), ("kel", "kel"), ("sun", "sun"), ("SUN", "sun"), ("\u212aelvin", "kelvin")]
    pattern, _ = _simple_alias_regex(tuple(table))
    assert [m.group() for m in pattern.finditer("KELVIN kel Kel sun SUN \u212aelvin")] == [t for t, _ in found]


# --------------------------------------------------------------------------
# keyness.csv: the top terms of each article, scored without the table of every term
# --------------------------------------------------------------------------


def test_keyness_top_equals_the_full_table_cut():
    rng = np.random.default_rng(5)
    for trial in range(150):
        n_docs, width = int(rng.integers(2, 7)), int(rng.integers(2, 40))
        matrix = rng.integers(0, int(rng.integers(1, 5)), size=(n_docs, width)) * (rng.random((n_docs, width)) < 0.5)
        if trial % 5 == 0:
            matrix[0] = 0  # an article without a counted term
        if (matrix.sum(axis=0) > 0).sum() < 2:
            continue
        terms = np.array([f"t{i:02d}" for i in range(width)], dtype=object)
        counts = TermCounts(sparse.csr_matrix(matrix), tuple(str(9 - i) for i in range(n_docs)), terms, None)
        for top in (1, 3, 100):
            for a0 in (None, 0.5, 50.0):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)
                    expected = keyness_table(keyness(counts, a0=a0), top=top)
                assert keyness_top(counts, top, a0=a0).equals(expected), (trial, top, a0)


def test_the_seeds_keyness_csv_is_the_top_100_of_each_article():
    study = Study(codes=False)
    table = study.keyness
    assert len(table) == 500 and table.groupby("doc_id").size().tolist() == [100] * 5
    assert table.equals(keyness_table(keyness(study.term_counts), top=100))
    every = Study(settings=Settings().replace(keyness=KeynessSettings(top=0)), codes=False).keyness
    assert len(every) == 4990 and every.groupby("doc_id", sort=False).head(100).reset_index(drop=True).equals(table)
    assert "top 100 terms" in study._table_note("keyness")


def test_keyness_top_is_checked():
    with pytest.raises(MethodError, match="at least 1"):
        keyness_top(term_counts({"a": "war home", "b": "war border"}), 0)


# --------------------------------------------------------------------------
# Settings and the command line
# --------------------------------------------------------------------------


def test_zero_means_every_unit_and_every_term():
    settings = settings_from_dict({"selection": {"sample_units": 0, "online_above": 0}, "keyness": {"top": 0}})
    assert settings.selection.sample_units is None and settings.selection.online_above == 0
    assert settings.keyness.top is None and KeynessSettings(top=0).top is None
    assert settings_from_dict(settings.to_dict()) == settings


@pytest.mark.parametrize("values, name", [
    ({"sample_units": 1}, "sample_units"), ({"sample_units": "200"}, "sample_units"),
    ({"sample_seed": -1}, "sample_seed"), ({"online_above": -5}, "online_above"), ({"online_above": True}, "online_above"),
])
def test_bad_scale_settings_are_refused(values, name):
    with pytest.raises(SettingsError, match=re.escape(name)):
        settings_from_dict({"selection": values}, source="study.toml")


def test_export_keyness_all_lifts_the_top(tmp_path):
    from fsf.cli import _settings, build_parser

    args = build_parser().parse_args(["export", "--keyness-all", "--out", str(tmp_path)])
    assert _settings(args).keyness.top is None
    args = build_parser().parse_args(["export", "--out", str(tmp_path)])
    assert _settings(args).keyness.top == 100
