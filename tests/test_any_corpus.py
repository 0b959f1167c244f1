"""The notebooks on a corpus other than the seeds: tests/corpora/mini, invented articles with hand codes.

Every notebook runs top to bottom on it, in a fresh kernel, through ``fsf notebooks --corpus``;
the validation sections run on the corpus's own hand codes (the supervised stance model is
trained and cross-fitted on them); the only sections skipped are the framing timeline, which
needs the analyst's readings that exist for the seeds alone, and the agreement of two coders,
which needs a second coding; and no prose about the five seeds reaches the output.
"""

from __future__ import annotations

import json

import pytest

from fsf import config
from fsf.cli import main
from fsf.notebooks import NOTEBOOKS, SEEDS_ONLY_NOTE, SEEDS_ONLY_TAG

MINI = config.PROJ_ROOT / "tests" / "corpora" / "mini"


def outputs(cell) -> str:
    text = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        text.append("".join(data.get("text/markdown", "")) + "".join(data.get("text/plain", ""))
                    + "".join(out.get("text", "")))
    return "\n".join(text)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    out = tmp_path_factory.mktemp("mini") / "notebooks"
    assert main(["notebooks", "--corpus", str(MINI), "--out", str(out)]) == 0
    return {nb.name: json.loads((out / f"{nb.name}.ipynb").read_text(encoding="utf-8")) for nb in NOTEBOOKS}, out


def test_every_notebook_runs_top_to_bottom(executed):
    notebooks, _ = executed
    for name, nb in notebooks.items():
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] for c in code), name
        assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"], name


def test_only_the_framing_timeline_and_the_second_coder_are_skipped(executed):
    notebooks, _ = executed
    skipped = [outputs(c) for nb in notebooks.values() for c in nb["cells"]
               if c["cell_type"] == "code" and "Skipped" in outputs(c)]
    coders = [s for s in skipped if "no second, independent coding of stance" in s]
    assert len(coders) == 2  # the test corpus has one coder: reliability and disagreements say so
    rest = [s for s in skipped if s not in coders]
    assert len(rest) == 1 and "narrative-framing-timeline" in rest[0] and "analyst readings" in rest[0]


def test_validation_runs_on_the_corpus_own_codes(executed):
    notebooks, _ = executed
    stance = "\n".join(outputs(c) for c in notebooks["30-sentiment-toward-foreign-fighters"]["cells"])
    assert "fsf measure, leave-one-article-out" in stance  # cross-fitted by the corpus's own articles
    assert "kappa" in stance and "macro_f1" in stance
    assert "mini codes without 101" in stance and "supervised model, cross-fitted by article" in stance
    narrative = "\n".join(outputs(c) for c in notebooks["40-narrative-comparison"]["cells"])
    assert "extraction precision" in narrative and "speaker type accuracy" in narrative


def test_no_seed_prose_on_another_corpus(executed):
    notebooks, _ = executed
    for name, nb in notebooks.items():
        for cell in nb["cells"]:
            if SEEDS_ONLY_TAG in cell.get("metadata", {}).get("tags", []) and cell["cell_type"] == "markdown":
                assert "".join(cell["source"]) == SEEDS_ONLY_NOTE, name
        text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        for seed_claim in ("Article 002 is twice as long", "163 of 200 sentences", "001 (The Syrian Observer, 2023) stands apart"):
            assert seed_claim not in text, (name, seed_claim)


def test_figures_go_to_the_output_folder_not_the_committed_ones(executed):
    _, out = executed
    assert (out / "figures" / "stance-by-article.png").is_file()
    assert not (out / "figures" / "narrative-framing-timeline.png").exists()
    manifest = json.loads((out / "fsf-manifest.json").read_text())
    assert manifest["corpus"] == str(MINI.resolve()) and manifest["hand_codes"].startswith("stance: ")
