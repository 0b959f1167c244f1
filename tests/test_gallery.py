"""Tests for fsf.gallery: one list of figures, the same as the notebooks', drawn deterministically."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from fsf import gallery
from fsf.errors import FsfError
from fsf.notebooks import NOTEBOOKS


def saved_in_notebooks() -> dict[str, str]:
    """Figure name -> notebook, read from the study.figure calls in the notebooks' code cells."""
    names = {}
    for notebook in NOTEBOOKS:
        cells = json.loads(notebook.path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                for name in re.findall(r'study\.figure\(\s*"([^"]+)"', "".join(cell["source"])):
                    names[name] = notebook.name
    return names


def test_gallery_lists_exactly_the_figures_the_notebooks_save():
    assert {f.name: f.notebook for f in gallery.FIGURES} == saved_in_notebooks()


def test_every_spec_names_a_real_function_and_a_caption():
    for spec in gallery.FIGURES:
        module, _, attribute = spec.function.rpartition(".")
        assert callable(getattr(importlib.import_module(module), attribute)), spec.function
        assert len(spec.caption) > 20 and spec.caption.endswith(".")


def test_second_run_from_scratch_is_byte_identical():
    # a cheap subset here (one figure per plotting module, PNG and PDF); CI verifies all of them
    result = gallery.verify_figures(formats=["png", "pdf"],
                                    names=["article-lengths", "stance-by-article", "narrative-similarity"])
    assert result.identical, result.summary
    assert len(result.first) == 6


def test_manifest_records_provenance(tmp_path):
    manifest = gallery.build_figures(None, tmp_path, formats=["png"], names=["article-timeline"])
    assert list(manifest.columns) == ["file", "caption", "function", "notebook", "data_sha256", "file_sha256"]
    row = manifest.iloc[0]
    assert (row.file, row.function, row.notebook) == ("article-timeline.png", "fsf.plots.timeline", "10-corpus-and-cleaning")
    assert (tmp_path / "manifest.csv").read_text().startswith("file,caption,function")
    assert len(row.data_sha256) == len(row.file_sha256) == 64


def test_data_hash_follows_the_data(tmp_path):
    from fsf.study import Study

    study = Study()
    spec = next(f for f in gallery.FIGURES if f.name == "article-timeline")
    before = gallery.data_hash(spec.data(study))
    study._cache["corpus"] = study.corpus.assign(year=study.corpus["year"] + 1)
    assert gallery.data_hash(spec.data(study)) != before


def test_unknown_figure_name(tmp_path):
    with pytest.raises(FsfError, match="unknown figure 'fig1'"):
        gallery.build_figures(None, tmp_path, names=["fig1"])


def test_a_failing_figure_is_named_and_leaves_nothing_behind(tmp_path, monkeypatch):
    from fsf import plots

    def broken(corpus):
        raise ValueError("no years to draw")

    monkeypatch.setattr(plots, "timeline", broken)
    out = tmp_path / "figures"
    with pytest.raises(FsfError, match=r"figure 'article-timeline' \(fsf.plots.timeline, notebook "
                                        r"10-corpus-and-cleaning\) failed: ValueError: no years to draw"):
        gallery.build_figures(None, out, formats=["png"], names=["article-lengths", "article-timeline"])
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # all or nothing: no folder, no temporary folder


def test_figures_command(tmp_path, capsys):
    from fsf.cli import main

    assert main(["figures", "--out", str(tmp_path), "--formats", "png", "--only", "article-timeline"]) == 0
    out = capsys.readouterr().out
    assert "[1/1] article-timeline: png" in out and f"figures written to {tmp_path}" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article-timeline.png", "fsf-manifest.json", "manifest.csv"]


def test_only_keeps_the_other_figures_and_their_manifest_rows(tmp_path):
    gallery.build_figures(None, tmp_path, formats=["png"], names=["article-timeline", "article-lengths"])
    manifest = gallery.build_figures(None, tmp_path, formats=["png"], names=["article-lengths"])
    assert manifest["file"].tolist() == ["article-lengths.png", "article-timeline.png"]
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["article-lengths.png", "article-timeline.png"]


def test_figures_of_another_corpus_skip_only_what_it_cannot_support(tmp_path, capsys):
    from fsf import config
    from fsf.cli import main

    mini = config.PROJ_ROOT / "tests" / "corpora" / "mini"
    assert main(["figures", "--corpus", str(mini), "--out", str(tmp_path), "--formats", "png"]) == 0
    out = capsys.readouterr().out
    drawn = sorted(p.stem for p in tmp_path.glob("*.png"))
    assert drawn == sorted(f.name for f in gallery.FIGURES if f.name != "narrative-framing-timeline")
    assert "skipped narrative-framing-timeline: the articles in 'mini' have no analyst readings" in out
    manifest = json.loads((tmp_path / "fsf-manifest.json").read_text())
    assert list(manifest["skipped"]) == ["narrative-framing-timeline"] and manifest["corpus"] == str(mini.resolve())


def test_the_committed_figures_are_the_ones_their_manifest_records():
    """`fsf figures` in a checkout refuses files its manifest does not list, so a PNG committed without
    regenerating the manifest (or a manifest left stale) would stop authors regenerating the report figures."""
    import csv
    import hashlib
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "reports" / "figures"
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as f:
        recorded = {row["file"]: row["file_sha256"] for row in csv.DictReader(f)}
    committed = sorted(p.name for p in folder.glob("*.png"))
    assert committed == sorted(name for name in recorded if name.endswith(".png"))
    assert committed == sorted(f"{spec.name}.png" for spec in gallery.FIGURES)
    for name in committed:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == recorded[name], name
    manifest = json.loads((folder / "fsf-manifest.json").read_text(encoding="utf-8"))
    assert {p for p in json.dumps(manifest).split('"') if p.endswith(".png")} >= set(committed)
