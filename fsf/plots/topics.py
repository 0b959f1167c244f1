"""Figures of the topic models: model selection, top terms, prevalence.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pandas as pd

from fsf.errors import MethodError
from fsf.plots.style import new_figure, styled
from fsf.topics.fit import _METHOD_NAMES, METHODS, TopicModel
from fsf.topics.interpret import prevalence, top_terms, topic_labels
from fsf.topics.selection import ModelSelection, choose_k

__all__ = ["model_selection_figure", "prevalence_figure", "top_terms_figure"]

_METHOD_STYLE = {"lda": {"color": "#0072B2", "marker": "o"}, "nmf": {"color": "#E69F00", "marker": "s"}}


_SELECTION_PANELS = (
    ("npmi", "scores", "Coherence: NPMI", "mean NPMI of top-10 pairs\n(higher: terms co-occur)"),
    ("umass", "scores", "Coherence: UMass", "mean UMass of top-10 pairs\n(closer to 0: co-occur)"),
    ("exclusivity", "scores", "Exclusivity (dashed: 1/K)", "share of top terms' weight\nheld by their topic"),
    ("similarity", "stability", "Stability: topics' weights", "matched-topic cosine\nbetween two runs"),
    ("top_overlap", "stability", "Stability: top terms", "Jaccard overlap of matched\ntopics' top-10 terms"),
    ("paragraph_ari", "stability", "Stability: paragraphs", "adjusted Rand index of\nparagraphs' dominant topic"),
)


def _selection_panel(ax, table: pd.DataFrame, column: str, choice: pd.DataFrame) -> None:
    for n, method in enumerate(m for m in METHODS if m in set(table["method"])):
        style = _METHOD_STYLE[method]
        rows = table[table["method"] == method]
        ax.scatter(rows["k"] + (n - 0.5) * 0.16, rows[column], s=9, alpha=0.35, color=style["color"],
                   marker=style["marker"], linewidths=0)
        means = rows.groupby("k")[column].mean()
        ax.plot(means.index, means.to_numpy(), color=style["color"], marker=style["marker"], markersize=5,
                label=f"{_METHOD_NAMES[method]}: mean of runs")
        picked = choice[(choice["method"] == method) & choice["chosen"]]["k"]
        for k in picked:
            ax.plot([k], [means.loc[k]], linestyle="none", marker="o", markersize=13, markerfacecolor="none",
                    markeredgecolor=style["color"], markeredgewidth=1.6)


@styled
def model_selection_figure(selection: ModelSelection, choice: pd.DataFrame | None = None):
    """Coherence (NPMI, UMass), exclusivity and three kinds of stability against K, for each method.

    Small marks are single runs (seeds; pairs of seeds for stability), lines
    their means, and a ring marks the K :func:`choose_k` picks. Dashed: the
    floor 1/K of exclusivity, and chance agreement (0) of the Rand index.

    Returns
    -------
    matplotlib.figure.Figure
        Six panels.

    Examples
    --------
    >>> from fsf.topics import document_term_matrix, model_selection, paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> fig = model_selection_figure(model_selection(dtm, ks=[2, 3], methods=["nmf"], seeds=[0, 1]))
    >>> [ax.get_title(loc="left") for ax in fig.axes][:2]
    ['Coherence: NPMI', 'Coherence: UMass']
    """
    choice = choose_k(selection) if choice is None else choice
    ks = sorted(set(selection.scores["k"]))
    fig, axes = new_figure(2, 3, width=10.0, height=6.2)
    for ax, (column, table, title, ylabel) in zip(axes.flat, _SELECTION_PANELS):
        _selection_panel(ax, getattr(selection, table), column, choice)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        ax.set_xlabel("Number of topics K")
        ax.set_xticks(ks)
    axes[0, 2].plot(ks, [1 / k for k in ks], linestyle="--", color="#777777", linewidth=1)
    axes[1, 2].axhline(0, linestyle="--", color="#777777", linewidth=1)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    ring = axes[0, 0].plot([], [], linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                           markeredgecolor="#444444", label="K picked by choose_k")[0]
    fig.legend(handles + [ring], labels + [ring.get_label()], loc="outside lower center", ncols=3)
    fig.suptitle(f"Choosing K: dots are single runs ({len(set(selection.scores['seed']))} seeds, each leaving out "
                 f"{selection.holdout:.0%} of the paragraphs) or pairs of runs", x=0.01, ha="left",
                 fontweight="bold", fontsize=11)
    return fig


@styled
def top_terms_figure(model: TopicModel, n: int = 8):
    """One bar chart per topic: its ``n`` heaviest terms and their weights.

    Returns
    -------
    matplotlib.figure.Figure
        K panels.

    Examples
    --------
    >>> from fsf.topics import document_term_matrix, fit_topics, paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> fig = top_terms_figure(model, n=5)
    >>> len(fig.axes), len(fig.axes[0].patches)
    (3, 5)
    """
    top = _merge_plurals(top_terms(model, n + 4), n)
    ncols = min(4, model.k)
    nrows = math.ceil(model.k / ncols)
    fig, axes = new_figure(nrows, ncols, width=max(2.4 * ncols + 0.8, 6.0), height=0.22 * n * nrows + 0.9 * nrows + 0.6,
                           squeeze=False)
    colour = _METHOD_STYLE[model.method]["color"]
    share = model.doc_topic.mean(axis=0)
    for t, ax in enumerate(axes.flat):
        if t >= model.k:
            ax.remove()
            continue
        rows = top[top["topic"] == t + 1].iloc[::-1]
        ax.barh(rows["term"], rows["weight"], color=colour, height=0.7)
        ax.set_title(f"Topic {t + 1} ({share[t]:.0%})", fontsize=10)
        ax.set_xlabel("Weight in topic")
        ax.set_ylabel("Term")
        ax.grid(axis="y", visible=False)
    fig.suptitle(f"{_METHOD_NAMES[model.method]}, K = {model.k}: top {n} terms of each topic\n"
                 "(in brackets: the topic's mean weight over paragraphs;\nword(s): a word and its plural, together)",
                 x=0.01, ha="left", fontsize=10)
    return fig


def _merge_plurals(top: pd.DataFrame, n: int) -> pd.DataFrame:
    """Each topic's top terms with a word and its plural in -s shown once, as ``word(s)``, weights added.

    The model keeps them as two terms (the matrix is not stemmed); a reader should not see one
    word twice. Then the ``n`` heaviest per topic.

    Examples
    --------
    >>> top = pd.DataFrame({"topic": 1, "term": ["group", "people", "groups"], "weight": [0.3, 0.2, 0.1]})
    >>> _merge_plurals(top, 2)[["term", "weight"]].values.tolist()
    [['group(s)', 0.4], ['people', 0.2]]
    """
    parts = []
    for topic, rows in top.groupby("topic", sort=True):
        weights = dict(zip(rows["term"], rows["weight"]))
        merged = {}
        for term, weight in weights.items():
            singular = term[:-1] if term.endswith("s") and term[:-1] in weights else None
            if singular:
                continue
            if f"{term}s" in weights:
                merged[f"{term}(s)"] = weight + weights[f"{term}s"]
            else:
                merged[term] = weight
        ranked = sorted(merged.items(), key=lambda item: -item[1])[:n]
        parts.append(pd.DataFrame({"topic": topic, "term": [t for t, _ in ranked], "weight": [w for _, w in ranked]}))
    return pd.concat(parts, ignore_index=True)


def _group_labels(model: TopicModel, by: str, groups: list) -> list[str]:
    units = model.units
    labels = []
    for value in groups:
        rows = units[units[by] == value]
        n = f"{len(rows)} ¶"
        if by == "doc_id":
            outlet = rows["outlet"].iat[0] if "outlet" in rows else ""
            year = rows["year"].iat[0] if "year" in rows else pd.NA
            labels.append(f"{value} · {outlet or 'outlet unknown'} · {'?' if pd.isna(year) else year} ({n})")
        else:
            docs = sorted(set(rows["doc_id"]))
            labels.append(f"{value} · {'article' if len(docs) == 1 else 'articles'} {', '.join(docs)} ({n})")
    return labels


def _group_order(model: TopicModel, by: str) -> list:
    if by == "doc_id" and "year" in model.units:
        first = model.units.groupby("doc_id")["year"].first()
        return sorted(first.index, key=lambda d: (pd.isna(first[d]), 0 if pd.isna(first[d]) else first[d], d))
    return sorted(set(model.units[by].dropna()))


@styled
def prevalence_figure(models: Sequence[TopicModel], by: str = "doc_id", *, spreads: dict | None = None):
    """Heatmaps of mean topic weight per article (or year, outlet, ...), one panel per model.

    Articles are ordered by year. Row labels give each group's articles
    and paragraphs, so a reader sees when a "year" is one article (and a note says so when every
    year is). ``spreads`` (method -> :func:`fsf.topics.prevalence_spread` table) shows, instead of
    one run's values, the mean over seeds with the lowest and highest value in each cell: a
    model whose results move with the seed (LDA here) should not be read from one run.

    Returns
    -------
    matplotlib.figure.Figure
        One heatmap panel per model plus a shared colour bar.

    Examples
    --------
    >>> from fsf.topics import document_term_matrix, fit_topics, paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> fig = prevalence_figure([model], by="year")
    >>> fig.axes[0].get_images()[0].get_array().shape
    (5, 3)
    """
    spreads = spreads or {}
    if by in models[0].units and models[0].units[by].isna().all():
        raise MethodError(f"no article has a {by} (metadata.csv leaves it empty), so topic prevalence cannot be "
                          f"shown by {by}. Fix: fill in {by} in metadata.csv where the article or its page "
                          "supports it, or read the figure by article")
    tables = [(spreads[m.method].pivot(index=by, columns="topic", values="mean") if m.method in spreads
               else prevalence(m, by).pivot(index=by, columns="topic", values="weight")) for m in models]
    vmax = max(float(t.to_numpy().max()) for t in tables)
    groups = _group_order(models[0], by)
    widths = [m.k + 2.5 for m in models]
    fig, axes = new_figure(1, len(models), width=3.2 + 0.62 * sum(widths), height=0.42 * len(groups) + 2.0,
                           squeeze=False, gridspec_kw={"width_ratios": widths})
    for n, (ax, model, table) in enumerate(zip(axes[0], models, tables)):
        values = table.reindex(groups).to_numpy()
        image = ax.imshow(values, cmap="viridis", vmin=0, vmax=vmax, aspect="auto")
        spread = spreads.get(model.method)
        if spread is not None:
            low = spread.pivot(index=by, columns="topic", values="min").reindex(groups).to_numpy()
            high = spread.pivot(index=by, columns="topic", values="max").reindex(groups).to_numpy()
        for (i, j), v in np.ndenumerate(values):
            text = f"{v:.2f}" if spread is None else f"{v:.2f}\n{low[i, j]:.2f}-{high[i, j]:.2f}"
            ax.text(j, i, text, ha="center", va="center", fontsize=7 if spread is not None else 8,
                    color="white" if v < 0.6 * vmax else "black")
        ax.set_xticks(range(model.k), labels=topic_labels(model, 2), rotation=35, ha="right", fontsize=8)
        ax.set_yticks(range(len(groups)), labels=_group_labels(model, by, groups) if n == 0 else [""] * len(groups))
        ax.set_xlabel("Topic (number: top terms)")
        ax.set_ylabel({"doc_id": "Article", "year": "Year"}.get(by, by))
        runs = f", mean of {int(spread['n_seeds'].max())} seeds (range below)" if spread is not None else ""
        ax.set_title(f"{_METHOD_NAMES[model.method]}, K = {model.k}{runs}", fontsize=9)
        ax.grid(False)
    fig.colorbar(image, ax=list(axes[0]), label="Mean topic weight of the paragraphs", shrink=0.9)
    note = ""
    if by != "doc_id" and "doc_id" in models[0].units:
        per_group = models[0].units.groupby(by)["doc_id"].nunique()
        if len(per_group) and per_group.max() == 1:
            note = f"\neach {by} holds one article here: this is the by-article figure, not change over {by}s"
    what = {"doc_id": "article", "year": "year"}.get(by, by)
    fig.suptitle(f"Topic prevalence by {what}{note}", x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig
