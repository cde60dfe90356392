"""Clean registers into the project's tidy tables, accounting for every input row.

For every input file, ``non-blank data rows = agreements rows + quarantined rows``. A row goes to quarantine,
with a reason, when it has no party, no party that resolves to a region, a signing date that cannot exist or
cannot be read, or when it repeats an earlier row in every column but the id and document number. Everything
else is kept; problems that do not make a record unusable are written to its ``flags``:

- ``single_party``: one party only (an evaluation or a one-sided report);
- ``unresolved_party`` / ``ambiguous_party`` / ``perangkat_daerah``: a party name beside resolved ones that is
  kept with ``party_kind = unknown``;
- ``fuzzy_match``: a region name matched by the fuzzy step;
- ``no_date``: the signing date is empty;
- ``end_date_unreadable``: the end date could not be parsed;
- ``duplicate_id``: the id repeats an earlier record's id (the record gets a derived ``record_id``).

>>> import pandas as pd
>>> raw = pd.DataFrame({"No": [1, 2], "Tanggal": ["3/11/2025", "31/02/2024"],
...                     "Para Pihak": ["Pemkab Kotim dan Pemkab Seruyan", "Kota Palu; Kabupaten Sigi"]})
>>> result = clean_frame(raw, source_file="contoh.xlsx")
>>> result.agreements[["record_id", "date_signed", "n_parties"]].to_dict("records")
[{'record_id': '1', 'date_signed': Timestamp('2025-11-03 00:00:00'), 'n_parties': 2}]
>>> result.quarantine["reason"].tolist()
["impossible date: day 31 does not exist in 2024-02 (column 'Tanggal')"]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .dates import parse_date
from .headers import MULTI_FIELDS, REQUIRED_FIELDS, SYNONYMS, canonical_field, normalize_header, synonym_rank
from .parties import split_parties
from .readers import RawSheet, RegisterError, read_register
from .regions import resolve_name
from .text import is_blank

AGREEMENT_COLUMNS = [
    "record_id", "source_file", "source_sheet", "source_row", "record_no",
    "date_signed", "date_precision", "date_raw", "doc_type", "subject", "doc_number",
    "duration", "end_date", "end_date_raw", "status", "source_url", "parties_raw",
    "n_parties", "n_region_parties", "flags",
]  # fmt: skip
PARTY_COLUMNS = [
    "record_id", "position", "name_raw", "name_canonical", "region_code", "party_kind",
    "province_code", "match_method", "match_score", "candidates",
]  # fmt: skip
QUARANTINE_COLUMNS = ["source_file", "source_sheet", "source_row", "record_no", "reason", "raw"]

# canonical fields stored as text, in the order of AGREEMENT_COLUMNS (doc_type ... duration, status, source_url)
_FIELDS_IN_ORDER = ("doc_type", "subject", "doc_number", "duration", "status", "source")
_PARTY_FLAGS = {"unresolved": "unresolved_party", "ambiguous": "ambiguous_party",
                "perangkat_daerah": "perangkat_daerah", "fuzzy": "fuzzy_match"}
_PARTY_FLAG_ORDER = tuple(_PARTY_FLAGS.values())


@lru_cache(maxsize=200_000)
def _resolved(name: str) -> tuple:
    """(match, is_region, flag, parties-row tail) for one party name, computed once per distinct name."""
    m = resolve_name(name)
    tail = (m.name_raw, m.name_canonical, m.region_code, m.party_kind, m.province_code, m.match_method,
            m.match_score, m.candidates or None)
    return m, m.is_region, _PARTY_FLAGS.get(m.match_method), tail
_DEDUP_EXCLUDE = {"record_no", "doc_number"}


@dataclass
class SheetStats:
    source_file: str
    sheet: str
    header_row: int
    data_rows: int = 0
    blank_rows: int = 0
    kept: int = 0
    quarantined: int = 0


@dataclass
class _Layout:
    """Where the fields of one sheet are (computed once per sheet)."""

    plan: dict[str, list[int]]
    extras: list[tuple[int, str]]
    party_cols: list[int]
    date_col: int
    end_col: int | None
    dedup_cols: list[int]
    field_cols: list[list[int]]


@dataclass
class CleanResult:
    """The cleaned tables and the row accounting of each input table."""

    agreements: pd.DataFrame
    parties: pd.DataFrame
    quarantine: pd.DataFrame
    stats: list[SheetStats] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _text(value: object) -> str | None:
    """A cell as trimmed text with single spaces, or None when blank."""
    if type(value) is str:
        value = value.strip()
        if not value:
            return None
        return " ".join(value.split()) if ("  " in value or "\n" in value or "\t" in value) else value
    if is_blank(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _column_plan(headers: list[str], where: str) -> tuple[dict[str, list[int]], list[tuple[int, str]]]:
    """Map canonical fields to column positions; the rest are extra columns kept under their own names."""
    plan: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        f = canonical_field(h)
        if f:
            plan.setdefault(f, []).append(i)
    for f, idx in plan.items():
        if f not in MULTI_FIELDS and not f.startswith("party_"):
            plan[f] = sorted(idx, key=lambda i: (synonym_rank(headers[i]), i))
    missing = [f for f in REQUIRED_FIELDS if f not in plan and not (f == "parties" and _party_cols(plan))]
    if missing:
        wants = "; ".join(f"'{f}' (one of: {', '.join(SYNONYMS[f])})" for f in missing)
        raise RegisterError(f"{where}: missing required column {wants}; headers found: {headers}")
    used = {i for f, idx in plan.items() for i in (idx if (f in MULTI_FIELDS or f.startswith("party_")) else idx[:1])}
    reserved = set(AGREEMENT_COLUMNS)
    extras = []
    for i, h in enumerate(headers):
        if i in used:
            continue
        name = normalize_header(h) or f"column_{i + 1}"
        if name in reserved or name in {n for _, n in extras}:
            name = f"input_{name}"
        extras.append((i, name))
    return plan, extras


def _party_cols(plan: dict[str, list[int]]) -> list[int]:
    keys = sorted((k for k in plan if k.startswith("party_")), key=lambda k: int(k.split("_")[1]))
    return [i for k in keys for i in plan[k]]


class _Cleaner:
    def __init__(self, dayfirst: bool = True) -> None:
        self.dayfirst = dayfirst
        self.agreements: list[dict] = []
        self.parties: list[dict] = []
        self.quarantine: list[dict] = []
        self.stats: list[SheetStats] = []
        self.notes: list[str] = []
        self.seen_rows: dict[tuple, tuple[str, str, int, str]] = {}
        self.seen_ids: set[str] = set()
        self.extra_order: list[str] = []
        self.extra_values: list[dict[str, str | None]] = []

    def add_sheet(self, sheet: RawSheet, stem: str) -> None:
        where = f"{sheet.source_file}" + (f" [sheet {sheet.sheet!r}]" if sheet.sheet else "")
        plan, extras = _column_plan(sheet.headers, where)
        for _, name in extras:
            if name not in self.extra_order:
                self.extra_order.append(name)
        stats = SheetStats(sheet.source_file, sheet.sheet, sheet.header_row)
        layout = _Layout(
            plan=plan,
            extras=extras,
            party_cols=plan.get("parties", []) + _party_cols(plan),
            date_col=plan["date_signed"][0],
            end_col=plan["end_date"][0] if "end_date" in plan else None,
            dedup_cols=[i for i in range(len(sheet.headers))
                        if not any(i in plan.get(f, []) for f in _DEDUP_EXCLUDE)],
            field_cols=[plan.get(f, []) if f in MULTI_FIELDS else plan.get(f, [])[:1] for f in _FIELDS_IN_ORDER],
        )
        for source_row, cells in sheet.rows:
            texts = [_text(c) for c in cells]
            if not any(texts):
                stats.blank_rows += 1
                continue
            stats.data_rows += 1
            if self._add_row(sheet, stem, layout, source_row, cells, texts):
                stats.kept += 1
            else:
                stats.quarantined += 1
        self.stats.append(stats)
        self.notes.extend(f"{sheet.source_file}: {n}" for n in sheet.notes)

    def _quarantine(self, sheet: RawSheet, row: int, record_no: str | None, reason: str, cells: list) -> bool:
        raw = {h or f"column_{i + 1}": _text(v) for i, (h, v) in enumerate(zip(sheet.headers, cells))}
        self.quarantine.append(
            {
                "source_file": sheet.source_file,
                "source_sheet": sheet.sheet,
                "source_row": row,
                "record_no": record_no,
                "reason": reason,
                "raw": json.dumps(raw, ensure_ascii=False, sort_keys=False),
            }
        )
        return False

    def _add_row(self, sheet: RawSheet, stem: str, layout: _Layout, source_row: int, cells: list,
                 texts: list[str | None]) -> bool:
        headers = sheet.headers
        plan, party_cols, date_col, end_col = layout.plan, layout.party_cols, layout.date_col, layout.end_col
        record_no = texts[plan["record_no"][0]] if "record_no" in plan else None

        names: list[str] = []
        for i in party_cols:
            names.extend(split_parties(cells[i]))
        if not names:
            cols = ", ".join(repr(headers[i]) for i in party_cols)
            return self._quarantine(sheet, source_row, record_no, f"no party named (column {cols})", cells)
        resolved = [_resolved(n) for n in names]
        n_region = sum(r[1] for r in resolved)
        if not n_region:
            detail = "; ".join(f"{r[0].name_raw} [{r[0].match_method if r[0].party_kind == 'unknown' else r[0].party_kind}]"
                               for r in resolved)
            return self._quarantine(sheet, source_row, record_no, f"no party resolves to a region: {detail}", cells)

        date = parse_date(cells[date_col], dayfirst=self.dayfirst)
        if date.error:
            return self._quarantine(
                sheet, source_row, record_no, f"{date.error} (column {headers[date_col]!r})", cells
            )

        key = tuple((texts[i] or "").lower() for i in layout.dedup_cols)
        if key in self.seen_rows:
            f, sh, r, rid = self.seen_rows[key]
            where = f"{f}" + (f" sheet {sh!r}" if sh else "")
            return self._quarantine(
                sheet, source_row, record_no, f"duplicate of {where} row {r} (record {rid})", cells
            )

        flags: list[str] = []
        record_id = record_no if record_no else f"{stem}-{source_row}"
        if record_id in self.seen_ids:
            flags.append("duplicate_id")
            record_id = f"{stem}-{source_row}"
            while record_id in self.seen_ids:  # pragma: no cover - only with adversarial ids
                record_id += "b"
        self.seen_ids.add(record_id)
        self.seen_rows[key] = (sheet.source_file, sheet.sheet, source_row, record_id)

        end = parse_date(cells[end_col], dayfirst=self.dayfirst) if end_col is not None else None
        if end is not None and end.error:
            flags.append("end_date_unreadable")
        if len(names) == 1:
            flags.append("single_party")
        party_flags = {r[2] for r in resolved if r[2]}
        flags.extend(f for f in _PARTY_FLAG_ORDER if f in party_flags)
        if date.value is None:
            flags.append("no_date")

        fields = [" | ".join(v for i in idx if (v := texts[i])) or None for idx in layout.field_cols]
        self.agreements.append(
            (record_id, sheet.source_file, sheet.sheet, source_row, record_no, date.value, date.precision,
             texts[date_col], *fields[:4],
             end.value if end is not None else None, texts[end_col] if end_col is not None else None,
             *fields[4:], " | ".join(texts[i] for i in party_cols if texts[i]), len(names), n_region,
             ";".join(flags))
        )
        self.extra_values.append({name: texts[i] for i, name in layout.extras})
        for pos, r in enumerate(resolved, start=1):
            self.parties.append((record_id, pos) + r[3])
        return True

    def _agreements_frame(self) -> pd.DataFrame:
        core = pd.DataFrame(self.agreements, columns=AGREEMENT_COLUMNS)
        extras = pd.DataFrame(self.extra_values, columns=self.extra_order, index=core.index)
        return pd.concat([core, extras], axis=1)

    def result(self) -> CleanResult:
        agreements = self._agreements_frame()
        agreements["date_signed"] = pd.to_datetime(agreements["date_signed"]).astype("datetime64[ns]")
        agreements["end_date"] = pd.to_datetime(agreements["end_date"]).astype("datetime64[ns]")
        for col in ("source_row", "n_parties", "n_region_parties"):
            agreements[col] = agreements[col].astype("int64")
        text_cols = [c for c in agreements.columns if c not in ("date_signed", "end_date", "source_row",
                                                                "n_parties", "n_region_parties")]
        agreements[text_cols] = agreements[text_cols].astype("string")
        parties = pd.DataFrame(self.parties, columns=PARTY_COLUMNS)
        parties["position"] = parties["position"].astype("int64")
        parties["match_score"] = parties["match_score"].astype("float64")
        str_cols = [c for c in PARTY_COLUMNS if c not in ("position", "match_score")]
        parties[str_cols] = parties[str_cols].astype("string")
        quarantine = pd.DataFrame(self.quarantine, columns=QUARANTINE_COLUMNS)
        quarantine["source_row"] = quarantine["source_row"].astype("int64")
        qcols = [c for c in QUARANTINE_COLUMNS if c != "source_row"]
        quarantine[qcols] = quarantine[qcols].astype("string")
        return CleanResult(agreements, parties, quarantine, self.stats, self.notes)


def clean_registers(paths: list[Path | str], dayfirst: bool = True) -> CleanResult:
    """Read and clean the registers at ``paths`` (CSV or XLSX) into one :class:`CleanResult`.

    Raises :class:`~kerjasama_study.readers.RegisterError` naming the file (and sheet and column) when a register
    cannot be read as a whole.
    """
    cleaner = _Cleaner(dayfirst=dayfirst)
    stems_seen: dict[str, int] = {}
    for path in paths:
        path = Path(path)
        stem = path.stem
        if stem in stems_seen:
            stems_seen[stem] += 1
            stem = f"{stem}_{stems_seen[stem]}"
        else:
            stems_seen[stem] = 1
        for sheet in read_register(path):
            cleaner.add_sheet(sheet, f"{stem}-{sheet.sheet}" if sheet.sheet else stem)
    return cleaner.result()


def clean_frame(frame: pd.DataFrame, source_file: str = "frame", dayfirst: bool = True) -> CleanResult:
    """Clean an in-memory register (a DataFrame whose columns are the register's headers)."""
    headers = [str(c) for c in frame.columns]
    rows = [
        (i + 2, [None if is_blank(v) else v for v in row])
        for i, row in enumerate(frame.itertuples(index=False, name=None))
    ]
    cleaner = _Cleaner(dayfirst=dayfirst)
    cleaner.add_sheet(RawSheet(source_file, "", 1, headers, rows), Path(source_file).stem)
    return cleaner.result()
