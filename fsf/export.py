"""``fsf export``: write a study's tables (CSV or Parquet) with a manifest.

The tables themselves are computed by :class:`fsf.Study` (each once); this module only says
which are exported (:data:`fsf.study.EXPORT_TABLES`) and writes them through
:meth:`fsf.Study.save`, all or nothing, never over files fsf did not write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from fsf.study import EXPORT_TABLES, Study

__all__ = ["EXPORT_TABLES", "export_tables"]


def export_tables(corpus_dir: str | Path | None = None, out_dir: str | Path | None = None, *,
                  tables: list[str] | None = None, settings=None, codes=None, fmt: str = "csv",
                  raw_csv: bool = False, progress: Callable[[str], None] | None = None) -> Path:
    """Load a corpus and write every exported table as ``<out_dir>/<name>.csv`` (or ``.parquet``).

    Parameters
    ----------
    corpus_dir : str or Path, optional
        A folder of ``.txt`` articles; default the bundled seeds.
    out_dir : str or Path, optional
        Default ``reports/tables`` for the seeds, ``fsf-output/<corpus name>/tables`` otherwise.
    tables : list of str, optional
        Names from :data:`EXPORT_TABLES`; default all.
    settings : Settings, str or Path, optional
        Settings or a TOML settings file.
    fmt : ``"csv"`` or ``"parquet"``
    progress : callable, optional
        Called with a line of text after each table is written or skipped.

    Returns
    -------
    Path
        The folder written. A table whose method cannot run on this corpus (e.g. a topic model
        on a handful of paragraphs) is skipped, and ``progress`` and the manifest say why.
    """
    study = Study(corpus_dir, settings=settings, codes=codes)
    return study.save(out_dir, tables=tables, fmt=fmt, raw_csv=raw_csv, progress=progress)
