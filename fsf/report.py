"""A static HTML report of the notebooks that reads correctly offline.

``fsf report`` executes the notebooks from fresh kernels (or, with
``execute=False``, uses their stored outputs), converts each to HTML with
nbconvert, and writes an ``index.html`` with the research question, the map
of notebooks and a gallery of every figure with its caption, notebook and
function. Nothing in the report is fetched from the network: nbconvert's
MathJax, require.js and Mermaid loaders are removed (the notebooks use none),
figures are embedded in the pages or stored beside them, and
:func:`external_resources` checks the result.

The report is built in a temporary folder and moved into place only when
complete, so a failing notebook leaves the previous report as it was.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from fsf import config as config_module
from fsf.errors import FsfError

__all__ = ["BrowserCheck", "browser_check", "build_report", "external_resources", "notebook_html"]

_FETCHING = re.compile(
    r"<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//[^\"'\s>]+"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(https?:)?//[^\"'\s>]+"
    r"|\bimport\s*\(?\s*[\"'](https?:)?//[^\"']+"
    r"|@import\s+(?:url\()?[\"']?(https?:)?//[^\"')\s]+"
    r"|url\(\s*[\"']?(https?:)?//[^\"')\s]+",
    re.I,
)


def external_resources(html: str) -> list[str]:
    """Everything a browser would fetch from the network to show this HTML (scripts, styles, images, imports).

    Links a reader may click (``<a href="https://...">``) are not fetched and not listed.

    Examples
    --------
    >>> external_resources('<script src="https://cdn.example/x.js"></script><a href="https://doi.org/1">paper</a>')
    ['<script src="https://cdn.example/x.js']
    >>> external_resources('<img src="figures/a.png"><img src="data:image/png;base64,AAA">')
    []
    """
    return [match.group(0) for match in _FETCHING.finditer(html)]


def _offline(html: str) -> str:
    """Remove nbconvert's network loaders (MathJax, require.js, Mermaid) from a page."""
    html = re.sub(r"<script\b[^>]*\bsrc\s*=\s*[\"']?https?://[^>]*>\s*</script>", "", html, flags=re.I)
    html = re.sub(r"<script\b[^>]*type=[\"']module[\"'][^>]*>.*?</script>", "", html, flags=re.I | re.S)
    html = re.sub(r"<script\b[^>]*type=[\"']text/x-mathjax-config[\"'][^>]*>.*?</script>", "", html, flags=re.I | re.S)
    return html


def notebook_html(nb) -> str:
    """One executed notebook as a self-contained HTML page (figures embedded), with nothing fetched online."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", mathjax_url="", require_js_url="")
    body, _ = exporter.from_notebook_node(nb)
    return _offline(body)


_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>fsf report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.7rem; }} h2 {{ margin-top: 2.2rem; border-bottom: 1px solid #ccc; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .3rem .6rem; vertical-align: top; }}
figure {{ margin: 1.5rem 0; }} figure img {{ max-width: 100%; border: 1px solid #eee; }}
figcaption {{ font-size: .9rem; color: #444; }} code {{ background: #f3f3f3; padding: 0 .2rem; }}
</style></head>
<body data-images="pending">
<h1>fsf: foreign fighters leaving Syria</h1>
<p>How do English-language news articles portray foreign fighters leaving Syria, and how does that portrayal
change over time? This report collects the project's notebooks, executed from fresh kernels on {corpus},
and every figure they produce. It reads offline: nothing is fetched from the network.</p>
<h2>Notebooks</h2>
<table><tr><th>notebook</th><th>question</th></tr>
{notebooks}
</table>
<h2>Figures</h2>
{figures}
</body></html>
"""

_IMAGE_CHECK = """<script>
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var ok = images.filter(function (img) { return img.complete && img.naturalWidth > 0; }).length;
  document.body.setAttribute("data-images", ok + "/" + images.length);
});
</script>
</body>"""
"""Counts the images a browser rendered into ``<body data-images>``: added to every page, read by :func:`browser_check`."""


def _index(pages: list[tuple[str, str]], figures: list[tuple[str, str, str, str]],
           corpus_label: str = "the five seed articles") -> str:
    rows = "\n".join(f'<tr><td><a href="{name}.html">{html_lib.escape(name)}</a></td><td>{html_lib.escape(q)}</td></tr>'
                     for name, q in pages)
    blocks = "\n".join(
        f'<figure id="{name}"><img src="figures/{name}.png" alt="{html_lib.escape(caption)}">'
        f"<figcaption><b>{html_lib.escape(name)}</b>: {html_lib.escape(caption)} "
        f'Notebook <a href="{notebook}.html">{html_lib.escape(notebook)}</a>; drawn by <code>{html_lib.escape(function)}</code>.'
        "</figcaption></figure>"
        for name, caption, notebook, function in figures)
    page = _INDEX.format(notebooks=rows, figures=blocks or "<p>No figures.</p>",
                         corpus=html_lib.escape(corpus_label))
    return page.replace("</body>", _IMAGE_CHECK, 1)


def _notebook_paths(notebooks: Iterable[str | Path] | None) -> list[Path]:
    if notebooks is None:
        from fsf.notebooks import NOTEBOOKS

        return [nb.path for nb in NOTEBOOKS]
    paths = [Path(p) for p in notebooks]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise FsfError(f"{missing[0]}: no such notebook. Fix: pass paths to .ipynb files.")
    return paths


def _question(path: Path) -> str:
    from fsf.notebooks import NOTEBOOKS

    return next((nb.question for nb in NOTEBOOKS if nb.name == path.stem), "")


def build_report(out_dir: str | Path | None = None, *, notebooks: Iterable[str | Path] | None = None,
                 execute: bool = True, corpus=None, config=None,
                 progress: Callable[[str], None] | None = None) -> Path:
    """Execute the notebooks and write an offline HTML report.

    Parameters
    ----------
    out_dir : str or Path, optional
        Default ``reports/html`` (for another corpus ``fsf-output/<name>/html``). Written all or
        nothing, and never over files fsf did not write (:class:`fsf.outputs.OutputFolder`).
    notebooks : iterable of paths, optional
        Default every notebook of :data:`fsf.notebooks.NOTEBOOKS`.
    execute : bool, default True
        Run each notebook top to bottom in a fresh kernel first; ``False``
        uses the outputs stored in the notebooks (the seeds only).
    corpus, config : str or Path, optional
        Run the notebooks on this corpus folder and settings file (default: the seeds).
    progress : callable, optional
        Called with one line per step.

    Returns
    -------
    Path
        The report folder: ``index.html``, one page per notebook, ``figures/``.

    Raises
    ------
    FsfError
        A notebook failed (the message names it, the cell and the error), or
        the report would fetch something from the network. Nothing is
        written in that case.
    """
    import nbformat

    from fsf.gallery import FIGURES
    from fsf.notebooks import run_notebook
    from fsf.outputs import OutputFolder
    from fsf.study import Study

    paths = _notebook_paths(notebooks)
    study = Study(corpus, settings=config)
    study.corpus  # noqa: B018 - fail on bad input before any kernel starts
    if not execute and not study.is_seeds:
        raise FsfError("--no-execute uses the outputs stored in the committed notebooks, which are the seeds'. "
                       "Fix: leave out --no-execute to run the notebooks on this corpus.")
    source_figures = config_module.figures_dir()
    target = Path(out_dir) if out_dir is not None else study.out_dir / "html"
    parameters = {"corpus": str(Path(corpus).resolve()) if corpus else None,
                  "config": str(Path(config).resolve()) if config else None}
    with OutputFolder(target, "report", progress=progress) as out:
        build = out.root
        pages = []
        for path in paths:
            if execute:
                nb = run_notebook(path, out=build / path.name, parameters=parameters, seeds=study.is_seeds,
                                  env={"FSF_FIGURES_DIR": build / "figures", "FSF_INLINE_FIGURES": "1"})
                (build / path.name).unlink()
            else:
                nb = nbformat.read(path, as_version=4)
            page = notebook_html(nb).replace("</body>", _IMAGE_CHECK, 1)
            fetched = external_resources(page)
            if fetched:
                raise FsfError(f"{path.name}: the HTML page would fetch {fetched[0]!r} from the network. "
                               "Fix: remove the online resource from the notebook.")
            (build / f"{path.stem}.html").write_text(page, encoding="utf-8")
            out.add(f"{path.stem}.html")
            pages.append((path.stem, _question(path)))
            if progress:
                progress(f"{path.stem}.html")
        if not execute:
            _collect_figures(source_figures, build / "figures", {p for p, _ in pages}, progress)
        for figure in sorted((build / "figures").glob("*")) if (build / "figures").is_dir() else []:
            out.add(f"figures/{figure.name}")
        shown = [(f.name, f.caption, f.notebook, f.function) for f in FIGURES
                 if f.notebook in {p for p, _ in pages} and (build / "figures" / f"{f.name}.png").is_file()]
        (build / "index.html").write_text(_index(pages, shown, study.label), encoding="utf-8")
        out.add("index.html")
        out.provenance = study.provenance_record()
    if progress:
        progress(f"report written to {target}")
    return target


def _collect_figures(source: Path, folder: Path, notebooks: set[str], progress) -> None:
    """Copy the PNGs the notebooks saved; draw any that are missing (``fsf figures`` draws the same bytes)."""
    from fsf.gallery import FIGURES, draw
    from fsf.study import Study

    folder.mkdir(parents=True, exist_ok=True)
    study = None
    for spec in FIGURES:
        if spec.notebook not in notebooks:
            continue
        png = source / f"{spec.name}.png"
        if png.is_file():
            shutil.copy2(png, folder / png.name)
        else:
            study = study or Study()
            draw(study, spec.name, formats=["png"], out_dir=folder)
            if progress:
                progress(f"drew {spec.name}.png")


class BrowserCheck:
    """What a headless browser saw: images loaded per page, and a screenshot of the index."""

    def __init__(self, pages: dict[str, str], screenshot: Path):
        self.pages = pages
        self.screenshot = screenshot

    @property
    def ok(self) -> bool:
        """Every page loaded all its images (``n/n`` with n > 0 on the index)."""
        def loaded(value: str) -> bool:
            done, total = (int(x) for x in value.split("/"))
            return done == total
        return all(re.fullmatch(r"\d+/\d+", v) and loaded(v) for v in self.pages.values()) and \
            self.pages.get("index.html", "0/0") != "0/0"

    def __repr__(self) -> str:
        return f"BrowserCheck(ok={self.ok}, pages={self.pages})"


_CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars"]


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_check(report_dir: str | Path, *, chromium: str | None = None, timeout: int = 90) -> BrowserCheck:
    """Open every page of a report in headless Chromium, offline, and record which images it rendered.

    Each page carries a small script that, once the page has loaded, writes
    ``loaded/total`` images into ``<body data-images>``; Chromium's
    ``--dump-dom`` returns the page after that script ran. A screenshot of the
    index is written to ``<report_dir>/screenshot.png``.

    Raises
    ------
    FsfError
        No Chromium found (the message says how to install it), or Chromium failed.
    """
    import subprocess

    exe = chromium or find_chromium()
    if exe is None:
        raise FsfError("no Chromium found. Fix: install it (Debian/Ubuntu: `sudo apt-get install chromium`) "
                       "or pass chromium='/path/to/chrome'.")
    folder = Path(report_dir).resolve()
    profile = Path(tempfile.mkdtemp(prefix="fsf-chromium-"))
    try:
        flags = _CHROMIUM_FLAGS + [f"--user-data-dir={profile}", "--virtual-time-budget=10000"]
        pages = {}
        for page in sorted(folder.glob("*.html")):
            result = subprocess.run([exe, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                                    timeout=timeout)
            match = re.search(r'<body[^>]*data-images="([^"]*)"', result.stdout)
            pages[page.name] = match.group(1) if match else f"no result (exit {result.returncode})"
        shot = folder / "screenshot.png"
        subprocess.run([exe, *flags, f"--screenshot={shot}", "--window-size=1280,2400",
                        (folder / "index.html").as_uri()], capture_output=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as err:
        raise FsfError(f"Chromium ({exe}) failed: {err}") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return BrowserCheck(pages, shot)
