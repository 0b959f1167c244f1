"""A wheel install works away from the repository.

The checkout is copied (without .git, virtual environments and outputs), an sdist is built from the
copy and a wheel from the unpacked sdist, offline and without build isolation, so MANIFEST.in (the
sdist must carry seeds/ and notebooks/) and setup.py (the wheel bundles them as fsf/bundled/) are
both exercised, and nothing is written into the checkout.

The wheel is installed with pip into a fresh virtual environment made without pip and without fsf.
Its third-party packages are those of the environment running the tests, reached through a .pth file
that lists this environment's site-packages: a folder named in a .pth file is put on sys.path, but
the .pth files inside it are not run, so the checkout's editable fsf (an import hook installed by a
.pth file) does not come along, and the new environment's own site-packages, holding the wheel's fsf,
comes first. The tests check that fsf is imported from there, not from the checkout, then run the
command line from a temporary folder: outputs must land under that folder, nothing may be written
into the installed package, and the results must equal the checkout's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import pytest

from fsf import config

ROOT = config.PROJ_ROOT
TESTS_DIR = Path(__file__).resolve().parent
FIGURES = ["article-lengths", "article-timeline"]  # notebook 10's figures: quick to draw
TABLES = ["articles", "sentences"]

pytestmark = [pytest.mark.slow,  # about 20 s of CPU: two builds, an install, seven commands in fresh processes
              pytest.mark.skipif(not config.IN_CHECKOUT, reason="builds the wheel from a checkout of the repository")]

# Not copied into the build folder: what git ignores, and the version control itself.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                     ".pytest_cache", ".ipynb_checkpoints", "reports", "fsf-output")


def _run(command, *, cwd, env=None, what=None):
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (f"{what or command} failed with status {result.returncode}\n"
                                    f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
    return result


def _scripts_dir(env: Path) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin")


def _env_python(env: Path) -> Path:
    return _scripts_dir(env) / ("python.exe" if os.name == "nt" else "python")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under folder: (size, modification time), to see that nothing was written there."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the sdist and the wheel from a copy of the checkout, install the wheel into a fresh venv."""
    setuptools = tuple(int(x) for x in version("setuptools").split(".")[:2])
    assert setuptools >= (77, 0), (f"setuptools {version('setuptools')} cannot build the wheel offline. Fix: "
                                   'reinstall with  pip install -e ".[dev]" -c constraints.txt')
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)

    # sdist from the copy (the PEP 517 hook pip and `python -m build` call), then the wheel from the sdist
    code = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    result = _run([sys.executable, "-c", code, base / "dist"], cwd=source, what="building the sdist")
    sdist = base / "dist" / result.stdout.strip().splitlines()[-1]
    with tarfile.open(sdist) as tar:
        sdist_names = tar.getnames()
        tar.extractall(base / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (unpacked,) = (base / "unpacked").iterdir()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--no-cache-dir",
          "-w", base / "dist", unpacked], cwd=base, what="building the wheel")
    (wheel,) = (base / "dist").glob("fsf-*.whl")

    # a fresh environment holding only the wheel's fsf
    env = base / "env"
    _run([sys.executable, "-m", "venv", "--without-pip", env], cwd=base, what="creating the venv")
    python = _env_python(env)
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--no-cache-dir",
          wheel], cwd=base, what="installing the wheel")
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=base).stdout.strip())
    assert (site / "fsf" / "__init__.py").is_file()
    # the dependencies: this environment's site-packages (their .pth files, the editable fsf's hook among
    # them, are not run), after the new environment's own; and the network guard, as in every test
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "_fsf_test_dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    guard = str(TESTS_DIR / "network_guard.py")
    (site / "_fsf_test_network_guard.pth").write_text(
        "import importlib.util as u; s = u.spec_from_file_location('network_guard', "
        f"{guard!r}); m = u.module_from_spec(s); s.loader.exec_module(m); m.install()\n", encoding="utf-8")

    variables = {k: v for k, v in os.environ.items()
                 if not k.startswith(("FSF_", "PYTHON", "VIRTUAL_ENV", "CONDA_PREFIX", "__PYVENV"))}
    variables.update(PATH=os.pathsep.join([str(_scripts_dir(env)), os.environ.get("PATH", "")]),
                     VIRTUAL_ENV=str(env), PYTHONNOUSERSITE="1",
                     # no bytecode caches, so that any file appearing in site-packages is fsf's doing
                     PYTHONDONTWRITEBYTECODE="1",
                     # nbconvert's templates (the report) live under the dependencies' environment
                     JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"))
    work = base / "work"
    work.mkdir()
    return SimpleNamespace(source=source, sdist_names=sdist_names, wheel=wheel, env=env, python=python,
                           site=site, package=site / "fsf", fsf=_scripts_dir(env) / "fsf", variables=variables,
                           work=work)


def test_sdist_carries_seeds_and_notebooks(installed):
    names = {name.split("/", 1)[1] for name in installed.sdist_names if "/" in name}
    expected = {f"seeds/{p.name}" for p in ROOT.glob("seeds/*") if p.suffix in {".txt", ".csv"}}
    expected |= {f"notebooks/{p.name}" for p in installed.source.glob("notebooks/*.ipynb")}
    expected |= {"setup.py", "MANIFEST.in", "pyproject.toml", "fsf/plots/fsf.mplstyle"}
    assert expected <= names
    assert not [name for name in names if name.startswith("fsf/bundled")]  # copies are made at build time only


def test_wheel_carries_the_package_data(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        for seed in sorted(ROOT.glob("seeds/*")):
            assert wheel.read(f"fsf/bundled/seeds/{seed.name}") == seed.read_bytes(), seed.name
        for notebook in sorted(installed.source.glob("notebooks/*.ipynb")):
            assert wheel.read(f"fsf/bundled/notebooks/{notebook.name}") == notebook.read_bytes(), notebook.name
    source = installed.source
    data = [p.relative_to(source).as_posix() for p in (source / "fsf" / "data").rglob("*.csv")]
    modules = [p.relative_to(source).as_posix() for p in (source / "fsf").rglob("*.py")]
    missing = sorted(set(data + modules + ["fsf/plots/fsf.mplstyle"]) - names)
    assert missing == []
    assert not [n for n in names if "__pycache__" in n or n.startswith(("seeds/", "notebooks/", "tests/"))]


def test_fsf_is_imported_from_the_wheel(installed):
    code = """if True:
        import importlib, json, sys
        import fsf, fsf.config as c
        from importlib.metadata import version
        subpackages = ["fsf.corpus", "fsf.text", "fsf.topics", "fsf.stance", "fsf.compare", "fsf.plots"]
        print(json.dumps({
            "files": [fsf.__file__] + [importlib.import_module(name).__file__ for name in subpackages],
            "in_checkout": c.IN_CHECKOUT, "seeds": str(c.SEEDS_DIR), "notebooks": str(c.NOTEBOOKS_DIR),
            "style": c.STYLE_FILE.is_file(), "output_root": str(c.output_root()),
            "reports": str(c.reports_dir()), "figures": str(c.figures_dir()), "version": version("fsf"),
            "path": sys.path, "finders": [repr(f) for f in sys.meta_path]}))
    """
    found = json.loads(_run([installed.python, "-c", code], cwd=installed.work, env=installed.variables).stdout)
    for file in found["files"]:
        assert Path(file).is_relative_to(installed.package), file
    assert found["in_checkout"] is False
    assert Path(found["seeds"]) == installed.package / "bundled" / "seeds"
    assert Path(found["notebooks"]) == installed.package / "bundled" / "notebooks"
    assert found["style"] is True
    assert Path(found["output_root"]) == installed.work
    assert Path(found["figures"]) == installed.work / "reports" / "figures"
    assert found["version"] == re.search(r'^version = "(.+)"', (installed.source / "pyproject.toml").read_text(),
                                         re.M).group(1)
    assert not [entry for entry in found["path"] if entry and Path(entry).resolve() == ROOT]
    assert not [finder for finder in found["finders"] if "editable" in finder.lower()]


def test_commands_run_away_from_the_checkout(installed, tmp_path):
    work, package = installed.work, installed.package
    before = _snapshot(installed.env)

    # the commands write to different folders, so they run side by side
    commands = {"figures": ["figures", "--formats", "png", "--only", *FIGURES],
                "export": ["export", "--tables", *TABLES],
                "student": ["student", "--out", "student"],
                "init": ["init", "newstudy"],
                "config": ["config"],
                # on the seeds, a checkout's notebooks are executed in place; an installed fsf's must not be
                "notebooks": ["notebooks", "00-overview"]}
    logs = tmp_path / "logs"
    logs.mkdir()
    running = {}
    for name, args in commands.items():
        with open(logs / f"{name}.out", "w") as stdout, open(logs / f"{name}.err", "w") as stderr:
            running[name] = subprocess.Popen([str(installed.fsf), *args], cwd=work, env=installed.variables,
                                             stdout=stdout, stderr=stderr)

    # meanwhile, the checkout's fsf on the checkout's seeds
    from fsf.gallery import build_figures
    from fsf.study import Study

    study = Study()
    build_figures(study, tmp_path / "figures", formats=["png"], names=FIGURES, progress=None)
    study.save(tmp_path / "tables", tables=TABLES)

    out = {}
    for name, process in running.items():
        status = process.wait(timeout=600)
        stdout, stderr = (logs / f"{name}.out").read_text(), (logs / f"{name}.err").read_text()
        assert status == 0, f"fsf {' '.join(commands[name])}: status {status}\n{stdout}\n{stderr}"
        assert str(ROOT) not in stdout + stderr
        out[name] = stdout
    assert f"figures written to {work / 'reports' / 'figures'}" in out["figures"]
    assert f"tables written to {work / 'reports' / 'tables'}" in out["export"]
    assert "encoding" in out["config"]
    assert f"notebooks written to {work / 'reports' / 'notebooks'}" in out["notebooks"]
    # `fsf report --no-execute` on notebooks 00 and 10, whose figures `fsf figures` drew (for the other
    # notebooks it would draw every figure: half a minute)
    code = ("import fsf.config as c; from fsf.report import build_report; print(build_report(execute=False, "
            "notebooks=[c.NOTEBOOKS_DIR / '00-overview.ipynb', c.NOTEBOOKS_DIR / '10-corpus-and-cleaning.ipynb']))")
    report = _run([installed.python, "-c", code], cwd=work, env=installed.variables, what="build_report").stdout
    assert Path(report.strip()) == work / "reports" / "html"

    # outputs under the folder fsf ran from, nothing written into the environment
    assert _snapshot(installed.env) == before
    notebooks = sorted(p.name for p in (package / "bundled" / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in (work / "student").glob("*.ipynb")) == notebooks
    assert sorted(p.name for p in (work / "newstudy").iterdir()) == sorted(
        [*notebooks, "README.md", "fsf-manifest.json", "study.toml"])
    assert sorted(p.name for p in (work / "reports").iterdir()) == ["figures", "html", "notebooks", "tables"]
    assert str(ROOT) not in (work / "reports" / "notebooks" / "00-overview.ipynb").read_text(encoding="utf-8")
    assert sorted(p.name for p in (work / "reports" / "html").glob("*.html")) == [
        "00-overview.html", "10-corpus-and-cleaning.html", "index.html"]
    for name in FIGURES:
        png = f"{name}.png"
        assert (work / "reports" / "html" / "figures" / png).read_bytes() == \
            (work / "reports" / "figures" / png).read_bytes()

    # the same results as the checkout's
    for name in [*(f"{n}.png" for n in FIGURES), "manifest.csv"]:
        assert (work / "reports" / "figures" / name).read_bytes() == (tmp_path / "figures" / name).read_bytes(), name
    for name in TABLES:
        assert (work / "reports" / "tables" / f"{name}.csv").read_bytes() == \
            (tmp_path / "tables" / f"{name}.csv").read_bytes(), name
