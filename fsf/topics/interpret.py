"""Reading fitted topics: top terms, paragraphs, prevalence, agreement between models, sensitivity.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from fsf.errors import MethodError, skippable
from fsf.topics.dtm import DocumentTermMatrix, TopicSettings, document_term_matrix
from fsf.topics.fit import _METHOD_NAMES, METHODS, TopicModel, fit_topics
from fsf.topics.scores import N_TOP, _top_indices, coherence, exclusivity, match_topics
from fsf.topics.selection import SEEDS, chosen_models

__all__ = ["EXPORT_TOP", "dominant_agreement", "format_quotes", "paragraph_topics", "paragraph_topics_table", "preprocessing_sensitivity", "prevalence", "prevalence_spread", "representative_paragraphs", "sensitivity_variants", "top_terms", "topic_labels", "topic_summary", "topic_terms_table"]

@skippable
def top_terms(model: TopicModel, n: int = N_TOP) -> pd.DataFrame:
    """Each topic's ``n`` heaviest terms: ``model, k, topic, rank, term, weight`` (tidy).

    ``weight`` is the term's share of the topic's term weights (for LDA,
    the probability of the term given the topic).

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> top_terms(model, n=2).columns.tolist(), len(top_terms(model, n=2))
    (['model', 'k', 'topic', 'rank', 'term', 'weight'], 6)
    """
    top = _top_indices(model.topic_term, n)
    rows = [(model.method, model.k, t + 1, r + 1, model.terms[j], float(model.topic_term[t, j]))
            for t in range(model.k) for r, j in enumerate(top[t])]
    return pd.DataFrame(rows, columns=["model", "k", "topic", "rank", "term", "weight"])


@skippable
def topic_labels(model: TopicModel, n: int = 3) -> list[str]:
    """Short names for the topics: number and top terms (``"1: isis, leave, turkey"``).

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> len(topic_labels(model)), topic_labels(model)[0].startswith("1: ")
    (3, True)
    """
    top = _top_indices(model.topic_term, n)
    return [f"{t + 1}: " + ", ".join(model.terms[top[t]]) for t in range(model.k)]


@skippable
def paragraph_topics(model: TopicModel) -> pd.DataFrame:
    """Every unit's weight on every topic: ``model, k, doc_id, paragraph_idx, topic, weight``.

    A unit's weights sum to 1 (see :func:`fit_topics` for NMF's scaling).

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "lda", 3)
    >>> table = paragraph_topics(model)
    >>> len(table), table.groupby(["doc_id", "paragraph_idx"]).weight.sum().round(9).unique().tolist()
    (246, [1.0])
    """
    n_units = model.doc_topic.shape[0]
    return pd.DataFrame({
        "model": model.method, "k": model.k,
        "doc_id": np.repeat(model.units["doc_id"].to_numpy(), model.k),
        "paragraph_idx": np.repeat(model.units["paragraph_idx"].to_numpy(), model.k),
        "topic": np.tile(np.arange(1, model.k + 1), n_units),
        "weight": model.doc_topic.ravel(),
    })


@skippable
def topic_summary(model: TopicModel, n: int = 6) -> pd.DataFrame:
    """One row per topic: its top terms, how much of the corpus it covers, and its scores.

    ``prevalence`` is the topic's mean weight over units; ``n_dominant``
    the number of units where it is the heaviest topic; ``npmi``, ``umass``
    (:func:`coherence`) and ``exclusivity`` use the top :data:`N_TOP` terms.

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> summary = topic_summary(model)
    >>> summary.columns.tolist(), int(summary.n_dominant.sum())
    (['topic', 'top_terms', 'prevalence', 'n_dominant', 'npmi', 'umass', 'exclusivity'], 82)
    """
    coh = coherence(model.dtm.counts, _top_indices(model.topic_term, N_TOP))
    dominant = np.bincount(model.doc_topic.argmax(axis=1), minlength=model.k)
    return pd.DataFrame({
        "topic": np.arange(1, model.k + 1),
        "top_terms": [label.split(": ", 1)[1] for label in topic_labels(model, n)],
        "prevalence": model.doc_topic.mean(axis=0), "n_dominant": dominant,
        "npmi": coh["npmi"].to_numpy(), "umass": coh["umass"].to_numpy(),
        "exclusivity": exclusivity(model.topic_term, N_TOP),
    })


@skippable
def representative_paragraphs(model: TopicModel, n: int = 2, *, width: int | None = None) -> pd.DataFrame:
    """The ``n`` units with the highest weight on each topic, quoted with their article.

    Read these before naming a topic: a topic is what its paragraphs say,
    not only its top terms. ``width`` shortens the quoted text (whole words,
    ending in ``…``); default the whole paragraph. Equal weights (NMF often
    gives several paragraphs all of their weight in one topic) go to the
    paragraph with more occurrences of the topic's top :data:`N_TOP` terms,
    then to the earlier one.

    Returns
    -------
    pandas.DataFrame
        ``model, k, topic, rank, doc_id, paragraph_idx, outlet, year, weight, text``.

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> reps = representative_paragraphs(model, n=1, width=40)
    >>> reps.topic.tolist(), bool((reps.text.str.len() <= 40).all())
    ([1, 2, 3], True)
    """
    import textwrap

    units = model.units
    top = _top_indices(model.topic_term, N_TOP)
    rows = []
    for t in range(model.k):
        uses = np.asarray(model.dtm.counts[:, top[t]].sum(axis=1)).ravel()
        order = np.lexsort((np.arange(len(uses)), -uses, -model.doc_topic[:, t]))
        for rank, i in enumerate(order[:n], start=1):
            text = units["text"].iat[i]
            text = textwrap.shorten(text, width=width, placeholder=" …") if width else text
            rows.append((model.method, model.k, t + 1, rank, units["doc_id"].iat[i], units["paragraph_idx"].iat[i],
                         units["outlet"].iat[i] if "outlet" in units else "",
                         units["year"].iat[i] if "year" in units else pd.NA, float(model.doc_topic[i, t]), text))
    return pd.DataFrame(rows, columns=["model", "k", "topic", "rank", "doc_id", "paragraph_idx", "outlet",
                                       "year", "weight", "text"])


@skippable
def format_quotes(table: pd.DataFrame, width: int = 100) -> str:
    """Representative paragraphs as plain text to read: a heading line per paragraph, then the quote.

    Examples
    --------
    >>> table = pd.DataFrame({"model": ["nmf"], "k": [2], "topic": [1], "rank": [1], "doc_id": ["002"],
    ...                       "paragraph_idx": [3], "outlet": [""], "year": [2014], "weight": [0.91234],
    ...                       "text": ["Some foreign fighters are fleeing."]})
    >>> print(format_quotes(table))
    NMF topic 1, #1: article 002 (outlet unknown, 2014), paragraph 3, weight 0.912
        Some foreign fighters are fleeing.
    """
    import textwrap

    blocks = []
    for row in table.itertuples(index=False):
        year = "year unknown" if pd.isna(row.year) else row.year
        head = (f"{_METHOD_NAMES.get(row.model, row.model)} topic {row.topic}, #{row.rank}: article {row.doc_id} "
                f"({row.outlet or 'outlet unknown'}, {year}), paragraph {row.paragraph_idx}, weight {row.weight:.3f}")
        quote = textwrap.fill(row.text, width=width, initial_indent="    ", subsequent_indent="    ")
        blocks.append(f"{head}\n{quote}")
    return "\n\n".join(blocks)


@skippable
def prevalence(model: TopicModel, by: str = "doc_id") -> pd.DataFrame:
    """Mean topic weight of the units in each group (article, year, outlet, ...): tidy.

    Returns
    -------
    pandas.DataFrame
        ``model, k, <by>, topic, weight, n_units``; in each group the
        weights sum to 1.

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> model = fit_topics(document_term_matrix(paragraph_units(load_corpus())), "nmf", 3)
    >>> by_year = prevalence(model, by="year")
    >>> by_year.groupby("year").weight.sum().round(9).unique().tolist(), int(by_year.n_units.max())
    ([1.0], 21)
    """
    if by not in model.units:
        raise MethodError(f"prevalence(by={by!r}): the units have no such column. "
                          f"Fix: use one of {', '.join(model.units.columns)}.")
    weights = pd.DataFrame(model.doc_topic, columns=range(1, model.k + 1))
    weights[by] = model.units[by].to_numpy()
    grouped = weights.groupby(by, sort=True)
    means = grouped.mean().rename_axis(columns="topic").stack().rename("weight").reset_index()
    means["n_units"] = means[by].map(grouped.size())
    means.insert(0, "k", model.k)
    means.insert(0, "model", model.method)
    return means


@skippable
def prevalence_spread(dtm: DocumentTermMatrix, method: str, k: int, *, seeds: Sequence[int] = SEEDS,
                      by: str = "doc_id", online: bool = False) -> pd.DataFrame:
    """How much a prevalence table changes when only the seed changes.

    Fits the model once per seed on all units, pairs each run's topics with
    the first run's (:func:`match_topics` by weights) and reports, for each
    group and topic of the first run, the mean, lowest and highest
    :func:`prevalence` over the runs. A wide range means the heatmap of a
    single run should not be read closely. ``online``: fit each run as :func:`fit_topics` does with
    ``online=True`` (as a study fits its models above ``[selection] online_above`` units).

    Returns
    -------
    pandas.DataFrame
        ``model, k, <by>, topic, mean, min, max, n_seeds``.

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> spread = prevalence_spread(dtm, "nmf", 2, seeds=[0, 1])
    >>> bool((spread["max"] - spread["min"]).max() < 1e-4), len(spread)  # NMF's start hardly depends on the seed
    (True, 10)
    """
    runs = [fit_topics(dtm, method, k, seed, online=online) for seed in seeds]
    tables = []
    for seed, run in zip(seeds, runs):
        pairs = match_topics(runs[0], run)
        table = prevalence(run, by)
        tables.append(table.assign(topic=table["topic"].map(dict(zip(pairs.b_topic, pairs.a_topic))), seed=seed))
    stats = pd.concat(tables).groupby([by, "topic"])["weight"].agg(["mean", "min", "max", "size"])
    stats = stats.rename(columns={"size": "n_seeds"}).reset_index()
    return stats.assign(model=method, k=k)[["model", "k", by, "topic", "mean", "min", "max", "n_seeds"]]


@skippable
def dominant_agreement(a: TopicModel, b: TopicModel) -> pd.DataFrame:
    """How far two models put the same units together, judged by each unit's heaviest topic.

    ``ari``: adjusted Rand index of the two partitions of units by dominant
    topic (1 identical, about 0 no better than chance; works for different
    K). ``matched_share``: the share of units whose dominant topic in ``b``
    is the one :func:`match_topics` (by top terms) pairs with their
    dominant topic in ``a``. Units are aligned by doc_id and paragraph_idx.

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> dtm = document_term_matrix(paragraph_units(load_corpus()))
    >>> lda = fit_topics(dtm, "lda", 3)
    >>> dominant_agreement(lda, lda).to_dict("records")
    [{'n_units': 82, 'ari': 1.0, 'matched_share': 1.0}]
    """
    from sklearn.metrics import adjusted_rand_score

    keys = ["doc_id", "paragraph_idx"]
    left = a.units[keys].assign(a_topic=a.doc_topic.argmax(axis=1) + 1)
    right = b.units[keys].assign(b_topic=b.doc_topic.argmax(axis=1) + 1)
    both = left.merge(right, on=keys, how="inner")
    pairs = match_topics(a, b, by="terms")
    matched = both["a_topic"].map(dict(zip(pairs.a_topic, pairs.b_topic)))
    return pd.DataFrame({"n_units": [len(both)],
                         "ari": [round(float(adjusted_rand_score(both.a_topic, both.b_topic)), 10)],
                         "matched_share": [float((matched == both.b_topic).mean())]})


@skippable
def sensitivity_variants(settings: TopicSettings | None = None) -> dict[str, TopicSettings]:
    """The settings and six variants, each changing one choice (``min_df=3`` also drops emptied units).

    Examples
    --------
    >>> list(sensitivity_variants())[:5]
    ['as chosen', 'stemmed', 'min_df=1', 'min_df=3', 'max_df=1.0']
    """
    base = settings or TopicSettings()
    return {
        "as chosen": base,
        "stemmed" if not base.stem else "not stemmed": base.replace(stem=not base.stem),
        "min_df=1": base.replace(min_df=1),
        "min_df=3": base.replace(min_df=3, empty_units="drop"),
        "max_df=1.0": base.replace(max_df=1.0),
        "no alias normalisation": base.replace(aliases=False),
        "scikit-learn stop words only": base.replace(extra_stopwords=()),
    }


def _changes(base: TopicSettings, other: TopicSettings) -> str:
    changed = [f.name for f in dataclasses.fields(base) if getattr(base, f.name) != getattr(other, f.name)]
    return "; ".join(f"{name}={getattr(other, name)!r}" if name != "extra_stopwords"
                     else f"extra_stopwords: {len(other.extra_stopwords)} words" for name in changed) or "-"


@skippable
def preprocessing_sensitivity(units: pd.DataFrame, variants: Mapping[str, TopicSettings], *,
                              method: str = "lda", k: int = 3, random_state: int = 0) -> pd.DataFrame:
    """Refit one model under each preprocessing variant and compare it with the first (the baseline).

    Topics are paired with the baseline's by their weights over the same
    paragraphs (:func:`match_topics` ``by="paragraphs"``), which works
    across vocabularies (stemmed or not). ``ari`` is
    :func:`dominant_agreement`'s adjusted Rand index with the baseline.

    Returns
    -------
    pandas.DataFrame
        One row per variant and baseline topic: ``variant, changed, n_units,
        n_terms, npmi`` (mean over topics), ``ari, topic`` (the baseline's),
        ``similarity`` (of the paired topic) and ``top_terms`` (its top 5).

    Examples
    --------
    >>> from fsf.topics import paragraph_units
    >>> from fsf.corpus import load_corpus
    >>> variants = dict(list(sensitivity_variants().items())[:2])
    >>> table = preprocessing_sensitivity(paragraph_units(load_corpus()), variants, method="nmf", k=2)
    >>> table[["variant", "topic", "ari"]].values.tolist()[:2]
    [['as chosen', 1, 1.0], ['as chosen', 2, 1.0]]
    """
    names = list(variants)
    models = {name: fit_topics(document_term_matrix(units, variants[name]), method, k, random_state)
              for name in names}
    base = models[names[0]]
    rows = []
    for name, model in models.items():
        pairs = match_topics(base, model, by="paragraphs")
        labels = topic_labels(model, 5)
        npmi = float(coherence(model.dtm.counts, _top_indices(model.topic_term, N_TOP)).npmi.mean())
        ari = float(dominant_agreement(base, model).ari.iloc[0])
        for a_topic, b_topic, sim in zip(pairs.a_topic, pairs.b_topic, pairs.similarity):
            rows.append((name, _changes(variants[names[0]], variants[name]), *model.dtm.shape, npmi, ari,
                         a_topic, float(sim), labels[b_topic - 1].split(": ", 1)[1]))
    return pd.DataFrame(rows, columns=["variant", "changed", "n_units", "n_terms", "npmi", "ari", "topic",
                                       "similarity", "top_terms"])


EXPORT_TOP = 20
"""Top terms per topic written to ``topic_terms.csv``."""


@skippable
def topic_terms_table(models) -> pd.DataFrame:
    """``topic_terms.csv``: model, k, topic, rank, term, weight; the top :data:`EXPORT_TOP` terms of each topic.

    ``models`` is ``{method: TopicModel}`` (a study's ``topic_models``); a corpus table is
    accepted too (the models are then chosen with the default settings).
    """
    models = chosen_models(models) if isinstance(models, pd.DataFrame) else models
    return pd.concat([top_terms(models[m], EXPORT_TOP) for m in METHODS if m in models], ignore_index=True)


@skippable
def paragraph_topics_table(models) -> pd.DataFrame:
    """``paragraph_topics.csv``: model, k, doc_id, paragraph_idx, topic, weight for the chosen models.

    Every paragraph's weight on every topic, summing to 1 per paragraph and model.
    """
    models = chosen_models(models) if isinstance(models, pd.DataFrame) else models
    return pd.concat([paragraph_topics(models[m]) for m in METHODS if m in models], ignore_index=True)
