"""The project's promises about installation, pins, import cost, CI and notebooks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from fsf import config
from fsf.notebooks import NOTEBOOKS

ROOT = config.PROJ_ROOT
tomllib = pytest.importorskip("tomllib")  # Python 3.11+


def requirement(spec: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", spec)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


@pytest.fixture(scope="module")
def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def conda_dependencies() -> tuple[dict[str, str], list[str]]:
    """The conda and pip entries of environment.yml (a flat list format this test also pins down)."""
    conda, pip, in_pip = {}, [], False
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("\ndependencies:\n", 1)[1].splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if re.match(r"^  - pip:\s*$", line):
            in_pip = True
        elif in_pip and line.startswith("      - "):
            pip.append(line.strip()[2:])
        elif line.startswith("  - "):
            in_pip = False
            name, spec = requirement(line.strip()[2:].replace("=", "==", 1) if re.match(r"^  - python=", line) else line.strip()[2:])
            conda[name] = spec
    return conda, pip


def test_environment_yml_matches_pyproject(pyproject):
    conda, pip = conda_dependencies()
    wanted = dict(requirement(s) for s in pyproject["project"]["dependencies"])
    wanted.update(requirement(s) for s in pyproject["project"]["optional-dependencies"]["dev"])
    listed = {name: spec for name, spec in conda.items() if name not in {"python", "pip"}}
    listed.update(requirement(s) for s in pip if not s.startswith("-e"))
    assert listed == wanted
    assert pip[0] == "-e ."


def test_constraints_pin_every_dependency(pyproject):
    pins = dict(requirement(line) for line in (ROOT / "constraints.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    direct = [requirement(s)[0] for s in pyproject["project"]["dependencies"]]
    direct += [requirement(s)[0] for s in pyproject["project"]["optional-dependencies"]["dev"]]
    for name in direct:
        assert pins.get(name, "").startswith("=="), f"{name} is not pinned in constraints.txt"


@pytest.mark.parametrize("package", ["pandas", "numpy", "matplotlib", "scikit-learn", "nltk", "nbval"])
def test_installed_versions_are_the_pinned_ones(package):
    """Stored notebook outputs were made with the pinned versions; other versions may change them."""
    pins = dict(requirement(line) for line in (ROOT / "constraints.txt").read_text().splitlines()
                if line and not line.startswith("#"))
    assert pins[package] == f"=={version(package)}", (
        f"{package} {version(package)} is installed but constraints.txt pins {pins[package]}: "
        'reinstall with  pip install -e ".[dev]" -c constraints.txt')


def test_import_is_light():
    code = ("import sys, fsf; light = sorted(m for m in ('pandas', 'sklearn', 'nltk', 'matplotlib') if m in sys.modules)\n"
            "import fsf.clean, fsf.corpus, fsf.text, fsf.figures, fsf.plots, fsf.export, fsf.cli, fsf.notebooks\n"
            "heavy = sorted(m for m in ('sklearn', 'nltk', 'matplotlib', 'scipy', 'nbclient') if m in sys.modules)\n"
            "print(light, heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[] []"


def test_readme_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    install = 'python3 -m venv .venv && .venv/bin/pip install -e ".[dev]" -c constraints.txt'
    test = ".venv/bin/python -m pytest"
    assert install in readme and test in readme
    assert install in ci and re.search(rf"^{re.escape(test)}$", ci, re.M)


def test_no_downloads_in_code_or_notebooks():
    files = [*(ROOT / "fsf").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb")]
    pattern = re.compile(r"nltk\.download|urlopen|requests\.get|hf_hub|from_pretrained|pip install")
    offenders = [f.name for f in files if pattern.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_notebook_registry_matches_folder():
    on_disk = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert on_disk == sorted(nb.name for nb in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.name)
def test_notebook_is_stored_executed_top_to_bottom(notebook):
    nb = json.loads(notebook.path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert not [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not [o for c in code for o in c["outputs"] if o.get("name") == "stderr"]
    assert nb["cells"][0]["cell_type"] == "markdown"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.name)
def test_notebook_cells_are_calls_not_logic(notebook):
    nb = json.loads(notebook.path.read_text(encoding="utf-8"))
    for cell in (c for c in nb["cells"] if c["cell_type"] == "code"):
        source = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class|for|while)\s", source, re.M), source
        assert len([line for line in source.splitlines() if not line.startswith("#")]) <= 5, source


def test_package_data_is_declared(pyproject):
    data = pyproject["tool"]["setuptools"]["package-data"]["fsf"]
    for path in [config.STYLE_FILE, *config.DATA_DIR.rglob("*.csv")]:
        relative = path.relative_to(config.PACKAGE_DIR).as_posix()
        assert any(Path(relative).match(pattern) for pattern in data), relative
