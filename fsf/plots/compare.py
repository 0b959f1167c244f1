"""Figures of the narrative comparison: similarity, dendrogram, keyness, dispersion.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from fsf.compare.clustering import Clustering
from fsf.compare.distinctive import top_keyness
from fsf.errors import MethodError
from fsf.plots.style import new_figure, styled

__all__ = ["dendrogram_figure", "dispersion_figure", "keyness_figure", "similarity_figure"]

_POSITIVE, _NEGATIVE = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermilion


def _label(labels: Mapping | None, doc_id) -> str:
    return str((labels or {}).get(doc_id, doc_id))


@styled
def similarity_figure(square: pd.DataFrame, labels: Mapping | None = None):
    """Heatmap of the cosine similarities, the value in each cell.

    Parameters
    ----------
    square : pandas.DataFrame
        From :func:`similarity`.
    labels : dict, optional
        doc_id -> label (e.g. :func:`fsf.plots.article_labels`), shown on the rows.

    Returns
    -------
    matplotlib.figure.Figure
        One panel and a colour bar.
    """
    values = square.to_numpy(dtype=float)
    ids = list(square.index)
    off = ~np.eye(len(ids), dtype=bool)
    shown = np.where(off, values, np.nan)  # an article's similarity to itself (1) is not information
    top = float(np.nanmax(shown)) if off.any() and np.isfinite(shown).any() else 1.0
    fig, ax = new_figure(width=7.0, height=0.5 * len(ids) + 2.2)
    image = ax.imshow(shown, cmap="Blues", vmin=0, vmax=max(top, 1e-9), aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        text = "-" if i == j else f"{v:.2f}"
        ax.text(j, i, text, ha="center", va="center", fontsize=9, color="white" if off[i, j] and v > 0.6 * top else "black")
    ax.set_xticks(range(len(ids)), ids)
    ax.set_yticks(range(len(ids)), [_label(labels, d) for d in ids])
    ax.set_xlabel("Article (id)")
    ax.set_ylabel("Article")
    fig.suptitle("How alike the articles' vocabularies are (the diagonal, each article with itself, is 1)",
                 x=0.01, ha="left", fontweight="bold", fontsize=10)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="Cosine similarity of TF-IDF vectors\n(scale up to the highest pair)")
    return fig


@styled
def dendrogram_figure(clustering: Clustering, labels: Mapping | None = None):
    """Dendrogram of :func:`cluster`: articles joined at their average distance, 1 - cosine.

    Returns
    -------
    matplotlib.figure.Figure
        One panel.
    """
    from scipy.cluster.hierarchy import dendrogram

    fig, ax = new_figure(width=7.0, height=0.45 * len(clustering.doc_ids) + 1.6)
    dendrogram(clustering.linkage, labels=[_label(labels, d) for d in clustering.doc_ids], orientation="right",
               ax=ax, no_plot=False, leaf_font_size=9, link_color_func=lambda k: _POSITIVE)
    ax.set_xlabel("1 - cosine similarity (average linkage)")
    ax.set_ylabel("Article")
    ax.set_title("Which articles read alike")
    ax.grid(axis="y", visible=False)
    return fig


def _grid(n_panels: int, ncols: int, width: float, height: float):
    ncols = min(ncols, n_panels)
    nrows = math.ceil(n_panels / ncols)
    fig, axes = new_figure(nrows, ncols, width=width * ncols + 0.6, height=height * nrows + 0.8, squeeze=False)
    for ax in list(axes.flat)[n_panels:]:
        ax.remove()
    return fig, list(axes.flat)[:n_panels]


@styled
def keyness_figure(table: pd.DataFrame, n: int = 8, labels: Mapping | None = None):
    """The top ``n`` terms by z of each article (:func:`top_keyness`), one bar-chart panel per article.

    Blue bars: the article uses the term more than the others; vermilion:
    less (shown only when an article has fewer than ``n`` over-used terms). Bars are z-scores
    (log-odds ratio over its standard deviation); the dashed line marks z = 1.96, beyond which a
    difference this large would arise by chance less than 5% of the time. Panels share the z axis.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per article of ``table``.
    """
    import textwrap

    from matplotlib.lines import Line2D

    top = top_keyness(table, n=n)
    docs = list(dict.fromkeys(top["doc_id"]))
    fig, axes = _grid(len(docs), 3, width=2.9, height=0.24 * n + 1.1)
    low = min(0.0, float(top["z"].min()))
    high = max(1.96, float(top["z"].max())) * 1.08
    for ax, doc_id in zip(axes, docs):
        rows = top[top["doc_id"] == doc_id].iloc[::-1]
        colours = [_POSITIVE if z >= 0 else _NEGATIVE for z in rows["z"]]
        ax.barh(rows["term"], rows["z"], color=colours, height=0.7)
        ax.axvline(0, color="#444444", linewidth=0.8)
        ax.axvline(1.96, color="#444444", linewidth=0.9, linestyle="--")
        ax.set_xlim(low, high)
        ax.set_title(textwrap.fill(_label(labels, doc_id), 30), fontsize=9)
        ax.set_xlabel("z (log-odds ratio / sd)")
        ax.set_ylabel("Term")
        ax.grid(axis="y", visible=False)
    line = Line2D([], [], color="#444444", linewidth=0.9, linestyle="--", label="z = 1.96")
    fig.legend(handles=[line], loc="outside lower center", fontsize=8)
    fig.suptitle(f"Keyness: each article's {n} most distinctive terms by z, against the other articles\n"
                 "(log-odds ratio with an informative Dirichlet prior, Monroe et al. 2008)", x=0.01, ha="left",
                 fontweight="bold", fontsize=10)
    return fig


@styled
def dispersion_figure(positions: pd.DataFrame, terms: Sequence[str] | None = None, labels: Mapping | None = None):
    """Dispersion (x-ray) plot: a tick at each occurrence; one panel per article, one row per term.

    Parameters
    ----------
    positions : pandas.DataFrame
        From :func:`dispersion`.
    terms : list of str, optional
        Rows, top to bottom (default: the terms in ``positions``); pass the
        terms given to :func:`dispersion` so that terms found nowhere show.
    labels : dict, optional
        doc_id -> panel title; its keys also set the articles shown, so an
        article without any occurrence still gets its panel.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per article.
    """
    terms = list(dict.fromkeys(terms if terms is not None else positions["term"]))
    docs = list(labels) if labels else sorted(set(positions["doc_id"]))
    if not terms or not docs:
        raise MethodError("dispersion_figure: nothing to draw. Fix: pass the terms given to dispersion(), and labels "
                          "(e.g. fsf.plots.article_labels(corpus)) to name the articles.")
    fig, axes = new_figure(len(docs), 1, width=7.0, height=(0.28 * len(terms) + 0.55) * len(docs) + 0.6,
                           squeeze=False, sharex=True)
    for ax, doc_id in zip(axes[:, 0], docs):
        here = positions[positions["doc_id"] == doc_id]
        for y, term in enumerate(terms):
            xs = here.loc[here["term"] == term, "position"].to_numpy()
            ax.plot(xs, np.full(len(xs), y), linestyle="none", marker="|", markersize=9, color=_POSITIVE)
            ax.text(1.01, y, f"n = {len(xs)}", va="center", fontsize=7.5, transform=ax.get_yaxis_transform())
        ax.set_yticks(range(len(terms)), terms)
        ax.set_ylim(len(terms) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_title(_label(labels, doc_id), fontsize=9)
        ax.set_ylabel("Term")
        ax.set_xlabel("Position in the article (0 = start, 1 = end; share of characters)")
        ax.grid(axis="y", visible=False)
    return fig
