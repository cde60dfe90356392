"""The steps behind ``kerjasama clean`` (and, as they land, ``code`` and ``build``), each writing into a folder.

>>> import tempfile
>>> from kerjasama_study import config
>>> manifest = clean_to_dir([config.DEFAULT_REGISTER], tempfile.mkdtemp())
>>> manifest["inputs"][0]["data_rows"], manifest["outputs"]["agreements"]["rows"]
(80, 80)
"""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__, config
from .clean import clean_registers
from .outputs import environment_info, now_utc, sha256_file, write_json, write_tables
from .schemas import validate_tables

MANIFEST = "manifest.json"


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(config.PROJECT_ROOT))
    except ValueError:
        return str(path.resolve())


class AccountingError(RuntimeError):
    """Rows in and rows out do not add up (a bug, never expected)."""


def clean_to_dir(inputs: list[Path | str] | None = None, out_dir: Path | str | None = None,
                 dayfirst: bool = True) -> dict:
    """Clean ``inputs`` (default: every register in ``data/raw``) into ``out_dir`` (default ``data/processed``).

    Writes ``agreements``, ``parties`` and ``quarantine`` (CSV and Parquet) and ``manifest.json``; returns the
    manifest. Nothing is written unless every input was read and every table passed its schema.
    """
    paths = [Path(p) for p in inputs] if inputs else config.default_registers()
    if not paths:
        raise FileNotFoundError(f"no registers (.csv, .xlsx) found in {config.RAW_DIR}")
    out = Path(out_dir) if out_dir else config.PROCESSED_DIR
    result = clean_registers(paths, dayfirst=dayfirst)
    tables = {"agreements": result.agreements, "parties": result.parties, "quarantine": result.quarantine}
    validate_tables(tables)

    inputs_info = []
    for path in paths:
        sheets = [s for s in result.stats if s.source_file == path.name]
        info = {
            "path": _display_path(path),
            "sha256": sha256_file(path),
            "bytes": path.stat().st_size,
            "sheets": [
                {"sheet": s.sheet, "header_row": s.header_row, "data_rows": s.data_rows,
                 "blank_rows": s.blank_rows, "kept": s.kept, "quarantined": s.quarantined}
                for s in sheets
            ],
        }
        for key in ("data_rows", "blank_rows", "kept", "quarantined"):
            info[key] = sum(s[key] for s in info["sheets"])
        if info["data_rows"] != info["kept"] + info["quarantined"]:
            raise AccountingError(f"{path}: {info['data_rows']} data rows but {info['kept']} kept "
                                  f"+ {info['quarantined']} quarantined")
        inputs_info.append(info)
    kept = sum(i["kept"] for i in inputs_info)
    quarantined = sum(i["quarantined"] for i in inputs_info)
    if kept != len(result.agreements) or quarantined != len(result.quarantine):
        raise AccountingError("row accounting does not match the written tables")

    written = write_tables(tables, out)
    manifest = {
        "step": "clean",
        "package_version": __version__,
        "created_utc": now_utc(),
        "parameters": {"dayfirst": dayfirst},
        "inputs": inputs_info,
        "outputs": written,
        "notes": result.notes,
        "environment": environment_info(),
    }
    write_json(manifest, out / MANIFEST)
    return manifest


def read_manifest(processed_dir: Path | str | None = None) -> dict:
    """The manifest of a processed folder (default ``data/processed``)."""
    path = Path(processed_dir or config.PROCESSED_DIR) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8"))
