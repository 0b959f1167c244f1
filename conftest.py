"""Test-session setup shared by unit tests, doctests and notebooks.

* Jupyter, IPython and matplotlib read and write their configuration in a
  temporary folder, so a user's own profile, startup files or matplotlibrc
  cannot change notebook outputs, and tests leave nothing in the home folder.
* Figures saved while testing go to that temporary folder too, as PNG only (the PDF and SVG
  writers are tested in tests/test_figures.py), and notebooks under nbval do not render inline
  images (nbval does not compare them; each figure is still drawn once by save_figure). Both keep
  the notebook tests fast.
* The network is blocked (tests/network_guard.py) in this process and in
  every notebook kernel, so a hidden download fails the tests.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent / "tests"
sys.path.insert(0, str(TESTS_DIR))

import network_guard  # noqa: E402

_ENV_DIRS = {
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
}
_state: dict[str, object] = {}

_STARTUP = """\
import sys
sys.path.insert(0, {tests!r})
import network_guard
network_guard.install()
del network_guard, sys
"""


def pytest_configure(config):
    tmp = Path(tempfile.mkdtemp(prefix="fsf-tests-"))
    _state["tmp"] = tmp
    _state["env"] = {var: os.environ.get(var) for var in _ENV_DIRS}
    for var, sub in _ENV_DIRS.items():
        (tmp / sub).mkdir()
        os.environ[var] = str(tmp / sub)
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-fsf-network-guard.py").write_text(_STARTUP.format(tests=str(TESTS_DIR)))
    _state["figures"] = os.environ.get("FSF_FIGURES_DIR"), os.environ.get("FSF_FIGURE_FORMATS")
    _state["inline"] = os.environ.get("FSF_INLINE_FIGURES")
    os.environ["FSF_FIGURES_DIR"] = str(tmp / "figures")  # notebooks under test never write into the checkout
    os.environ["FSF_FIGURE_FORMATS"] = "png"  # PDF and SVG output is tested in tests/test_figures.py
    os.environ["FSF_INLINE_FIGURES"] = "0"  # nbval does not compare images; save_figure still draws each figure
    network_guard.install()


def pytest_unconfigure(config):
    network_guard.uninstall()
    figures, formats = _state.get("figures", (None, None))
    restore = dict(_state.get("env", {}), FSF_FIGURES_DIR=figures, FSF_FIGURE_FORMATS=formats,
                   FSF_INLINE_FIGURES=_state.get("inline"))
    for var, value in restore.items():
        if value is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = value
    if "tmp" in _state:
        shutil.rmtree(_state["tmp"], ignore_errors=True)
