"""The steps behind ``kerjasama clean`` (and, as they land, ``code`` and ``build``), each writing into a folder.

>>> import tempfile
>>> from kerjasama_study import config
>>> manifest = clean_to_dir([config.DEFAULT_REGISTER], tempfile.mkdtemp())
>>> manifest["inputs"][0]["data_rows"], manifest["outputs"]["agreements"]["rows"]
(80, 80)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from . import __version__, config
from .clean import clean_registers, expand_inputs, register_labels
from .outputs import (
    environment_info,
    link_or_copy,
    now_utc,
    sha256_file,
    staged_folder,
    write_json,
    write_tables,
)
from .readers import RegisterError
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
                 dayfirst: bool | None = None, owner: str | None = None) -> dict:
    """Clean ``inputs`` (default: every register in ``data/raw``) into ``out_dir`` (default ``data/processed``).

    Writes ``agreements``, ``parties`` and ``quarantine`` (CSV and Parquet) and ``manifest.json``; returns the
    manifest. The folder is replaced as a whole (coded tables of an earlier run are gone: run ``code`` again);
    nothing is replaced unless every input was read and every table passed its schema.
    """
    paths = expand_inputs(inputs) if inputs else config.default_registers()
    if not paths:
        raise FileNotFoundError(f"no registers (.csv, .xlsx, .xls, .ods) found in {config.RAW_DIR}")
    out = Path(out_dir) if out_dir else config.PROCESSED_DIR
    result = clean_registers(paths, dayfirst=dayfirst, owner=owner)
    tables = {"agreements": result.agreements, "parties": result.parties, "quarantine": result.quarantine}
    validate_tables(tables)

    inputs_info = []
    for path, label in zip(paths, register_labels(paths)):
        sheets = [s for s in result.stats if s.source_file == label]
        info = {
            "path": _display_path(path),
            "sha256": sha256_file(path),
            "bytes": path.stat().st_size,
            "sheets": [
                {"sheet": s.sheet, "header_row": s.header_row, "data_rows": s.data_rows,
                 "blank_rows": s.blank_rows, "kept": s.kept, "quarantined": s.quarantined,
                 "owner": s.owner, "owner_source": s.owner_source, "dayfirst": s.dayfirst}
                for s in sheets
            ],
            "encoding": sheets[0].encoding if sheets else None,
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

    manifest = {
        "step": "clean",
        "package_version": __version__,
        "created_utc": now_utc(),
        "parameters": {"dayfirst": dayfirst, "owner": owner},
        "inputs": inputs_info,
        "notes": result.notes,
        "environment": environment_info(),
    }
    with staged_folder(out) as new:
        manifest["outputs"] = write_tables(tables, new)
        write_json(manifest, new / MANIFEST)
    return manifest


#: ``dyads_all``: the outcome is an agreement from this year on; ``prior_tie`` an agreement before it.
DYADS_ALL_PERIOD_START = 2018

#: Panels written also as Stata .dta.
PANELS = ("region_year", "region_pair_year")

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


def build_date() -> pd.Timestamp:
    """Today in Indonesia's western time zone (the default as-of date of follow-through and watch lists)."""
    return pd.Timestamp(pd.Timestamp.now(tz="Asia/Jakarta").date())


def code_to_dir(processed_dir: Path | str | None = None, human_codes: Path | str | None = None,
                as_of: str | None = None, jobs: int | None = None) -> dict:
    """Code the cleaned tables in ``processed_dir`` (default ``data/processed``) and write the coded tables.

    Writes ``agreements`` (with the coded columns), ``sectors``, ``regions``, ``adjacency`` (when boundary data
    are available), ``dyads``, ``relationships``, ``follow_through``, the partner and panel tables and, when a
    human coding of the same records exists, ``reliability`` and ``reliability_per_code``; adds a ``coding``
    section to ``manifest.json``. ``as_of`` (YYYY-MM-DD) is the date at which follow-through is measured (open
    KBs are censored there); default: the build date. With ``jobs`` > 1 (default: the available cores) the
    partner and panel tables are computed and written by a second process; the outputs are the same.
    """
    from . import background, panels
    from .codebook import load_codebook
    from .coding import code_agreements, code_sectors
    from .followthrough import as_of_date, follow_through, link_lifecycles
    from .reliability import reliability_report

    d = Path(processed_dir) if processed_dir else config.PROCESSED_DIR
    manifest = read_manifest(d)
    if manifest.get("step") != "clean":
        raise RegisterError(f"{d / MANIFEST}: not the manifest of a cleaned folder; run `kerjasama clean` first")
    if as_of:
        try:
            as_of_ts, as_of_basis = pd.Timestamp(as_of), "parameter"
        except ValueError as exc:
            raise RegisterError(f"--as-of {as_of!r} is not a date; give it as YYYY-MM-DD") from exc
    else:
        as_of_ts, as_of_basis = build_date(), "build_date"
    agreements = read_table(d, "agreements")
    agreements = agreements.drop(columns=[c for c in CODED_COLUMNS if c in agreements.columns])
    parties = read_table(d, "parties")
    missing: list[str] = []
    regions, adj, contiguity = _geo_tables(missing)
    human_path = Path(human_codes) if human_codes else config.DEFAULT_HUMAN_CODES
    human_note = None
    tables: dict[str, pd.DataFrame] = {}
    with staged_folder(d) as new:
        for name in ("parties", "quarantine"):  # the cleaned tables that coding does not rewrite
            for fname in manifest["outputs"][name]["files"]:
                link_or_copy(d / fname, new / fname)
        parallel = (jobs or background.available_cores()) > 1
        job = background.start(_partner_tables, agreements, parties, regions, contiguity, adj, new, as_of_ts,
                               parallel=parallel)
        try:
            sectors = code_sectors(agreements, parties)
            coded = code_agreements(agreements, parties, sectors, contiguity)
            relationships = link_lifecycles(coded, parties, sectors)
            latest = as_of_date(coded)
            ft = follow_through(coded, relationships, as_of_ts)
            tables.update({"agreements": coded, "sectors": sectors, "relationships": relationships,
                           "follow_through": ft, "region_year": panels.region_year(coded, parties, regions)})
            if human_path.exists():
                human, human_note = matching_human_codes(human_path, coded, parties)
                if len(human):
                    rel = reliability_report(sectors, coded, human, relationships)
                    tables["reliability"] = rel["overall"]
                    tables["reliability_per_code"] = rel["per_code"]
            validate_tables({"agreements_coded": coded, "sectors": sectors, "relationships": relationships,
                             "follow_through": ft})
            written = _write_coded(tables, new, as_of_ts)
            written.update(job.result())
        finally:
            job.stop()
        written = {name: written[name] for name in TABLE_ORDER if name in written}

        from .reference import input_hashes
        from .regions import party_cues

        cb = load_codebook()
        manifest["codebook_version"] = cb.version
        manifest["party_cues_version"] = party_cues().version
        manifest["coding"] = {
            "created_utc": now_utc(),
            "codebook_version": cb.version,
            "party_cues_version": party_cues().version,
            "missing_covariates": missing,
            "reference_inputs": input_hashes(("boundaries", "population", "area", "splits")) if adj is not None
            else {},
            "human_codes": _display_path(human_path) if "reliability" in tables else None,
            "human_codes_note": human_note,
            "as_of": str(as_of_ts.date()),
            "as_of_basis": as_of_basis,
            "latest_signing_date": str(latest.date()),
        }
        manifest["coding"]["outputs"] = written
        manifest["outputs"] = {k: v for k, v in manifest["outputs"].items() if k in ("agreements", "parties",
                                                                                     "quarantine")}
        manifest["outputs"].update(written)
        write_json(manifest, new / MANIFEST)
        from .dictionary import write_datapackage

        write_datapackage(new)  # the data dictionary as a Frictionless data package
    return manifest


#: The coded tables in the order the manifest lists them.
TABLE_ORDER = ("agreements", "sectors", "regions", "dyads", "relationships", "follow_through", "network_metrics",
               "dyads_all", "region_year", "region_pair_year", "adjacency", "reliability", "reliability_per_code")


def _partner_tables(agreements: pd.DataFrame, parties: pd.DataFrame, regions: pd.DataFrame, contiguity, adj,
                    folder: Path, stamp: pd.Timestamp) -> dict:
    """Compute, validate and write (:func:`_write_coded`) the tables of partner patterns:
    ``regions``, ``dyads``, ``network_metrics``, ``dyads_all``, ``region_pair_year`` and ``adjacency``. They read
    only the codes of :func:`~kerjasama_study.coding.signed_facts`, so they need neither sectors nor lifecycles.
    Returns what :func:`write_tables` returns, with the ``.dta`` file added."""
    from . import panels, partners
    from .coding import signed_facts
    from .dyads import build_dyads

    facts = signed_facts(agreements, parties)
    dyads = build_dyads(parties, regions, contiguity)
    validate_tables({"dyads": dyads})
    tables = {"regions": regions, "dyads": dyads}
    tables["network_metrics"] = partners.network_table(parties, facts, regions)
    tables["dyads_all"] = partners.with_outcome(partners.risk_set(regions, contiguity), dyads, facts,
                                                start=DYADS_ALL_PERIOD_START)
    tables["region_pair_year"] = panels.region_pair_year(facts, dyads)
    if adj is not None:
        tables["adjacency"] = adj
    return _write_coded(tables, folder, stamp)


def _write_coded(tables: dict[str, pd.DataFrame], folder: Path, stamp: pd.Timestamp) -> dict:
    """:func:`write_tables`, plus a Stata ``.dta`` copy of each of :data:`PANELS` among ``tables`` (time stamp
    ``stamp``), its sha256 added to the record of the table's files."""
    from . import panels

    written = write_tables(tables, folder)
    for name in PANELS:
        if name in tables:
            panels.write_stata(tables[name], folder / f"{name}.dta", stamp=stamp)
            written[name]["files"][f"{name}.dta"] = sha256_file(folder / f"{name}.dta")
    return written


def read_table(processed_dir: Path, name: str) -> pd.DataFrame:
    """A processed table (Parquet), with a clear error when it is missing or damaged."""
    path = Path(processed_dir) / f"{name}.parquet"
    if not path.exists():
        raise RegisterError(f"{path}: missing; run `kerjasama clean` (and `kerjasama code`) again")
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a truncated or foreign file
        raise RegisterError(f"{path}: cannot be read ({type(exc).__name__}: {str(exc)[:120]}); the file is damaged: "
                            "run `kerjasama clean` again to rebuild it") from exc


#: Share of the records with a human code whose region parties must agree for the coding to be used.
HUMAN_CODES_MIN_AGREEMENT = 0.8


def matching_human_codes(path: Path, coded: pd.DataFrame, parties: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The rows of a human-coding file that describe the records in ``coded``, and a note when some are not used.

    A row is used when its id is a record id of the data *and* its region codes (``kode_wilayah_pihak``) are
    among the record's region parties: a register of one's own with ids like ``PR-001`` is never compared with
    the project's human coding of other records. When fewer than 80 % of the id matches agree, none is used.
    """
    human = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "id" not in human or "kode_wilayah_pihak" not in human:
        return human.iloc[0:0], f"{_display_path(path)}: not a human-coding file (no id / kode_wilayah_pihak column)"
    same_id = human[human["id"].astype(object).isin(set(coded["record_id"].to_numpy(dtype=object).tolist()))]
    if same_id.empty:
        return same_id, None
    mine = parties[parties["record_id"].astype(object).isin(set(same_id["id"])) & parties["region_code"].notna()]
    codes = mine.groupby("record_id")["region_code"].agg(set)
    agree = same_id.apply(lambda r: {c.strip() for c in r["kode_wilayah_pihak"].split(";") if c.strip()}
                          <= set(codes.get(r["id"], ())), axis=1)
    if agree.mean() < HUMAN_CODES_MIN_AGREEMENT:
        return same_id.iloc[0:0], (f"{_display_path(path)} not used: {int(agree.sum())} of {len(same_id)} records "
                                   "with the same id have the same region parties (the ids belong to other records)")
    note = None if agree.all() else (f"{_display_path(path)}: {int((~agree).sum())} record(s) with the same id but "
                                     "other region parties left out of the reliability tables")
    return same_id[agree], note


def read_manifest(processed_dir: Path | str | None = None) -> dict:
    """The manifest of a processed folder (default ``data/processed``)."""
    path = Path(processed_dir or config.PROCESSED_DIR) / MANIFEST
    if not path.exists():
        raise RegisterError(f"{path}: missing; the folder holds no cleaned tables: run `kerjasama clean` first")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RegisterError(f"{path}: damaged ({exc}); run `kerjasama clean` again") from exc


def extract_to_files(inputs: list[Path | str], out: Path | str, log: Path | str | None = None,
                     as_of=None) -> dict:
    """Read news articles (files or folders), extract one register row per event, and write the register
    (``out``) and the log of every input article (``log``, default ``<out stem>_log.csv``) atomically.

    Returns a summary: articles read, input problems, event articles, events, and the files written.
    """
    import datetime as dt

    from .articles import read_articles
    from .extract import LOG_COLUMNS, REGISTER_COLUMNS, extract, news_cues
    from .outputs import write_csv_file

    out = Path(out)
    log = Path(log) if log else out.with_name(f"{out.stem}_log.csv")
    as_of = as_of or dt.date.today()
    found = read_articles(inputs)
    if not found.articles:
        for p in found.problems:
            print(f"problem: {p.where}: {p.message}", file=sys.stderr)
        print("error: no article could be read from " + ", ".join(str(i) for i in inputs) + "; nothing was "
              "written", file=sys.stderr)
        return None
    result = extract(found.articles, found.problems, as_of=as_of)
    register = pd.DataFrame(result.register_rows(), columns=list(REGISTER_COLUMNS))
    log_table = pd.DataFrame(result.log_rows(), columns=list(LOG_COLUMNS))
    files = {str(log): write_csv_file(log_table, log), str(out): write_csv_file(register, out)}
    return {
        "articles": len(found.articles),
        "problems": [f"{p.where}: {p.message}" for p in found.problems],
        "event_articles": sum(1 for f in result.facts if f.decision == "event"),
        "events": len(result.events),
        "news_cues_version": news_cues().version,
        "as_of": as_of.isoformat(),
        "files": files,
    }
