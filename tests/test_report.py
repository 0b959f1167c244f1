"""Tests for fsf.report: an offline HTML report, built all or nothing, checked in a real browser."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from fsf import report
from fsf.errors import FsfError

FIGURE_CELL = """from fsf.figures import new_figure, save_figure
from fsf.notebooks import setup_notebook
setup_notebook()
fig, ax = new_figure(width=4, height=3)
ax.bar(["000", "001"], [3, 5])"""


def notebook(folder, name, *sources):
    nb = new_notebook(cells=[new_markdown_cell(f"# {name}\n\nSome $3,000 of text.")]
                      + [new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def tiny_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebooks")
    path = notebook(folder, "tiny", FIGURE_CELL, "fig")
    out = tmp_path_factory.mktemp("report") / "html"
    return report.build_report(out, notebooks=[path])


def test_report_pages_and_index(tiny_report):
    assert sorted(p.name for p in tiny_report.iterdir()) == ["fsf-manifest.json", "index.html", "tiny.html"]
    index = (tiny_report / "index.html").read_text()
    assert '<a href="tiny.html">tiny</a>' in index
    page = (tiny_report / "tiny.html").read_text()
    assert "data:image/png;base64," in page  # the figure is embedded in the page


def test_report_fetches_nothing_from_the_network(tiny_report):
    for page in tiny_report.glob("*.html"):
        assert report.external_resources(page.read_text()) == [], page.name


@pytest.mark.parametrize("html, found", [
    ('<script src="https://cdn.example/require.js"></script>', 1),
    ('<link rel="stylesheet" href="//fonts.example/x.css">', 1),
    ("<style>@import url('https://fonts.example/a.css');</style>", 1),
    ('<script type="module">import("https://cdn.example/mermaid.mjs")</script>', 1),
    ('<a href="https://doi.org/10.1093/pan/mpn018">Monroe et al.</a>', 0),
    ('<img src="figures/article-lengths.png">', 0),
])
def test_external_resources(html, found):
    assert len(report.external_resources(html)) == found


def test_failing_notebook_names_the_cell_and_keeps_the_old_report(tmp_path):
    good = notebook(tmp_path, "good", "1 + 1")
    bad = notebook(tmp_path, "bad", "1 + 1", "raise RuntimeError('corpus not found')")
    out = tmp_path / "html"
    report.build_report(out, notebooks=[good], execute=False)  # the stored (empty) outputs: no kernel
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(FsfError, match=r"bad\.ipynb: cell 3 failed with RuntimeError: corpus not found"):
        report.build_report(out, notebooks=[bad])
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ipynb", "good.ipynb", "html"]  # no half build


def test_missing_notebook(tmp_path):
    with pytest.raises(FsfError, match="no such notebook"):
        report.build_report(tmp_path / "html", notebooks=[tmp_path / "nope.ipynb"])


@pytest.mark.skipif(report.find_chromium() is None,
                    reason="no Chromium: install Debian's chromium package to check the report in a real browser")
def test_report_renders_in_headless_chromium(tiny_report):
    check = report.browser_check(tiny_report)
    assert check.pages["tiny.html"] == "1/1"
    assert check.screenshot.is_file() and check.screenshot.stat().st_size > 1000


def test_report_never_deletes_what_it_did_not_write(tmp_path, capsys):
    from fsf.cli import main

    out = tmp_path / "x"
    (out / "s").mkdir(parents=True)
    (out / "t.docx").write_text("a user's file")
    assert main(["report", "--no-execute", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds files fsf did not write" in err
    assert sorted(p.name for p in out.iterdir()) == ["s", "t.docx"] and (out / "t.docx").read_text() == "a user's file"


def test_kernels_that_cannot_start_are_named_within_seconds(tmp_path, monkeypatch):
    import socket
    import time

    from fsf.notebooks import NotebookError, run_notebook

    path = notebook(tmp_path, "k", "1 + 1")

    def no_loopback(self, address):
        raise OSError(99, "Cannot assign requested address")

    monkeypatch.setattr(socket.socket, "bind", no_loopback)
    start = time.perf_counter()
    with pytest.raises(NotebookError, match=r"no Jupyter kernel can start\. Fix: enable the loopback interface"):
        run_notebook(path)
    assert time.perf_counter() - start < 5
