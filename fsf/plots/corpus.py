"""Figures of the corpus itself: article lengths and the timeline.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from fsf.plots.style import new_figure, styled
from fsf.text.counts import section_counts

__all__ = ["article_label", "article_labels", "article_lengths", "timeline", "year_source"]

_SECTION_COLOURS = {"title + standfirst": "#56B4E9", "body": "#0072B2", "removed": "#BBBBBB"}


def article_label(row) -> str:
    """Short label of an article: ``"000 · The National · 2018"`` (unknown parts left out).

    Examples
    --------
    >>> article_label({"doc_id": "002", "outlet": "", "year": 2014})
    '002 · outlet unknown · 2014'
    """
    year = row["year"]
    parts = [row["doc_id"], row["outlet"] or "outlet unknown", "year unknown" if pd.isna(year) else str(year)]
    return " · ".join(parts)


def article_labels(corpus: pd.DataFrame) -> dict:
    """doc_id -> :func:`article_label` for every article of a corpus."""
    return {row["doc_id"]: article_label(row) for _, row in corpus.iterrows()}


@styled
def article_lengths(corpus: pd.DataFrame, *, counts: pd.DataFrame | None = None):
    """Stacked bars of tokens per article: headline and standfirst, body, removed boilerplate.

    Returns
    -------
    matplotlib.figure.Figure
    """
    counts = (counts if counts is not None else section_counts(corpus)).copy()
    counts["part"] = counts["section"].replace({"title": "title + standfirst", "standfirst": "title + standfirst"})
    wide = counts.pivot_table(index="doc_id", columns="part", values="n_tokens", aggfunc="sum")
    wide = wide.reindex(index=list(corpus["doc_id"])[::-1], columns=list(_SECTION_COLOURS), fill_value=0)
    labels = [article_label(row) for _, row in corpus.set_index("doc_id").loc[wide.index].reset_index().iterrows()]
    fig, ax = new_figure(width=7.0, height=3.4)
    left = pd.Series(0, index=wide.index)
    for part, colour in _SECTION_COLOURS.items():
        ax.barh(labels, wide[part], left=left, color=colour, label=part, height=0.6)
        left = left + wide[part]
    for y, total in enumerate(left):
        ax.text(total + 15, y, f"{total:,}", va="center", fontsize=8)
    ax.set_xlabel("Tokens (words and numbers)")
    ax.set_ylabel("Article")
    fig.suptitle("Article length: kept text and removed boilerplate", x=0.01, ha="left",
                 fontweight="bold", fontsize=11)
    ax.set_xlim(0, left.max() * 1.12)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=3)
    return fig


def _draw_timeline(ax, years: list[int], labels: list[str], filled: list[bool], *, stem: float, fontsize: float,
                   ylim: float) -> None:
    """Markers on a year axis, labels alternating above and below on stems (shared by the two timelines)."""
    for i, (year, label, full) in enumerate(zip(years, labels, filled)):
        y = 1 if i % 2 == 0 else -1
        ax.plot([year, year], [0, y * stem], color="#999999", linewidth=0.8)
        ax.plot(year, 0, marker="o", markersize=9, color="#0072B2", markerfacecolor="#0072B2" if full else "white",
                markeredgewidth=1.6)
        ax.text(year, y * (stem + 0.05), label, ha="center", va="bottom" if y > 0 else "top", fontsize=fontsize)
    ax.axhline(0, color="#444444", linewidth=1)
    ax.set_xlim(min(years) - 1.5, max(years) + 1.5)
    ax.set_ylim(-ylim, ylim)
    ax.set_yticks([])
    ax.grid(False)
    ax.spines["left"].set_visible(False)


def year_source(corpus: pd.DataFrame) -> str:
    """Where the years not stated in the text come from, for a figure's key: ``from the project brief``
    when every such year says so in ``year_basis`` (the seeds), else ``not stated in the text``.

    Examples
    --------
    >>> year_source(pd.DataFrame({"year_basis": ["text", "project brief"]}))
    'from the project brief'
    >>> year_source(pd.DataFrame({"year_basis": ["text", ""]}))
    'not stated in the text'
    """
    bases = set(corpus["year_basis"]) - {"text"} if "year_basis" in corpus else set()
    return f"from the {bases.pop()}" if len(bases) == 1 and "" not in bases else "not stated in the text"


@styled
def timeline(corpus: pd.DataFrame, *, width: int = 30):
    """The articles on a time axis by year, labelled with id, outlet and headline.

    A filled marker means the year is stated in the article; an open marker
    means it comes from elsewhere (``year_basis`` in the metadata), so a
    reader sees which dates the text itself supports.

    Returns
    -------
    matplotlib.figure.Figure
    """
    dated = corpus[corpus["year"].notna()].sort_values(["year", "doc_id"])
    fig, ax = new_figure(width=7.5, height=3.6)
    if dated.empty:
        ax.text(0.5, 0.5, "No article has a year", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    labels = [f"{row['doc_id']} · {row['outlet'] or 'outlet unknown'}\n"
              + textwrap.fill(textwrap.shorten(row["title"], width=90, placeholder="…"), width)
              for _, row in dated.iterrows()]
    filled = dated["year_basis"].eq("text").tolist() if "year_basis" in dated else [False] * len(dated)
    _draw_timeline(ax, dated["year"].astype(int).tolist(), labels, filled, stem=0.55, fontsize=7.5, ylim=1.6)
    ax.set_xlabel(f"Year of publication (filled: stated in the article; open: {year_source(dated)})")
    ax.set_title("The five articles on a timeline" if len(dated) == 5 else f"{len(dated)} articles on a timeline")
    return fig
