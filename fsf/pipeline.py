"""The per-article steps as functions of ONE article, and the engine that runs them over a corpus.

Most of fsf's work is done article by article: cleaning, paragraphs, sentences, mentions of
foreign fighters, their stance scores, quotes and the counts per section depend on one
article alone. :func:`article_rows` does all of it for one article record (a row of the
corpus table: ``doc_id``, ``raw_text``, ``year``) and gives plain rows; :func:`combine`
turns the rows of any number of articles into the corpus tables, exactly as the corpus-wide
functions make them (:func:`fsf.corpus.lines_table`, :func:`fsf.corpus.paragraphs`,
:func:`fsf.text.sentences`, :func:`fsf.stance.mentions`, :func:`fsf.stance.sentence_stance`,
:func:`fsf.quotes.quotes`, :func:`fsf.text.section_counts`), which use the same row helpers.

Because each article is independent, the articles can be split among processes or machines.
:class:`Engine` runs :func:`article_rows` over a corpus:

* serially, in this process (``workers=1``, the default);
* on local processes (``workers=N``; 0 = every core): the standard library's
  :class:`~concurrent.futures.ProcessPoolExecutor`, articles sent in chunks;
* on an existing dask.distributed cluster (``scheduler="tcp://host:port"``; the optional
  extra ``fsf[dask]``): a :func:`dask.bag.from_sequence` of the article records, mapped with
  :func:`article_rows`. The workers need the same fsf version installed (checked on connecting);
  the articles travel from this process, so the corpus need only be readable here.

Whatever the engine, the results are put back in corpus order (by ``doc_id``) before they are
combined, so the tables are identical, byte for byte, to a serial run. :func:`corpus_tables`
does the whole pass; :class:`fsf.Study` calls it once for all seven tables.

Examples
--------
>>> from fsf.corpus import load_corpus
>>> corpus = load_corpus()
>>> one = article_tables(corpus.iloc[0])
>>> sorted(one), len(one["sentences"]), one["quotes"]["doc_id"].unique().tolist()
(['lines', 'mentions', 'paragraphs', 'quotes', 'section_counts', 'sentences', 'stance'], 30, ['000'])
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import pandas as pd

from fsf.errors import EngineError, FsfError

__all__ = ["ARTICLE_TABLES", "ArticleRows", "ArticleTask", "Engine", "article_rows", "article_tables", "combine",
           "corpus_tables"]

ARTICLE_TABLES = ("lines", "paragraphs", "sentences", "mentions", "stance", "quotes", "section_counts")
"""The tables the per-article step gives (``stance`` is ``ff_sentences``)."""

_STEPS = ("clean", "lines", "paragraphs", "sentences", "mentions", "stance", "quotes", "section_counts")
_NEEDS = {"mentions": ("sentences",), "stance": ("mentions",), "quotes": ("paragraphs", "sentences"),
          "section_counts": ("lines", "sentences")}


class ArticleTask:
    """One article as the engine sends it: doc_id, year, raw text and/or what cleaning found, sha256.

    ``cleaned`` (a :class:`fsf.corpus.CleanedArticle`, from :func:`fsf.corpus.load_corpus`) saves
    cleaning the article again; without it the step cleans ``raw_text``.
    """

    __slots__ = ("doc_id", "year", "raw_text", "cleaned", "sha256")

    def __init__(self, doc_id: str, year=pd.NA, raw_text: str | None = None, cleaned=None, sha256: str = ""):
        self.doc_id, self.year, self.raw_text, self.cleaned, self.sha256 = doc_id, year, raw_text, cleaned, sha256

    def __reduce__(self):
        return ArticleTask, (self.doc_id, self.year, self.raw_text, self.cleaned, self.sha256)

    def __dask_tokenize__(self):  # dask names tasks by their inputs: the id and sha256 say it all
        if not self.sha256 and self.raw_text is not None:
            import hashlib

            self.sha256 = hashlib.sha256(self.raw_text.encode("utf-8", "surrogatepass")).hexdigest()
        return ("fsf-article", self.doc_id, self.sha256)

    def __repr__(self) -> str:
        return f"ArticleTask({self.doc_id!r})"

    @classmethod
    def from_record(cls, article) -> ArticleTask:
        """A task from a row of the corpus table (a mapping or a :class:`pandas.Series`)."""
        if isinstance(article, ArticleTask):
            return article
        get = article.get if hasattr(article, "get") else (lambda key, default=None: default)
        return cls(article["doc_id"], get("year", pd.NA), article["raw_text"], None, get("sha256", "") or "")

    def article(self):
        """What cleaning found (cleaning ``raw_text`` if it was not given)."""
        if self.cleaned is not None:
            return self.cleaned
        from fsf.corpus.clean import clean_article

        return clean_article(self.raw_text)


@dataclass
class ArticleRows:
    """What :func:`article_rows` gives for one article: plain rows, cheap to send between processes.

    ``lines``, ``paragraphs``, ``sentences`` and ``mentions`` are tuples in the column order of
    the corpus tables; ``scores`` the stance score of each mention's window; ``n_tokens`` the
    tokens of each line; ``quotes`` the article's rows of the quotes table (tuples; None if it has
    none); ``errors`` a step that cannot run with these settings (it then fails as a table, as it
    would corpus-wide); ``seconds`` the time of each step.
    """

    doc_id: str
    lines: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    n_tokens: list = field(default_factory=list)
    quotes: list | None = None
    errors: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def _settings(settings):
    if settings is None:
        from fsf.settings import Settings

        return Settings()
    return settings


def article_rows(article, settings=None) -> ArticleRows:
    """Every per-article step for ONE article: lines, paragraphs, sentences, mentions, stance, quotes, counts.

    Parameters
    ----------
    article : ArticleTask, mapping or pandas.Series
        A row of the corpus table (:func:`fsf.corpus.load_corpus`: ``doc_id``, ``raw_text`` and
        ``year`` are used), or an :class:`ArticleTask` (which may carry what cleaning found).
    settings : fsf.settings.Settings, optional
        ``[mentions] carry`` and ``[stance]`` are used; default the defaults.

    Returns
    -------
    ArticleRows
        Plain rows; :func:`combine` makes the tables of one or more articles from them.

    Examples
    --------
    >>> text = "Exodus from Idlib\\n\\nForeign fighters left the town on Monday. They went north.\\n"
    >>> rows = article_rows({"doc_id": "x", "raw_text": text, "year": 2020})
    >>> [s[4] for s in rows.sentences], [(m[4], m[5]) for m in rows.mentions]
    (['Exodus from Idlib', 'Foreign fighters left the town on Monday.', 'They went north.'], [('Foreign fighters', 'explicit'), ('They', 'pronoun')])
    """
    from fsf.corpus.load import line_rows, paragraph_rows
    from fsf.quotes import QUOTE_COLUMNS, article_quote_rows
    from fsf.stance.score import analyzer, window_scores
    from fsf.stance.targets import article_mention_rows
    from fsf.text.segment import sentence_rows
    from fsf.text.tokens import tokenize

    settings = _settings(settings)
    columns = QUOTE_COLUMNS[1:]  # after doc_id
    task = ArticleTask.from_record(article)
    doc_id = task.doc_id
    out = ArticleRows(doc_id)
    clock = time.perf_counter
    start = clock()
    art = task.article()
    now = clock()
    out.seconds["clean"] = now - start if task.cleaned is None else 0.0

    def step(name, func):
        nonlocal now
        if any(need in out.errors for need in _NEEDS.get(name, ())):
            out.errors[name] = next(out.errors[need] for need in _NEEDS[name] if need in out.errors)
            return
        try:
            func()
        except FsfError as err:  # e.g. an unknown lexicon: that table fails, as it would corpus-wide
            out.errors[name] = err
        end = clock()
        out.seconds[name] = end - now
        now = end

    def lines():
        out.lines = line_rows(doc_id, art)

    def paragraphs():
        out.paragraphs = paragraph_rows(doc_id, task.year, art)

    def sentences():
        paras = out.paragraphs
        out.sentences = sentence_rows([doc_id] * len(paras), [p[1] for p in paras], [p[2] for p in paras],
                                      [p[3] for p in paras], [p[6] for p in paras])

    def mentions():
        out.mentions = article_mention_rows(doc_id, [s[1] for s in out.sentences], [s[4] for s in out.sentences],
                                            carry=settings.mentions.carry)

    def stance():
        s = settings.stance
        analyzer(s.lexicon)  # fail on an unknown lexicon even without a mention, as sentence_stance does
        texts = [row[4] for row in out.sentences]  # sent_idx is the position in the article's sentences
        _, out.scores = window_scores(((m[1], texts[m[1]], m[2], m[3]) for m in out.mentions), n=s.n,
                                      lexicon=s.lexicon, mask=s.mask)

    def quotes():
        paras, sents = out.paragraphs, out.sentences
        rows = article_quote_rows([p[2] for p in paras], [p[6] for p in paras], [p[7] for p in paras],
                                  [s[1] for s in sents], [s[3] for s in sents], [s[5] for s in sents])
        if rows:  # rows, not a frame: 10,000 small frames cost more to send back than the rest together
            out.quotes = [(doc_id, *[row[c] for c in columns]) for row in rows]

    def section_counts():
        out.n_tokens = [len(tokenize(row[7])) if row[2] != "blank" else 0 for row in out.lines]

    for name, func in (("lines", lines), ("paragraphs", paragraphs), ("sentences", sentences),
                       ("mentions", mentions), ("stance", stance), ("quotes", quotes),
                       ("section_counts", section_counts)):
        step(name, func)
    return out


def combine(parts: Iterable[ArticleRows], settings=None, *, doc_ids: list[str] | None = None,
            seconds: dict | None = None) -> dict:
    """The corpus tables from the per-article rows, in the order given (give them in corpus order).

    Parameters
    ----------
    parts : iterable of ArticleRows
        From :func:`article_rows`, one per article.
    settings : fsf.settings.Settings, optional
        ``[stance] threshold`` is used here.
    doc_ids : list of str, optional
        The corpus's doc_ids in order (the rows of ``section_counts``); default those of ``parts``.
    seconds : dict, optional
        If given, receives the time each table took here.

    Returns
    -------
    dict
        :data:`ARTICLE_TABLES` -> pandas.DataFrame, or the :class:`~fsf.errors.FsfError` that
        stops that table (a step that cannot run with these settings).
    """
    from fsf.corpus.load import lines_frame, paragraphs_frame
    from fsf.quotes import QUOTE_COLUMNS
    from fsf.stance.score import stance_table
    from fsf.stance.targets import mentions_frame
    from fsf.text.counts import section_counts
    from fsf.text.segment import sentences_frame

    settings = _settings(settings)
    parts = list(parts)
    doc_ids = [p.doc_id for p in parts] if doc_ids is None else list(doc_ids)
    errors = {}
    for part in parts:
        for name, err in part.errors.items():
            errors.setdefault(name, err)
    seconds = {} if seconds is None else seconds
    tables: dict = {}

    def table(name, make):
        start = time.perf_counter()
        if name in errors:
            tables[name] = errors[name]
        elif any(isinstance(tables.get(need), FsfError) for need in _NEEDS.get(name, ())):
            tables[name] = next(tables[need] for need in _NEEDS[name] if isinstance(tables.get(need), FsfError))
        else:
            tables[name] = make()
        seconds[name] = time.perf_counter() - start

    table("lines", lambda: lines_frame([row for p in parts for row in p.lines]))
    table("paragraphs", lambda: paragraphs_frame([row for p in parts for row in p.paragraphs]))
    table("sentences", lambda: sentences_frame([row for p in parts for row in p.sentences]))
    table("mentions", lambda: mentions_frame([row for p in parts for row in p.mentions]))

    def stance():
        found = tables["mentions"]
        scored = found[["doc_id", "sent_idx"]].assign(score=[s for p in parts for s in p.scores])
        return stance_table(tables["sentences"], scored, settings.stance.threshold)

    def quotes():
        rows = [row for p in parts if p.quotes for row in p.quotes]
        if not rows:
            return pd.DataFrame(columns=QUOTE_COLUMNS)  # as fsf.quotes.quotes gives it
        return pd.DataFrame(rows, columns=QUOTE_COLUMNS)

    def counts():
        lines = tables["lines"].assign(n_tokens=[n for p in parts for n in p.n_tokens])
        return section_counts(pd.DataFrame({"doc_id": doc_ids}), sentences=tables["sentences"], lines=lines)

    table("stance", stance)
    table("quotes", quotes)
    table("section_counts", counts)
    return tables


def article_tables(article, settings=None) -> dict:
    """The tables of ONE article (:func:`article_rows` then :func:`combine`).

    Returns
    -------
    dict
        :data:`ARTICLE_TABLES` -> pandas.DataFrame: the article's rows of each corpus table.

    Raises
    ------
    fsf.errors.FsfError
        A step that cannot run with these settings.
    """
    tables = combine([article_rows(article, settings)], settings)
    for value in tables.values():
        if isinstance(value, FsfError):
            raise value
    return tables


# ---------------------------------------------------------------------------------------------- the engine

def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _chunks(sizes: list[int], n_chunks: int, most: int = 200) -> list[range]:
    """Consecutive ranges of items, about equal in total size, at most ``most`` items each.

    Examples
    --------
    >>> _chunks([5, 5, 5, 5, 100, 5], 3)
    [range(0, 4), range(4, 5), range(5, 6)]
    """
    if not sizes:
        return []
    target = max(1, sum(sizes) / max(1, n_chunks))
    chunks, begin, total = [], 0, 0
    for i, size in enumerate(sizes):
        if i > begin and (total + size > target or i - begin >= most):
            chunks.append(range(begin, i))
            begin, total = i, 0
        total += size
    chunks.append(range(begin, len(sizes)))
    return chunks


def _run_chunk(func, items, args):
    return [func(item, *args) for item in items]


_FORKED: list | None = None
"""The items of the current :meth:`Engine.map`, which forked workers inherit instead of receiving them."""


def _run_range(func, start, stop, args):
    return [func(item, *args) for item in _FORKED[start:stop]]


def _warm(lexicon: str) -> None:
    """Build what every article needs once per worker process (sentence splitter, lexicons, patterns)."""
    from fsf.quotes import load_speaker_types
    from fsf.stance.score import analyzer
    from fsf.stance.targets import load_patterns
    from fsf.text.aliases import load_aliases
    from fsf.text.segment import _punkt

    _punkt()
    load_patterns()
    load_aliases()
    load_speaker_types()
    try:
        analyzer(lexicon)
    except FsfError:  # reported by the step itself
        pass


def _probe(address: str, timeout: float) -> str | None:
    """Why a Dask scheduler cannot be reached at ``address`` (one line), or None if it answers its handshake.

    Runs in a thread of its own, so it works inside a running event loop (a Jupyter kernel).
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import TimeoutError as Late

    from distributed.comm import connect

    async def handshake():
        comm = await connect(address, timeout=timeout)
        await comm.close()

    def attempt():
        try:
            asyncio.run(asyncio.wait_for(handshake(), timeout))
        except asyncio.TimeoutError:
            return f"no answer after {timeout:g} s"
        except Exception as err:  # noqa: BLE001 - refused, unknown host, not a Dask scheduler, a bad address, ...
            text = " ".join(str(err).split())
            if isinstance(err, MemoryError) or "allocate" in text:
                return "what answers there is not a Dask scheduler"
            return text or type(err).__name__
        return None

    pool = ThreadPoolExecutor(1)
    try:
        return pool.submit(attempt).result(timeout + 5)
    except Late:
        return f"no answer after {timeout:g} s"
    finally:
        pool.shutdown(wait=False)


def _fsf_version() -> str:
    import fsf

    return fsf.__version__


def _mp_context():
    """How worker processes start: forked where that is safe (Linux, no other thread in this process: the
    command line), so they inherit the articles and need nothing sent; else from a fork server that has
    imported fsf (a Jupyter kernel has threads), else spawned (Windows, macOS)."""
    import multiprocessing
    import sys
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["fsf.pipeline", "fsf.quotes", "fsf.stance", "fsf.text", "fsf.corpus",
                                        "nltk.tokenize.punkt", "vaderSentiment.vaderSentiment"])
        return context
    return multiprocessing.get_context("spawn")


class Engine:
    """Where the per-article steps run: this process, local processes, or a Dask cluster.

    Parameters
    ----------
    workers : int, optional
        Local processes: 1 (or None) runs in this process; 0 uses every core.
    scheduler : str, optional
        The address of a dask.distributed scheduler (``tcp://host:8786``); it takes precedence
        over ``workers``. Needs the ``fsf[dask]`` extra installed here and on every worker.
    timeout : float
        Seconds to wait for the scheduler to answer (and for a worker to join) before giving up.

    Examples
    --------
    >>> Engine().describe(), Engine(workers=2).describe()
    ('this process', '2 worker processes')
    >>> Engine(workers=2).map(abs, [-1, 2, -3])
    [1, 2, 3]
    """

    def __init__(self, workers: int | None = 1, scheduler: str | None = None, *, timeout: float = 5.0):
        if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 0):
            raise FsfError(f"workers={workers!r}: must be a whole number of processes, 0 for every core. "
                           "Fix: e.g. --workers 2.")
        self.scheduler = str(scheduler) if scheduler else None
        self.workers = 1 if workers is None else (workers or _available_cores())
        self.timeout = timeout

    @property
    def kind(self) -> str:
        """``serial``, ``processes`` or ``dask``."""
        return "dask" if self.scheduler else "processes" if self.workers > 1 else "serial"

    def describe(self) -> str:
        """Where the steps run, for progress lines."""
        return {"serial": "this process", "processes": f"{self.workers} worker processes",
                "dask": f"the Dask cluster at {self.scheduler}"}[self.kind]

    def __repr__(self) -> str:
        return f"Engine({self.describe()})"

    def map(self, func: Callable, items: list, *args, sizes: list[int] | None = None,
            done: Callable[[int], None] | None = None, prepare: tuple | None = None) -> list:
        """``[func(item, *args) for item in items]``, run where this engine runs, in the order of ``items``.

        ``func`` must be importable by name in the workers (a module-level function). ``sizes``
        (e.g. characters per item) balance the chunks; ``done`` is called with the number of
        items finished so far; ``prepare`` (a function and its arguments) runs once per local
        worker process before its first item (here, before forking, when workers are forked).

        Raises
        ------
        fsf.errors.EngineError
            The scheduler cannot be reached, or a worker died (nothing is returned then).
        """
        items = list(items)
        if self.kind == "serial" or not items:
            out = []
            for item in items:
                out.append(func(item, *args))
                if done:
                    done(len(out))
            return out
        if self.kind == "processes":
            return self._map_processes(func, items, args, sizes, done, prepare)
        return self._map_dask(func, items, args, done)

    def _map_processes(self, func, items, args, sizes, done, prepare):
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        global _FORKED
        chunks = _chunks(sizes if sizes is not None else [1] * len(items), self.workers * 8)
        results: list = [None] * len(chunks)
        context = _mp_context()
        forked = context.get_start_method() == "fork"
        if forked and prepare:  # done once here, inherited by every worker
            prepare[0](*prepare[1])
        pool = ProcessPoolExecutor(max_workers=min(self.workers, len(chunks)), mp_context=context,
                                   initializer=None if forked or not prepare else prepare[0],
                                   initargs=() if forked or not prepare else tuple(prepare[1]))
        try:
            if forked:  # every worker is forked at the first submit, with the items in its memory
                _FORKED = items
                futures = {pool.submit(_run_range, func, chunk.start, chunk.stop, args): k
                           for k, chunk in enumerate(chunks)}
            else:
                futures = {pool.submit(_run_chunk, func, [items[i] for i in chunk], args): k
                           for k, chunk in enumerate(chunks)}
            _FORKED = None
            finished = 0
            for future in as_completed(futures):
                k = futures[future]
                results[k] = future.result()
                finished += len(chunks[k])
                if done:
                    done(finished)
        except BrokenProcessPool:
            # wait for the pool's manager thread: left running, it races the interpreter's exit handler over the
            # pool's wake-up pipe and prints a traceback after the one-line message (the workers are gone already)
            pool.shutdown(wait=True, cancel_futures=True)
            raise EngineError(f"a worker process died while running the per-article steps on {self.workers} "
                              "processes, so the run stopped and nothing was written. Fix: run again; if it "
                              "happens again, the machine may be short of memory: use fewer --workers.") from None
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            _FORKED = None
        pool.shutdown(wait=True)
        return [row for chunk in results for row in chunk]

    def check(self) -> None:
        """Fail now, in seconds, if the engine cannot run: for a Dask cluster, connect and check it (:meth:`client`)."""
        if self.kind == "dask":
            self.client().close()

    def client(self):
        """A dask.distributed Client of the scheduler, checked: it answers, has a worker, runs this fsf.

        Raises
        ------
        fsf.errors.EngineError
            Dask is not installed, the scheduler does not answer within ``timeout`` seconds, it has no
            worker, or its workers run another fsf version (or none).
        """
        address = self.scheduler
        try:
            from distributed import Client
        except ModuleNotFoundError:
            raise EngineError(f"--scheduler {address}: running on a Dask cluster needs dask.distributed. Fix: "
                              "install the fsf[dask] extra (on this machine and on the workers).") from None
        problem = _probe(address, self.timeout)  # before a Client exists: a failed one lingers and retries
        if problem is None:
            try:
                client = Client(address, timeout=self.timeout, set_as_default=False)
            except Exception as err:  # noqa: BLE001 - whatever went wrong, the cluster cannot be used
                problem = " ".join(str(err).split()) or type(err).__name__
        if problem is not None:
            raise EngineError(f"cannot reach the Dask scheduler at {address} ({problem}). "
                              "Fix: check the address (tcp://host:port) and that the scheduler is running and "
                              "reachable from here.")
        try:
            try:
                client.wait_for_workers(1, timeout=self.timeout)
            except (OSError, TimeoutError):
                raise EngineError(f"the Dask scheduler at {address} has no worker (waited {self.timeout:g} s). "
                                  "Fix: start workers with `dask worker " + address + "`.") from None
            from fsf import __version__

            try:
                versions = client.run(_fsf_version)
            except Exception as err:  # noqa: BLE001 - e.g. fsf cannot be imported on a worker
                raise EngineError(f"the Dask workers at {address} cannot run fsf ({type(err).__name__}: "
                                  f"{' '.join(str(err).split())}). Fix: install fsf {__version__} on every worker "
                                  "(with its fsf[dask] extra).") from None
            other = {worker: v for worker, v in versions.items() if v != __version__}
            if other:
                worker, found = next(iter(other.items()))
                raise EngineError(f"the Dask worker {worker} runs fsf {found}, this machine fsf {__version__}; "
                                  "results could differ. Fix: install the same fsf version on every worker.")
        except BaseException:
            client.close()
            raise
        return client

    def _map_dask(self, func, items, args, done):
        import dask.bag as db

        client = self.client()
        try:
            from distributed import TimeoutError as DaskTimeout

            try:
                from distributed.scheduler import KilledWorker
            except ImportError:  # pragma: no cover - older layouts
                from distributed import KilledWorker
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            bag = db.from_sequence(items, npartitions=min(len(items), n_workers * 8)).map(func, *args)
            future = client.compute(bag)
            alone_since = None
            while True:
                try:
                    result = future.result(timeout=1)
                    break
                except (DaskTimeout, TimeoutError):
                    if client.scheduler_info().get("workers"):
                        alone_since = None
                    elif alone_since is None:
                        alone_since = time.monotonic()
                    elif time.monotonic() - alone_since > max(30.0, self.timeout):
                        raise EngineError(f"every worker of the Dask cluster at {self.scheduler} has gone; nothing "
                                          "was written. Fix: restart the workers and run again.") from None
                except KilledWorker as err:
                    raise EngineError(f"a Dask worker died while running the per-article steps ({err}); nothing "
                                      "was written. Fix: run again; if it happens again, check the workers' memory "
                                      "and logs.") from None
                except OSError as err:
                    raise EngineError(f"lost the connection to the Dask scheduler at {self.scheduler} "
                                      f"({' '.join(str(err).split())}); nothing was written. Fix: check the "
                                      "scheduler and run again.") from None
        finally:
            client.close()
        if done:
            done(len(items))
        return list(result)


# ---------------------------------------------------------------------------------------------- the corpus pass

_LABELS = {"lines": "lines", "paragraphs": "paragraphs", "sentences": "sentences", "mentions": "mentions",
           "stance": "ff_sentences", "quotes": "quotes", "section_counts": "section counts"}


def tasks(corpus: pd.DataFrame, cleaned: Mapping | None = None, *, send_text: bool = False) -> list[ArticleTask]:
    """One :class:`ArticleTask` per article of a corpus table, in its order.

    ``cleaned`` (doc_id -> CleanedArticle, from ``load_corpus(keep_cleaned=...)``) goes with each
    article so the step need not clean again; the raw text then goes only if ``send_text``.
    """
    cleaned = cleaned or {}
    years = corpus["year"].tolist() if "year" in corpus else [pd.NA] * len(corpus)
    digests = corpus["sha256"].tolist() if "sha256" in corpus else [""] * len(corpus)
    out = []
    for doc_id, year, raw, digest in zip(corpus["doc_id"].tolist(), years, corpus["raw_text"].tolist(), digests):
        art = cleaned.get(doc_id)
        out.append(ArticleTask(doc_id, year, raw if art is None or send_text else None, art, digest))
    return out


def corpus_tables(corpus: pd.DataFrame, settings=None, *, engine: Engine | None = None,
                  cleaned: Mapping | None = None, progress: Callable[[str], None] | None = None) -> dict:
    """Run the per-article steps over a corpus on an engine and combine them: the seven per-article tables.

    Parameters
    ----------
    corpus : pandas.DataFrame
        From :func:`fsf.corpus.load_corpus` (doc_id, raw_text, year, sha256), in doc_id order.
    settings : fsf.settings.Settings, optional
    engine : Engine, optional
        Default: this process.
    cleaned : mapping, optional
        doc_id -> :class:`fsf.corpus.CleanedArticle` from ``load_corpus(keep_cleaned=...)``. Sent
        with the articles to local processes; on a Dask cluster only the raw text travels (it is
        smaller) and the workers clean it.
    progress : callable, optional
        Called with one line per step: rows, articles and seconds.

    Returns
    -------
    dict
        :data:`ARTICLE_TABLES` -> pandas.DataFrame (or the FsfError that stops that table), the
        same whatever the engine.

    Examples
    --------
    >>> from fsf.corpus import load_corpus
    >>> tables = corpus_tables(load_corpus())
    >>> len(tables["sentences"]), len(tables["quotes"])
    (200, 49)
    """
    settings = _settings(settings)
    engine = engine or Engine()
    start = time.perf_counter()
    work = tasks(corpus, None if engine.kind == "dask" else cleaned)
    sizes = [len(t.raw_text) if t.raw_text is not None else sum(len(p.text) for p in t.cleaned.paragraphs)
             for t in work]
    n = len(work)
    last = [start]

    def done(finished: int) -> None:
        now = time.perf_counter()
        if progress and finished < n and now - last[0] >= 10:
            last[0] = now
            progress(f"per-article steps: {finished:,} of {n:,} articles ({now - start:.1f} s)")

    parts = engine.map(article_rows, work, settings, sizes=sizes, done=done,
                       prepare=(_warm, (settings.stance.lexicon,)))
    order = {doc_id: i for i, doc_id in enumerate(corpus["doc_id"])}
    parts.sort(key=lambda p: order[p.doc_id])  # corpus (doc_id) order, whatever order they came back in
    mapped = time.perf_counter() - start
    seconds: dict = {}
    tables = combine(parts, settings, doc_ids=list(corpus["doc_id"]), seconds=seconds)
    if progress:
        summed = " (step times add up the workers' time)" if engine.kind != "serial" else ""
        progress(f"per-article steps: {n:,} articles on {engine.describe()} ({mapped:.1f} s){summed}")
        cleaning = sum(p.seconds.get("clean", 0.0) for p in parts)
        if cleaning:
            progress(f"clean: {n:,} articles ({cleaning:.1f} s)")
        for name in ARTICLE_TABLES:
            value = tables[name]
            took = sum(p.seconds.get(name, 0.0) for p in parts) + seconds.get(name, 0.0)
            if isinstance(value, FsfError):
                progress(f"{_LABELS[name]}: not computed: {value}")
            else:
                progress(f"{_LABELS[name]}: {len(value):,} rows from {n:,} articles ({took:.1f} s)")
    return tables
