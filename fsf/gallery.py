"""Every figure of the project, how it is drawn from a study, and one command to draw them all.

:data:`FIGURES` lists each figure the notebooks show: its file name, a caption, the notebook that
shows it, the fsf function that draws it, a builder that draws it from a :class:`fsf.Study`, the
data behind it, and what it needs (hand codes, analyst readings) beyond the text. A notebook
cell draws a figure with ``study.figure(name)``, which calls the same builder, so a notebook's
figure and ``fsf figures``'s are one and the same (same function, same data, same bytes).

:func:`build_figures` (``fsf figures``) draws them all into ``reports/figures/`` (for another
corpus ``fsf-output/<name>/figures/``) with ``manifest.csv``: file, caption, function, notebook,
the sha256 of the data behind the figure and of the file. Same inputs, same bytes. A figure the
corpus cannot support (validation without hand codes, topic models on a handful of paragraphs)
is skipped and the reason printed; the others are drawn.
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

from fsf.errors import FsfError, MethodError, Skipped

__all__ = ["FIGURES", "FigureSpec", "Verification", "build_figures", "data_hash", "dispersion_terms", "draw",
           "figure_table", "verify_figures"]


@dataclass(frozen=True)
class FigureSpec:
    """One figure: name (file stem), caption, notebook, drawing function, builder and data (both from a study)."""

    name: str
    caption: str
    notebook: str
    function: str
    build: Callable
    data: Callable


def dispersion_terms(study) -> list[str]:
    """The terms of the dispersion figure (``study.dispersion``, see :func:`fsf.compare.key_terms`)."""
    return study.dispersion[0]


def _needs_readings(study):
    readings = study.readings
    if readings.empty:
        raise MethodError(f"{study.label} have no analyst readings (a one-line framing per article, "
                          "fsf/data/analyst_readings.csv for the seeds). Fix: none needed; this figure shows "
                          "the analyst's reading, not a measurement.")
    if study.corpus["year"].isna().any():
        raise MethodError("some articles have no year. Fix: add a year column to metadata.csv.")
    return readings


def _graphs(study):
    from fsf import narrative

    return {doc_id: narrative.network(study.cooccurrence, study.actors, doc_id) for doc_id in study.corpus["doc_id"]}


def _references(study) -> dict:
    """Kappa of the baselines, the tuned supervised model and the two coders, for the learning-curve figure."""
    from fsf.stance.model import SECOND_CODER
    from fsf.study import SUPERVISED

    table = study.stance_validation
    table = table[table["subset"] == "all"].set_index("measure")["kappa"]
    names = {"fsf measure, leave-one-article-out": "lexicon measure, leave-one-article-out",
             SUPERVISED: "supervised model, hyperparameters tuned inside each fold",
             SECOND_CODER: "two coders (an upper bound: codebook written from these sentences)"}
    return {label: float(table[name]) for name, label in names.items() if name in table}


def _specs() -> tuple[FigureSpec, ...]:
    from fsf import compare, plots

    nb10, nb20, nb30, nb40 = ("10-corpus-and-cleaning", "20-topics", "30-sentiment-toward-foreign-fighters",
                              "40-narrative-comparison")
    return (
        FigureSpec("article-lengths", "Tokens per article: headline and standfirst, body, and removed boilerplate.",
                   nb10, "fsf.plots.article_lengths", lambda s: plots.article_lengths(s.corpus, counts=s.section_counts),
                   lambda s: s.section_counts),
        FigureSpec("article-timeline", "The articles by year; filled markers: year stated in the text.", nb10,
                   "fsf.plots.timeline", lambda s: plots.timeline(s.corpus),
                   lambda s: s.corpus[["doc_id", "title", "outlet", "year", "year_basis"]]),
        FigureSpec("topic-model-selection", "Coherence, exclusivity and stability of LDA and NMF against K.", nb20,
                   "fsf.plots.model_selection_figure",
                   lambda s: plots.model_selection_figure(s.topic_selection, s.topic_choice), lambda s: s.topic_choice),
        FigureSpec("topic-top-terms-lda", "Top terms of the LDA topics at the chosen K.", nb20,
                   "fsf.plots.top_terms_figure", lambda s: plots.top_terms_figure(s.topic_models["lda"]),
                   lambda s: s.topic_terms[s.topic_terms["model"] == "lda"]),
        FigureSpec("topic-top-terms-nmf", "Top terms of the NMF topics at the chosen K.", nb20,
                   "fsf.plots.top_terms_figure", lambda s: plots.top_terms_figure(s.topic_models["nmf"]),
                   lambda s: s.topic_terms[s.topic_terms["model"] == "nmf"]),
        FigureSpec("topic-prevalence-by-article", "Topic prevalence per article, LDA and NMF (mean and range over seeds).",
                   nb20,
                   "fsf.plots.prevalence_figure",
                   lambda s: plots.prevalence_figure([s.topic_models["lda"], s.topic_models["nmf"]], by="doc_id",
                                                     spreads=s.topic_prevalence_spread["doc_id"]),
                   lambda s: pd.concat(s.topic_prevalence_spread["doc_id"])),
        FigureSpec("topic-prevalence-by-year", "Topic prevalence per year, LDA and NMF (mean and range over seeds).",
                   nb20,
                   "fsf.plots.prevalence_figure",
                   lambda s: plots.prevalence_figure([s.topic_models["lda"], s.topic_models["nmf"]], by="year",
                                                     spreads=s.topic_prevalence_spread["year"]),
                   lambda s: pd.concat(s.topic_prevalence_spread["year"])),
        FigureSpec("stance-validation-confusion", "Stance toward foreign fighters: automated vs hand codes.", nb30,
                   "fsf.plots.confusion_matrices", lambda s: plots.confusion_matrices(s.stance_confusions),
                   lambda s: pd.concat(s.stance_confusions)),
        FigureSpec("stance-kappa-by-window", "Agreement with the hand codes by lexicon and window size.", nb30,
                   "fsf.plots.kappa_by_window", lambda s: plots.kappa_by_window(s.stance_sweep), lambda s: s.stance_sweep),
        FigureSpec("stance-learning-curve", "Agreement with the hand codes against the number of codes trained on "
                   "(cross-fitted by article), with the baselines and the human ceiling.", nb30,
                   "fsf.plots.learning_curve_figure",
                   lambda s: plots.learning_curve_figure(s.stance_learning_curve, _references(s)),
                   lambda s: s.stance_learning_curve),
        FigureSpec("stance-by-article", "Share of sentences about foreign fighters per stance, per article.", nb30,
                   "fsf.plots.stance_shares", lambda s: plots.stance_shares(s.stance_by_article, labels=s.labels),
                   lambda s: s.stance_by_article),
        FigureSpec("stance-score-distribution", "Stance scores of sentences about foreign fighters, per article.", nb30,
                   "fsf.plots.score_distribution", lambda s: plots.score_distribution(s.stance, labels=s.labels),
                   lambda s: s.stance),
        FigureSpec("narrative-quoted-voices", "Share of each article's words in quotation marks, by speaker type.", nb40,
                   "fsf.plots.speaker_shares", lambda s: plots.speaker_shares(s.who_speaks, s.labels),
                   lambda s: s.who_speaks),
        FigureSpec("narrative-keyness", "Most distinctive words of each article (log-odds, informative prior).", nb40,
                   "fsf.plots.keyness_figure", lambda s: plots.keyness_figure(s.keyness_all, n=8, labels=s.labels),
                   lambda s: s.keyness_all),
        FigureSpec("narrative-similarity", "TF-IDF cosine similarity between the articles.", nb40,
                   "fsf.plots.similarity_figure", lambda s: plots.similarity_figure(s.similarity, s.labels),
                   lambda s: s.similarity),
        FigureSpec("narrative-dendrogram", "Average-linkage clustering of the articles on 1 - cosine.", nb40,
                   "fsf.plots.dendrogram_figure",
                   lambda s: plots.dendrogram_figure(compare.cluster(s.similarity), s.labels), lambda s: s.similarity),
        FigureSpec("narrative-actor-networks", "Actors named in the same sentence, per article.", nb40,
                   "fsf.plots.actor_networks", lambda s: plots.actor_networks(_graphs(s), s.labels),
                   lambda s: s.cooccurrence),
        FigureSpec("narrative-dispersion", "Where key names occur along each article.", nb40,
                   "fsf.plots.dispersion_figure",
                   lambda s: plots.dispersion_figure(s.dispersion[1], s.dispersion[0], s.labels),
                   lambda s: s.dispersion[1]),
        FigureSpec("narrative-stance-arc", "Stance toward foreign fighters along each article: measure and hand codes.",
                   nb40, "fsf.plots.stance_arcs",
                   lambda s: plots.stance_arcs(s.stance_arc, s.labels,
                                               reference=s.stance_arc_codes if s.codes.stance else None),
                   lambda s: pd.concat([s.stance_arc] + ([s.stance_arc_codes] if s.codes.stance else []))),
        FigureSpec("narrative-framing-timeline", "The articles by year with their framing (the analyst's reading).",
                   nb40, "fsf.plots.framing_timeline",
                   lambda s: (_needs_readings(s), plots.framing_timeline(s.article_summary, s.corpus))[1],
                   lambda s: s.article_summary),
    )


@functools.lru_cache(maxsize=1)
def _figures() -> tuple[FigureSpec, ...]:
    return _specs()


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


def _spec(name: str) -> FigureSpec:
    known = {f.name: f for f in FIGURES}
    if name not in known:
        raise FsfError(f"unknown figure {name!r}. Fix: use one of {', '.join(known)}.")
    return known[name]


def figure_table():
    """The figures as a table: name, notebook, function, caption.

    Examples
    --------
    >>> figure_table().groupby("notebook").size().to_dict()
    {'10-corpus-and-cleaning': 2, '20-topics': 5, '30-sentiment-toward-foreign-fighters': 5, '40-narrative-comparison': 8}
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


def _render(study, spec: FigureSpec):
    """The figure, or raise the FsfError saying why this corpus cannot support it."""
    lenient = study.lenient
    study.lenient = False  # a step that cannot run raises, so the figure is skipped as a whole
    try:
        return spec.build(study)
    except FsfError:
        raise
    except Exception as err:  # name the figure; the traceback adds nothing for a user
        raise FsfError(f"figure {spec.name!r} ({spec.function}, notebook {spec.notebook}) failed: "
                       f"{type(err).__name__}: {err}") from err
    finally:
        study.lenient = lenient


def draw(study, name: str, *, save: bool = True, formats=None, out_dir: str | Path | None = None):
    """Draw one figure of :data:`FIGURES` from a study, save it (``study.figures_dir``) and return it.

    A figure the corpus cannot support raises :class:`~fsf.errors.FsfError` saying why, or, in
    a lenient study (a notebook), gives a :class:`~fsf.errors.Skipped` that shows the reason.
    """
    from fsf.plots.style import save_figure

    spec = _spec(name)
    try:
        fig = _render(study, spec)
    except FsfError as err:
        if study.lenient:
            return Skipped(f"figure {name}", str(err))
        raise
    if save:
        save_figure(fig, name, out_dir=out_dir if out_dir is not None else study.figures_dir, formats=formats)
    return fig


def build_figures(study=None, out_dir: str | Path | None = None, *, formats=None, names=None,
                  progress: Callable[[str], None] | None = None) -> pd.DataFrame:
    """Draw every figure (or those in ``names``) of a study and write them with a manifest.

    Parameters
    ----------
    study : fsf.Study, optional
        Default the seeds' study.
    out_dir : str or Path, optional
        Default ``<study.out_dir>/figures`` (``reports/figures`` for the seeds). Written all or
        nothing (:class:`fsf.outputs.OutputFolder`); with ``names``, the other figures of an
        earlier run stay, in the folder and in the manifest.
    formats : iterable of str, optional
        Default :func:`fsf.plots.default_formats` (PNG and PDF).
    names : iterable of str, optional
        Figure names to draw; default all of :data:`FIGURES`.
    progress : callable, optional
        Called with one line per figure.

    Returns
    -------
    pandas.DataFrame
        The manifest (also written as ``manifest.csv``): file, caption, function, notebook,
        data_sha256, file_sha256, for every figure in the folder.

    Raises
    ------
    FsfError
        An unknown figure name, or a figure that fails to draw (the message names it and the
        error). Nothing in the folder changes then.
    """
    from fsf.outputs import OutputFolder, read_manifest
    from fsf.plots.style import default_formats, save_figure
    from fsf.study import Study

    study = study if study is not None else Study()
    folder = Path(out_dir) if out_dir is not None else study.figures_dir
    wanted = list(names) if names is not None else [f.name for f in FIGURES]
    for name in wanted:
        _spec(name)
    formats = list(formats) if formats is not None else list(default_formats())
    study.corpus  # noqa: B018 - fail on bad input before anything is drawn
    old = read_manifest(folder) if folder.is_dir() else None
    old_rows = pd.DataFrame()
    if old is not None and (folder / "manifest.csv").is_file() and names is not None:
        old_rows = pd.read_csv(folder / "manifest.csv", dtype=str, keep_default_na=False)
        old_rows = old_rows[~old_rows["file"].map(lambda f: Path(f).stem).isin(wanted)]
    keep = set(old_rows["file"]) if len(old_rows) else set()
    rows, skipped = [], {}
    with OutputFolder(folder, "figures", keep=keep, progress=progress) as out:
        for i, name in enumerate(wanted, start=1):
            spec = _spec(name)
            start = time.perf_counter()
            try:
                fig = _render(study, spec)
            except MethodError as err:
                skipped[name] = str(err)
                if progress:
                    progress(f"[{i}/{len(wanted)}] skipped {name}: {err}")
                continue
            data = data_hash(spec.data(study))

            paths = save_figure(fig, name, out_dir=out.root, formats=formats)
            for path in paths:
                out.add(path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
                rows.append((path.name, spec.caption, spec.function, spec.notebook, data,
                             hashlib.sha256(path.read_bytes()).hexdigest()))
            if progress:
                progress(f"[{i}/{len(wanted)}] {name}: {', '.join(p.suffix[1:] for p in paths)} "
                         f"({time.perf_counter() - start:.1f} s)")
        manifest = pd.DataFrame(rows, columns=["file", "caption", "function", "notebook", "data_sha256", "file_sha256"])
        if len(old_rows):
            order = {f.name: i for i, f in enumerate(FIGURES)}
            manifest = pd.concat([old_rows, manifest], ignore_index=True)
            manifest = manifest.iloc[sorted(range(len(manifest)), key=lambda i: (
                order.get(Path(manifest["file"].iat[i]).stem, 99), manifest["file"].iat[i]))].reset_index(drop=True)
        manifest.to_csv(out.path("manifest.csv"), index=False, lineterminator="\n")
        out.add("manifest.csv")
        out.provenance = {**study.provenance_record(), "skipped": skipped}
    if progress:
        progress(f"figures written to {folder}" + (f" ({len(skipped)} skipped: this corpus cannot support them)"
                                                   if skipped else ""))
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


def verify_figures(corpus=None, *, settings=None, formats=None, names=None,
                   progress: Callable[[str], None] | None = None, workers: int | None = None,
                   scheduler: str | None = None) -> Verification:
    """Draw the figures twice, each time from a new study (fresh data), and compare every file's sha256.

    Both runs write to temporary folders that are removed afterwards. ``workers`` and
    ``scheduler`` say where each study runs its per-article steps (see :class:`fsf.Study`).

    Examples
    --------
    >>> result = verify_figures(formats=["png"], names=["article-timeline"])
    >>> result.identical, result.summary
    (True, '1 files byte-identical on a second run from scratch')
    """
    from fsf.study import Study

    manifests = []
    with tempfile.TemporaryDirectory(prefix="fsf-verify-") as tmp:
        for run in ("first", "second"):
            if progress:
                progress(f"{run} run")
            study = Study(corpus, settings=settings, workers=workers, scheduler=scheduler)
            manifests.append(build_figures(study, Path(tmp) / run, formats=formats, names=names, progress=progress))
    first, second = manifests
    merged = first.merge(second, on="file", how="outer", suffixes=("_1", "_2"))
    different = tuple(merged.loc[(merged["file_sha256_1"] != merged["file_sha256_2"])
                                 | (merged["data_sha256_1"] != merged["data_sha256_2"]), "file"])
    return Verification(first, second, different)
