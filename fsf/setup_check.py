"""``fsf check``: is this computer ready for the fsf notebooks? One line per item, each with a verdict.

Written for a class on students' own laptops: run it after installing, before the first session.
Each item is ``ok`` (with what was found) or ``PROBLEM`` (with the reason and the fix, on one
line), so a student can read it out or paste it to the teacher:

* Python's version (3.10-3.12 are the versions a class set-up covers) and fsf's;
* the packages fsf's results depend on, each against the version fsf requires;
* the seed articles load and match their checksums;
* nothing needs downloading: sentence splitting, stop words, stemming and the stance measure
  (with VADER's lexicon) run with the network blocked;
* a Jupyter kernel starts and runs a cell that imports fsf (so JupyterLab will find it); if no
  local network port can be opened, this fails at once naming loopback networking, instead of
  a kernel timing out a minute later;
* a figure draws and saves, as PNG and PDF, into a temporary folder.

It takes about 10 s (under 30 s on a slow laptop) and writes nothing outside a temporary folder.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fsf.errors import FsfError

__all__ = ["PACKAGES", "Item", "run_checks", "setup_check"]

PACKAGES = ("pandas", "numpy", "scikit-learn", "nltk", "matplotlib", "jupyterlab", "ipykernel", "vaderSentiment",
            "networkx")
"""The packages whose versions ``fsf check`` reports (distribution names)."""

_REINSTALL = ("make a new environment and install fsf into it from the wheelhouse, as README-student.md (or "
              "docs/student-setup.md, step 2) says")


@dataclass(frozen=True)
class Item:
    """One line of the check: what was checked, whether it is ok, and what was found or how to fix it."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        """The item on one line: ``ok       name: what was found`` or ``PROBLEM  name: reason. Fix: ...``."""
        text = " ".join(f"{self.name}: {self.detail}".split())
        return f"{'ok' if self.ok else 'PROBLEM':<9}{text}"


class _Problem(Exception):
    """A check failed: the message is the reason and the fix, on one line."""


def _python() -> str:
    version = sys.version_info
    where = sys.executable
    if version < (3, 10):
        raise _Problem(f"{platform.python_version()} is too old: fsf needs Python 3.10 or later. Fix: install Python "
                       "3.11 (python.org) and make a new environment with it")
    note = "" if version < (3, 13) else "; newer than the 3.10-3.12 a class set-up covers, so versions may differ"
    return f"{platform.python_version()} ({where}){note}"


def _fsf() -> str:
    import fsf
    from fsf import config

    where = f"checkout {config.PROJ_ROOT}" if config.IN_CHECKOUT else f"installed in {config.PACKAGE_DIR.parent}"
    return f"{fsf.__version__} ({where})"


def _requirements() -> dict[str, str]:
    """fsf's requirement per distribution (lower-cased name -> specifier text), from its metadata."""
    from importlib.metadata import PackageNotFoundError, requires

    try:
        listed = requires("fsf") or []
    except PackageNotFoundError:  # fsf run from a source tree without being installed
        return {}
    found = {}
    for requirement in listed:
        if "extra ==" in requirement:
            continue
        spec = requirement.split(";", 1)[0].strip()
        name = spec
        for i, ch in enumerate(spec):
            if ch in "<>=!~ [(":
                name = spec[:i]
                break
        found[name.strip().lower()] = spec[len(name):].strip()
    return found


def _package(name: str, required: str) -> Callable[[], str]:
    def check() -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            installed = version(name)
        except PackageNotFoundError:
            raise _Problem(f"not installed. Fix: {_REINSTALL}") from None
        if required:
            try:
                from packaging.specifiers import SpecifierSet
                from packaging.version import Version

                fits = Version(installed) in SpecifierSet(required)
            except Exception:  # packaging missing or an unusual version string: report, do not judge
                fits = True
            if not fits:
                raise _Problem(f"{installed} installed, but fsf needs {required}. Fix: {_REINSTALL}")
        return installed
    return check


def _seeds() -> str:
    from fsf.study import Study

    corpus = Study().corpus
    return f"the {len(corpus)} seed articles load and match their recorded sha256"


class _Offline:
    """Block every network connection and name lookup except loopback while the block is entered."""

    def __enter__(self):
        import ipaddress
        import socket

        def local(host) -> bool:
            if isinstance(host, bytes):
                host = host.decode()
            if host in {"localhost", "", None}:
                return True
            try:
                return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
            except ValueError:
                return False

        def refuse(what):
            raise _Problem(f"fsf tried to reach {what!r} over the network, so it would fail offline. Fix: report "
                           "this as a bug in fsf (nothing should be downloaded)")

        self._saved = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
        real_connect, real_connect_ex, real_getaddrinfo = self._saved

        def connect(sock, address):
            if sock.family != getattr(socket, "AF_UNIX", None) and not local(address[0] if isinstance(address, tuple)
                                                                             else address):
                refuse(address)
            return real_connect(sock, address)

        def connect_ex(sock, address):
            if sock.family != getattr(socket, "AF_UNIX", None) and not local(address[0] if isinstance(address, tuple)
                                                                             else address):
                refuse(address)
            return real_connect_ex(sock, address)

        def getaddrinfo(host, *args, **kwargs):
            if not local(host):
                refuse(host)
            return real_getaddrinfo(host, *args, **kwargs)

        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
        return self

    def __exit__(self, *exc):
        import socket

        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = self._saved
        return False


def _offline() -> str:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from fsf import stance
    from fsf.study import Study
    from fsf.text.tokens import stem, stopwords

    with _Offline():
        study = Study()
        sentences = study.sentences
        scored = stance.sentence_stance(sentences, study.mentions)
        SentimentIntensityAnalyzer().polarity_scores(sentences["text"].iloc[0])
        stopwords()
        stem("fighters")
    n_scored = int(scored["mentions_ff"].sum()) if "mentions_ff" in scored else len(scored)
    return (f"sentences ({len(sentences)}), stop words, stemming and the lexicon stance measure ({n_scored} "
            "sentences, VADER's lexicon) ran with the network blocked; nothing to download")


def _kernel(timeout: int = 25) -> str:
    """Start the ``python3`` Jupyter kernel, run one cell that imports fsf, and stop it."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    from fsf.errors import FsfError
    from fsf.notebooks import _kernel_check, kernel_config

    try:
        _kernel_check()  # no local port, no kernel: say so now, not after a minute's timeout
    except FsfError as err:
        raise _Problem(str(err).rstrip(".")) from None
    start = time.perf_counter()
    code = "import sys, fsf\nprint(fsf.__version__, sys.prefix, sep='|')"
    nb = new_notebook(cells=[new_code_cell(code)])
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout, startup_timeout=timeout, record_timing=False,
                            config=kernel_config())
    try:
        client.execute()
    except Exception as err:  # nbclient raises many kinds: a cell error, a timeout, a dead kernel, no kernelspec
        import atexit

        atexit.unregister(client._cleanup_kernel)  # nbclient's exit hook would fail on a kernel that never started
        outputs = nb.cells[0].get("outputs", [])
        error = next((o for o in outputs if o.get("output_type") == "error"), None)
        if error is not None and error.get("ename") == "ModuleNotFoundError":
            raise _Problem("the kernel named python3 runs a Python without fsf. Fix: `jupyter kernelspec list` shows "
                           "where it comes from; remove that kernel, or run `python -m ipykernel install --user "
                           "--name fsf` in this environment and choose the kernel 'fsf' in JupyterLab") from None
        reason = " ".join(str(err).split())[:200] or type(err).__name__
        raise _Problem(f"did not start or run a cell ({type(err).__name__}: {reason}). Fix: check that ipykernel is "
                       "installed in this environment and that the loopback interface (127.0.0.1) is up") from None
    text = "".join(o.get("text", "") for o in nb.cells[0].get("outputs", []) if o.get("output_type") == "stream")
    last = text.strip().splitlines()[-1] if text.strip() else ""  # after anything a startup file printed
    version, _, prefix = last.partition("|")
    import fsf

    if version != fsf.__version__ or Path(prefix).resolve() != Path(sys.prefix).resolve():
        raise _Problem(f"the kernel named python3 runs another Python ({prefix or 'unknown'}, fsf "
                       f"{version or 'unknown'}). Fix: run `python -m ipykernel install --user --name fsf` in this "
                       "environment and choose the kernel 'fsf' in JupyterLab")
    return f"started and ran a cell importing fsf in {time.perf_counter() - start:.1f} s"


def _figure() -> str:
    import tempfile

    from fsf.gallery import draw
    from fsf.study import Study

    # fsf's figures are matplotlib Figures made without pyplot: no backend to choose, no window, nothing to close
    with tempfile.TemporaryDirectory(prefix="fsf-check-") as folder:
        draw(Study(), "article-lengths", out_dir=folder, formats=["png", "pdf"])
        files = sorted(Path(folder).iterdir())
        sizes = {p.suffix: p.stat().st_size for p in files}
        if not sizes.get(".png") or not sizes.get(".pdf"):
            raise _Problem(f"the figure was drawn but not saved as PNG and PDF (found {[p.name for p in files]}). "
                           "Fix: check that the temporary folder can be written to")
    return "article-lengths drawn and saved as PNG and PDF"


def _your_corpus(open_study: Callable) -> Callable[[], str]:
    def check() -> str:
        try:
            study = open_study()
            corpus = study.corpus
        except FsfError as err:  # the user's corpus or settings: fsf's own message names the file and the fix
            raise _Problem(" ".join(str(err).split())) from None
        return (f"{len(corpus)} articles load from {study.corpus_dir} ({int(corpus['n_paragraphs'].sum())} "
                f"paragraphs kept); hand codes: {study.codes.describe()}")
    return check


def _items(corpus: Callable | None = None) -> list[tuple[str, Callable[[], str]]]:
    required = _requirements()
    items = [("Python", _python), ("fsf", _fsf)]
    items += [(name, _package(name, required.get(name.lower(), ""))) for name in PACKAGES]
    items += [("seeds", _seeds), ("offline", _offline), ("Jupyter kernel", _kernel), ("figure", _figure)]
    if corpus is not None:
        items.append(("your corpus", _your_corpus(corpus)))
    return items


def run_checks(progress: Callable[[str], None] | None = None, corpus: Callable | None = None) -> list[Item]:
    """Run every check; each gives an :class:`Item`, and ``progress`` (if given) gets its line at once.

    ``corpus``: a function returning the :class:`fsf.Study` of the user's corpus (``fsf check
    --corpus``), checked last: its articles load with the study's settings, and its hand codes.
    """
    results = []
    for name, check in _items(corpus):
        try:
            item = Item(name, True, check())
        except _Problem as problem:
            item = Item(name, False, str(problem))
        except Exception as err:  # anything else is a problem of this computer (or a bug): one line, the fix
            reason = " ".join(str(err).split())[:300]
            item = Item(name, False, f"{type(err).__name__}: {reason}. Fix: {_REINSTALL}, and ask your teacher "
                                     "if this line stays")
        results.append(item)
        if progress:
            progress(item.line())
    return results


def setup_check(print_line: Callable[[str], None] = print, corpus: Callable | None = None) -> int:
    """``fsf check``: print one line per item and a verdict; return 0 if all are ok, else 2."""
    start = time.perf_counter()
    print_line("fsf check: is this computer ready for the fsf notebooks?")
    items = run_checks(progress=print_line, corpus=corpus)
    problems = [item for item in items if not item.ok]
    took = time.perf_counter() - start
    if problems:
        print_line(f"{len(problems)} of {len(items)} checks found a PROBLEM ({took:.0f} s): fix the lines marked "
                   "PROBLEM and run `fsf check` again.")
        return 2
    print_line(f"all {len(items)} checks ok in {took:.0f} s: ready for class.")
    return 0
