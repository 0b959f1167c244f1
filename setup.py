"""Build hook: copy the seeds and notebooks into the wheel as ``fsf/bundled/``.

All metadata lives in pyproject.toml; this file only adds one build step. The repository keeps
the seeds (``seeds/``) and the notebooks (``notebooks/``) at its top level, where a checkout
reads them (``fsf.config``); an installed wheel has no checkout, so ``build_py`` copies them
into the build folder (``<build_lib>/fsf/bundled/seeds`` and ``.../notebooks``). Nothing is
copied into the source tree, and an editable install (``pip install -e .``) copies nothing:
it reads the checkout's folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

# (folder in the source tree, file patterns, folder inside the package)
BUNDLED = [
    ("seeds", ["*.txt", "metadata.csv"], "bundled/seeds"),
    ("notebooks", ["*.ipynb"], "bundled/notebooks"),
]


def bundled_files() -> list[tuple[Path, str]]:
    """(source file, path relative to the package folder) for every file the wheel bundles."""
    files = []
    for folder, patterns, target in BUNDLED:
        found = sorted({p for pattern in patterns for p in (ROOT / folder).glob(pattern) if p.is_file()})
        if not found:
            raise SystemExit(f"{ROOT / folder}: no {' or '.join(patterns)} to bundle into the wheel. Fix: build "
                             "from a checkout of the repository or from its sdist (MANIFEST.in includes them).")
        files += [(p, f"{target}/{p.name}") for p in found]
    return files


class BuildPyWithBundled(build_py):
    """``build_py`` that also copies the seeds and notebooks into ``<build_lib>/fsf/bundled/``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads seeds/ and notebooks/ of the checkout
        package_dir = Path(self.build_lib) / "fsf"
        for source, relative in bundled_files():
            target = package_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)  # byte for byte: the loader checks each seed's sha256

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        package_dir = Path(self.build_lib) / "fsf"
        return outputs + [str(package_dir / relative) for _, relative in bundled_files()]


setup(cmdclass={"build_py": BuildPyWithBundled})
