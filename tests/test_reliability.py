"""Tests for fsf.reliability: Krippendorff's alpha and Cohen's kappa on examples worked by hand and
from the literature, bootstrap intervals, the seeds' two codings, the codebook's examples and the
adjudicated gold set."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fsf import config
from fsf.agreement import cohen_kappa
from fsf.codes import load_stance_codes
from fsf.errors import MethodError
from fsf.reliability import (
    CODEBOOK_EXAMPLES,
    bootstrap_interval,
    codebook_references,
    coder_agreement,
    disagreements,
    krippendorff_alpha,
    reliability_table,
)

HAND = config.DATA_DIR / "hand_coding"
NAN = float("nan")


# --------------------------------------------------------------------------- alpha and kappa by hand


def test_alpha_on_krippendorffs_worked_example():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four coders,
    twelve units, missing values; the paper gives alpha = 0.743 (nominal), 0.815 (ordinal), 0.849 (interval)."""
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
            [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN]]
    assert round(krippendorff_alpha(data, "nominal"), 3) == 0.743
    assert round(krippendorff_alpha(data, "ordinal"), 3) == 0.815
    assert round(krippendorff_alpha(data, "interval"), 3) == 0.849


def test_alpha_and_kappa_of_two_coders_worked_by_hand():
    # four units, one disagreement. Coincidences: o_00 = 4, o_01 = o_10 = 1, o_11 = 2; n_0 = 5, n_1 = 3, n = 8.
    # alpha = 1 - (n - 1) * (o_01 + o_10) / (2 * n_0 * n_1) = 1 - 7 * 2 / 30 = 0.5333
    # kappa: observed 3/4, expected (2/4)(1/4) + (2/4)(3/4) = 1/2, so (3/4 - 1/2) / (1 - 1/2) = 0.5
    a, b = [1, 1, 0, 0], [1, 0, 0, 0]
    assert krippendorff_alpha([a, b]) == pytest.approx(1 - 14 / 30)
    assert cohen_kappa(a, b, (0, 1)) == pytest.approx(0.5)


def test_ordinal_alpha_counts_an_adjacent_disagreement_less_worked_by_hand():
    # units (-1,-1), (0,0), (1,1), (-1,0): o_-1-1 = o_00 = o_11 = 2, o_-10 = o_0-1 = 1; n_-1 = 3, n_0 = 3, n_1 = 2.
    # nominal: 1 - 7 * 2 / (2 * (9 + 6 + 6)) = 1 - 14/42 = 0.6667
    # ordinal: delta(-1,0) = (3 + 3 - 3)^2 = 9, delta(0,1) = (3 + 2 - 2.5)^2 = 6.25, delta(-1,1) = (8 - 2.5)^2 = 30.25;
    #   1 - 7 * (2 * 9) / (2 * (9 * 9 + 6 * 6.25 + 6 * 30.25)) = 1 - 126 / 600 = 0.79
    data = [[-1, 0, 1, -1], [-1, 0, 1, 0]]
    assert krippendorff_alpha(data, "nominal") == pytest.approx(2 / 3)
    assert krippendorff_alpha(data, "ordinal") == pytest.approx(0.79)


def test_alpha_limits_and_missing_values():
    assert krippendorff_alpha([[1, 0, 1, 0], [1, 0, 1, 0]]) == 1.0
    assert np.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))  # no variation: no expected disagreement
    # a unit one coder left out is not pairable and changes nothing
    assert krippendorff_alpha([[1, 1, 0, 0, 1], [1, 0, 0, 0, None]]) == krippendorff_alpha([[1, 1, 0, 0], [1, 0, 0, 0]])
    with pytest.raises(MethodError, match="unknown level"):
        krippendorff_alpha([[1, 0]], "ratio")
    with pytest.raises(MethodError, match="not among the values"):
        krippendorff_alpha([[1, 2], [1, 7]], values=[1, 2])


# --------------------------------------------------------------------------- bootstrap


def test_bootstrap_intervals_contain_the_estimate_and_are_seeded():
    rng = np.random.default_rng(0)
    a = rng.integers(-1, 2, 120)
    b = np.where(rng.random(120) < 0.8, a, rng.integers(-1, 2, 120))
    strata = np.repeat(["x", "y", "z"], 40)
    out = coder_agreement(a, b, strata, labels=(-1, 0, 1), ordinal=True, n_boot=500, seed=1)
    for name in ("kappa", "alpha_nominal", "alpha_ordinal"):
        assert out[f"{name}_low"] <= out[name] <= out[f"{name}_high"], name
    assert out == coder_agreement(a, b, strata, labels=(-1, 0, 1), ordinal=True, n_boot=500, seed=1)
    assert out != coder_agreement(a, b, strata, labels=(-1, 0, 1), ordinal=True, n_boot=500, seed=2)


def test_the_bootstrap_resamples_within_strata():
    values = np.array([0.0] * 10 + [1.0] * 10)
    strata = ["a"] * 10 + ["b"] * 10
    seen = []
    bootstrap_interval(lambda i: seen.append((values[i] == 1).sum()) or 0.0, strata, n_boot=50)
    assert set(seen) == {10}  # every resample keeps ten units of each article


# --------------------------------------------------------------------------- the seeds' two codings


@pytest.fixture(scope="module")
def codings():
    return (load_stance_codes(path=HAND / "ff_sentences_hand.csv"),
            load_stance_codes(path=HAND / "ff_sentences_coder2.csv"),
            pd.read_csv(HAND / "ff_sentences_gold.csv", dtype={"doc_id": str}, keep_default_na=False))


def test_the_second_coding_covers_the_same_200_sentences(codings):
    first, second, _ = codings
    assert len(second) == 200
    assert first[["doc_id", "sent_idx", "text"]].equals(second[["doc_id", "sent_idx", "text"]])


def test_the_reliability_table_of_the_seeds(codings):
    first, second, _ = codings
    table = reliability_table(first, second, examples=CODEBOOK_EXAMPLES, n_boot=200)
    assert table[["variable", "subset"]].values.tolist() == [
        ["refers_ff", "all"], ["stance", "all"], ["refers_ff", "without codebook examples"],
        ["stance", "without codebook examples"]]
    refers, stance = table.iloc[0], table.iloc[1]
    both = (first["refers_ff"] == 1) & (second["refers_ff"] == 1)
    assert refers["n"] == 200 and stance["n"] == int(both.sum())
    assert table.iloc[2]["n"] == 200 - len(CODEBOOK_EXAMPLES)
    assert refers["kappa"] == round(cohen_kappa(first["refers_ff"], second["refers_ff"], (0, 1)), 3)
    assert np.isnan(refers["alpha_ordinal"]) and not np.isnan(stance["alpha_ordinal"])
    for row in table.itertuples():
        assert row.kappa_low <= row.kappa <= row.kappa_high


def test_the_codebook_examples_are_the_sentences_the_codebook_cites():
    text = (config.PROJ_ROOT / "docs" / "codebook-ff-stance.md").read_text(encoding="utf-8")
    before = text.split("\n## 8. Reliability")[0]  # the version the second coder read
    assert sorted(codebook_references(before, doc_ids=["000", "001", "002", "003", "004"])) == list(CODEBOOK_EXAMPLES)
    assert len(CODEBOOK_EXAMPLES) == 82


def test_the_gold_set_resolves_every_disagreement(codings):
    first, second, gold = codings
    differ = disagreements(first, second)
    keys = set(zip(differ["doc_id"], differ["sent_idx"]))
    resolved = gold[gold["resolution"] != ""]
    assert set(zip(resolved["doc_id"], resolved["sent_idx"])) == keys and len(keys) > 0
    for row in resolved.itertuples():
        assert row.resolution.startswith("Coder 1:") and "Gold:" in row.resolution
    agreed = gold[gold["resolution"] == ""].merge(first, on=["doc_id", "sent_idx"], suffixes=("", "_1"))
    assert (agreed["refers_ff"].astype(int) == agreed["refers_ff_1"]).all()
    assert (agreed["stance"].replace("", "9").astype(int) == agreed["stance_1"].fillna(9).astype(int)).all()
    assert load_stance_codes().equals(load_stance_codes(path=HAND / "ff_sentences_gold.csv"))  # the default


def test_the_study_reports_reliability_for_the_seeds_only():
    from fsf.study import Study

    seeds = Study()
    assert list(seeds.reliability["variable"]) == ["refers_ff", "stance"] * 2
    assert len(seeds.coder_disagreements) == 3 and seeds.coder_disagreements["resolution"].str.len().gt(50).all()
    mini = Study(config.PROJ_ROOT / "tests" / "corpora" / "mini", lenient=True)
    assert "no second, independent coding" in str(mini.reliability)
