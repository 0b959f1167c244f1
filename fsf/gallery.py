"""Every figure of the project, how it is made, and one command to make them all.

:data:`FIGURES` lists each figure the notebooks show: its file name, a
caption, the notebook that shows it, the fsf function that draws it, and a
builder that draws it from a :class:`Context` (the shared data, computed once
and reused by every figure). :func:`build_figures` (``fsf figures``) redraws
them all into ``reports/figures/`` and writes ``manifest.csv``: file,
caption, function, notebook, the sha256 of the data behind the figure and of
the file itself. Same inputs, same bytes: a second run changes nothing.

The builders call the same functions, with the same arguments, as the
notebook cells; ``tests/test_gallery.py`` checks that the two lists of
figure names agree.
"""

from __future__ import annotations

import functools
import hashlib
import io
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from fsf import config
from fsf.errors import FsfError

__all__ = ["FIGURES", "Context", "FigureSpec", "Verification", "build_figures", "data_hash", "figure_table",
           "verify_figures"]


class Context:
    """The data the figures are drawn from, each piece computed on first use and then kept.

    Parameters
    ----------
    corpus_dir : str or Path, optional
        A corpus folder; default the bundled seeds. The hand codes (for the
        validation figures) exist only for the seeds.
    """

    def __init__(self, corpus_dir=None):
        self.corpus_dir = corpus_dir

    @functools.cached_property
    def corpus(self):
        from fsf.corpus import load_corpus

        return load_corpus(self.corpus_dir)

    @functools.cached_property
    def labels(self):
        from fsf.plots import article_labels

        return article_labels(self.corpus)

    @functools.cached_property
    def sentences(self):
        from fsf.text import sentences

        return sentences(self.corpus)

    @functools.cached_property
    def mentions(self):
        from fsf.targets import mentions

        return mentions(self.sentences)

    @functools.cached_property
    def codes(self):
        from fsf.validation import load_stance_codes

        return load_stance_codes(self.sentences)

    @functools.cached_property
    def ff(self):
        from fsf.sentiment import sentence_stance

        return sentence_stance(self.sentences, self.mentions).merge(self.corpus[["doc_id", "year"]], on="doc_id")

    @functools.cached_property
    def grid(self):
        from fsf.sentiment import score_grid

        return score_grid(self.sentences, self.mentions)

    @functools.cached_property
    def confusions(self):
        from fsf import sentiment, validation

        plain = sentiment.sentence_vader(self.sentences)
        plain["stance"] = sentiment.to_stance(plain["score"], 0.05)  # as in named_measures
        about = self.codes["refers_ff"] == 1
        cv = validation.cross_validate_stance(self.grid, self.codes)
        return {"plain VADER, whole sentence": validation.confusion(plain["stance"][about], self.codes["stance"][about]),
                "fsf measure, leave-one-article-out": validation.confusion(cv["predicted"], cv["hand"])}

    @functools.cached_property
    def sweep(self):
        from fsf.validation import sweep_agreement

        return sweep_agreement(self.grid, self.codes)

    @functools.cached_property
    def quotes(self):
        from fsf.quotes import quotes

        return quotes(self.corpus)

    @functools.cached_property
    def actors(self):
        from fsf.narrative import actor_mentions

        return actor_mentions(self.sentences, self.mentions)

    @functools.cached_property
    def dtm(self):
        from fsf import topics

        return topics.document_term_matrix(topics.paragraph_units(self.corpus), topics.TopicSettings())

    @functools.cached_property
    def selection(self):
        from fsf import topics

        return topics.model_selection(self.dtm, topics.K_RANGE)

    @functools.cached_property
    def choice(self):
        from fsf import topics

        return topics.choose_k(self.selection)

    @functools.cached_property
    def models(self):
        from fsf import topics

        ks = topics.chosen_k(self.choice)
        return {method: topics.fit_topics(self.dtm, method, ks[method]) for method in ("lda", "nmf")}

    @functools.cached_property
    def term_counts(self):
        from fsf import compare

        return compare.term_counts(self.corpus)

    @functools.cached_property
    def keyness(self):
        from fsf import compare

        return compare.keyness(self.term_counts)

    @functools.cached_property
    def similarity(self):
        from fsf import compare

        return compare.similarity(self.term_counts)

    @functools.cached_property
    def summary(self):
        from fsf import narrative

        return narrative.article_summary(self.corpus, self.actors, narrative.fate_counts(self.sentences, self.mentions),
                                         narrative.destination_counts(self.sentences), self.codes)

    @functools.cached_property
    def arcs(self):
        from fsf import narrative

        return narrative.stance_arc(self.ff, self.sentences), narrative.stance_arc(self.codes, self.sentences)


@dataclass(frozen=True)
class FigureSpec:
    """One figure: name (file stem), caption, notebook, drawing function, builder and data."""

    name: str
    caption: str
    notebook: str
    function: str
    build: Callable[[Context], object]
    data: Callable[[Context], object]


def _corpus_figures() -> list[FigureSpec]:
    from fsf import plots

    return [
        FigureSpec("article-lengths", "Tokens per article: headline and standfirst, body, and removed boilerplate.",
                   "10-corpus-and-cleaning", "fsf.plots.article_lengths",
                   lambda c: plots.article_lengths(c.corpus), lambda c: c.corpus[["doc_id", "raw_text"]]),
        FigureSpec("article-timeline", "The articles by year; filled markers: year stated in the text.",
                   "10-corpus-and-cleaning", "fsf.plots.timeline",
                   lambda c: plots.timeline(c.corpus), lambda c: c.corpus[["doc_id", "title", "outlet", "year", "year_basis"]]),
    ]


def _topic_figures() -> list[FigureSpec]:
    from fsf import topics

    return [
        FigureSpec("topic-model-selection", "Coherence, exclusivity and stability of LDA and NMF against K.",
                   "20-topics", "fsf.topics.model_selection_figure",
                   lambda c: topics.model_selection_figure(c.selection, c.choice), lambda c: c.choice),
        FigureSpec("topic-top-terms-lda", "Top terms of the LDA topics at the chosen K.", "20-topics",
                   "fsf.topics.top_terms_figure", lambda c: topics.top_terms_figure(c.models["lda"]),
                   lambda c: topics.top_terms(c.models["lda"])),
        FigureSpec("topic-top-terms-nmf", "Top terms of the NMF topics at the chosen K.", "20-topics",
                   "fsf.topics.top_terms_figure", lambda c: topics.top_terms_figure(c.models["nmf"]),
                   lambda c: topics.top_terms(c.models["nmf"])),
        FigureSpec("topic-prevalence-by-article", "Topic prevalence per article, LDA and NMF.", "20-topics",
                   "fsf.topics.prevalence_figure",
                   lambda c: topics.prevalence_figure([c.models["lda"], c.models["nmf"]], by="doc_id"),
                   lambda c: topics.prevalence(c.models["nmf"], "doc_id")),
        FigureSpec("topic-prevalence-by-year", "Topic prevalence per year (one article per year), LDA and NMF.",
                   "20-topics", "fsf.topics.prevalence_figure",
                   lambda c: topics.prevalence_figure([c.models["lda"], c.models["nmf"]], by="year"),
                   lambda c: topics.prevalence(c.models["nmf"], "year")),
    ]


def _stance_figures() -> list[FigureSpec]:
    from fsf import plots, sentiment

    return [
        FigureSpec("stance-validation-confusion", "Stance toward foreign fighters: automated vs hand codes.",
                   "30-sentiment-toward-foreign-fighters", "fsf.plots.confusion_matrices",
                   lambda c: plots.confusion_matrices(c.confusions), lambda c: pd.concat(c.confusions)),
        FigureSpec("stance-kappa-by-window", "Agreement with the hand codes by lexicon and window size.",
                   "30-sentiment-toward-foreign-fighters", "fsf.plots.kappa_by_window",
                   lambda c: plots.kappa_by_window(c.sweep), lambda c: c.sweep),
        FigureSpec("stance-by-article", "Share of sentences about foreign fighters per stance, per article.",
                   "30-sentiment-toward-foreign-fighters", "fsf.plots.stance_shares",
                   lambda c: plots.stance_shares(sentiment.summarize(c.ff, by="doc_id"), labels=c.labels),
                   lambda c: sentiment.summarize(c.ff, by="doc_id")),
        FigureSpec("stance-score-distribution", "Stance scores of sentences about foreign fighters, per article.",
                   "30-sentiment-toward-foreign-fighters", "fsf.plots.score_distribution",
                   lambda c: plots.score_distribution(c.ff, labels=c.labels), lambda c: c.ff),
    ]


def _narrative_figures() -> list[FigureSpec]:
    from fsf import compare, narrative, plots

    terms = ["ISIS", "HTS", "Turkey", "Ukraine", "home", "activists"]

    def graphs(c):
        edges = narrative.cooccurrence(c.actors)
        return {doc_id: narrative.network(edges, c.actors, doc_id) for doc_id in c.corpus["doc_id"]}

    return [
        FigureSpec("narrative-quoted-voices", "Share of each article's words in quotation marks, by speaker type.",
                   "40-narrative-comparison", "fsf.plots.speaker_shares",
                   lambda c: plots.speaker_shares(narrative.who_speaks(c.quotes, c.corpus), c.labels),
                   lambda c: narrative.who_speaks(c.quotes, c.corpus)),
        FigureSpec("narrative-keyness", "Most distinctive words of each article (log-odds, informative prior).",
                   "40-narrative-comparison", "fsf.compare.keyness_figure",
                   lambda c: compare.keyness_figure(c.keyness, n=8, labels=c.labels), lambda c: c.keyness),
        FigureSpec("narrative-similarity", "TF-IDF cosine similarity between the articles.",
                   "40-narrative-comparison", "fsf.compare.similarity_figure",
                   lambda c: compare.similarity_figure(c.similarity, c.labels), lambda c: c.similarity),
        FigureSpec("narrative-dendrogram", "Average-linkage clustering of the articles on 1 - cosine.",
                   "40-narrative-comparison", "fsf.compare.dendrogram_figure",
                   lambda c: compare.dendrogram_figure(compare.cluster(c.similarity), c.labels), lambda c: c.similarity),
        FigureSpec("narrative-actor-networks", "Actors named in the same sentence, per article.",
                   "40-narrative-comparison", "fsf.plots.actor_networks",
                   lambda c: plots.actor_networks(graphs(c), c.labels), lambda c: narrative.cooccurrence(c.actors)),
        FigureSpec("narrative-dispersion", "Where key names occur along each article.",
                   "40-narrative-comparison", "fsf.compare.dispersion_figure",
                   lambda c: compare.dispersion_figure(compare.dispersion(c.sentences, terms), terms, c.labels),
                   lambda c: compare.dispersion(c.sentences, terms)),
        FigureSpec("narrative-stance-arc", "Stance toward foreign fighters along each article: measure and hand codes.",
                   "40-narrative-comparison", "fsf.plots.stance_arcs",
                   lambda c: plots.stance_arcs(c.arcs[0], c.labels, reference=c.arcs[1]), lambda c: pd.concat(c.arcs)),
        FigureSpec("narrative-framing-timeline", "The articles by year with their framing (the analyst's reading).",
                   "40-narrative-comparison", "fsf.plots.framing_timeline",
                   lambda c: plots.framing_timeline(c.summary, c.corpus), lambda c: c.summary),
    ]


@functools.lru_cache(maxsize=1)
def _figures() -> tuple[FigureSpec, ...]:
    return tuple(_corpus_figures() + _topic_figures() + _stance_figures() + _narrative_figures())


class _Figures:
    """Lazy tuple of :class:`FigureSpec`: building the list imports the plotting modules."""

    def __iter__(self):
        return iter(_figures())

    def __len__(self):
        return len(_figures())

    def __getitem__(self, index):
        return _figures()[index]


FIGURES = _Figures()
"""Every figure the notebooks show, in notebook order."""


def figure_table():
    """The figures as a table: name, notebook, function, caption.

    Examples
    --------
    >>> figure_table().groupby("notebook").size().to_dict()
    {'10-corpus-and-cleaning': 2, '20-topics': 5, '30-sentiment-toward-foreign-fighters': 4, '40-narrative-comparison': 8}
    """
    return pd.DataFrame([(f.name, f.notebook, f.function, f.caption) for f in FIGURES],
                        columns=["name", "notebook", "function", "caption"])


def data_hash(data) -> str:
    """A stable sha256 of the data behind a figure (tables, dicts of tables, or anything with a repr).

    Examples
    --------
    >>> data_hash(pd.DataFrame({"a": [1, 2]})) == data_hash(pd.DataFrame({"a": [1, 2]}))
    True
    >>> data_hash(pd.DataFrame({"a": [1, 2]})) == data_hash(pd.DataFrame({"a": [2, 1]}))
    False
    """
    digest = hashlib.sha256()
    if isinstance(data, pd.DataFrame):
        buffer = io.StringIO()
        data.to_csv(buffer, index=True, lineterminator="\n", float_format="%.10g")
        digest.update(buffer.getvalue().encode())
    elif hasattr(data, "to_frame"):
        digest.update(data_hash(data.to_frame()).encode())
    else:
        digest.update(repr(data).encode())
    return digest.hexdigest()


def build_figures(out_dir: str | Path | None = None, *, formats=None, names=None, context: Context | None = None,
                  progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Draw every figure (or those in ``names``) and write them with a manifest.

    Parameters
    ----------
    out_dir : str or Path, optional
        Default ``reports/figures`` (:func:`fsf.config.figures_dir`).
    formats : iterable of str, optional
        Default :func:`fsf.figures.default_formats` (PNG and PDF).
    names : iterable of str, optional
        Figure names to draw; default all of :data:`FIGURES`.
    context : Context, optional
        Shared data; a new one for the seeds by default.
    progress : callable, optional
        Called with one line per figure.

    Returns
    -------
    pandas.DataFrame
        The manifest (also written as ``manifest.csv``): file, caption,
        function, notebook, data_sha256, file_sha256.

    Raises
    ------
    FsfError
        An unknown figure name, or a figure that fails to draw (the message
        names it and the error). Files already written stay complete; no
        half-written file or manifest is left.
    """
    from fsf.atomic import atomic_path
    from fsf.figures import save_figure

    folder = Path(out_dir) if out_dir is not None else config.figures_dir()
    ctx = context or Context()
    wanted = list(names) if names is not None else [f.name for f in FIGURES]
    known = {f.name: f for f in FIGURES}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise FsfError(f"unknown figure {unknown[0]!r}. Fix: use one of {', '.join(known)}.")
    rows = []
    for i, name in enumerate(wanted, start=1):
        spec = known[name]
        start = time.perf_counter()
        try:
            fig = spec.build(ctx)
            paths = save_figure(fig, name, out_dir=folder, formats=formats)
            data = data_hash(spec.data(ctx))
        except FsfError:
            raise
        except Exception as err:  # name the figure; the traceback adds nothing for a user
            raise FsfError(f"figure {name!r} ({spec.function}, notebook {spec.notebook}) failed: "
                           f"{type(err).__name__}: {err}") from err
        for path in paths:
            rows.append((path.name, spec.caption, spec.function, spec.notebook, data,
                         hashlib.sha256(path.read_bytes()).hexdigest()))
        if progress:
            progress(f"[{i}/{len(wanted)}] {name}: {', '.join(p.suffix[1:] for p in paths)} "
                     f"({time.perf_counter() - start:.1f} s)")
    manifest = pd.DataFrame(rows, columns=["file", "caption", "function", "notebook", "data_sha256", "file_sha256"])
    with atomic_path(folder / "manifest.csv") as tmp:
        manifest.to_csv(tmp, index=False, lineterminator="\n")
    return manifest


@dataclass(frozen=True)
class Verification:
    """The result of :func:`verify_figures`: both manifests and the files that differ."""

    first: pd.DataFrame
    second: pd.DataFrame
    different: tuple[str, ...]

    @property
    def identical(self) -> bool:
        return not self.different and len(self.first) == len(self.second) > 0

    @property
    def summary(self) -> str:
        if self.identical:
            return f"{len(self.first)} files byte-identical on a second run from scratch"
        return f"{len(self.different)} of {len(self.first)} files differ: {', '.join(self.different)}"


def verify_figures(*, formats=None, names=None, progress: Callable[[str], None] | None = None) -> Verification:
    """Draw the figures twice, each time from scratch (fresh data), and compare every file's sha256.

    Both runs write to temporary folders that are removed afterwards.

    Examples
    --------
    >>> result = verify_figures(formats=["png"], names=["article-timeline"])
    >>> result.identical, result.summary
    (True, '1 files byte-identical on a second run from scratch')
    """
    manifests = []
    with tempfile.TemporaryDirectory(prefix="fsf-verify-") as tmp:
        for run in ("first", "second"):
            if progress:
                progress(f"{run} run")
            manifests.append(build_figures(Path(tmp) / run, formats=formats, names=names, context=Context(),
                                           progress=progress))
    first, second = manifests
    merged = first.merge(second, on="file", how="outer", suffixes=("_1", "_2"))
    different = tuple(merged.loc[(merged["file_sha256_1"] != merged["file_sha256_2"])
                                 | (merged["data_sha256_1"] != merged["data_sha256_2"]), "file"])
    return Verification(first, second, different)
