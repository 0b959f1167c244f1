"""Tests for fsf.figures: the style, content names, deterministic and atomic saving."""

from __future__ import annotations

import hashlib

import matplotlib as mpl
import pytest

from fsf import config
from fsf.errors import FsfError
from fsf.plots.style import default_formats, new_figure, save_figure, styled


def draw():
    fig, ax = new_figure(width=4, height=3)
    ax.plot([2014, 2015, 2017, 2018, 2023], [3, 1, 4, 1, 5], marker="o")
    ax.set_xlabel("Year")
    ax.set_ylabel("Count")
    ax.set_title("A test figure")
    return fig


def digests(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_same_figure_same_bytes(tmp_path):
    first = digests(save_figure(draw(), "test-figure", out_dir=tmp_path / "a", formats=["png", "pdf", "svg"]))
    second = digests(save_figure(draw(), "test-figure", out_dir=tmp_path / "b", formats=["png", "pdf", "svg"]))
    assert first == second
    assert set(first) == {"test-figure.png", "test-figure.pdf", "test-figure.svg"}


def test_saved_files_carry_no_version_or_date(tmp_path):
    paths = save_figure(draw(), "test-figure", out_dir=tmp_path, formats=["png", "pdf", "svg"])
    for path in paths:
        data = path.read_bytes()
        assert mpl.__version__.encode() not in data
        assert b"CreationDate" not in data and b"<dc:date>" not in data


def test_default_folder_follows_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FSF_FIGURES_DIR", str(tmp_path / "figs"))
    assert config.figures_dir() == (tmp_path / "figs").resolve()
    paths = save_figure(draw(), "env-folder", formats=["png"])
    assert paths == [(tmp_path / "figs" / "env-folder.png").resolve()]


def test_no_temporary_files_left_behind(tmp_path):
    save_figure(draw(), "clean-folder", out_dir=tmp_path, formats=["png", "pdf"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean-folder.pdf", "clean-folder.png"]


@pytest.mark.parametrize("value, expected", [(None, ("png", "pdf")), ("png", ("png",)), ("svg, png", ("svg", "png"))])
def test_default_formats_follow_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("FSF_FIGURE_FORMATS", raising=False)
    else:
        monkeypatch.setenv("FSF_FIGURE_FORMATS", value)
    assert default_formats() == expected


def test_failed_save_leaves_no_file(tmp_path):
    fig = draw()
    fig.axes[0].text(0.5, 0.5, r"$\notacommand$")  # mathtext error at draw time
    with pytest.raises(ValueError):
        save_figure(fig, "broken", out_dir=tmp_path, formats=["png"])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["Article Lengths", "article_lengths", "lengths.png", "", "-x"])
def test_name_must_be_lower_case_words_with_hyphens(name, tmp_path):
    with pytest.raises(FsfError, match="lower-case words joined by hyphens"):
        save_figure(draw(), name, out_dir=tmp_path)


@pytest.mark.parametrize("name", ["fig1", "figure-2", "plot3"])
def test_numbered_names_are_refused(name, tmp_path):
    with pytest.raises(FsfError, match="by what it shows"):
        save_figure(draw(), name, out_dir=tmp_path)


def test_unknown_format(tmp_path):
    with pytest.raises(FsfError, match="unknown format 'jpg'"):
        save_figure(draw(), "x-y", out_dir=tmp_path, formats=["jpg"])


def test_style_applies_inside_and_not_outside():
    @styled
    def spines():
        return mpl.rcParams["axes.spines.top"], mpl.rcParams["axes.prop_cycle"].by_key()["color"][0]

    assert spines() == (False, "#0072B2")
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] != "#0072B2"


def test_style_file_is_a_valid_matplotlib_style():
    rc = mpl.rc_params_from_file(str(config.STYLE_FILE), use_default_template=False)
    assert rc["savefig.dpi"] == 150 and rc["svg.hashsalt"] == "fsf"
