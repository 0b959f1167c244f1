"""Figures: the corpus itself, sentiment toward foreign fighters, and the narrative comparison.

Each function takes the tidy tables fsf produces and returns a
:class:`matplotlib.figure.Figure` drawn in the fsf style; saving is left to
:func:`fsf.figures.save_figure`.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from fsf.figures import new_figure, styled
from fsf.text import section_counts

__all__ = ["actor_networks", "article_label", "article_labels", "article_lengths", "confusion_matrices",
           "framing_timeline", "kappa_by_window", "score_distribution", "speaker_shares", "stance_arcs",
           "stance_shares", "timeline"]

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
def article_lengths(corpus: pd.DataFrame):
    """Stacked bars of tokens per article: headline and standfirst, body, removed boilerplate.

    Returns
    -------
    matplotlib.figure.Figure
    """
    counts = section_counts(corpus)
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
    ax.set_xlabel("Year of publication (filled: stated in the article; open: from the project brief)")
    ax.set_title("The five articles on a timeline" if len(dated) == 5 else f"{len(dated)} articles on a timeline")
    return fig


# --------------------------------------------------------------------------
# Sentiment toward foreign fighters
# --------------------------------------------------------------------------

_STANCE_COLOURS = {"negative": "#D55E00", "neutral": "#BBBBBB", "positive": "#0072B2"}
_STANCE_NAMES = {"negative": "hostile (-1)", "neutral": "neutral (0)", "positive": "sympathetic (+1)"}


@styled
def confusion_matrices(tables: dict):
    """Confusion matrices side by side: rows hand codes, columns automated codes, counts in the cells.

    Parameters
    ----------
    tables : dict
        Title -> square DataFrame from :func:`fsf.validation.confusion`.
    """
    fig, axes = new_figure(1, len(tables), width=3.3 * len(tables), height=3.3, squeeze=False)
    for ax, (title, table) in zip(axes[0], tables.items()):
        values = table.to_numpy()
        ax.imshow(values, cmap="Blues", vmin=0, vmax=max(values.max(), 1), aspect="auto")
        for (i, j), count in np.ndenumerate(values):
            ax.text(j, i, str(count), ha="center", va="center",
                    color="white" if count > values.max() * 0.6 else "black", fontsize=10)
        labels = [f"{v:+d}" if v else "0" for v in table.columns]
        ax.set_xticks(range(len(labels)), labels)
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel("automated stance")
        ax.set_ylabel("hand-coded stance")
        ax.set_title(title, fontsize=9.5)
        ax.grid(False)
    return fig


@styled
def kappa_by_window(sweep: pd.DataFrame):
    """Agreement (Cohen's kappa) with the hand codes against window size, one line per lexicon.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From :func:`fsf.validation.sweep_agreement` (lexicon, n, mask, kappa).
    """
    fig, ax = new_figure(width=6.4, height=4.2)
    order = list(dict.fromkeys(sweep["n"]))
    for (lexicon, mask), part in sweep.groupby(["lexicon", "mask"], sort=False):
        part = part.set_index("n").reindex(order)
        ax.plot(range(len(order)), part["kappa"], marker="o", linestyle="--" if mask else "-",
                label=f"{lexicon}{' (target masked)' if mask else ''}")
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xticks(range(len(order)), order)
    ax.set_xlabel("window: tokens either side of the mention")
    ax.set_ylabel("Cohen's kappa with hand codes")
    ax.set_title("How agreement moves with the window (in-sample)")
    fig.legend(loc="outside lower center", ncols=3, fontsize=8)
    return fig


@styled
def stance_shares(summary: pd.DataFrame, by: str = "doc_id", labels: dict | None = None):
    """Share of sentences about foreign fighters coded negative, neutral, positive, per group, with n.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`fsf.sentiment.summarize` (share_* and n_scored columns).
    by : str
        The grouping column of ``summary``.
    labels : dict, optional
        Group value -> label on the axis.
    """
    table = summary.sort_values(by, ascending=False)
    names = [(labels or {}).get(v, str(v)) for v in table[by]]
    fig, ax = new_figure(width=7.0, height=0.5 * len(table) + 1.6)
    left = np.zeros(len(table))
    for stance, colour in _STANCE_COLOURS.items():
        shares = table[f"share_{stance}"].fillna(0).to_numpy()
        ax.barh(names, shares, left=left, color=colour, label=_STANCE_NAMES[stance], height=0.6)
        left += shares
    for y, n in enumerate(table["n_scored"]):
        ax.text(1.01, y, f"n = {n}", va="center", fontsize=8)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share of sentences that mention foreign fighters")
    ax.set_ylabel("article" if by == "doc_id" else by)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=3)
    return fig


@styled
def score_distribution(ff_sentences: pd.DataFrame, labels: dict | None = None):
    """Every scored sentence as a dot, per article, with the mean and one standard deviation.

    Parameters
    ----------
    ff_sentences : pandas.DataFrame
        doc_id and score (from :func:`fsf.sentiment.sentence_stance`); rows without a score are left out.
    labels : dict, optional
        doc_id -> label on the axis.
    """
    scored = ff_sentences[ff_sentences["score"].notna()]
    docs = sorted(ff_sentences["doc_id"].unique(), reverse=True)
    fig, ax = new_figure(width=8.0, height=0.55 * len(docs) + 1.6)
    offsets = np.tile(np.linspace(-0.18, 0.18, 7), len(scored) // 7 + 1)
    for y, doc_id in enumerate(docs):
        values = scored.loc[scored["doc_id"] == doc_id, "score"].to_numpy()
        ax.scatter(values, y + offsets[: len(values)], s=12, color="#0072B2", alpha=0.6, linewidths=0)
        if len(values):
            mean, sd = values.mean(), values.std(ddof=1) if len(values) > 1 else 0.0
            ax.errorbar(mean, y, xerr=sd, fmt="D", color="#D55E00", markersize=5, capsize=3)
        ax.text(1.05, y, f"n = {len(values)}", va="center", fontsize=8)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_yticks(range(len(docs)), [(labels or {}).get(d, d) for d in docs])
    ax.set_xlim(-1.05, 1.25)
    ax.set_xlabel("score around the mentions: -1 hostile, +1 sympathetic")
    ax.set_ylabel("article")
    fig.suptitle("Stance scores per article (diamond: mean ± 1 sd)", x=0.01, ha="left",
                 fontweight="bold", fontsize=11)
    return fig


# --------------------------------------------------------------------------
# Narrative comparison
# --------------------------------------------------------------------------

_CATEGORY_COLOURS = {"target": "#D55E00", "jihadist group": "#000000", "armed opposition": "#009E73",
                     "state": "#0072B2", "civil society": "#E69F00"}


@styled
def actor_networks(graphs: dict, labels: dict | None = None):
    """Actor co-occurrence networks, one panel per article, drawn on a shared circle.

    Parameters
    ----------
    graphs : dict
        doc_id -> :class:`networkx.Graph` from :func:`fsf.narrative.network`.
    labels : dict, optional
        doc_id -> panel title.

    Every actor sits at the same place in every panel (a circle in a fixed
    order), so panels can be compared; node area follows mentions, line width
    the number of sentences two actors share, colour the actor's category.
    """
    import networkx as nx

    actors = sorted({node for graph in graphs.values() for node in graph.nodes})
    angles = np.linspace(0, 2 * np.pi, len(actors), endpoint=False) + np.pi / 2
    place = {actor: (np.cos(a), np.sin(a)) for actor, a in zip(actors, angles)}
    ncols = min(3, len(graphs))
    nrows = int(np.ceil(len(graphs) / ncols))
    fig, axes = new_figure(nrows, ncols, width=4.4 * ncols, height=3.0 * nrows + 0.5, squeeze=False)
    for ax, (doc_id, graph) in zip(axes.ravel(), graphs.items()):
        widths = [0.6 + 0.7 * graph.edges[e]["weight"] for e in graph.edges]
        nx.draw_networkx_edges(graph, place, ax=ax, width=widths, edge_color="#999999")
        sizes = [40 + 25 * graph.nodes[n]["count"] for n in graph.nodes]
        colours = [_CATEGORY_COLOURS.get(graph.nodes[n]["category"], "#CC79A7") for n in graph.nodes]
        nx.draw_networkx_nodes(graph, place, ax=ax, node_size=sizes, node_color=colours)
        for node in graph.nodes:
            x, y = place[node]
            align = "left" if x > 0.15 else "right" if x < -0.15 else "center"
            ax.text(x * 1.18, y * 1.18, node, fontsize=6.5, ha=align, va="center")
        ax.set_title((labels or {}).get(doc_id, doc_id), fontsize=9)
        ax.set_xlim(-2.3, 2.3)
        ax.set_ylim(-1.35, 1.35)
        ax.set_aspect("equal")
        ax.set_axis_off()
    for ax in axes.ravel()[len(graphs):]:
        ax.set_axis_off()
    handles = [_legend_marker(colour, category) for category, colour in _CATEGORY_COLOURS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=5, fontsize=8)
    return fig


def _legend_marker(colour: str, label: str):
    """A round legend marker in a colour (no pyplot needed)."""
    from matplotlib.lines import Line2D

    return Line2D([], [], marker="o", linestyle="", color=colour, label=label, markersize=7)


@styled
def stance_arcs(arc: pd.DataFrame, labels: dict | None = None, *, reference: pd.DataFrame | None = None):
    """Mean stance toward foreign fighters along each article (one panel per article).

    Parameters
    ----------
    arc : pandas.DataFrame
        From :func:`fsf.narrative.stance_arc` (doc_id, position, mean, n).
    labels : dict, optional
        doc_id -> panel title.
    reference : pandas.DataFrame, optional
        A second arc (e.g. the hand codes) drawn in a second colour.
    """
    docs = list(dict.fromkeys(arc["doc_id"]))
    fig, axes = new_figure(len(docs), 1, width=7.0, height=1.25 * len(docs) + 0.9, sharex=True, squeeze=False)
    series = [("fsf measure", arc, "#0072B2")] + ([("hand codes", reference, "#D55E00")] if reference is not None else [])
    for ax, doc_id in zip(axes[:, 0], docs):
        for name, table, colour in series:
            part = table[(table["doc_id"] == doc_id) & (table["n"] > 0)]
            ax.plot(part["position"], part["mean"], color=colour, linewidth=1, label=name)
            ax.scatter(part["position"], part["mean"], s=6 + 6 * part["n"], color=colour, zorder=3)
        ax.axhline(0, color="#444444", linewidth=0.7)
        ax.set_ylim(-1.15, 1.15)
        ax.set_yticks([-1, 0, 1])
        ax.set_ylabel((labels or {}).get(doc_id, doc_id), rotation=0, ha="right", va="center", fontsize=8)
    axes[-1, 0].set_xlabel("position in the article (0 first paragraph, 1 last); dot size: sentences")
    fig.suptitle("Stance toward foreign fighters along each article (-1 hostile, +1 sympathetic)", x=0.01,
                 ha="left", fontweight="bold", fontsize=11)
    if reference is not None:
        fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
    return fig


@styled
def speaker_shares(speaks: pd.DataFrame, labels: dict | None = None):
    """Share of each article's words that are quotations, split by speaker type."""
    table = speaks[speaks["speaker_type"] != "(no quotes)"]
    wide = table.pivot_table(index="doc_id", columns="speaker_type", values="share_of_words", aggfunc="sum",
                             fill_value=0)
    docs = sorted(set(speaks["doc_id"]), reverse=True)
    wide = wide.reindex(docs, fill_value=0)
    fig, ax = new_figure(width=7.5, height=0.5 * len(docs) + 1.9)
    left = np.zeros(len(docs))
    for speaker_type in wide.columns:
        ax.barh([(labels or {}).get(d, d) for d in docs], wide[speaker_type], left=left, label=speaker_type, height=0.6)
        left += wide[speaker_type].to_numpy()
    for y, total in enumerate(left):
        ax.text(total + 0.005, y, f"{total:.0%}", va="center", fontsize=8)
    ax.set_xlabel("share of the article's words inside quotation marks")
    ax.set_ylabel("article")
    ax.set_xlim(0, max(left.max(), 0.05) * 1.2)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=3, fontsize=8)
    return fig


@styled
def framing_timeline(summary: pd.DataFrame, corpus: pd.DataFrame):
    """The articles on a time axis, each with its framing (the analyst's reading, labelled as such)."""
    table = (summary.rename(columns={"framing (analyst's reading)": "framing"})
             .merge(corpus[["doc_id", "outlet", "year_basis"]], on="doc_id").sort_values(["year", "doc_id"]))
    fig, ax = new_figure(width=8.0, height=3.6)
    labels = [f"{row.doc_id} · {row.outlet or 'outlet unknown'}\n\u201c{row.framing}\u201d" for row in table.itertuples()]
    _draw_timeline(ax, table["year"].astype(int).tolist(), labels, (table["year_basis"] == "text").tolist(),
                   stem=0.5, fontsize=8, ylim=1.4)
    ax.set_xlabel("year (filled: stated in the article; open: project brief)")
    ax.set_title("How the story moves: framing of each article (analyst's reading)")
    return fig
