"""Every path the project uses, in one place.

Paths derive from the project root (the folder holding ``pyproject.toml``), so code, notebooks and tests work
from any working directory. Environment variables override the defaults:

- ``KERJASAMA_ROOT``: the project root (default: two levels above this file, or the working directory when the
  package is installed elsewhere).
- ``KERJASAMA_REFERENCE_MIRROR``: a local mirror of the third-party reference files (see ``reference.py``).

>>> from kerjasama_study import config
>>> config.RAW_DIR.name, config.PROCESSED_DIR.name
('raw', 'processed')
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"


def _find_root() -> Path:
    env = os.environ.get("KERJASAMA_ROOT")
    if env:
        return Path(env).resolve()
    candidate = PACKAGE_DIR.parents[1]
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd().resolve()


PROJECT_ROOT = _find_root()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
EXTERNAL_DIR = DATA_DIR / "external"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

#: Files in ``data/raw`` that are registers (inputs of ``kerjasama clean``).
REGISTER_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
#: Files in ``data/raw`` that are codings of a register, not registers themselves.
CODING_FILE_SUFFIX = "_human_codes.csv"

DEFAULT_REGISTER = RAW_DIR / "kerjasama_public_reports.csv"
DEFAULT_HUMAN_CODES = RAW_DIR / "kerjasama_public_reports_human_codes.csv"


def default_registers(raw_dir: Path | None = None) -> list[Path]:
    """Every register in ``raw_dir`` (default ``data/raw``), sorted by name; coding files are left out."""
    raw_dir = Path(raw_dir) if raw_dir else RAW_DIR
    return sorted(
        p
        for p in raw_dir.iterdir()
        if p.is_file()
        and p.suffix.lower() in REGISTER_SUFFIXES
        and not p.name.endswith(CODING_FILE_SUFFIX)
        and not p.name.startswith(("~$", "."))
    )


def reference_mirror() -> Path | None:
    """The offline mirror of reference files named by ``KERJASAMA_REFERENCE_MIRROR``, if set."""
    env = os.environ.get("KERJASAMA_REFERENCE_MIRROR")
    return Path(env).resolve() if env else None
