"""Project paths: the one place where fsf decides where things live.

Every other module imports its paths from here, so a path is typed once.
The layout follows the checkout::

    PROJ_ROOT/
        seeds/            raw articles (read-only) and their metadata.csv
        notebooks/        the tested notebooks
        reports/figures/  figures written by :func:`fsf.figures.save_figure`
        fsf/data/         documented data tables shipped with the package

``FSF_FIGURES_DIR`` in the environment moves the figure folder (useful for
a report built elsewhere); nothing else is configurable by environment.

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
SEEDS_DIR = PROJ_ROOT / "seeds"
METADATA_NAME = "metadata.csv"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
DATA_DIR = PACKAGE_DIR / "data"
STYLE_FILE = PACKAGE_DIR / "fsf.mplstyle"


def figures_dir() -> Path:
    """Return the folder figures are saved to.

    ``reports/figures`` in the checkout unless ``FSF_FIGURES_DIR`` is set.
    Read at call time, so a test or a report build can redirect it.

    Examples
    --------
    >>> figures_dir().is_absolute()
    True
    """
    override = os.environ.get("FSF_FIGURES_DIR")
    return Path(override).resolve() if override else REPORTS_DIR / "figures"
