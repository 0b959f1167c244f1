"""Project paths: the one place where fsf decides where things live.

Every other module imports its paths from here, so a path is typed once. fsf runs in two
layouts:

* **a checkout** of the repository (an editable install): the seeds are ``seeds/``, the
  notebooks ``notebooks/``, and outputs go under ``reports/`` of the checkout::

      PROJ_ROOT/
          seeds/            raw articles (read-only) and their metadata.csv
          notebooks/        the tested notebooks
          reports/figures/  figures written by fsf.plots.save_figure
          fsf/data/         documented data tables shipped with the package

* **an installed wheel**: the seeds and notebooks ship inside the package
  (``fsf/bundled/seeds``, ``fsf/bundled/notebooks``, copied there when the wheel is built), and
  outputs go under the folder fsf is run from (``./reports/``), never into site-packages.

``FSF_FIGURES_DIR`` in the environment moves the figure folder (useful for a report built
elsewhere); nothing else is configurable by environment.

Examples
--------
>>> from fsf.config import SEEDS_DIR
>>> SEEDS_DIR.name
'seeds'
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parent
BUNDLED_DIR = PACKAGE_DIR / "bundled"
IN_CHECKOUT = (PROJ_ROOT / "pyproject.toml").is_file() and (PROJ_ROOT / "seeds").is_dir()
"""True when fsf runs from a checkout of its repository (an editable install), not an installed wheel."""

SEEDS_DIR = PROJ_ROOT / "seeds" if IN_CHECKOUT else BUNDLED_DIR / "seeds"
METADATA_NAME = "metadata.csv"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks" if IN_CHECKOUT else BUNDLED_DIR / "notebooks"
DATA_DIR = PACKAGE_DIR / "data"
STYLE_FILE = PACKAGE_DIR / "plots" / "fsf.mplstyle"


def output_root() -> Path:
    """The folder under which outputs go by default: the checkout, or the current folder.

    Examples
    --------
    >>> output_root().is_absolute()
    True
    """
    return PROJ_ROOT if IN_CHECKOUT else Path.cwd()


def reports_dir() -> Path:
    """``reports/`` under :func:`output_root`: where figures, tables, the report and student notebooks go."""
    return output_root() / "reports"


REPORTS_DIR = reports_dir() if IN_CHECKOUT else Path("reports")
"""``reports/`` of the checkout; for an installed fsf, relative to the current folder (read
:func:`reports_dir` for an absolute path at call time)."""


def figures_dir() -> Path:
    """Return the folder figures are saved to.

    ``reports/figures`` (:func:`reports_dir`) unless ``FSF_FIGURES_DIR`` is set.
    Read at call time, so a test or a report build can redirect it.

    Examples
    --------
    >>> figures_dir().is_absolute()
    True
    """
    override = os.environ.get("FSF_FIGURES_DIR")
    return Path(override).resolve() if override else reports_dir() / "figures"
