"""Figures of the stance toward foreign fighters and its validation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fsf.plots.style import new_figure, styled

__all__ = ["confusion_matrices", "kappa_by_window", "learning_curve_figure", "score_distribution", "stance_arcs",
           "stance_shares"]

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
    names = {"vader": "VADER's lexicon", "fsf": "VADER + domain terms", "domain": "domain lexicon (fsf measure's)"}
    colours = {"vader": "#E69F00", "fsf": "#009E73", "domain": "#0072B2"}
    for (lexicon, mask), part in sweep.groupby(["lexicon", "mask"], sort=False):
        part = part.set_index("n").reindex(order)
        ax.plot(range(len(order)), part["kappa"], marker="o" if not mask else "s", linestyle="--" if mask else "-",
                color=colours.get(lexicon), label=f"{names.get(lexicon, lexicon)}{', target masked' if mask else ''}")
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xticks(range(len(order)), order)
    ax.set_xlabel("window: tokens either side of the mention")
    ax.set_ylabel("Cohen's kappa with hand codes")
    fig.suptitle("How agreement moves with the window (in-sample)\ndashed: the target's own name masked",
                 x=0.01, ha="left", fontweight="bold", fontsize=10)
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    return fig


@styled
def stance_shares(summary: pd.DataFrame, by: str = "doc_id", labels: dict | None = None, *,
                  measure: str = "fsf's automated measure"):
    """Share of sentences about foreign fighters coded negative, neutral, positive, per group, with n.

    ``measure`` names whose codes these are (the automated measure, or the hand codes): the
    title says it, so a reader never takes one for the other.

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
    fig.suptitle(f"Stance toward foreign fighters by {'article' if by == 'doc_id' else by}: {measure}",
                 x=0.01, ha="left", fontweight="bold", fontsize=10)
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
    ax.set_xlabel("stance score of the sentence: -1 hostile, +1 sympathetic")
    ax.set_ylabel("article")
    fig.suptitle("Stance scores per article (diamond: mean ± 1 sd)", x=0.01, ha="left",
                 fontweight="bold", fontsize=11)
    return fig


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
    axes[-1, 0].set_xlabel("position in the article (0 = first paragraph, 1 = last)")
    fig.suptitle("Stance toward foreign fighters along each article (-1 hostile, +1 sympathetic)\n"
                 "mean of each paragraph's sentences about them", x=0.01, ha="left", fontweight="bold", fontsize=11)
    handles, names = axes[0, 0].get_legend_handles_labels()
    handles, names = list(dict(zip(names, handles)).values()), list(dict(zip(names, handles)))
    for n in (1, 3, 6):  # the dot-size key: the sentences behind a paragraph's mean
        handles.append(axes[0, 0].scatter([], [], s=6 + 6 * n, color="#777777"))
        names.append(f"{n} sentence{'s' if n > 1 else ''}")
    fig.legend(handles, names, loc="outside lower center", ncols=len(handles), fontsize=8)
    return fig


_FEATURE_COLOURS = {"lexicon": "#0072B2", "lexicon+words": "#009E73", "all": "#CC79A7"}


@styled
def learning_curve_figure(curve: pd.DataFrame, references: dict | None = None):
    """Cross-fitted kappa against the number of training codes: one line per feature set, the spread over seeds.

    Parameters
    ----------
    curve : pandas.DataFrame
        From :func:`fsf.stance.model.learning_curve` (features, n_train, size, seed, kappa).
    references : dict, optional
        Label -> kappa drawn as a horizontal line (e.g. the lexicon measure, the tuned
        supervised model, the human ceiling).
    """
    fig, ax = new_figure(width=7.0, height=4.4)
    for features, part in curve.groupby("features", sort=False):
        stats = part.groupby("size", sort=False).agg(n=("n_train", "mean"), mean=("kappa", "mean"),
                                                     low=("kappa", "min"), high=("kappa", "max"))
        stats = stats.sort_values("n")
        colour = _FEATURE_COLOURS.get(features, "#444444")
        ax.fill_between(stats["n"], stats["low"], stats["high"], color=colour, alpha=0.15, linewidth=0)
        ax.plot(stats["n"], stats["mean"], marker="o", color=colour, label=f"features: {features}")
    styles = ["--", ":", "-."]
    for i, (label, value) in enumerate((references or {}).items()):
        if value is None or pd.isna(value):
            continue
        ax.axhline(value, color="#444444", linestyle=styles[i % len(styles)], linewidth=1,
                   label=f"{label} ({value:.2f})")
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.set_ylim(min(-0.05, float(curve["kappa"].min()) - 0.05) if curve["kappa"].notna().any() else -0.05, 1.02)
    ax.set_xlabel("coded sentences the model is trained on (drawn at random from the other articles)")
    ax.set_ylabel("Cohen's kappa with hand codes (held-out article)")
    ax.set_title("Learning curve: line, mean over random draws; band, their range")
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    return fig
