"""Numbers stated in the notebooks' prose, checked against the values fsf computes on the seeds.

Each claim is a phrase that must occur in the named notebook's markdown (whitespace ignored),
with the numbers written as ``{}`` placeholders; the test computes those numbers from the seeds'
study, formats them as the prose does, and fails when the prose and the computation disagree
(or when the phrase has gone from the notebook, so a reworded claim is checked again).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from fsf.notebooks import NOTEBOOKS
from fsf.settings import settings_from_dict
from fsf.study import Study


@pytest.fixture(scope="module")
def study():
    return Study()


def prose(name: str) -> str:
    path = next(nb.path for nb in NOTEBOOKS if nb.name == name)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return " ".join(" ".join("".join(c["source"]).split()) for c in cells if c["cell_type"] == "markdown")


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def removed_share(study, doc_id):
    counts = study.section_counts.pivot(index="doc_id", columns="section", values="n_tokens")
    return counts.loc[doc_id, "removed"] / counts.loc[doc_id].sum()


def choice(study, method, k, column):
    table = study.topic_choice.set_index(["method", "k"])
    return table.loc[(method, k), column]


def spread(study, doc_id, topic):
    table = study.topic_prevalence_spread["doc_id"]["lda"].set_index(["doc_id", "topic"])
    return table.loc[(doc_id, topic)]


def sensitivity(study, variant, column):
    from fsf import topics

    variants = topics.sensitivity_variants(study.settings.topics)
    table = topics.preprocessing_sensitivity(study.topic_units, variants, method="nmf",
                                             k=study.topic_models["nmf"].k)
    return table.drop_duplicates("variant").set_index("variant").loc[variant, column]


def quote_measure(study, name):
    return study.quote_agreement.set_index("measure").loc[name, "count"]


NB30 = "30-sentiment-toward-foreign-fighters"


def f2(x) -> str:
    return f"{x:.2f}"


def validation(study, measure, column, subset="all"):
    table = study.stance_validation.set_index(["measure", "subset"])
    return table.loc[(measure, subset), column]


def reliability(study, variable, column, subset="all"):
    return study.reliability.set_index(["variable", "subset"]).loc[(variable, subset), column]


def comparison(study, measure):
    return study.stance_comparison.set_index("measure").loc[measure, "kappa"]


def curve(study, features, column="kappa"):
    from fsf.stance.model import curve_summary

    table = curve_summary(study.stance_learning_curve)
    return table[table["features"] == features].set_index("size")[column]


def share(study, table, doc_id, column):
    return pct(table.set_index("doc_id").loc[doc_id, column])


def new_articles(compared, reference, column, what="stance"):
    from fsf.stance.validate import NEW_ARTICLE_MEASURES, new_article_agreement

    compared = NEW_ARTICLE_MEASURES.get(compared, compared)
    return new_article_agreement().set_index(["what", "compared", "reference"]).loc[(what, compared, reference), column]


def confusion(study):
    return study.stance_confusions["supervised model, cross-fitted"]


SUPERVISED = "supervised model, cross-fitted by article"
LEXICON_CV = "fsf measure, leave-one-article-out"
VADER = "plain VADER, whole sentence"


CLAIMS = [
    ("10-corpus-and-cleaning", "Article 002 is twice as long as any other ({} sentences)",
     lambda s: [int(s.article_counts.set_index("doc_id").loc["002", "n_sentences"])]),
    ("10-corpus-and-cleaning", "Article 001: {} of its tokens are in removed lines",
     lambda s: [pct(removed_share(s, "001"))]),
    ("10-corpus-and-cleaning", "002 loses almost nothing ({}%",
     lambda s: [f"{100 * removed_share(s, '002'):.1f}"]),
    ("10-corpus-and-cleaning", "ISIS alone appears under {} names",
     lambda s: [{6: "six"}.get(s.alias_counts.query("canonical == 'ISIS'")["variant"].nunique(), "?")]),
    ("20-topics", "There are {} paragraphs, but they are not {} independent observations",
     lambda s: [len(s.topic_units)] * 2),
    ("20-topics", "Article 001 (2023) gives only **{}** paragraphs",
     lambda s: [int((s.topic_units["doc_id"] == "001").sum())]),
    ("20-topics", "The matrix has {} rows (paragraphs) and {} columns (terms), but only {} of its cells are not zero",
     lambda s: [s.dtm.shape[0], s.dtm.shape[1], int(s.dtm.counts.nnz)]),
    ("20-topics", "{} terms occur in a single paragraph and were dropped by `min_df`",
     lambda s: [s.dtm.pruned["min_df"]]),
    ("20-topics", "It picks **K = {} for both methods**",
     lambda s: [sorted({m.k for m in s.topic_models.values()})[0]]),
    ("20-topics", "LDA's NPMI stays between {} and {} and NMF's between {} and {}",
     lambda s: [f"{s.topic_choice.query('method == @m')['npmi'].agg(f):.2f}"
                for m in ("lda", "nmf") for f in ("min", "max")]),
    ("20-topics", "At K = 2, NMF's runs agree on the words (cosine {}) and on the paragraphs (adjusted Rand index {},",
     lambda s: [f"{choice(s, 'nmf', 2, 'stability'):.2f}", f"{choice(s, 'nmf', 2, 'paragraph_ari'):.2f}"]),
    ("20-topics", "K = 4 is a weaker second peak ({} and {}); K = 3 is not stable (paragraph agreement {})",
     lambda s: [f"{choice(s, 'nmf', 4, 'stability'):.2f}", f"{choice(s, 'nmf', 4, 'paragraph_ari'):.2f}",
                f"{choice(s, 'nmf', 3, 'paragraph_ari'):.2f}"]),
    ("20-topics", "is the heaviest topic in only {} paragraphs; topic 1",
     lambda s: [int((s.topic_models["nmf"].doc_topic.argmax(axis=1) == 1).sum())]),
    ("20-topics", "takes the other {}.",
     lambda s: [int((s.topic_models["nmf"].doc_topic.argmax(axis=1) == 0).sum())]),
    ("20-topics", "LDA splits the paragraphs far more evenly ({} and {})",
     lambda s: np.bincount(s.topic_models["lda"].doc_topic.argmax(axis=1), minlength=2).tolist()),
    ("20-topics", "corrected for chance, the agreement is low (adjusted Rand index {})",
     lambda s: [f"{__import__('fsf').topics.dominant_agreement(s.topic_models['lda'], s.topic_models['nmf']).ari.iloc[0]:.2f}"]),
    ("20-topics", "{} of the paragraphs land in matched topics",
     lambda s: [pct(__import__("fsf").topics.dominant_agreement(s.topic_models["lda"], s.topic_models["nmf"])
                    .matched_share.iloc[0])]),
    ("20-topics", "including about half of 004 (2017: {} on average over five seeds, {}-{})",
     lambda s: [f"{spread(s, '004', 2)[c]:.2f}" for c in ("mean", "min", "max")]),
    ("20-topics", "raising `min_df` to 3 hardly anything ({}, with {} terms instead of {})",
     lambda s: [f"{sensitivity(s, 'min_df=3', 'ari'):.2f}", int(sensitivity(s, "min_df=3", "n_terms")),
                s.dtm.shape[1]]),
    ("20-topics", "Turning alias normalisation off ({}), stemming ({}) and `min_df=1` ({}; {} terms",
     lambda s: [f"{sensitivity(s, 'no alias normalisation', 'ari'):.2f}", f"{sensitivity(s, 'stemmed', 'ari'):.2f}",
                f"{sensitivity(s, 'min_df=1', 'ari'):.2f}", int(sensitivity(s, "min_df=1", "n_terms"))]),
    ("40-narrative-comparison", "{} of 49 speakers and {} of 49 speaker types are right",
     lambda s: [quote_measure(s, "speaker accuracy (matched)").split(" of ")[0],
                quote_measure(s, "speaker type accuracy (matched)").split(" of ")[0]]),
    ("40-narrative-comparison", "{} quoted segments in {} utterances",
     lambda s: [len(s.quote_codes), int(s.quote_codes.groupby("doc_id")["utterance_id"].nunique().sum())]),
    ("40-narrative-comparison", "two \"fighters leaving ISIS\" stories, are closest ({})",
     lambda s: [f"{s.similarity.loc['002', '004']:.2f}"]),
    ("40-narrative-comparison", "All similarities are low in absolute terms (at most {})",
     lambda s: [f"{np.nanmax(np.where(np.eye(5, dtype=bool), np.nan, s.similarity.to_numpy())):.2f}"]),
    ("40-narrative-comparison", "**Solution.** 002 ({}) and 004 ({}) are closest",
     lambda s: [f"{s.similarity.loc['003', '002']:.2f}", f"{s.similarity.loc['003', '004']:.2f}"]),
    (NB30, "161 of 200 sentences refer to foreign fighters, and the codes are mostly neutral ({}), then "
           "sympathetic ({}), then hostile ({}). {} codes are marked low confidence",
     lambda s: [int((s.stance_codes["stance"] == v).sum()) for v in (0, 1, -1)]
     + [int((s.stance_codes["confidence"] == "low").sum())]),
    (NB30, "The two codings agree on {} of 200 sentences about whether they refer to foreign fighters (kappa {}, "
           "95% interval {} to 1) and on {} of the {} both say refer about their stance (kappa {}, interval {} to 1; "
           "ordinal alpha {}).",
     lambda s: [round(reliability(s, "refers_ff", "agreement") * 200), f"{reliability(s, 'refers_ff', 'kappa'):.3f}",
                f"{reliability(s, 'refers_ff', 'kappa_low'):.3f}",
                round(reliability(s, "stance", "agreement") * reliability(s, "stance", "n")),
                reliability(s, "stance", "n"), f"{reliability(s, 'stance', 'kappa'):.3f}",
                f"{reliability(s, 'stance', 'kappa_low'):.3f}", f"{reliability(s, 'stance', 'alpha_ordinal'):.3f}"]),
    (NB30, "(stance kappa {}, interval {} to 1, on {} sentences)",
     lambda s: [f"{reliability(s, 'stance', c, 'without codebook examples'):.3f}" for c in ("kappa", "kappa_low")]
     + [reliability(s, "stance", "n", "without codebook examples")]),
    (NB30, "Precision is high ({}: {} false alarms in {} flagged sentences) and recall is {}.",
     lambda s: [f"{s.mention_detection.iloc[0]['precision']:.3f}", int(s.mention_detection.iloc[0]["fp"]),
                int(s.mention_detection.iloc[0]["tp"] + s.mention_detection.iloc[0]["fp"]),
                f"{s.mention_detection.iloc[0]['recall']:.3f}"]),
    (NB30, "{} of the {} named ones are missed",
     lambda s: [int(s.mention_detection.set_index("group").loc["named", c]) for c in ("fn", "n")]),
    (NB30, "and so are {} of the {} pronoun references",
     lambda s: [int(s.mention_detection.set_index("group").loc["pronoun", c]) for c in ("fn", "n")]),
    (NB30, "Three windows in four ({}) contain no stance word at all",
     lambda s: [pct((s.stance_windows["score"] == 0).mean())]),
    (NB30, "barely above chance** (kappa {}).", lambda s: [f2(comparison(s, VADER))]),
    (NB30, "does not help by itself (kappa {}).", lambda s: [f2(comparison(s, "VADER, 8 tokens around the mention"))]),
    (NB30, "{} as first written (before validation), {} in-sample with the later additions and corrections, and "
           "**{} when every choice is made",
     lambda s: [f2(comparison(s, "domain lexicon as first written")),
                f2(comparison(s, "fsf measure (settings chosen on all five articles)")), f2(comparison(s, LEXICON_CV))]),
    (NB30, "agrees with the gold codes at **kappa {}** (95% interval {} to {}; macro-F1 {}), the lexicon measure at "
           "{} ({} to {}) and plain VADER at {} ({} to {}); counting the sentences they miss, {} and {}.",
     lambda s: [f2(validation(s, SUPERVISED, c)) for c in ("kappa", "kappa_low", "kappa_high", "macro_f1")]
     + [f2(validation(s, m, c)) for m in (LEXICON_CV, VADER) for c in ("kappa", "kappa_low", "kappa_high")]
     + [f2(validation(s, m, "kappa_with_misses")) for m in (SUPERVISED, LEXICON_CV)]),
    (NB30, "both machine measures drop ({} and {}, on {} sentences) and the second coding does not ({})",
     lambda s: [f2(validation(s, m, "kappa", "without codebook examples")) for m in (SUPERVISED, LEXICON_CV)]
     + [validation(s, SUPERVISED, "n", "without codebook examples"),
        f2(validation(s, "second coder vs first", "kappa", "without codebook examples"))]),
    (NB30, "model {} of {} hostile calls and {} of {} sympathetic ones), but they miss about two thirds of the hostile "
           "sentences ({} of {}) and about half of the sympathetic ones ({} of {}).",
     lambda s: [confusion(s).loc[-1, -1], confusion(s)[-1].sum(), confusion(s).loc[1, 1], confusion(s)[1].sum(),
                confusion(s).loc[-1, 0], confusion(s).loc[-1].sum(), confusion(s).loc[1, 0], confusion(s).loc[1].sum()]),
    (NB30, "reaches its level (kappa {}) with 60 codes", lambda s: [f2(curve(s, "lexicon")["60"])]),
    (NB30, "The words add nothing on average ({} with all codes, after {} to {} with fewer)",
     lambda s: [f2(curve(s, "lexicon+words")["all"]), f2(curve(s, "lexicon+words").drop("all").min()),
                f2(curve(s, "lexicon+words").drop("all").max())]),
    (NB30, "the full feature set stays between {} and {} however many codes",
     lambda s: [f2(curve(s, "all").min()), f2(curve(s, "all").max())]),
    (NB30, "four training articles and about {} codes", lambda s: [round(curve(s, "all", "n_train")["all"])]),
    (NB30, "Of the {} errors, {} are hostile or sympathetic sentences called neutral",
     lambda s: [len(s.stance_misclassified),
                int(s.stance_misclassified["error"].str.startswith("missed").sum())]),
    (NB30, "The other {} are the lexicon's own mistakes",
     lambda s: [int((~s.stance_misclassified["error"].str.startswith("missed")).sum())]),
    (NB30, "(hand codes {} hostile, none sympathetic; the measure {} and {}).",
     lambda s: [share(s, s.stance_codes_by_article, "000", "share_negative"),
                share(s, s.stance_by_article, "000", "share_negative"),
                share(s, s.stance_by_article, "000", "share_positive")]),
    (NB30, "(hand {} sympathetic; measure {}).",
     lambda s: [share(s, s.stance_codes_by_article, "003", "share_positive"),
                share(s, s.stance_by_article, "003", "share_positive")]),
    (NB30, "is sympathetic in the hand codes ({}: fighters \"tricked\", \"disillusioned\") but almost neutral for the "
           "measure ({})",
     lambda s: [share(s, s.stance_codes_by_article, "004", "share_positive"),
                share(s, s.stance_by_article, "004", "share_positive")]),
    (NB30, "(cross-fitted kappa {} for the supervised model, {} for the lexicon)",
     lambda s: [f2(validation(s, SUPERVISED, "kappa")), f2(validation(s, LEXICON_CV, "kappa"))]),
    (NB30, "**Detection misses {} of {} pronoun references**",
     lambda s: [int(s.mention_detection.set_index("group").loc["pronoun", c]) for c in ("fn", "n")]),
    (NB30, "(coverage {}).", lambda s: [pct(validation(s, SUPERVISED, "coverage"))]),
    (NB30, "The two coders agree at kappa {} on stance ({} to {})",
     lambda s: [f2(new_articles("coder A", "coder B", c)) for c in ("kappa", "kappa_low", "kappa_high")]),
    (NB30, "agrees with their consensus at {} ({} to {}), about as well as the lexicon ({}) and barely better than "
           "plain VADER ({})",
     lambda s: [f2(new_articles("fsf_seed_model", "consensus", c)) for c in ("kappa", "kappa_low", "kappa_high")]
     + [f2(new_articles(m, "consensus", "kappa")) for m in ("fsf_lexicon", "plain_vader")]),
    (NB30, "found at all (recall {} against coder B)",
     lambda s: [f2(new_articles("fsf mention detection", "coder B", "recall", "refers_ff"))]),
    (NB30, "it agrees with the other coder at {} ({} to {})",
     lambda s: [f2(new_articles("fsf_own_codes", "coder B", c)) for c in ("kappa", "kappa_low", "kappa_high")]),
]


@pytest.mark.parametrize("notebook, phrase, compute", CLAIMS, ids=[f"{n}: {p[:40]}" for n, p, _ in CLAIMS])
def test_prose_states_the_computed_value(study, notebook, phrase, compute):
    expected = phrase.format(*compute(study))
    assert " ".join(expected.split()) in prose(notebook), expected


def test_keyness_claims_match_the_z_scores(study):
    text = prose("40-narrative-comparison")
    top = study.keyness_all.groupby("doc_id")["z"].max()
    assert "004, although not the shortest, has the weakest distinctive words by z" in text
    assert top.idxmin() == "004"
    assert "only the top two or three terms of 000 and 001 pass |z| > 1.96" in text
    passing = study.keyness_all[study.keyness_all["z"] > 1.96].groupby("doc_id").size()
    assert set(passing.index) == {"000", "001"} and passing.between(2, 3).all()


def test_quotes_of_000_are_a_third_of_its_words(study):
    assert "(a third of its words)" in prose("40-narrative-comparison")
    share = study.who_speaks.query("doc_id == '000'")["share_of_words"].sum()
    assert 0.28 <= share <= 0.38


def test_the_claims_use_the_default_settings():
    # the prose describes the default study; a settings change must be argued in the prose first
    assert settings_from_dict({}) == Study().settings
