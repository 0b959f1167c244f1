"""The offline classroom route: install fsf from a wheelhouse with ``--no-index``, then ``fsf check``.

Skipped unless ``FSF_WHEELHOUSE`` names a wheelhouse folder built as docs/student-setup.md says (the
fsf wheel and its pinned dependencies for this platform and Python). A fresh virtual environment
gets fsf from that folder alone (no index, no pip configuration files, no other find-links); then
``fsf check`` must pass and ``fsf student`` must write the bundle, from a temporary folder. About a
minute, most of it pip installing JupyterLab and scikit-learn::

    FSF_WHEELHOUSE=../wheelhouse .venv/bin/python -m pytest tests/test_wheelhouse.py -p no:nbval -o addopts=""
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

WHEELHOUSE = os.environ.get("FSF_WHEELHOUSE")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not WHEELHOUSE, reason="set FSF_WHEELHOUSE to a wheelhouse folder to test the "
                                                        "offline install (docs/student-setup.md)")]


def _run(command, *, cwd, env):
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command} failed ({result.returncode})\n{result.stdout}\n{result.stderr}"
    return result


def test_install_from_the_wheelhouse_then_check(tmp_path):
    wheelhouse = Path(WHEELHOUSE).resolve()
    assert list(wheelhouse.glob("fsf-*.whl")), f"{wheelhouse}: no fsf wheel. Fix: build it (docs/student-setup.md)"
    env_dir = tmp_path / "env"
    variables = {k: v for k, v in os.environ.items()
                 if not k.startswith(("PIP_", "FSF_", "PYTHON", "VIRTUAL_ENV", "CONDA_PREFIX", "__PYVENV", "JUPYTER",
                                      "IPYTHONDIR", "MPLCONFIGDIR"))}
    variables.update(PIP_CONFIG_FILE=os.devnull,  # no configured index, find-links or constraints: the wheelhouse only
                     PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1",
                     JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"), JUPYTER_DATA_DIR=str(tmp_path / "jupyter"),
                     IPYTHONDIR=str(tmp_path / "ipython"), MPLCONFIGDIR=str(tmp_path / "matplotlib"))
    _run([sys.executable, "-m", "venv", env_dir], cwd=tmp_path, env=variables)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    _run([python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", wheelhouse, "fsf"], cwd=tmp_path,
         env=variables)
    variables["PATH"] = os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")])
    work = tmp_path / "work"
    work.mkdir()
    check = _run([bin_dir / "fsf", "check"], cwd=work, env=variables)
    lines = check.stdout.splitlines()
    assert lines[-1].startswith("all ") and "ready for class" in lines[-1], check.stdout
    assert f"installed in {env_dir.resolve()}" in check.stdout  # the wheel's fsf, not the checkout's
    _run([bin_dir / "fsf", "student", "--out", "bundle"], cwd=work, env=variables)
    assert (work / "bundle" / "README-student.md").is_file()
    assert len(list((work / "bundle").glob("*.ipynb"))) == 5
