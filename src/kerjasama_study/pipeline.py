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

import pandas as pd

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


#: ``dyads_all``: the outcome is an agreement from this year on; ``prior_tie`` an agreement before it.
DYADS_ALL_PERIOD_START = 2018

CODED_COLUMNS = ["doc_type_code", "doc_type_evidence", "stage", "cooperation_kind", "ksdd_basis", "regime",
                 "n_sectors"]


def _geo_tables(missing: list[str]):
    """(regions, adjacency, contiguity) from the reference files, or (regions without geodata, None, None)."""
    from . import geo, reference

    try:
        adj = geo.adjacency()
        cache = geo._cache_path("regions", ("boundaries", "population", "area", "splits"))
        if cache.exists():
            regions = pd.read_parquet(cache)
        else:
            regions = geo.region_table(geo.boundaries(), adj, missing)
            if not missing:
                cache.parent.mkdir(parents=True, exist_ok=True)
                regions.to_parquet(cache, index=False)
        return regions, adj, geo.Contiguity(adj)
    except reference.ReferenceUnavailable as exc:
        missing.append(f"boundaries (neighbours, centroids, distances, KSDD wajib/sukarela): {exc}")
        return geo.region_table(None, None, missing), None, None


def code_to_dir(processed_dir: Path | str | None = None, human_codes: Path | str | None = None) -> dict:
    """Code the cleaned tables in ``processed_dir`` (default ``data/processed``) and write the coded tables.

    Writes ``agreements`` (with the coded columns), ``sectors``, ``regions``, ``adjacency`` (when boundary data
    are available), ``dyads`` and, when a human coding of the same records exists, ``reliability`` and
    ``reliability_per_code``; adds a ``coding`` section to ``manifest.json``.
    """
    from .codebook import load_codebook
    from .coding import code_agreements, code_sectors
    from .dyads import build_dyads
    from .reliability import reliability_report

    d = Path(processed_dir) if processed_dir else config.PROCESSED_DIR
    manifest = read_manifest(d)
    agreements = pd.read_parquet(d / "agreements.parquet")
    agreements = agreements.drop(columns=[c for c in CODED_COLUMNS if c in agreements.columns])
    parties = pd.read_parquet(d / "parties.parquet")
    missing: list[str] = []
    regions, adj, contiguity = _geo_tables(missing)

    from .followthrough import as_of_date, follow_through, link_lifecycles

    sectors = code_sectors(agreements, parties)
    coded = code_agreements(agreements, parties, sectors, contiguity)
    dyads = build_dyads(parties, regions, contiguity)
    relationships = link_lifecycles(coded, parties, sectors)
    as_of = as_of_date(coded)
    ft = follow_through(coded, relationships, as_of)
    from . import partners

    tables = {"agreements": coded, "sectors": sectors, "regions": regions, "dyads": dyads,
              "relationships": relationships, "follow_through": ft}
    tables["network_metrics"] = partners.network_metrics(partners.build_network(parties, coded), regions)
    tables["dyads_all"] = partners.with_outcome(partners.risk_set(regions, contiguity), dyads, coded,
                                                start=DYADS_ALL_PERIOD_START)
    if adj is not None:
        tables["adjacency"] = adj
    human_path = Path(human_codes) if human_codes else config.DEFAULT_HUMAN_CODES
    if human_path.exists():
        human = pd.read_csv(human_path, dtype=str, keep_default_na=False)
        if set(human["id"]) & set(coded["record_id"]):
            rel = reliability_report(sectors, coded, human)
            tables["reliability"] = rel["overall"]
            tables["reliability_per_code"] = rel["per_code"]
    validate_tables({"agreements_coded": coded, "sectors": sectors, "dyads": dyads, "relationships": relationships,
                     "follow_through": ft})
    written = write_tables(tables, d)

    from .reference import input_hashes

    cb = load_codebook()
    manifest["codebook_version"] = cb.version
    manifest["coding"] = {
        "created_utc": now_utc(),
        "codebook_version": cb.version,
        "outputs": written,
        "missing_covariates": missing,
        "reference_inputs": input_hashes(("boundaries", "population", "area", "splits")) if adj is not None else {},
        "human_codes": _display_path(human_path) if "reliability" in tables else None,
        "as_of": str(as_of.date()),
    }
    manifest["outputs"].update(written)
    write_json(manifest, d / MANIFEST)
    return manifest


def read_manifest(processed_dir: Path | str | None = None) -> dict:
    """The manifest of a processed folder (default ``data/processed``)."""
    path = Path(processed_dir or config.PROCESSED_DIR) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8"))
