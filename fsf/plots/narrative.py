"""Figures of the narrative comparison: actor networks, quoted voices, framing timeline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fsf.plots.corpus import _draw_timeline, year_source
from fsf.plots.style import new_figure, styled

__all__ = ["actor_networks", "framing_timeline", "speaker_shares"]

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
    step = 2 * np.pi / max(len(actors), 1)
    angles = np.arange(len(actors)) * step + np.pi / 2 + step / 2  # no node at the very top or bottom
    place = {actor: (np.cos(a), np.sin(a)) for actor, a in zip(actors, angles)}
    ncols = min(3, len(graphs))
    nrows = int(np.ceil(len(graphs) / ncols))
    fig, axes = new_figure(nrows, ncols, width=4.6 * ncols, height=3.3 * nrows + 0.8, squeeze=False)
    for ax, (doc_id, graph) in zip(axes.ravel(), graphs.items()):
        widths = [_edge_width(graph.edges[e]["weight"]) for e in graph.edges]
        nx.draw_networkx_edges(graph, place, ax=ax, width=widths, edge_color="#999999")
        sizes = [_node_size(graph.nodes[n]["count"]) for n in graph.nodes]
        colours = [_CATEGORY_COLOURS.get(graph.nodes[n]["category"], "#CC79A7") for n in graph.nodes]
        nx.draw_networkx_nodes(graph, place, ax=ax, node_size=sizes, node_color=colours)
        for node in graph.nodes:
            x, y = place[node]
            # outside the circle, beyond the largest node, aligned away from it so no label covers another's node
            ax.text(x * 1.3, y * 1.3, node, fontsize=6.5, ha="left" if x >= 0 else "right", va="center")
        ax.set_title((labels or {}).get(doc_id, doc_id), fontsize=9)
        ax.set_xlim(-2.6, 2.6)
        ax.set_ylim(-1.45, 1.45)
        ax.set_aspect("equal")
        ax.set_axis_off()
    for ax in axes.ravel()[len(graphs):]:
        ax.set_axis_off()
    from matplotlib.lines import Line2D

    handles = [_legend_marker(colour, category) for category, colour in _CATEGORY_COLOURS.items()]
    handles += [Line2D([], [], marker="o", linestyle="", color="#777777", markersize=np.sqrt(_node_size(n)),
                       label=f"{n} mention{'s' if n > 1 else ''}") for n in (1, 5, 15)]
    handles += [Line2D([], [], color="#999999", linewidth=_edge_width(w), label=f"{w} shared sentence{'s' if w > 1 else ''}")
                for w in (1, 3)]
    fig.legend(handles=handles, loc="outside lower center", ncols=5, fontsize=8)
    fig.suptitle("Actors named in the same sentence, per article (colour: category; node area: mentions; "
                 "line width: shared sentences)", x=0.01, ha="left", fontweight="bold", fontsize=10)
    return fig


def _node_size(mentions: int) -> float:
    """Marker area (points squared) of an actor mentioned ``mentions`` times."""
    return 30 + 12 * mentions


def _edge_width(sentences: int) -> float:
    """Line width (points) of a tie between actors named together in ``sentences`` sentences."""
    return 0.6 + 0.7 * sentences


def _legend_marker(colour: str, label: str):
    """A round legend marker in a colour (no pyplot needed)."""
    from matplotlib.lines import Line2D

    return Line2D([], [], marker="o", linestyle="", color=colour, label=label, markersize=7)


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
    source = year_source(table)
    ax.set_xlabel(f"year (filled: stated in the article; open: {source.removeprefix('from the ')})")
    ax.set_title("How the story moves: framing of each article (analyst's reading)")
    return fig
