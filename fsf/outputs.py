"""Writing a command's outputs into a folder: nothing lost, nothing stale, nothing leaked.

Every fsf command that writes files (``export``, ``figures``, ``notebooks``, ``report``,
``student``, ``init``) writes them through :class:`OutputFolder`:

* it **owns** only what it wrote: each run records its files in ``fsf-manifest.json`` (with
  the command, the corpus sha256s, the settings and fsf's version). A folder that holds
  other files and no such manifest is refused, so ``--out`` can never clobber a user's
  folder; files the manifest does not list are never touched;
* a run is **all or nothing**: files are written into a temporary sibling folder first; only
  when every file is complete are they moved in, files of the previous run that this run did
  not rewrite are removed (and reported), and the new manifest is written. While files are
  being moved a ``_INCOMPLETE`` marker names the run, so a folder whose run was killed in
  that moment is never taken for a complete one (:func:`check_complete`);
* folders get the usual permissions (0777 minus the umask), like the files;
* CSV cells that a spreadsheet would evaluate as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return; OWASP's CSV-injection guidance) are written with a leading
  apostrophe unless ``raw_csv=True``; Parquet files always hold the text as it is.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from fsf import __version__
from fsf.errors import FsfError

__all__ = ["MANIFEST", "INCOMPLETE", "OutputError", "OutputFolder", "check_complete", "read_manifest",
           "safe_cell", "unsafe_cell", "write_table"]

MANIFEST = "fsf-manifest.json"
"""The file, in every output folder, that lists what fsf wrote there."""

INCOMPLETE = "_INCOMPLETE"
"""Marker present only while a run moves its files into place."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class OutputError(FsfError):
    """An output folder cannot be written as asked: the message names it and the fix."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_manifest(folder: str | Path) -> dict | None:
    """The manifest of an output folder, or None if fsf never wrote there.

    Raises
    ------
    OutputError
        A manifest that is not valid JSON (the folder was edited by hand).
    """
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise OutputError(f"{path}: cannot be read ({err}). Fix: restore it, or write to a new folder.") from None


def check_complete(folder: str | Path) -> dict:
    """The manifest of a folder a complete fsf run wrote; refuse one left incomplete.

    Raises
    ------
    OutputError
        No manifest (not an fsf output folder), or the ``_INCOMPLETE`` marker of a run that
        stopped part-way.
    """
    folder = Path(folder)
    if (folder / INCOMPLETE).exists():
        raise OutputError(f"{folder}: a run stopped part-way while writing here ({INCOMPLETE} is present), so its "
                          "files may mix two runs. Fix: run the command again to finish it.")
    manifest = read_manifest(folder)
    if manifest is None:
        raise OutputError(f"{folder}: holds no {MANIFEST}, so fsf did not write it. Fix: pass a folder written by "
                          "`fsf export` (or Study.save).")
    return manifest


def safe_cell(value):
    """A cell as written to CSV: text a spreadsheet would run as a formula gets a leading apostrophe.

    Text that already starts with an apostrophe gets one more, so :func:`unsafe_cell` restores
    every cell exactly (a spreadsheet hides the first apostrophe).

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x")'), safe_cell("-2 dead"), safe_cell("ISIS"), safe_cell(-2)
    ('\\'=HYPERLINK("http://x")', "'-2 dead", 'ISIS', -2)
    >>> unsafe_cell(safe_cell("'Tis")), unsafe_cell(safe_cell("+1"))
    ("'Tis", '+1')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START + ("'",)):
        return "'" + value
    return value


def unsafe_cell(value):
    """Undo :func:`safe_cell` (used when a study reopens its CSV tables)."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def write_table(table: pd.DataFrame, path: Path, *, fmt: str = "csv", raw_csv: bool = False) -> dict:
    """Write one table (CSV, UTF-8, LF line ends; or Parquet) and return what the manifest records of it."""
    if fmt == "csv":
        out = table
        escaped = 0
        if not raw_csv:
            text_columns = [c for c in table.columns if table[c].dtype == object or str(table[c].dtype) in ("string", "str")]
            out = table.copy()
            for column in text_columns:
                before = out[column]
                out[column] = before.map(safe_cell)
                escaped += int((before.notna() & (before.astype(object) != out[column].astype(object))).sum())
        out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    elif fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ModuleNotFoundError:
            raise OutputError("Parquet needs the pyarrow package. Fix: install it (it is in the fsf[parquet] extra), "
                              "or write CSV.") from None
        table.to_parquet(path, index=False)
        escaped = 0
    else:
        raise OutputError(f"unknown table format {fmt!r}. Fix: use csv or parquet.")
    return {"rows": int(len(table)), "columns": {c: str(t) for c, t in table.dtypes.items()},
            "formula_cells_escaped": escaped}


@dataclass
class OutputFolder:
    """A folder a command writes into, all or nothing (see the module docstring).

    Use as a context manager; :meth:`path` gives where to write a file (inside the temporary
    build folder), :meth:`add` records a file written there. On a clean exit the files move
    into ``folder``; on an exception nothing in ``folder`` changes.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "tables"
    >>> with OutputFolder(target, command="demo") as out:
    ...     _ = out.path("a.csv").write_text("x\\n1\\n")
    ...     out.add("a.csv")
    >>> sorted(p.name for p in target.iterdir())
    ['a.csv', 'fsf-manifest.json']
    """

    folder: Path
    command: str
    provenance: dict = field(default_factory=dict)
    keep: Iterable[str] = ()
    progress: Callable[[str], None] | None = None
    files: dict = field(default_factory=dict)
    removed: list = field(default_factory=list)

    def __post_init__(self):
        self.folder = Path(self.folder)
        self._build: Path | None = None
        self._old = None

    # -- checks ---------------------------------------------------------------------------------
    def _check_target(self) -> None:
        folder = self.folder
        if folder.is_symlink():
            raise OutputError(f"{folder}: is a symbolic link. Fix: pass a real folder (fsf does not write through links).")
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: exists and is a file, not a folder. Fix: choose another --out.")
        parent = folder.parent
        probe = parent
        while not probe.exists():
            probe = probe.parent
        if not probe.is_dir():
            raise OutputError(f"{folder}: {probe} is a file, so the folder cannot be made. Fix: choose another --out.")
        if not os.access(probe if not folder.exists() else folder, os.W_OK | os.X_OK):
            raise OutputError(f"{folder}: no permission to write there. Fix: choose a folder you can write to.")
        if folder.exists():
            self._old = read_manifest(folder)
            # hidden files (.gitkeep, .DS_Store) are neither fsf's nor touched, and do not make a folder foreign
            entries = [p.name for p in folder.iterdir() if p.name not in (MANIFEST, INCOMPLETE)
                       and not p.name.startswith(".")]
            if self._old is None and entries:
                shown = ", ".join(sorted(entries)[:3]) + (" ..." if len(entries) > 3 else "")
                raise OutputError(f"{folder}: holds files fsf did not write ({shown}); fsf never overwrites or deletes "
                                  "them. Fix: choose a new or empty folder for --out.")

    # -- writing --------------------------------------------------------------------------------
    def __enter__(self) -> OutputFolder:
        self._check_target()
        parent = self.folder.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self._build = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.fsf-", dir=parent))
        except OSError as err:
            raise OutputError(f"{self.folder}: cannot write here ({err.strerror}). Fix: choose another --out.") from None
        os.chmod(self._build, 0o777 & ~_umask())
        return self

    @property
    def root(self) -> Path:
        """The temporary build folder (files written here move into ``folder`` at the end)."""
        return self._build

    def path(self, relative: str) -> Path:
        """Where to write ``relative`` during the run (parents are made)."""
        target = self._build / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def add(self, relative: str, **info) -> None:
        """Record a file written at :meth:`path` (``info`` goes to the manifest)."""
        if not (self._build / relative).is_file():
            raise OutputError(f"{relative}: was not written. This is a bug in fsf.")
        self.files[relative] = info

    def table(self, name: str, table: pd.DataFrame, *, fmt: str = "csv", raw_csv: bool = False) -> str:
        """Write one table as ``<name>.<fmt>`` and record it; returns the relative file name."""
        relative = f"{name}.{fmt}"
        info = write_table(table, self.path(relative), fmt=fmt, raw_csv=raw_csv)
        self.add(relative, **info)
        return relative

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._commit()
        finally:
            if self._build is not None and self._build.exists():
                shutil.rmtree(self._build, ignore_errors=True)

    def _commit(self) -> None:
        folder = self.folder
        old_files = set((self._old or {}).get("files", {}))
        keep = set(self.keep) & old_files
        stale = sorted(old_files - set(self.files) - keep)
        clash = [r for r in self.files if r not in old_files and ((folder / r).exists() or (folder / r).is_symlink())]
        if clash:
            raise OutputError(f"{folder / clash[0]}: exists and fsf did not write it (it is not in {MANIFEST}); fsf "
                              "never overwrites it. Fix: move it away, or choose another --out.")
        try:
            if not folder.exists():
                folder.mkdir()
                os.chmod(folder, 0o777 & ~_umask())
            marker = folder / INCOMPLETE
            marker.write_text(f"fsf {self.command} was moving its files into this folder and did not finish.\n",
                              encoding="utf-8")
            for relative in self.files:
                target = folder / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self._build / relative, target)
            for relative in stale:
                path = folder / relative
                if path.is_file() and not path.is_symlink():
                    path.unlink()
                    self.removed.append(relative)
                _prune_empty(path.parent, folder)
            files = dict(self.files)
            for relative in keep:
                files[relative] = self._old["files"][relative]
            manifest = {"fsf_version": __version__, "command": self.command, **self.provenance,
                        "files": dict(sorted(files.items())), "removed_stale": self.removed}
            tmp = folder / f".{MANIFEST}.tmp"
            tmp.write_text(json.dumps(manifest, indent=1, sort_keys=False, default=str) + "\n", encoding="utf-8")
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, folder / MANIFEST)
            marker.unlink()
        except OSError as err:
            raise OutputError(f"{folder}: writing failed ({err.strerror}: {err.filename}). Fix: check free space and "
                              "permissions, then run the command again.") from None
        if self.progress and self.removed:
            self.progress(f"removed {len(self.removed)} file(s) of an earlier run that this run did not write: "
                          f"{', '.join(self.removed)}")


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
