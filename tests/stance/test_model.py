"""Tests for fsf.stance.model: features, the classifier, cross-fitting by article, uncertainty
sampling, the learning curve, the validation table and the one-line errors."""

from __future__ import annotations

import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

from fsf import config
from fsf.codes import CodesError, coding_sheet, read_stance_codes
from fsf.errors import MethodError, Skipped
from fsf.stance.model import (
    SECOND_CODER,
    FEATURE_SETS,
    FF_COLUMNS,
    GRID,
    LABELS,
    MIN_PER_CLASS,
    NUMERIC_FEATURES,
    PREDICTION_COLUMNS,
    StanceClassifier,
    StanceModel,
    cross_fit,
    learning_curve,
    least_certain,
    stance_features,
    stance_validation,
)
from fsf.study import SUPERVISED, Study

SMALL_GRID = ({"features": "lexicon", "C": 0.1}, {"features": "lexicon+words", "C": 0.1})
"""A two-setting grid: the nested choice is still made, in a fraction of the time."""


@pytest.fixture(scope="module")
def seeds():
    return Study()


@pytest.fixture(scope="module")
def seed_data(seeds):
    features = seeds.stance_features
    return seeds.stance_training, features[features["detected"] == 1]


def one_line(message: str) -> str:
    assert "\n" not in message and "Fix:" in message, message
    return message


# --------------------------------------------------------------------------- features


def test_features_describe_every_sentence_with_a_mention_and_the_coded_ones(seeds):
    features = seeds.stance_features
    flagged = set(zip(seeds.mentions["doc_id"], seeds.mentions["sent_idx"]))
    detected = features[features["detected"] == 1]
    assert set(zip(detected["doc_id"], detected["sent_idx"])) == flagged
    about = seeds.stance_codes[seeds.stance_codes["refers_ff"] == 1]
    assert set(zip(about["doc_id"], about["sent_idx"])) <= set(zip(features["doc_id"], features["sent_idx"]))
    assert list(features.columns) == ["doc_id", "sent_idx", "detected", "words", *NUMERIC_FEATURES, "article"]
    assert features["article"].isin(seeds.corpus["sha256"]).all()


def test_the_mention_is_masked_and_the_window_is_stemmed():
    text = "Villagers protested against foreign fighters who were blamed for attacks."
    start = text.index("foreign fighters")
    sents = pd.DataFrame({"doc_id": "a", "sent_idx": [0], "section": "body", "paragraph_idx": [1], "text": [text]})
    found = pd.DataFrame({"doc_id": ["a"], "sent_idx": [0], "start": [start], "end": [start + 16],
                          "text": ["foreign fighters"], "kind": ["explicit"]})
    row = stance_features(sents, found).iloc[0]
    assert "foreign" not in row["words"].split() and "ffmention" in row["words"].split()
    assert "protest" in row["words"].split()  # stemmed
    assert row["against_before"] == 1 and row["passive_after"] == 1 and row["kind_explicit"] == 1


# --------------------------------------------------------------------------- cross-fitting

def test_the_short_mean_is_numpys_mean_to_the_last_bit():
    from fsf.stance.model import _mean

    rng = np.random.default_rng(3)
    for n in range(1, 13):
        for _ in range(500):
            values = list(rng.uniform(-1, 1, n) * 10.0 ** rng.integers(-3, 3))
            assert _mean(values) == float(np.mean(values))


def test_the_quotation_state_is_the_one_of_going_through_each_paragraph():
    from fsf.stance.model import _in_quotation

    def reference(sentences):  # the paragraph-by-paragraph definition
        inside = {}
        for _, part in sentences.groupby(["doc_id", "paragraph_idx"], sort=False):
            open_ = False
            for doc_id, sent_idx, text in zip(part["doc_id"], part["sent_idx"], part["text"]):
                inside[(doc_id, sent_idx)] = open_ or text.lstrip().startswith('"')
                if text.count('"') % 2:
                    open_ = not open_
        return inside

    rng = np.random.default_rng(5)
    pieces = ['"He said', 'it ended."', "Calm.", ' "Yes," he said.', 'A "b" c.', '"Open']
    sents = pd.DataFrame({"doc_id": rng.choice(["a", "b"], 60), "sent_idx": np.arange(60),
                          "paragraph_idx": rng.integers(0, 4, 60).astype(float),
                          "text": rng.choice(pieces, 60)})
    sents.loc[[3, 17], "paragraph_idx"] = np.nan  # a sentence without a paragraph is left out
    assert _in_quotation(sents) == reference(sents)
    assert _in_quotation(sents.astype({"paragraph_idx": "Int64"})) == reference(sents.astype({"paragraph_idx": "Int64"}))



def test_every_seed_prediction_comes_from_a_model_that_never_saw_its_article(seeds):
    model = seeds.stance_model
    assert list(model.columns) == PREDICTION_COLUMNS
    assert (model["fold"] == model["doc_id"]).all()  # every seed article gave codes: each is held out in turn
    assert all(f"without {d}" in m for d, m in zip(model["doc_id"], model["model"]))
    probabilities = model[["p_negative", "p_neutral", "p_positive"]].sum(axis=1)
    assert np.allclose(probabilities, 1, atol=2e-4)


def test_changing_the_held_out_articles_codes_leaves_its_predictions_unchanged(seed_data):
    train, targets = seed_data
    before = cross_fit(train, targets, grid=SMALL_GRID)
    changed = train.copy()
    mine = changed["doc_id"] == "001"
    changed.loc[mine, "stance"] = np.roll(changed.loc[mine, "stance"].to_numpy(), 1) * -1
    after = cross_fit(changed, targets, grid=SMALL_GRID)
    same = before["doc_id"] == "001"
    pd.testing.assert_frame_equal(before[same], after[same])
    assert (before["fold"] != "").all() and (before["fold"] == before["doc_id"]).all()


def test_cross_fitting_is_deterministic(seed_data):
    train, targets = seed_data
    pd.testing.assert_frame_equal(cross_fit(train, targets, grid=SMALL_GRID), cross_fit(train, targets,
                                                                                        grid=SMALL_GRID))


def test_the_study_stance_is_the_same_on_a_second_study(seeds):
    pd.testing.assert_frame_equal(seeds.stance, Study().stance)


def test_the_hyperparameters_are_chosen_inside_the_training_data(seed_data):
    train, _ = seed_data
    model = StanceModel().fit(train, train["stance"], groups=train["article"])
    assert len(model.cv_results_) == len(GRID) and model.best_params_ in [dict(g) for g in GRID]
    assert model.cv_results_["kappa"].between(-1, 1).all()
    assert isinstance(model.get_params()["grid"], tuple) and not hasattr(StanceModel(), "best_params_")


def test_ff_sentences_carries_the_supervised_stance_and_the_lexicon_baseline(seeds):
    table = seeds.stance
    assert list(table.columns) == FF_COLUMNS and len(table) == len(seeds.sentences)
    without = table["mentions_ff"] == 0
    assert table.loc[without, "stance"].isna().all() and (table.loc[without, "model"] == "").all()
    assert table.loc[~without, "stance"].notna().all() and (table.loc[~without, "fold"] != "").all()
    lexicon = seeds.stance_lexicon
    assert (table["lexicon_score"].fillna(9) == lexicon["score"].fillna(9)).all()
    with_mention = table[~without]
    assert np.allclose(with_mention["score"], with_mention["p_positive"] - with_mention["p_negative"], atol=2e-4)


def test_a_corpus_without_codes_is_predicted_by_the_seed_model(tmp_path):
    (tmp_path / "001_a.txt").write_text("Foreign fighters flee\n\nForeign fighters say they were tricked and are "
                                        "afraid. The foreign fighters are not welcome, villagers said.\n",
                                        encoding="utf-8")
    seed = next(config.SEEDS_DIR.glob("003_*.txt"))
    shutil.copy(seed, tmp_path / "003_copy.txt")  # a seed article under another name: recognised by its sha256
    study = Study(tmp_path)
    model = study.stance_model
    assert (model["model"].str.startswith("seeds gold")).all()
    invented, copied = model[model["doc_id"] == "001"], model[model["doc_id"] == "003"]
    assert (invented["fold"] == "").all() and len(invented)
    assert (copied["fold"] == "003").all() and (copied["model"].str.contains("without 003")).all()


def test_codes_of_one_article_fall_back_to_blocks_and_say_so(tmp_path, seeds):
    codes = pd.read_csv(config.DATA_DIR / "hand_coding" / "ff_sentences_gold.csv", dtype=str, keep_default_na=False)
    folder = tmp_path / "codes"
    folder.mkdir()
    codes[codes["doc_id"] == "002"].to_csv(folder / "stance.csv", index=False)
    study = Study(codes=folder)
    with pytest.warns(UserWarning, match=r"one article only \(002\), so cross-fitting by article is impossible") as w:
        model = study.stance_model
    assert "stance.csv" in str(w[0].message) and "\n" not in str(w[0].message)
    mine = model[model["doc_id"] == "002"]
    assert mine["fold"].str.fullmatch(r"002 sentences \d+-\d+").all() and mine["fold"].nunique() == 5
    for fold, part in mine.groupby("fold"):
        first, last = map(int, fold.split()[-1].split("-"))
        assert part["sent_idx"].between(first, last).all()
    others = model[model["doc_id"] != "002"]
    assert (others["fold"] == "").all()  # articles that gave no codes: the model on all codes


def test_a_block_prediction_never_saw_its_block(seed_data):
    train, targets = seed_data
    train, targets = train[train["doc_id"] == "002"], targets[targets["doc_id"] == "002"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = cross_fit(train, targets, grid=SMALL_GRID)
        fold = before["fold"].iloc[0]
        first, last = map(int, fold.split()[-1].split("-"))
        changed = train.copy()
        inside = changed["sent_idx"].between(first, last)
        changed.loc[inside, "stance"] = -changed.loc[inside, "stance"]
        after = cross_fit(changed, targets, grid=SMALL_GRID)
    same = before["fold"] == fold
    pd.testing.assert_frame_equal(before[same], after[same])


# --------------------------------------------------------------------------- one-line errors


def test_a_stance_label_outside_the_codebook_is_refused(tmp_path, seed_data):
    path = tmp_path / "stance.csv"
    path.write_text("doc_id,sent_idx,text,refers_ff,ref_type,stance,confidence,note\n"
                    "000,0,Northern Syria pushes back against foreign fighters,1,explicit,2,high,\n", encoding="utf-8")
    with pytest.raises(CodesError) as err:
        read_stance_codes(path)
    assert "stance.csv" in one_line(str(err.value)) and "outside the codebook" in str(err.value)
    train, _ = seed_data
    with pytest.raises(MethodError, match="outside the codebook") as err:
        StanceModel(grid=SMALL_GRID).fit(train, train["stance"].replace({1: 2}), groups=train["article"])
    one_line(str(err.value))


def test_too_few_codes_of_a_stance_say_how_many_are_needed(tmp_path):
    codes = pd.read_csv(config.DATA_DIR / "hand_coding" / "ff_sentences_gold.csv", dtype=str, keep_default_na=False)
    hostile = codes.index[codes["stance"] == "-1"]
    codes = codes.drop(hostile[MIN_PER_CLASS - 2:])  # keep 3 hostile codes
    folder = tmp_path / "codes"
    folder.mkdir()
    codes.to_csv(folder / "stance.csv", index=False)
    study = Study(codes=folder)
    with pytest.raises(MethodError) as err:
        study.stance_model  # noqa: B018
    message = one_line(str(err.value))
    assert f"at least {MIN_PER_CLASS} of each stance" in message and "3 hostile (-1)" in message
    assert isinstance(Study(codes=folder, lenient=True).stance_model, Skipped)  # a notebook says why


def test_training_on_one_stance_is_refused():
    X = pd.DataFrame({"doc_id": "a", "words": "x", **{c: [0.0, 1.0] for c in NUMERIC_FEATURES}})
    with pytest.raises(MethodError, match="one stance only"):
        StanceClassifier().fit(X, [0, 0])


# --------------------------------------------------------------------------- uncertainty sampling


def toy():
    """Sentences whose only feature is the lexicon score: strongly negative is -1, near 0 is 0, positive +1."""
    rng = np.random.default_rng(0)
    scores = np.r_[rng.uniform(-0.9, -0.5, 20), rng.uniform(-0.1, 0.1, 20), rng.uniform(0.5, 0.9, 20)]
    X = pd.DataFrame({"doc_id": np.repeat(["a", "b", "c", "d"], 15), "sent_idx": range(60), "words": "",
                      **{c: 0.0 for c in NUMERIC_FEATURES}})
    X["lex_window"] = scores
    return X, np.repeat([-1, 0, 1], 20)


def test_uncertainty_sampling_picks_the_sentences_the_model_is_least_sure_of():
    X, y = toy()
    model = StanceClassifier(features="lexicon", C=1.0).fit(X, y)
    candidates = pd.DataFrame({"doc_id": "z", "sent_idx": range(7), "words": "", **{c: 0.0 for c in NUMERIC_FEATURES}})
    candidates["lex_window"] = [-0.8, -0.3, 0.0, 0.31, 0.8, -0.29, 0.7]
    proba = model.predict_proba(candidates)
    table = candidates[["doc_id", "sent_idx"]].assign(p_negative=proba[:, 0], p_neutral=proba[:, 1],
                                                      p_positive=proba[:, 2])
    picked = least_certain(table, 3)
    expected = list(np.argsort(proba.max(axis=1), kind="stable")[:3])
    assert picked["sent_idx"].tolist() == expected
    assert set(picked["sent_idx"]) == {1, 3, 5}  # the boundaries between the stances, not the clear cases
    sents = pd.DataFrame({"doc_id": "z", "sent_idx": range(7), "paragraph_idx": 1, "text": list("ABCDEFG")})
    sheet = coding_sheet(sents, n=3, strategy="uncertain", probabilities=table)
    assert sorted(sheet["sent_idx"]) == [1, 3, 5]


def test_ties_are_broken_at_random_with_a_seed():
    table = pd.DataFrame({"doc_id": "a", "sent_idx": range(30), "p_negative": 1 / 3, "p_neutral": 1 / 3,
                          "p_positive": 1 / 3})
    first = least_certain(table, 5, random_state=1)["sent_idx"].tolist()
    assert first == least_certain(table, 5, random_state=1)["sent_idx"].tolist()
    assert first != least_certain(table, 5, random_state=2)["sent_idx"].tolist()


def test_an_uncertain_sheet_leaves_out_coded_sentences_and_fills_up_stratified():
    sents = pd.DataFrame({"doc_id": "a", "sent_idx": range(10), "paragraph_idx": 1, "text": list("ABCDEFGHIJ")})
    table = pd.DataFrame({"doc_id": "a", "sent_idx": [0, 1, 2], "p_negative": [0.4, 0.34, 0.9],
                          "p_neutral": [0.3, 0.33, 0.05], "p_positive": [0.3, 0.33, 0.05]})
    sheet = coding_sheet(sents, n=4, strategy="uncertain", probabilities=table,
                         exclude=pd.DataFrame({"doc_id": ["a"], "sent_idx": [1]}))
    assert 1 not in set(sheet["sent_idx"]) and {0, 2} <= set(sheet["sent_idx"]) and len(sheet) == 4
    with pytest.raises(CodesError, match="needs the stance model's probabilities"):
        coding_sheet(sents, n=2, strategy="uncertain")
    with pytest.raises(CodesError, match="unknown strategy"):
        coding_sheet(sents, n=2, strategy="random")


# --------------------------------------------------------------------------- learning curve and validation


def test_the_learning_curve_is_cross_fitted_seeded_and_complete(seed_data):
    train, _ = seed_data
    curve = learning_curve(train, sizes=[20, 60, "all"], seeds=(0, 1), features=("lexicon",))
    assert list(curve.columns) == ["features", "n_train", "size", "seed", "n_test", "kappa", "macro_f1"]
    assert len(curve) == 6 and curve["kappa"].between(-1, 1).all()
    assert curve.loc[curve["size"] == "20", "n_train"].eq(20).all()
    full = curve[curve["size"] == "all"]
    assert full["kappa"].nunique() == 1  # all codes: no draw
    pd.testing.assert_frame_equal(curve, learning_curve(train, sizes=[20, 60, "all"], seeds=(0, 1),
                                                        features=("lexicon",)))


def test_a_learning_curve_needs_two_articles(seed_data):
    train, _ = seed_data
    with pytest.raises(MethodError, match="at least 2 articles"):
        learning_curve(train[train["doc_id"] == "002"])


def test_the_validation_table_gives_intervals_around_each_estimate(seeds):
    table = seeds.stance_validation
    assert set(table["measure"]) == {"plain VADER, whole sentence", "fsf measure, leave-one-article-out", SUPERVISED,
                                     SECOND_CODER}
    assert set(table["subset"]) == {"all", "without codebook examples"}
    assert (table["kappa_low"] <= table["kappa"]).all() and (table["kappa"] <= table["kappa_high"]).all()
    assert (table["f1_low"] <= table["macro_f1"]).all() and (table["macro_f1"] <= table["f1_high"]).all()
    supervised = table[(table["measure"] == SUPERVISED) & (table["subset"] == "all")].iloc[0]
    model = seeds.stance_model.merge(seeds.stance_codes, on=["doc_id", "sent_idx"], suffixes=("", "_hand"))
    model = model[model["refers_ff"] == 1]
    from fsf.agreement import agreement

    assert supervised["kappa"] == agreement(model["stance"], model["stance_hand"])["kappa"]
    assert supervised["n"] == len(model)


def test_a_missed_sentence_counts_against_the_measure_in_kappa_with_misses():
    hand = pd.DataFrame({"doc_id": ["a"] * 6, "sent_idx": range(6), "refers_ff": 1,
                         "stance": pd.array([-1, -1, 0, 0, 1, 1], dtype="Int64")})
    # right wherever it speaks, silent on one -1 and one +1: kappa 1 on what it scored, less over all
    auto = hand.assign(stance=pd.array([-1, pd.NA, 0, 0, 1, pd.NA], dtype="Int64"))
    row = stance_validation({"m": auto}, hand, n_boot=50).iloc[0]
    assert (row["n"], row["coverage"], row["kappa"]) == (4, 0.667, 1.0)
    # over all six, the misses become 0: hand -1,-1,0,0,1,1 vs -1,0,0,0,1,0
    assert row["kappa_with_misses"] == round(float(agreement_kappa([-1, -1, 0, 0, 1, 1], [-1, 0, 0, 0, 1, 0])), 3)
    assert row["kappa_with_misses"] < row["kappa"]


def agreement_kappa(a, b):
    from sklearn.metrics import cohen_kappa_score

    return cohen_kappa_score(a, b)


def test_the_validation_intervals_are_seeded():
    hand = pd.DataFrame({"doc_id": np.repeat(["a", "b"], 20), "sent_idx": np.tile(range(20), 2), "refers_ff": 1,
                         "stance": pd.array(np.tile([-1, 0, 1, 0], 10), dtype="Int64")})
    auto = hand.assign(stance=pd.array(np.tile([-1, 0, 0, 0, 1], 8), dtype="Int64"))
    first = stance_validation({"m": auto}, hand, n_boot=300, seed=3)
    assert first.equals(stance_validation({"m": auto}, hand, n_boot=300, seed=3))
    assert not first.equals(stance_validation({"m": auto}, hand, n_boot=300, seed=4))


def test_every_label_and_feature_set_is_known():
    assert LABELS == (-1, 0, 1) and {g["features"] for g in GRID} == set(FEATURE_SETS)
    with pytest.raises(MethodError, match="unknown feature set"):
        StanceClassifier(features="everything").fit(*toy())


def test_the_lexicon_corrections_follow_the_codebook_and_keep_the_first_valences():
    from fsf.stance.score import analyzer, load_stance_lexicon

    lex = load_stance_lexicon().set_index("term")
    changed = lex[lex["valence"] != lex["valence_as_first_written"]]
    assert sorted(changed.index) == ["eliminate", "elimination", "escape", "escaped"]
    assert (changed["valence"] == 0).all()
    assert changed["rationale"].str.contains("Changed after the second coding").all()
    assert analyzer("domain").lexicon["eliminate"] == 0.0
    assert analyzer("domain-before-validation").lexicon["eliminate"] == -1.5  # the record of the first lexicon
    assert analyzer("fsf").lexicon["escape"] == 0.0  # overrides VADER's +0.7
