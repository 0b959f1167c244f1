"""Tests for fsf.plots: the corpus figures show the numbers they claim to."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from fsf import plots
from fsf.corpus import load_corpus
from fsf.text import section_counts


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_article_lengths_bars_equal_token_counts(corpus):
    fig = plots.article_lengths(corpus)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    counts = section_counts(corpus).groupby("doc_id")["n_tokens"].sum()
    # the three stacked bar segments of each article add up to all of its tokens
    widths = pd.DataFrame([(p.get_y(), p.get_width()) for p in ax.patches], columns=["y", "w"])
    totals = widths.groupby("y")["w"].sum().sort_index(ascending=False).tolist()
    assert totals == counts.loc[corpus["doc_id"]].tolist()
    assert ax.get_xlabel() and ax.get_ylabel()


def test_article_labels(corpus):
    labels = [t.get_text() for t in plots.article_lengths(corpus).axes[0].get_yticklabels()]
    assert labels[-1] == "000 · The National · 2018"
    assert "002 · outlet unknown · 2014" in labels


def test_timeline_marks_where_the_year_comes_from(corpus):
    ax = plots.timeline(corpus).axes[0]
    markers = [line for line in ax.get_lines() if line.get_marker() == "o"]
    filled = {int(m.get_xdata()[0]): to_rgba(m.get_markerfacecolor()) for m in markers}
    assert sorted(filled) == [2014, 2015, 2017, 2018, 2023]
    assert filled[2015] != (1.0, 1.0, 1.0, 1.0)  # 003 states its year: filled
    assert filled[2014] == (1.0, 1.0, 1.0, 1.0)  # 002's year is from the brief: open


def test_timeline_without_years(corpus):
    undated = corpus.assign(year=pd.array([pd.NA] * len(corpus), dtype="Int64"))
    ax = plots.timeline(undated).axes[0]
    assert ax.texts[0].get_text() == "No article has a year"


# --------------------------------------------------------------------------
# Sentiment figures
# --------------------------------------------------------------------------

from fsf import agreement  # noqa: E402
from fsf.stance.score import summarize  # noqa: E402


def test_confusion_matrices_show_the_counts():
    table = agreement.confusion([1, 0, 0, -1], [1, 0, -1, -1])
    fig = plots.confusion_matrices({"a": table, "b": table})
    assert len(fig.axes) == 2
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == sorted(str(v) for v in table.to_numpy().ravel())
    assert fig.axes[0].get_xlabel() == "automated stance" and fig.axes[0].get_ylabel() == "hand-coded stance"


def test_kappa_by_window_has_one_line_per_lexicon_and_mask():
    sweep = pd.DataFrame({"lexicon": ["x", "x", "y", "y"], "n": ["2", "sentence"] * 2,
                          "mask": [False, False, True, True], "kappa": [0.1, 0.2, 0.3, 0.4]})
    ax = plots.kappa_by_window(sweep).axes[0]
    lines = [line for line in ax.get_lines() if line.get_marker() in ("o", "s")]
    assert [list(line.get_ydata()) for line in lines] == [[0.1, 0.2], [0.3, 0.4]]
    assert [line.get_linestyle() for line in lines] == ["-", "--"]  # the masked variant is dashed


def test_kappa_by_window_keeps_a_lexicon_colour_masked_or_not():
    sweep = pd.DataFrame({"lexicon": ["domain"] * 4, "n": ["2", "sentence"] * 2,
                          "mask": [False, False, True, True], "kappa": [0.1, 0.2, 0.3, 0.4]})
    lines = [line for line in plots.kappa_by_window(sweep).axes[0].get_lines() if line.get_marker() in ("o", "s")]
    assert lines[0].get_color() == lines[1].get_color()
    assert "domain lexicon (fsf measure's)" in lines[0].get_label()


def test_similarity_heatmap_leaves_the_diagonal_out_of_the_colour_scale():
    square = pd.DataFrame([[1.0, 0.2], [0.2, 1.0]], index=["a", "b"], columns=["a", "b"])
    image = plots.similarity_figure(square).axes[0].get_images()[0]
    assert image.get_clim() == (0.0, 0.2)


def test_top_terms_show_a_word_and_its_plural_once():
    from fsf.plots.topics import _merge_plurals

    top = pd.DataFrame({"topic": [1] * 4, "term": ["group", "hts", "groups", "idlib"], "weight": [0.3, 0.25, 0.1, 0.05]})
    merged = _merge_plurals(top, 3)
    assert merged["term"].tolist() == ["group(s)", "hts", "idlib"] and merged["weight"].round(2).tolist() == [0.4, 0.25, 0.05]


def test_stance_shares_bars_add_up_to_one():
    ff = pd.DataFrame({"doc_id": ["a", "a", "b"], "score": [0.5, -0.5, 0.0],
                       "stance": pd.array([1, -1, 0], dtype="Int64")})
    ax = plots.stance_shares(summarize(ff)).axes[0]
    widths = pd.DataFrame([(p.get_y(), p.get_width()) for p in ax.patches], columns=["y", "w"])
    assert widths.groupby("y")["w"].sum().round(6).tolist() == [1.0, 1.0]
    assert [t.get_text() for t in ax.texts] == ["n = 1", "n = 2"]


def test_score_distribution_marks_n_per_article():
    ff = pd.DataFrame({"doc_id": ["a", "a", "b"], "score": [0.5, -0.5, float("nan")]})
    ax = plots.score_distribution(ff).axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["n = 0", "n = 2"]
