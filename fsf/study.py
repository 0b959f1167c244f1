"""A study: one corpus, its settings and hand codes, and every table computed from them once.

:class:`Study` is the one place where fsf's data flow is written. Each table (articles,
removed lines, sentences, mentions, stance, quotes, keyness, topics, the validation tables, ...)
is a property computed the first time it is read and then kept, so export, figures, report and
notebooks all read the same tables and nothing is computed twice::

    corpus folder ──> corpus ──> lines, removed_lines, paragraphs
                        │
                        └──> sentences ──> mentions ──> stance (ff_sentences) ──┐
                              │    │                                          ├──> validation
                              │    └──> quotes ─────────────────> narrative ──┤    (with hand codes)
                              ├──> term counts ──> keyness, similarity        │
                              └──> topic units ──> dtm ──> selection ──> models
    settings (Settings, or a TOML file) and hand codes (hand_codes/) feed every step.

The tables that depend on one article alone (lines, paragraphs, sentences, mentions, the lexicon
stance, quotes, section counts) come from one pass over the articles (:attr:`Study.per_article`,
:mod:`fsf.pipeline`): in this process, on ``workers`` local processes, or on a Dask cluster
(``scheduler``), with the same tables either way.

A study can be saved (:meth:`Study.save`: the tables as CSV or Parquet with a manifest of the
corpus sha256s, settings and fsf version) and reopened (:meth:`Study.open`), so a notebook need
not recompute what ``fsf export`` wrote.

Examples
--------
>>> study = Study()                       # the five bundled seed articles
>>> len(study.articles), len(study.sentences)
(5, 200)
>>> study.sentences is study.sentences    # computed once
True
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from fsf import config
from fsf.errors import EngineError, FsfError, MethodError, Skipped
from fsf.settings import Settings, load_settings

__all__ = ["EXPORT_TABLES", "SUPERVISED", "MissingCodes", "Study"]

SUPERVISED = "supervised model, cross-fitted by article"
"""The name of the supervised stance measure among a study's :attr:`Study.stance_measures`."""


class MissingCodes(MethodError):
    """A step needs hand codes that the corpus does not have."""


class _Failure:
    def __init__(self, error: FsfError):
        self.error = error


class computed:
    """Like :func:`functools.cached_property`, for a study's tables.

    The value is computed once; an :class:`~fsf.errors.FsfError` is remembered too, so a step
    that cannot run on this corpus is tried once. A lenient study (the notebooks') returns a
    :class:`~fsf.errors.Skipped` in its place; a strict one raises the error again.
    """

    def __init__(self, func: Callable):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__
        functools.update_wrapper(self, func)

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, study, owner=None):
        if study is None:
            return self
        cache = study._cache
        if self.name not in cache:
            lenient, study.lenient = study.lenient, False  # inside a step, a step it needs that fails raises
            try:
                value = study._saved_table(self.name)
                cache[self.name] = self.func(study) if value is None else value
            except EngineError:  # the engine failed, not the corpus: asking again runs again
                raise
            except FsfError as err:
                cache[self.name] = _Failure(err)
            finally:
                study.lenient = lenient
        value = cache[self.name]
        if isinstance(value, _Failure):
            if study.lenient:
                return Skipped(self.name.replace("_", " "), str(value.error))
            raise value.error
        return value


EXPORT_TABLES = {
    "articles": "one row per article: provenance and size",
    "removed_lines": "every line cleaning removed, with its line number and reason",
    "sentences": "every sentence, with its section, paragraph and span",
    "mentions": "every mention of foreign fighters, with its span and kind",
    "ff_sentences": "every sentence: does it mention foreign fighters, fsf's supervised stance toward them "
                    "(cross-fitted by article: the model and fold that made it) and the lexicon stance as a baseline",
    "quotes": "every quoted segment, with speaker, speaker type and attribution cue",
    "keyness": "log-odds ratio (informative Dirichlet prior) of each term in each article against the others",
    "topic_terms": "top terms of each topic of the chosen LDA and NMF models",
    "paragraph_topics": "every paragraph's weight on every topic of the chosen models",
}
"""The tables ``fsf export`` writes (file stem -> what one row is), in order."""

_EXPORT_ATTRIBUTE = {"ff_sentences": "stance"}


class Study:
    """A corpus, its settings and hand codes, and every table fsf computes from them, each once.

    Parameters
    ----------
    corpus : str or Path, optional
        A folder of ``.txt`` articles (with an optional ``metadata.csv`` and ``hand_codes/``).
        Default: the five bundled seed articles.
    codes : None, False, str, Path or fsf.codes.CodeSet
        Hand codes (see :func:`fsf.codes.find_codes`): ``None`` looks in the corpus's
        ``hand_codes/`` folder (the seeds' ship with fsf); ``False``: none.
    settings : Settings, str or Path, optional
        A :class:`fsf.settings.Settings`, or a TOML settings file; default the defaults.
    lenient : bool
        Give a :class:`fsf.errors.Skipped` (one line saying why) instead of raising when a step
        cannot run on this corpus, e.g. topic models on three paragraphs or validation without
        hand codes. The notebooks use this; export and tests do not.
    workers : int, optional
        Run the per-article steps (lines, paragraphs, sentences, mentions, stance, quotes, section
        counts: :mod:`fsf.pipeline`) on this many local processes; 0: every core; default 1 (this
        process). The tables are the same whatever the number.
    scheduler : str, optional
        Run them on an existing dask.distributed cluster instead (``tcp://host:8786``; needs the
        ``fsf[dask]`` extra), with the same tables.
    progress : callable, optional
        Called with one line per step (rows, articles, seconds) as the corpus is loaded and the
        per-article steps run; :meth:`save` passes its own.

    Examples
    --------
    >>> study = Study(codes=False)
    >>> study.stance_codes
    Traceback (most recent call last):
    ...
    fsf.study.MissingCodes: the five seed articles have no hand codes of stance. Fix: write a coding sheet with `fsf code`, fill it in and save it as hand_codes/stance.csv in the corpus folder.
    """

    def __init__(self, corpus: str | Path | None = None, *, codes=None, settings: Settings | str | Path | None = None,
                 lenient: bool = False, workers: int | None = None, scheduler: str | None = None,
                 progress: Callable[[str], None] | None = None):
        from fsf.pipeline import Engine

        self.corpus_dir = Path(corpus) if corpus is not None else None
        self.settings = settings if isinstance(settings, Settings) else load_settings(settings)
        self._codes_arg = codes
        self.lenient = lenient
        self.engine = Engine(workers, scheduler)
        self.progress = progress
        self._cleaned: dict | None = None  # what loading found of each article, until the per-article steps ran
        self._cache: dict = {}
        self._saved: dict[str, Path] = {}
        self._saved_columns: dict[str, dict] = {}

    # ------------------------------------------------------------------ identity
    @property
    def is_seeds(self) -> bool:
        """True for the bundled seed articles (their metadata, codes and readings apply)."""
        return self.corpus_dir is None or self.corpus_dir.resolve() == config.SEEDS_DIR.resolve()

    @property
    def name(self) -> str:
        """A short name: ``seeds`` or the corpus folder's name."""
        return "seeds" if self.is_seeds else self.corpus_dir.resolve().name

    @property
    def label(self) -> str:
        """How prose refers to the corpus (a plural noun phrase: "... have no hand codes")."""
        return "the five seed articles" if self.is_seeds else f"the articles in {self.name!r}"

    def __repr__(self) -> str:
        where = "seeds" if self.corpus_dir is None else str(self.corpus_dir)
        return f"Study({where!r}, settings {self.settings.digest()}, {self.codes.describe()})"

    @functools.cached_property
    def codes(self):
        """Where the hand codes come from (:class:`fsf.codes.CodeSet`)."""
        from fsf.codes import find_codes

        return find_codes(None if self.is_seeds else self.corpus_dir, self._codes_arg)

    @functools.cached_property
    def out_dir(self) -> Path:
        """Where this study's outputs go by default: ``reports/`` for the seeds, else ``fsf-output/<name>/``."""
        return config.reports_dir() if self.is_seeds else config.output_root() / "fsf-output" / self.name

    @property
    def figures_dir(self) -> Path:
        """Where :meth:`figure` saves: ``FSF_FIGURES_DIR`` if set, else ``<out_dir>/figures``."""
        import os

        override = os.environ.get("FSF_FIGURES_DIR")
        return Path(override).resolve() if override else self.out_dir / "figures"

    # ------------------------------------------------------------------ stage 1: the corpus
    @computed
    def corpus(self) -> pd.DataFrame:
        """The articles: provenance, raw and clean text (:func:`fsf.corpus.load_corpus`)."""
        import time

        from fsf.corpus import load_corpus

        s = self.settings.corpus
        start, cleaned = time.perf_counter(), {}
        engine = self.engine
        clean_map = None
        if engine.kind == "processes":  # cleaning is most of loading: on the workers too (a cluster cleans in the pass)
            def clean_map(func, texts):
                return engine.map(func, texts, sizes=[len(text) for text in texts])
        corpus = load_corpus(self.corpus_dir, encoding=s.encoding, max_bytes=s.max_bytes,
                             follow_symlinks=s.follow_symlinks, recursive=s.recursive, keep_cleaned=cleaned,
                             clean_map=clean_map)
        self._cleaned = cleaned
        if self.progress:
            self.progress(f"corpus: {len(corpus):,} articles read, checked and cleaned "
                          f"({time.perf_counter() - start:.1f} s)")
        return corpus

    @computed
    def per_article(self) -> dict:
        """The per-article tables, from one pass of :func:`fsf.pipeline.corpus_tables` on :attr:`engine`.

        A dict: ``lines``, ``paragraphs``, ``sentences`` (with the year), ``mentions``, ``stance``,
        ``quotes``, ``section_counts``. Each is also a property of its own (:attr:`lines`,
        :attr:`sentences_all`, ...); a step that cannot run with these settings is an error there.
        """
        from fsf.pipeline import corpus_tables

        corpus = self.corpus
        try:
            return corpus_tables(corpus, self.settings, engine=self.engine, cleaned=self._cleaned,
                                 progress=self.progress)
        finally:
            self._cleaned = None  # the tables hold what is needed now

    def _article_table(self, name: str) -> pd.DataFrame:
        value = self.per_article[name]
        if isinstance(value, FsfError):
            raise value
        return value

    @computed
    def articles(self) -> pd.DataFrame:
        """``articles.csv``: doc_id, file, sha256, title, standfirst, outlet, year, n_paragraphs, n_sentences, n_tokens."""
        base = self.corpus[["doc_id", "file", "sha256", "title", "standfirst", "outlet", "year"]]
        return base.merge(self.article_counts, on="doc_id", how="left", validate="one_to_one")

    @computed
    def lines(self) -> pd.DataFrame:
        """Every line of every article and what cleaning decided (:func:`fsf.corpus.lines_table`)."""
        return self._article_table("lines")

    @computed
    def removed_lines(self) -> pd.DataFrame:
        """``removed_lines.csv``: doc_id, line_no, text, reason."""
        removed = self.lines[self.lines["status"] == "removed"]
        return removed[["doc_id", "line_no", "text", "reason"]].reset_index(drop=True)

    @computed
    def paragraphs(self) -> pd.DataFrame:
        """Kept paragraphs in reading order (:func:`fsf.corpus.paragraphs`)."""
        return self._article_table("paragraphs")

    @computed
    def provenance(self) -> pd.DataFrame:
        """Where each metadata value comes from (:func:`fsf.corpus.provenance_table`); empty without metadata."""
        from fsf.corpus import provenance_table

        folder = self.corpus_dir if self.corpus_dir is not None else config.SEEDS_DIR
        if not (folder / config.METADATA_NAME).is_file():
            raise MethodError(f"{folder} has no {config.METADATA_NAME}, so there is no provenance to show. Fix: none "
                              "needed; add a metadata.csv with *_evidence columns to record where each value comes from.")
        return provenance_table(self.corpus_dir)

    # ------------------------------------------------------------------ stage 2: text
    @computed
    def sentences_all(self) -> pd.DataFrame:
        """Every sentence with its year (:func:`fsf.text.sentences`)."""
        return self._article_table("sentences")

    @computed
    def sentences(self) -> pd.DataFrame:
        """``sentences.csv``: doc_id, sent_idx, section, paragraph_idx, text, start, end."""
        return self.sentences_all[["doc_id", "sent_idx", "section", "paragraph_idx", "text", "start", "end"]]

    @computed
    def section_counts(self) -> pd.DataFrame:
        """Lines, paragraphs, sentences and tokens per article and section, removed lines included
        (:func:`fsf.text.section_counts`)."""
        return self._article_table("section_counts")

    @computed
    def article_counts(self) -> pd.DataFrame:
        """Paragraphs, sentences and tokens of kept text per article."""
        from fsf.text import article_counts

        return article_counts(self.corpus, counts=self.section_counts)

    @computed
    def alias_counts(self) -> pd.DataFrame:
        """How often each spelling variant of each entity occurs per article."""
        from fsf.text import alias_counts

        return alias_counts(self.corpus)

    # ------------------------------------------------------------------ stance toward foreign fighters
    @computed
    def mentions(self) -> pd.DataFrame:
        """``mentions.csv``: every mention of foreign fighters (:func:`fsf.stance.mentions`)."""
        return self._article_table("mentions")

    @computed
    def stance_lexicon(self) -> pd.DataFrame:
        """The lexicon measure, the baseline: doc_id, sent_idx, mentions_ff, n_mentions, score, stance
        (:func:`fsf.stance.sentence_stance`)."""
        return self._article_table("stance")

    @computed
    def stance(self) -> pd.DataFrame:
        """``ff_sentences.csv``: the supervised stance, cross-fitted (:attr:`stance_model`), beside the lexicon's.

        doc_id, sent_idx, mentions_ff, n_mentions, score (p_positive - p_negative), stance (-1, 0,
        +1; empty without a mention), p_negative, p_neutral, p_positive, model, fold (the article
        held out; empty: the model trained on all codes, for an article that gave none),
        lexicon_score, lexicon_stance (:func:`fsf.stance.model.ff_sentences`).
        """
        from fsf.stance.model import ff_sentences

        return ff_sentences(self.stance_lexicon, self.stance_model)

    @computed
    def stance_windows(self) -> pd.DataFrame:
        """Every mention with the window of words the lexicon measure scores, and its score."""
        from fsf.stance import score_mentions

        s = self.settings.stance
        return score_mentions(self.mentions, self.sentences, n=s.n, lexicon=s.lexicon, mask=s.mask)

    @computed
    def stance_by_article(self) -> pd.DataFrame:
        """The lexicon stance per article with n and spread (:func:`fsf.stance.summarize`)."""
        from fsf.stance import summarize

        return summarize(self.stance, by="doc_id")

    @computed
    def stance_grid(self) -> dict:
        """Sentence scores for every lexicon, window and masking (:func:`fsf.stance.score_grid`)."""
        from fsf.stance import score_grid

        return score_grid(self.sentences, self.mentions)

    # ------------------------------------------------------------------ the supervised stance model
    @property
    def _article_keys(self) -> dict:
        """doc_id -> the article's sha256: how the model knows an article across corpora."""
        return dict(zip(self.corpus["doc_id"], self.corpus["sha256"]))

    @computed
    def stance_features(self) -> pd.DataFrame:
        """What the supervised model reads of each sentence with a mention, and of each coded sentence about the
        fighters (:func:`fsf.stance.model.stance_features`), with the article's sha256 as ``article``."""
        from fsf.stance.model import stance_features

        include = None
        if self.codes.stance is not None:
            codes = self.stance_codes
            include = codes[codes["refers_ff"] == 1][["doc_id", "sent_idx"]]
        features = stance_features(self.sentences, self.mentions, settings=self.settings.stance, include=include)
        return features.assign(article=features["doc_id"].map(self._article_keys))

    @computed
    def stance_training(self) -> pd.DataFrame:
        """The coded sentences the supervised model learns from (:func:`fsf.stance.model.labelled`): this corpus's
        stance codes, or, when it has none, the seeds' gold set (``attrs``: ``name`` and ``source``)."""
        from fsf.stance.model import labelled

        if self.codes.stance is None:
            seeds = Study(settings=self.settings)
            train = seeds.stance_training.copy()
            train.attrs = dict(seeds.stance_training.attrs)
            return train
        train = labelled(self.stance_features, self.stance_codes, article=self._article_keys)
        train.attrs = {"name": "seeds gold" if self._seed_codes else f"{self.name} codes",
                       "source": self.codes.describe().split("; ")[0].removeprefix("stance: ")}
        return train

    @property
    def _seed_codes(self) -> bool:
        """The seeds with their shipped gold codes (the codebook's examples and the second coder apply)."""
        from fsf.codes import _SEED_STANCE

        return self.is_seeds and self.codes.stance is not None and Path(self.codes.stance) == _SEED_STANCE

    @computed
    def stance_fitted(self):
        """The supervised model trained on all of :attr:`stance_training` (:class:`fsf.stance.model.StanceModel`)."""
        from fsf.stance.model import StanceModel

        train = self.stance_training
        return StanceModel().fit(train, train["stance"], groups=train["article"])

    @computed
    def stance_model(self) -> pd.DataFrame:
        """The supervised stance of every sentence with a mention, cross-fitted by article
        (:func:`fsf.stance.model.cross_fit`): a sentence of an article that gave training codes is
        predicted by the model trained without that article (``fold``), any other by the model trained
        on all codes. doc_id, sent_idx, p_negative, p_neutral, p_positive, score, stance, model, fold."""
        from fsf.stance.model import cross_fit

        train, features = self.stance_training, self.stance_features
        return cross_fit(train, features[features["detected"] == 1], name=train.attrs.get("name", "codes"),
                         source=train.attrs.get("source", "the hand codes"), full=self.stance_fitted)

    @computed
    def stance_uncertainty(self) -> pd.DataFrame:
        """How sure the model trained on all codes is of each sentence with a mention: doc_id, sent_idx,
        p_negative, p_neutral, p_positive, uncertainty (1 - the highest); what ``fsf code --strategy uncertain``
        ranks."""
        from fsf.stance.model import predict_stance

        features = self.stance_features
        p = predict_stance(self.stance_fitted, features[features["detected"] == 1])
        probabilities = p[["doc_id", "sent_idx", "p_negative", "p_neutral", "p_positive"]]
        return probabilities.assign(uncertainty=(1 - probabilities.iloc[:, 2:].max(axis=1)).round(4))

    @computed
    def stance_learning_curve(self) -> pd.DataFrame:
        """Cross-fitted kappa against the number of codes trained on, per feature set and seed
        (:func:`fsf.stance.model.learning_curve`); needs this corpus's own codes."""
        from fsf.stance.model import learning_curve

        self._need("stance")
        return learning_curve(self.stance_training)

    # ------------------------------------------------------------------ hand codes and validation
    def _need(self, what: str):
        path = getattr(self.codes, what)
        if path is None:
            fix = ("write a coding sheet with `fsf code`, fill it in and save it as hand_codes/stance.csv"
                   if what == "stance" else "code the quotes as docs/codebook-quotes.md says and save them as "
                   "hand_codes/quotes.csv")
            raise MissingCodes(f"{self.label} have no hand codes of {what}. Fix: {fix} in the corpus folder.")
        return path

    @computed
    def stance_codes(self) -> pd.DataFrame:
        """The hand codes of stance, each on its sentence (:func:`fsf.codes.load_stance_codes`)."""
        from fsf.codes import load_stance_codes

        return load_stance_codes(self.sentences, path=self._need("stance"))

    @computed
    def quote_codes(self) -> pd.DataFrame:
        """The hand codes of quotes, each with its span (:func:`fsf.codes.load_quote_codes`)."""
        from fsf.codes import load_quote_codes

        return load_quote_codes(self.paragraphs, path=self._need("quotes"))

    @computed
    def mention_detection(self) -> pd.DataFrame:
        """Precision, recall and F1 of the mention patterns on the coded sentences."""
        from fsf.stance import mention_detection

        return mention_detection(self.mentions, self.sentences, self.stance_codes)

    @computed
    def missed_mentions(self) -> pd.DataFrame:
        """Coded sentences the patterns missed or wrongly flagged, with the coder's note."""
        from fsf.stance import missed_mentions

        return missed_mentions(self.mentions, self.sentences, self.stance_codes)

    @computed
    def stance_cv(self) -> pd.DataFrame:
        """Leave-one-article-out predictions of the lexicon measure (settings chosen without the article)."""
        from fsf.stance import cross_validate_stance

        codes = self.stance_codes
        coded = codes[codes["stance"].notna()]["doc_id"].nunique()
        if coded < 2:
            raise MethodError(f"cross-validation by article needs stance codes in at least 2 articles; "
                              f"{self.codes.stance} has them in {coded}. Fix: code sentences of another article.")
        return cross_validate_stance(self.stance_grid, codes)

    @computed
    def stance_measures(self) -> dict:
        """The measures compared with the hand codes: name -> doc_id, sent_idx, score, stance."""
        from fsf.stance import named_measures

        self.stance_codes  # noqa: B018 - the measures are only worth comparing where there are codes
        measures = named_measures(self.sentences, self.mentions, self.settings.stance)
        try:
            cv = self.stance_cv
            measures["fsf measure, leave-one-article-out"] = cv.rename(columns={"predicted": "stance"})
        except MethodError:  # e.g. codes in one article only: the other measures are still compared
            pass
        try:
            measures[SUPERVISED] = self.stance_model
        except MethodError:  # e.g. too few codes of a stance to train
            pass
        return measures

    @computed
    def stance_comparison(self) -> pd.DataFrame:
        """Coverage, accuracy, kappa and macro-F1 of each measure against the hand codes."""
        from fsf.stance import measure_comparison

        return measure_comparison(self.stance_measures, self.stance_codes)

    @computed
    def stance_confusions(self) -> dict:
        """Confusion matrices (hand x automated) of plain VADER, the cross-validated lexicon measure and the
        cross-fitted supervised model."""
        from fsf.agreement import confusion

        codes = self.stance_codes
        about = codes[codes["refers_ff"] == 1][["doc_id", "sent_idx", "stance"]]
        plain = self.stance_measures["plain VADER, whole sentence"].merge(about, on=["doc_id", "sent_idx"],
                                                                         suffixes=("_auto", "_hand"))
        cv = self.stance_cv
        model = self.stance_model.merge(about, on=["doc_id", "sent_idx"], suffixes=("_auto", "_hand"))
        return {"plain VADER, whole sentence": confusion(plain["stance_auto"], plain["stance_hand"]),
                "fsf lexicon measure, leave-one-article-out": confusion(cv["predicted"], cv["hand"]),
                "supervised model, cross-fitted": confusion(model["stance_auto"], model["stance_hand"])}

    @computed
    def stance_sweep(self) -> pd.DataFrame:
        """In-sample kappa of every lexicon, window and masking (:func:`fsf.stance.sweep_agreement`)."""
        from fsf.stance import sweep_agreement

        return sweep_agreement(self.stance_grid, self.stance_codes)

    @computed
    def stance_misclassified(self) -> pd.DataFrame:
        """Coded sentences where the supervised stance (cross-fitted) disagrees with the code: its probabilities, the
        fold that predicted it, the lexicon's stance, the text and the coder's note."""
        from fsf.stance.model import model_errors

        return model_errors(self.stance, self.stance_codes, self.sentences)

    @computed
    def stance_lexicon_misclassified(self) -> pd.DataFrame:
        """Coded sentences where the lexicon measure (the study's settings) disagrees with the code."""
        from fsf.stance import misclassified

        return misclassified(self.stance_lexicon, self.stance_codes, self.sentences)

    @computed
    def stance_validation(self) -> pd.DataFrame:
        """Kappa, macro-F1 and accuracy against the hand codes, with bootstrap 95% intervals (sentences resampled
        within articles, 2,000 times, seed 0), of plain VADER, the lexicon measure (leave-one-article-out) and the
        supervised model (cross-fitted), and the human ceiling where a second coding exists; for the seeds also
        without the sentences the codebook cites (:func:`fsf.stance.model.stance_validation`)."""
        from fsf.reliability import CODEBOOK_EXAMPLES
        from fsf.stance.model import stance_validation

        names = ("plain VADER, whole sentence", "fsf measure, leave-one-article-out", SUPERVISED)
        measures = {name: self.stance_measures[name] for name in names if name in self.stance_measures}
        ceiling = None
        if self.codes.second is not None:
            first, ceiling = self.coder_codes
            ceiling = ceiling.copy()
            ceiling.attrs["first"] = first
        return stance_validation(measures, self.stance_codes, ceiling=ceiling,
                                 examples=CODEBOOK_EXAMPLES if self._seed_codes else None)

    @computed
    def coder_codes(self) -> tuple:
        """The two independent codings of stance (first coder's, second coder's), each on its sentence."""
        from fsf.codes import load_stance_codes

        if self.codes.second is None:
            raise MissingCodes(f"{self.label} have no second, independent coding of stance, so agreement between "
                               "coders (the human ceiling) cannot be measured. Fix: have a second coder code the same "
                               "sentences from the codebook alone, blind to the first codes, and save them as "
                               "hand_codes/stance_coder2.csv.")
        first = self.codes.first or self._need("stance")
        return (load_stance_codes(self.sentences, path=first), load_stance_codes(self.sentences, path=self.codes.second))

    @computed
    def reliability(self) -> pd.DataFrame:
        """Agreement of the two coders on refers_ff and on stance (:func:`fsf.reliability.reliability_table`):
        percentage agreement, Cohen's kappa, Krippendorff's alpha (nominal; ordinal for stance), with bootstrap 95%
        intervals; for the seeds also without the sentences the codebook cites."""
        from fsf.reliability import CODEBOOK_EXAMPLES, reliability_table

        first, second = self.coder_codes
        return reliability_table(first, second, examples=CODEBOOK_EXAMPLES if self._seed_codes else None)

    @computed
    def coder_disagreements(self) -> pd.DataFrame:
        """The sentences the two coders coded differently, both codes side by side with the text, and (seeds) how
        the gold set resolves each."""
        from fsf.reliability import disagreements

        first, second = self.coder_codes
        out = disagreements(first, second, self.sentences)
        if self._seed_codes:
            gold = pd.read_csv(self.codes.stance, dtype={"doc_id": str}, keep_default_na=False)
            out = out.merge(gold[["doc_id", "sent_idx", "resolution"]], on=["doc_id", "sent_idx"], how="left")
        return out

    @computed
    def stance_codes_by_article(self) -> pd.DataFrame:
        """The hand codes summarised per article like :attr:`stance_by_article`."""
        from fsf.stance import summarize

        codes = self.stance_codes
        return summarize(codes.assign(score=codes["stance"].astype(float)), by="doc_id")

    # ------------------------------------------------------------------ quotes
    @computed
    def quotes(self) -> pd.DataFrame:
        """``quotes.csv``: every quoted segment with speaker and speaker type (:func:`fsf.quotes.quotes`)."""
        return self._article_table("quotes")

    @computed
    def quote_matches(self) -> pd.DataFrame:
        """Automated and hand-coded quotes paired (:func:`fsf.quotes.match_quotes`)."""
        from fsf.quotes import match_quotes

        return match_quotes(self.quotes, self.quote_codes)

    @computed
    def quote_agreement(self) -> pd.DataFrame:
        """Extraction precision and recall, speaker and type accuracy against the hand codes."""
        from fsf.quotes import quote_agreement

        return quote_agreement(self.quote_matches)

    # ------------------------------------------------------------------ keyness and similarity
    @computed
    def term_tokens(self):
        """Every kept paragraph's tokens (:class:`fsf.text.RawTerms`): alias variants matched and text
        tokenised once, shared by the keyness counts and the topic models' matrix."""
        from fsf.text import RawTerms

        return RawTerms.of(self.paragraphs["text"], aliases=self.settings.terms.aliases)

    def _tokens_for(self, settings, doc_ids=None, units=None):
        """:attr:`term_tokens` joined by article (``doc_ids``) or picked for ``units``; None if they do not line up."""
        if settings.aliases != self.settings.terms.aliases:
            return None
        paras, raw = self.paragraphs, self.term_tokens
        if doc_ids is not None:  # an article's clean text is its paragraphs, stripped, between blank lines
            labels = paras["doc_id"].to_numpy()
            firsts = labels[np.r_[True, labels[1:] != labels[:-1]]] if len(labels) else labels
            if list(firsts) != list(doc_ids):
                return None
            texts: dict = {}
            for doc_id, text in zip(labels, paras["text"]):
                texts.setdefault(doc_id, []).append(text.strip())
            if any("\n\n".join(texts[d]) != clean for d, clean in zip(doc_ids, self.corpus["clean_text"])):
                return None
            return raw.join(labels)
        keys = pd.MultiIndex.from_frame(paras[["doc_id", "paragraph_idx"]])
        rows = keys.get_indexer(pd.MultiIndex.from_frame(units[["doc_id", "paragraph_idx"]]))
        if (rows < 0).any() or not (paras["text"].to_numpy()[rows] == units["text"].to_numpy()).all():
            return None
        return raw.select(rows)

    @computed
    def term_counts(self):
        """Term counts per article (:func:`fsf.compare.term_counts`, ``[terms]`` settings), from :attr:`term_tokens`.

        An article's tokens are its paragraphs' tokens in turn (no alias variant or token crosses
        a line break), so this equals ``term_counts(study.corpus, settings)``, cell for cell.
        """
        from fsf.compare import term_counts

        s = self.settings.terms
        return term_counts(self.corpus, s, raw=self._tokens_for(s, doc_ids=self.corpus["doc_id"]))

    @computed
    def keyness_all(self) -> pd.DataFrame:
        """Keyness of every term in every article (:func:`fsf.compare.keyness`)."""
        from fsf.compare import keyness

        return keyness(self.term_counts, a0=self.settings.keyness.a0)

    @computed
    def keyness(self) -> pd.DataFrame:
        """``keyness.csv``: rounded, by article then z (highest first); each article's top ``[keyness] top``
        terms (default 100; ``None``/0: every term), scored a block of articles at a time
        (:func:`fsf.compare.keyness_top`), so the table of every term is not built."""
        from fsf.compare import keyness_table, keyness_top

        s = self.settings.keyness
        if s.top is None or "keyness_all" in self._cache:
            return keyness_table(self.keyness_all, top=s.top)
        return keyness_top(self.term_counts, s.top, a0=s.a0)

    @computed
    def similarity(self) -> pd.DataFrame:
        """TF-IDF cosine similarity between the articles (:func:`fsf.compare.similarity`)."""
        from fsf.compare import similarity

        return similarity(self.term_counts)

    # ------------------------------------------------------------------ topics
    @computed
    def topic_units(self) -> pd.DataFrame:
        """The units of the topic models: body paragraphs with article, year and outlet."""
        from fsf.topics import paragraph_units

        return paragraph_units(self.corpus, paragraphs=self.paragraphs)

    @computed
    def dtm(self):
        """The document-term matrix of the units (``[topics]`` settings)."""
        from fsf.topics import document_term_matrix

        units, s = self.topic_units, self.settings.topics
        return document_term_matrix(units, s, raw=self._tokens_for(s, units=units))

    @computed
    def topic_sample(self):
        """The units K is chosen on: every unit, or above ``[selection] sample_units`` a seeded random
        sample of that many (:func:`fsf.topics.selection_sample`)."""
        from fsf.topics import selection_sample

        s = self.settings.selection
        return selection_sample(self.dtm, s.sample_units, s.sample_seed)

    @computed
    def topic_selection(self):
        """Every method and feasible K over the seeds and holdouts (:func:`fsf.topics.model_selection`),
        on :attr:`topic_sample`."""
        from fsf.topics import feasible_k, model_selection

        s, dtm = self.settings.selection, self.topic_sample
        return model_selection(dtm, feasible_k(dtm, s.k_range, s.holdout), seeds=s.seeds, holdout=s.holdout)

    @computed
    def topic_choice(self) -> pd.DataFrame:
        """The K of each method ranked by the stated rule (:func:`fsf.topics.choose_k`)."""
        from fsf.topics import choose_k

        return choose_k(self.topic_selection)

    @computed
    def topic_models(self) -> dict:
        """LDA and NMF at the chosen K, fitted on all units with ``random_state=0``: in batch, or online
        above ``[selection] online_above`` units (:func:`fsf.topics.fit_topics`)."""
        from fsf.topics import METHODS, chosen_k, fit_topics

        ks = chosen_k(self.topic_choice)
        online = self.dtm.shape[0] > self.settings.selection.online_above
        return {method: fit_topics(self.dtm, method, ks[method], online=online) for method in METHODS}

    @computed
    def topic_notes(self) -> pd.DataFrame:
        """How the topic models were made: ``step`` (selection, lda, nmf), ``fit`` (batch or online),
        ``units`` used of ``all_units``, and a ``note`` in words (also in the export manifest)."""
        s, dtm, sample = self.settings.selection, self.dtm, self.topic_sample
        n = dtm.shape[0]
        if sample.shape[0] < n:
            where = (f"a random sample of {sample.shape[0]:,} of the {n:,} units (more than [selection] "
                     f"sample_units = {s.sample_units:,}; sample_seed = {s.sample_seed})")
        else:
            limit = "" if s.sample_units is None else f" (at most [selection] sample_units = {s.sample_units:,})"
            where = f"all {n:,} units{limit}"
        ks = sorted(set(self.topic_choice["k"]))
        rows = [("selection", "batch", sample.shape[0], n,
                 f"K chosen on {where}: K = {ks[0]}-{ks[-1]}, {len(s.seeds)} seeds, {s.holdout:.0%} of the units "
                 "left out per run, each run fitted in batch")]
        for method, model in self.topic_models.items():
            m, size = model.units.shape[0], "more than" if model.learning == "online" else "at most"
            if model.learning == "online":
                how = ("online" if method == "lda" else "by MiniBatchNMF") + (
                    f", in mini-batches of {model.batch_size:,} units, {model.n_iter} pass"
                    f"{'es' if model.n_iter != 1 else ''}")
            else:
                how = f"in batch, {model.n_iter} iteration{'s' if model.n_iter != 1 else ''}"
            rows.append((method, model.learning, m, n, f"{method.upper()} at K = {model.k} fitted on all {m:,} units "
                         f"{how} ({size} [selection] online_above = {s.online_above:,} units)"))
        return pd.DataFrame(rows, columns=["step", "fit", "units", "all_units", "note"])

    def _table_note(self, name: str) -> str:
        """What the export manifest says of a table: :data:`EXPORT_TABLES`, with how keyness and topics were cut or fitted."""
        note = EXPORT_TABLES[name]
        if name == "keyness":
            top = self.settings.keyness.top
            return note + ("; every term of the vocabulary ([keyness] top = 0)" if top is None else
                           f"; the top {top:,} terms of each article by z ([keyness] top; 0 for every term)")
        if name in ("topic_terms", "paragraph_topics") and isinstance(self._cache.get("topic_models"), dict):
            return note + ". " + ". ".join(self.topic_notes["note"]) + "."
        return note

    @computed
    def topic_prevalence_spread(self) -> dict:
        """How prevalence moves with the seed: ``{by: {method: table}}`` for by = doc_id and year (refits per seed)."""
        from fsf.topics import prevalence_spread

        models, seeds = self.topic_models, self.settings.selection.seeds
        return {by: {method: prevalence_spread(self.dtm, method, model.k, seeds=seeds, by=by,
                                               online=model.learning == "online")
                     for method, model in models.items()} for by in ("doc_id", "year")}

    @computed
    def topic_terms(self) -> pd.DataFrame:
        """``topic_terms.csv``: model, k, topic, rank, term, weight (top 20 terms per topic)."""
        from fsf.topics import topic_terms_table

        return topic_terms_table(self.topic_models)

    @computed
    def paragraph_topics(self) -> pd.DataFrame:
        """``paragraph_topics.csv``: model, k, doc_id, paragraph_idx, topic, weight."""
        from fsf.topics import paragraph_topics_table

        return paragraph_topics_table(self.topic_models)

    # ------------------------------------------------------------------ narrative
    @computed
    def actors(self) -> pd.DataFrame:
        """Every mention of an actor, sentence by sentence (:func:`fsf.narrative.actor_mentions`)."""
        from fsf.narrative import actor_mentions

        return actor_mentions(self.sentences, self.mentions)

    @computed
    def cooccurrence(self) -> pd.DataFrame:
        """Pairs of actors named in the same sentence, per article."""
        from fsf.narrative import cooccurrence

        return cooccurrence(self.actors)

    @computed
    def destinations(self) -> pd.DataFrame:
        """Places the fighters come from or go to, per mention."""
        from fsf.narrative import destination_counts

        return destination_counts(self.sentences)

    @computed
    def fates(self) -> pd.DataFrame:
        """What happens to the fighters, in sentences that mention them."""
        from fsf.narrative import fate_counts

        return fate_counts(self.sentences, self.mentions)

    @computed
    def who_speaks(self) -> pd.DataFrame:
        """Utterances and quoted words per article and speaker type."""
        from fsf.narrative import who_speaks

        return who_speaks(self.quotes, self.corpus)

    @computed
    def quoted_sentences(self) -> pd.DataFrame:
        """Sentences inside a quotation, with its speaker and speaker type."""
        from fsf.narrative import quoted_sentences

        return quoted_sentences(self.quotes, self.sentences)

    @computed
    def actor_counts(self) -> pd.DataFrame:
        """Mentions of each actor per article, raw and per 1,000 tokens."""
        from fsf.narrative import actor_counts

        return actor_counts(self.actors, self.corpus)

    @computed
    def dispersion(self) -> tuple:
        """(terms, positions): where key names occur along each article (:func:`fsf.compare.key_terms`)."""
        from fsf.compare import dispersion, key_terms

        terms = key_terms(self.alias_counts, seeds=self.is_seeds)
        return terms, dispersion(self.sentences, terms)

    @computed
    def stance_arc(self) -> pd.DataFrame:
        """The lexicon stance along each article, paragraph by paragraph."""
        from fsf.narrative import stance_arc

        return stance_arc(self.stance, self.sentences)

    @computed
    def stance_arc_codes(self) -> pd.DataFrame:
        """The hand-coded stance along each article (coded sentences only)."""
        from fsf.narrative import stance_arc

        return stance_arc(self.stance_codes, self.sentences)

    @computed
    def readings(self) -> pd.DataFrame:
        """The analyst's framing of each article: the seeds' shipped readings, else none."""
        from fsf.narrative import analyst_readings

        if self.is_seeds:
            return analyst_readings()
        return pd.DataFrame(columns=["doc_id", "framing", "reading"])

    @computed
    def article_summary(self) -> pd.DataFrame:
        """One row per article: actors near the fighters, fates, destinations, hand-coded stance, framing."""
        from fsf.narrative import article_summary

        codes = self.stance_codes if self.codes.stance is not None else None
        return article_summary(self.corpus, self.actors, self.fates, self.destinations, codes, self.readings)

    @computed
    def labels(self) -> dict:
        """doc_id -> short label (id, outlet, year) for figures."""
        from fsf.plots import article_labels

        return article_labels(self.corpus)

    # ------------------------------------------------------------------ outputs
    def table(self, name: str) -> pd.DataFrame:
        """An exported table by its file stem (see :data:`EXPORT_TABLES`)."""
        if name not in EXPORT_TABLES:
            raise FsfError(f"unknown table {name!r}. Fix: use one of {', '.join(EXPORT_TABLES)}.")
        return getattr(self, _EXPORT_ATTRIBUTE.get(name, name))

    def provenance_record(self) -> dict:
        """What a manifest records of this study: corpus folder and sha256s, settings, hand codes."""
        corpus = self.corpus
        return {"corpus": "seeds" if self.is_seeds and self.corpus_dir is None else str(self.corpus_dir.resolve()),
                "articles": dict(zip(corpus["file"], corpus["sha256"])),
                "metadata": _sha256(self._corpus_folder / config.METADATA_NAME),
                "settings": self.settings.to_dict(),
                "hand_codes": self.codes.describe()}

    def save(self, out_dir: str | Path | None = None, *, tables=None, fmt: str = "csv", raw_csv: bool = False,
             progress: Callable[[str], None] | None = None) -> Path:
        """Write the tables (``fsf export``) with a manifest; the folder then reopens with :meth:`open`.

        Parameters
        ----------
        out_dir : str or Path, optional
            Default ``<out_dir>/tables``. Written all or nothing (:class:`fsf.outputs.OutputFolder`).
        tables : list of str, optional
            File stems from :data:`EXPORT_TABLES`; default all. A table whose method cannot run
            on this corpus is skipped, and the manifest and ``progress`` say why.
        fmt : ``"csv"`` or ``"parquet"``
        raw_csv : bool
            Keep cells that start like a spreadsheet formula as they are (default: prefixed with ').

        Returns
        -------
        Path
            The folder written.
        """
        import time

        from fsf.outputs import OutputFolder

        names = list(tables) if tables else list(EXPORT_TABLES)
        unknown = [n for n in names if n not in EXPORT_TABLES]
        if unknown:
            raise FsfError(f"unknown table {unknown[0]!r}. Fix: use one of {', '.join(EXPORT_TABLES)}.")
        folder = Path(out_dir) if out_dir is not None else self.out_dir / "tables"
        reporting, self.progress = self.progress, progress or self.progress
        try:
            self.corpus  # noqa: B018 - fail on bad input before anything is written
            # the per-article steps run (on the engine) before the output folder is touched: if they fail, for
            # instance because a worker died, the folder stays as it was
            self.per_article  # noqa: B018
        finally:
            self.progress = reporting
        skipped = {}
        with OutputFolder(folder, "export", progress=progress) as out:
            for name in names:
                start = time.perf_counter()
                try:
                    table = self.table(name)
                except MethodError as err:
                    skipped[name] = str(err)
                    if progress:
                        progress(f"skipped {name}: {err}")
                    continue
                relative = out.table(name, table, fmt=fmt, raw_csv=raw_csv)
                if progress:
                    progress(f"wrote {folder / relative} ({len(table):,} rows, {time.perf_counter() - start:.1f} s)")
            out.provenance = {**self.provenance_record(), "format": fmt, "raw_csv": raw_csv,
                              "skipped": skipped, "table_notes": {n: self._table_note(n) for n in names}}
        return folder

    @classmethod
    def open(cls, folder: str | Path, *, lenient: bool = False, check_corpus: bool = True) -> Study:
        """Reopen a saved study: its tables are read from ``folder``, anything else is computed.

        Raises
        ------
        fsf.outputs.OutputError
            Not a folder fsf wrote, or one whose run stopped part-way.
        fsf.errors.CorpusError
            The corpus changed since the tables were written (``check_corpus``).
        """
        from fsf.errors import CorpusError
        from fsf.outputs import check_complete
        from fsf.settings import settings_from_dict

        folder = Path(folder)
        manifest = check_complete(folder)
        corpus = None if manifest.get("corpus") == "seeds" else manifest.get("corpus")
        study = cls(corpus, settings=settings_from_dict(manifest.get("settings", {}), source=str(folder)),
                    lenient=lenient)
        for file, info in manifest.get("files", {}).items():
            stem = Path(file).stem
            if stem in EXPORT_TABLES:
                study._saved[_EXPORT_ATTRIBUTE.get(stem, stem)] = folder / file
                study._saved_columns[_EXPORT_ATTRIBUTE.get(stem, stem)] = info.get("columns", {})
        study._saved_raw = bool(manifest.get("raw_csv", False))
        if check_corpus:
            base = study._corpus_folder
            changed = [base / file for file, digest in manifest.get("articles", {}).items()
                       if _sha256(base / file) != digest]
            if "metadata" in manifest and _sha256(base / config.METADATA_NAME) != manifest["metadata"]:
                changed.append(base / config.METADATA_NAME)
            if "articles" in manifest and not changed:
                import warnings

                from fsf.corpus.load import _list_articles

                s = study.settings.corpus
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # files that are not articles are reported when loading
                    listed = _list_articles(base, follow_symlinks=s.follow_symlinks, recursive=s.recursive)
                changed = [path for path, name in listed if name not in manifest["articles"]]
            if changed:
                raise CorpusError(f"{changed[0]}: the corpus changed (or moved) since {folder} was written. Fix: run "
                                  "`fsf export` again, or open with check_corpus=False to read the old tables.")
        return study

    @property
    def _corpus_folder(self) -> Path:
        return config.SEEDS_DIR if self.corpus_dir is None else self.corpus_dir

    def _saved_table(self, name: str):
        path = self._saved.get(name)
        if path is None:
            return None
        return read_table(path, self._saved_columns.get(name, {}), raw_csv=getattr(self, "_saved_raw", False))

    def figure(self, name: str, *, save: bool = True, formats=None):
        """Draw a figure of :data:`fsf.gallery.FIGURES` from this study's tables (and save it).

        Returns the figure, or (lenient study) a :class:`~fsf.errors.Skipped` saying why it
        cannot be drawn on this corpus.
        """
        from fsf.gallery import draw

        return draw(self, name, save=save, formats=formats)


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def read_table(path: Path, columns: dict, *, raw_csv: bool = False) -> pd.DataFrame:
    """Read a table a study saved, with the column types its manifest records (``raw_csv``: saved unescaped)."""
    from fsf.outputs import unsafe_cell

    if path.suffix == ".parquet":  # Parquet keeps types, but text comes back as pandas' string type
        table = pd.read_parquet(path)
        for column, dtype in columns.items():
            if dtype == "object" and column in table and str(table[column].dtype) != "object":
                table[column] = table[column].astype(object).where(table[column].notna(), None)
        return table
    text = [c for c, t in columns.items() if t in ("object", "str", "string")]
    table = pd.read_csv(path, dtype={c: str for c in text}, keep_default_na=False,
                        na_values={c: [""] for c in columns if c not in text})
    for column in text:
        if not raw_csv:
            table[column] = table[column].map(unsafe_cell)
        if columns[column] == "object":
            table[column] = table[column].astype(object)
    for column, dtype in columns.items():
        if column in table and column not in text:
            table[column] = table[column].astype(dtype)
    return table
