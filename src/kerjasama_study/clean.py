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
- ``duplicate_id``: the id repeats an earlier record's id (the record gets a derived ``record_id``);
- ``date_from_start``: no signing date, so the start date (``tanggal_mulai``) stands in;
- ``two_digit_year``: the year was written with two digits (00-49 read as 20yy, 50-99 as 19yy);
- ``date_in_future`` / ``date_before_1945``: a signing date after the day of cleaning or before 1945 (kept,
  never used as the analysis date);
- ``owner_added``: the register lists only the partner, and the owning region (``--owner`` or a title row)
  was added as the first party (``parties.role = owner``).

A register kept by one region usually lists only the partner (columns ``Mitra``, ``Nama Institusi Mitra``,
``Pihak Kedua``): name the owner with ``owner=`` (``--owner``), or let a title row such as "DAFTAR KERJA SAMA
PEMERINTAH KABUPATEN X" name it (reported in the notes; several regions in the title rows are never guessed).

A sheet is cleaned column by column (Arrow string kernels for text, splitting and common date shapes; each
distinct party name resolved once), and only the cells those kernels cannot settle exactly (brackets, legal
suffixes, non-ASCII text, rarer date shapes) go through the cell-by-cell functions; tests check that both give
the same result. Only the duplicate check and the record ids walk the rows, in input order.

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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .dates import PLAUSIBLE_FROM_YEAR, month_first_evidence, parse_date_column
from .headers import (
    MULTI_FIELDS,
    REQUIRED_FIELDS,
    STAND_INS,
    SYNONYMS,
    canonical_field,
    is_party_field,
    normalize_header,
    synonym_rank,
)
from .parties import split_party_column
from .readers import RawSheet, RegisterError, read_register
from .regions import PartyMatch, expand_abbreviations, gazetteer, party_cues, region, resolve_name
from .text import clean_text, clean_text_column, is_blank, take_cells

AGREEMENT_COLUMNS = [
    "record_id", "source_file", "source_sheet", "source_row", "record_no",
    "date_signed", "date_precision", "date_raw", "start_date", "doc_type", "subject", "doc_number",
    "doc_number_partner", "duration", "end_date", "end_date_raw", "status", "source_url", "parties_raw",
    "n_parties", "n_region_parties", "flags",
]  # fmt: skip
PARTY_COLUMNS = [
    "record_id", "position", "role", "name_raw", "name_canonical", "region_code", "party_kind",
    "province_code", "match_method", "match_score", "candidates", "office",
]  # fmt: skip
#: ``parties.role``: ``listed`` in the register, or ``owner`` added from ``--owner`` or a title row.
ROLES = ("listed", "owner")
QUARANTINE_COLUMNS = ["source_file", "source_sheet", "source_row", "record_no", "reason", "raw"]

_PARTY_FLAGS = {"unresolved": "unresolved_party", "ambiguous": "ambiguous_party",
                "perangkat_daerah": "perangkat_daerah", "fuzzy": "fuzzy_match"}
_PARTY_FLAG_ORDER = tuple(_PARTY_FLAGS.values())


@lru_cache(maxsize=200_000)
def _resolved(name: str) -> tuple:
    """(match, is_region, flag bit, parties-row tail) for one party name, computed once per distinct name."""
    m = resolve_name(name)
    tail = (m.name_canonical, m.region_code, m.party_kind, m.province_code, m.match_method, m.match_score,
            m.candidates or None, m.office or None)
    return m, m.is_region, _FLAG_BITS.get(_PARTY_FLAGS.get(m.match_method), 0), tail


_DEDUP_EXCLUDE = {"record_no", "doc_number"}
# Flags in the order they are written; a record's flags are a bit mask over this list.
_FLAG_ORDER = ("duplicate_id", "end_date_unreadable", "single_party", *_PARTY_FLAG_ORDER, "no_date",
               "date_from_start", "two_digit_year", "date_in_future", "date_before_1945", "owner_added")
_FLAG_BITS = {f: 1 << i for i, f in enumerate(_FLAG_ORDER)}
_FLAG_TEXT = [";".join(f for f in _FLAG_ORDER if mask & _FLAG_BITS[f]) for mask in range(1 << len(_FLAG_ORDER))]


@dataclass
class SheetStats:
    source_file: str
    sheet: str
    header_row: int
    data_rows: int = 0
    blank_rows: int = 0
    kept: int = 0
    quarantined: int = 0
    owner: str | None = None
    owner_source: str | None = None
    dayfirst: bool = True
    encoding: str | None = None  # CSV only: utf-8, utf-16, cp1252, latin-1 or "mixed utf-8/cp1252"


@dataclass
class CleanResult:
    """The cleaned tables and the row accounting of each input table."""

    agreements: pd.DataFrame
    parties: pd.DataFrame
    quarantine: pd.DataFrame
    stats: list[SheetStats] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ColumnPlan:
    """Which input columns hold which canonical field, the extra columns kept under their own names, and notes."""

    fields: dict[str, list[int]]
    extras: list[tuple[int, str]]
    notes: list[str]

    @property
    def party_cols(self) -> list[int]:
        """The columns of party names in order: ``parties``, ``pihak_1..n``, then ``partner``."""
        keys = sorted((k for k in self.fields if k.startswith("party_")), key=lambda k: int(k.split("_")[1]))
        return (self.fields.get("parties", []) + [i for k in keys for i in self.fields[k]]
                + self.fields.get("partner", []))

    @property
    def partner_only(self) -> bool:
        """True when the register names only the other side (a ``Mitra`` or ``Pihak Kedua`` column)."""
        listed = [k for k in self.fields if is_party_field(k)]
        return bool(listed) and all(k == "partner" or k in ("party_2", "party_3") for k in listed)


def _column_plan(headers: list[str], where: str) -> ColumnPlan:
    """Map canonical fields to column positions; the rest are extra columns kept under their own names."""
    plan: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        f = canonical_field(h)
        if f:
            plan.setdefault(f, []).append(i)
    for f, idx in plan.items():
        if f not in MULTI_FIELDS and not is_party_field(f):
            plan[f] = sorted(idx, key=lambda i: (synonym_rank(headers[i]), i))
    missing = [f for f in REQUIRED_FIELDS
               if f not in plan and not any(s in plan for s in STAND_INS.get(f, ()))
               and not (f == "parties" and any(is_party_field(k) for k in plan))]
    if missing:
        wants = "; ".join(f"'{f}' (one of: {', '.join(SYNONYMS[f][:8])}"
                          + (f"; or {', '.join(SYNONYMS[s][0] for s in STAND_INS[f])}" if f in STAND_INS else "")
                          + ")" for f in missing)
        raise RegisterError(f"{where}: missing required column {wants}; headers found: {headers}. Rename the "
                            "column in the header row, or add it")
    notes = []
    for f, idx in plan.items():
        if len(idx) > 1 and f not in MULTI_FIELDS and not is_party_field(f):
            others = ", ".join(f"{headers[i]!r} (column {i + 1})" for i in idx[1:])
            notes.append(f"several columns hold {f}: {headers[idx[0]]!r} (column {idx[0] + 1}) is used; {others} "
                         "kept as extra column(s) under their own names")
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        key = normalize_header(h)
        if key and key in seen:
            notes.append(f"header {h!r} appears twice (columns {seen[key] + 1} and {i + 1})")
        seen.setdefault(key, i)
    used = {i for f, idx in plan.items() for i in (idx if (f in MULTI_FIELDS or is_party_field(f)) else idx[:1])}
    reserved = set(AGREEMENT_COLUMNS)
    extras: list[tuple[int, str]] = []
    for i, h in enumerate(headers):
        if i in used:
            continue
        name = normalize_header(h) or f"column_{i + 1}"
        while name in reserved or name in {n for _, n in extras}:
            name = f"input_{name}"
        extras.append((i, name))
    return ColumnPlan(plan, extras, notes)


def _strings(values: list | pa.Array) -> pd.arrays.ArrowStringArray:
    """A pandas ``string`` array from an Arrow array or a list of str/None."""
    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.string())
    return pd.arrays.ArrowStringArray(arr)


def _pylist(values) -> list:
    return values.to_pylist() if hasattr(values, "to_pylist") else list(values)


def _join_columns(columns: list[pa.Array], n: int) -> pa.Array:
    """Several text columns joined with " | " row by row, blanks skipped (null when all are blank)."""
    if not columns:
        return pa.nulls(n, pa.string())
    if len(columns) == 1:
        return columns[0]
    lists = [c.to_pylist() for c in columns]
    return pa.array([" | ".join(v for v in vals if v) or None for vals in zip(*lists)], type=pa.string())


@dataclass(frozen=True)
class Owner:
    """The region that keeps a partner-only register, and where that knowledge came from."""

    name: str
    match: PartyMatch
    source: str  # "--owner" or "title row N"


def resolve_owner(name: str, source: str = "--owner") -> Owner:
    """The owner of a register from a region name or Kemendagri code; a name that is no region is an error.

    >>> resolve_owner("UPTD RSJ Provinsi Jawa Barat").match.name_canonical
    'Provinsi Jawa Barat'
    """
    text = str(name).strip()
    match = resolve_name(text)
    if not match.is_region and text.replace(".", "").isdigit():
        try:
            r = region(text)
            match = PartyMatch(text, r.name, r.code, r.kind, r.province_code, "exact", 100.0)
        except KeyError:
            pass
    if not match.is_region:
        hint = f" (candidates: {match.candidates})" if match.candidates else ""
        raise RegisterError(f"--owner {text!r} is not a region{hint}; give the owning region as a name such as "
                            "'Provinsi Jawa Barat' or 'Kabupaten Bantul', or a Kemendagri code such as '32'")
    return Owner(text, match, source)


def detect_owner(title_lines: list[str]) -> tuple[Owner | None, str | None]:
    """The owning region named in the title rows above the header ("DAFTAR KERJA SAMA PEMERINTAH KABUPATEN X").

    Returns (owner, note): the owner when exactly one region is named, else None and a note saying why.

    >>> owner, note = detect_owner(["DAFTAR MOU RUMAH SAKIT JIWA PROVINSI JAWA BARAT TAHUN 2020-2024"])
    >>> owner.match.name_canonical, owner.source
    ('Provinsi Jawa Barat', 'title row 1')
    """
    from .text import fold

    found: dict[str, Owner] = {}
    gaz = gazetteer()
    cues = party_cues()
    for row, line in enumerate(title_lines, start=1):
        folded = expand_abbreviations(fold(line))
        for m in cues.anywhere_prefix_re.finditer(folded):
            kind = cues.prefixes.get(m.group(0))
            words = folded[m.end():].split()
            for k in range(min(4, len(words)), 0, -1):  # the longest run of words after the prefix that is a region
                codes = [c for c in gaz.base_index.get(" ".join(words[:k]), []) if kind is None or gaz.by_code[c].kind == kind]
                if len(codes) == 1:
                    r = gaz.by_code[codes[0]]
                    match = PartyMatch(line, r.name, r.code, r.kind, r.province_code, "exact", 100.0)
                    found.setdefault(r.code, Owner(r.name, match, f"title row {row}"))
                    break
    if len(found) == 1:
        return next(iter(found.values())), None
    if len(found) > 1:
        names = ", ".join(o.match.name_canonical for o in found.values())
        return None, f"the title rows name several regions ({names}); the owner is not guessed: give --owner"
    return None, None


class _Sheet:
    """The column-wise cleaning of one sheet: every data row is either kept or quarantined with a reason."""

    def __init__(self, sheet: RawSheet, dayfirst: bool | None, owner: Owner | None) -> None:
        self.where = f"{sheet.source_file}" + (f" [sheet {sheet.sheet!r}]" if sheet.sheet else "")
        self.sheet = sheet
        plan = _column_plan(sheet.headers, self.where)
        self.plan, self.extras, self.notes = plan.fields, plan.extras, list(plan.notes)
        self.party_cols = plan.party_cols
        self.date_col = plan.fields["date_signed"][0] if "date_signed" in plan.fields else None
        self.start_col = plan.fields["start_date"][0] if "start_date" in plan.fields else None
        self.end_col = plan.fields["end_date"][0] if "end_date" in plan.fields else None
        self.dedup_cols = [i for i in range(len(sheet.headers))
                           if not any(i in plan.fields.get(f, []) for f in _DEDUP_EXCLUDE)]
        self.owner = owner
        if owner is None and plan.partner_only:
            owner, why = detect_owner(sheet.title_lines)
            if owner is not None:
                self.notes.append(f"partner-only register: owner {owner.match.name_canonical} detected from "
                                  f"{owner.source} ({owner.match.name_raw!r})")
            else:
                self.notes.append("partner-only register (a partner column and no column of all parties) and no "
                                  "owner: " + (why or "give the owning region with --owner, e.g. --owner "
                                               "'Kabupaten Bantul'; rows whose partner is not a region are "
                                               "quarantined"))
            self.owner = owner

        texts = [clean_text_column(col) for col in sheet.columns]
        for col in plan.fields.get("doc_number", []) + plan.fields.get("doc_number_partner", []):
            texts[col] = _numbers_column(sheet.columns[col])
        nonblank = np.zeros(len(sheet.row_numbers), dtype=bool)
        for t in texts:
            nonblank |= t.is_valid().to_numpy(zero_copy_only=False)
        self.blank_rows = int((~nonblank).sum())
        data = np.flatnonzero(nonblank)
        self.n = len(data)
        take = pa.array(data)
        self.rows = sheet.header_row + 1 + data  # spreadsheet rows
        self.data_index = data
        self.texts = [t.take(take) for t in texts]
        self._parties()
        self._dates(dayfirst)

    def _parties(self) -> None:
        """(row, name) pairs over the party columns, in column order within each row; the owner first."""
        rows, names = [], []
        for i in self.party_cols:
            r, nm = split_party_column(self._raw(i), keep_together=_not_a_party)
            rows.append(r)
            names.append(nm)
        name_row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        names = pa.concat_arrays(names) if names else pa.array([], pa.string())
        role = np.zeros(len(name_row), dtype=np.int8)  # 0 listed, 1 owner
        self.owner_added = np.zeros(self.n, dtype=bool)
        if self.owner is not None and len(name_row):
            listed = pc.dictionary_encode(names)
            codes = np.array([_resolved(n)[0].region_code or "" for n in listed.dictionary.to_pylist()],
                             dtype=object)[listed.indices.to_numpy(zero_copy_only=False)]
            has_owner = np.zeros(self.n, dtype=bool)
            has_owner[name_row[codes == self.owner.match.region_code]] = True
            with_names = np.zeros(self.n, dtype=bool)
            with_names[name_row] = True
            self.owner_added = with_names & ~has_owner
            add = np.flatnonzero(self.owner_added)
            name_row = np.concatenate([add, name_row])
            names = pa.concat_arrays([pa.array([self.owner.name] * len(add), pa.string()), names])
            role = np.concatenate([np.ones(len(add), dtype=np.int8), role])
        if len(self.party_cols) > 1 or self.owner is not None:
            order = np.argsort(name_row, kind="stable")
            name_row, names, role = name_row[order], names.take(pa.array(order)), role[order]
        self.name_row, self.names, self.role = name_row, names, role
        encoded = pc.dictionary_encode(self.names)
        self.name_code = encoded.indices.to_numpy(zero_copy_only=False)
        self.unique = [_resolved(n) for n in encoded.dictionary.to_pylist()]
        is_region = np.array([u[1] for u in self.unique], dtype=bool)[self.name_code]
        flag_bits = np.array([u[2] for u in self.unique], dtype=np.int64)[self.name_code]
        self.n_names = np.bincount(self.name_row, minlength=self.n)
        self.n_region = np.bincount(self.name_row, weights=is_region, minlength=self.n).astype(np.int64)
        self.party_flags = np.zeros(self.n, dtype=np.int64)
        np.bitwise_or.at(self.party_flags, self.name_row, flag_bits)
        self.name_start = np.searchsorted(self.name_row, np.arange(self.n))

    def _dates(self, dayfirst: bool | None) -> None:
        date_cells = self._raw(self.date_col) if self.date_col is not None else None
        start_cells = self._raw(self.start_col) if self.start_col is not None else None
        if dayfirst is None:  # day first unless the register is plainly month first
            dayfirst = True
            day_only, month_only = (0, 0)
            for cells in (date_cells, start_cells):
                if cells is not None:
                    d, m = month_first_evidence(cells)
                    day_only, month_only = day_only + d, month_only + m
            if month_only >= 2 and day_only == 0:
                dayfirst = False
                self.notes.append(f"dates read month first (mm/dd/yyyy): {month_only} date(s) have a second number "
                                  "above 12 and none a first number above 12")
        self.dayfirst = dayfirst
        none = parse_date_column([None] * self.n)
        signed = parse_date_column(date_cells, dayfirst=dayfirst) if date_cells is not None else none
        self.starts = parse_date_column(start_cells, dayfirst=dayfirst) if start_cells is not None else None
        self.ends = parse_date_column(self._raw(self.end_col), dayfirst=dayfirst) if self.end_col is not None else None
        self.date_from_start = np.zeros(self.n, dtype=bool)
        if self.starts is not None:
            use = np.isnat(signed.value) & (signed.error == None) & (
                ~np.isnat(self.starts.value) | (self.starts.error != None))
            self.date_from_start = use & ~np.isnat(self.starts.value)
            value, precision, error, two = (np.where(use, b, a) for a, b in (
                (signed.value, self.starts.value), (signed.precision, self.starts.precision),
                (signed.error, self.starts.error), (signed.two_digit_year, self.starts.two_digit_year)))
            signed = type(signed)(value, precision, error, two)
            self.date_errors_from_start = use & (self.starts.error != None)
        else:
            self.date_errors_from_start = np.zeros(self.n, dtype=bool)
        self.dates = signed

    def _raw(self, col: int):
        values = self.sheet.columns[col]
        return values if self.n == len(values) else take_cells(values, self.data_index)

    def no_region_detail(self, i: int) -> str:
        start, stop = self.name_start[i], self.name_start[i] + self.n_names[i]
        out = []
        for code in self.name_code[start:stop]:
            m = self.unique[code][0]
            out.append(f"{m.name_raw} [{m.match_method if m.party_kind == 'unknown' else m.party_kind}]")
        detail = "; ".join(out)
        if self.owner is None and "partner" in self.plan:
            detail += " (a partner-only register: name your region with --owner)"
        return detail

    def static_flags(self) -> np.ndarray:
        """Per data row, the flags that do not depend on other rows (a bit mask)."""
        bits = self.party_flags.copy()
        if self.ends is not None:
            bits |= np.where(self.ends.error != None, _FLAG_BITS["end_date_unreadable"], 0)
        bits |= np.where(self.n_names == 1, _FLAG_BITS["single_party"], 0)
        value = self.dates.value
        bits |= np.where(np.isnat(value), _FLAG_BITS["no_date"], 0)
        bits |= np.where(self.date_from_start, _FLAG_BITS["date_from_start"], 0)
        bits |= np.where(self.dates.two_digit_year, _FLAG_BITS["two_digit_year"], 0)
        today = np.datetime64(pd.Timestamp.now(tz="Asia/Jakarta").date(), "D")
        bits |= np.where(~np.isnat(value) & (value > today), _FLAG_BITS["date_in_future"], 0)
        bits |= np.where(~np.isnat(value) & (value < np.datetime64(f"{PLAUSIBLE_FROM_YEAR}-01-01", "D")),
                         _FLAG_BITS["date_before_1945"], 0)
        bits |= np.where(self.owner_added, _FLAG_BITS["owner_added"], 0)
        return bits


def _not_a_party(text: str) -> bool:
    """For splitting at " dan ": True when the words after it are no party on their own ("Informatika Kesehatan"
    in "Akademi Perekam Medis dan Informatika Kesehatan"), so the name stays whole."""
    m = resolve_name(text)
    return not m.is_region and m.match_method in ("unresolved", "ambiguous", "perangkat_daerah")


def _numbers_column(values) -> pa.Array:
    """Document-number cells: a line break separates two numbers, kept as ``"A; B"``."""
    arr = pa.array([None if v is None else str(v) for v in (values.to_pylist() if hasattr(values, "to_pylist")
                                                             else values)], type=pa.string())
    arr = pc.replace_substring_regex(pc.utf8_trim_whitespace(arr), r"\s*[\r\n]+\s*", "; ")
    return clean_text_column(arr)


class _Cleaner:
    def __init__(self, dayfirst: bool | None = None, owner: Owner | None = None) -> None:
        self.dayfirst = dayfirst
        self.owner = owner
        self.agreements: list[pd.DataFrame] = []
        self.parties: list[pd.DataFrame] = []
        self.quarantine: list[dict] = []
        self.stats: list[SheetStats] = []
        self.notes: list[str] = []
        self.seen_rows: dict[tuple, tuple[str, str, int, str]] = {}
        self.seen_ids: set[str] = set()

    def add_sheet(self, sheet: RawSheet, stem: str) -> None:
        s = _Sheet(sheet, self.dayfirst, self.owner)
        stats = SheetStats(sheet.source_file, sheet.sheet, sheet.header_row, data_rows=s.n, blank_rows=s.blank_rows,
                           owner=s.owner.match.name_canonical if s.owner else None,
                           owner_source=s.owner.source if s.owner else None, dayfirst=s.dayfirst,
                           encoding=sheet.encoding)
        headers = sheet.headers
        record_nos = s.texts[s.plan["record_no"][0]].to_pylist() if "record_no" in s.plan else [None] * s.n
        keys = list(zip(*(pc.utf8_lower(s.texts[i]).fill_null("").to_pylist() for i in s.dedup_cols)))
        no_party = "no party named (column " + ", ".join(repr(headers[i]) for i in s.party_cols) + ")"
        date_col = f" (column {headers[s.date_col]!r})" if s.date_col is not None else ""
        start_col = f" (column {headers[s.start_col]!r})" if s.start_col is not None else ""
        from_start = s.date_errors_from_start.tolist()
        bits = s.static_flags()
        rows = s.rows.tolist()
        n_names, n_region, date_error = s.n_names.tolist(), s.n_region.tolist(), s.dates.error.tolist()
        seen_rows, seen_ids = self.seen_rows, self.seen_ids
        kept: list[int] = []
        record_ids: list[str] = []
        held: list[tuple[int, str]] = []  # quarantined: (data row, reason)
        for i in range(s.n):
            row = rows[i]
            if not n_names[i]:
                held.append((i, no_party))
            elif not n_region[i]:
                held.append((i, f"no party resolves to a region: {s.no_region_detail(i)}"))
            elif date_error[i]:
                held.append((i, date_error[i] + (start_col if from_start[i] else date_col)))
            elif (first := seen_rows.get(keys[i])) is not None:
                f, sh, r, rid = first
                where = f"{f}" + (f" sheet {sh!r}" if sh else "")
                held.append((i, f"duplicate of {where} row {r} (record {rid})"))
            else:
                record_id = record_nos[i] or f"{stem}-{row}"
                if record_id in seen_ids:
                    bits[i] |= _FLAG_BITS["duplicate_id"]
                    record_id = f"{stem}-{row}"
                    while record_id in seen_ids:  # pragma: no cover - only with adversarial ids
                        record_id += "b"
                seen_ids.add(record_id)
                seen_rows[keys[i]] = (sheet.source_file, sheet.sheet, row, record_id)
                kept.append(i)
                record_ids.append(record_id)
        stats.kept, stats.quarantined = len(kept), s.n - len(kept)
        self._quarantine(s, held, record_nos)
        self.agreements.append(self._agreements(s, kept, record_ids, bits))
        self.parties.append(self._parties(s, kept, record_ids))
        self.stats.append(stats)
        self.notes.extend(f"{s.where}: {n}" for n in sheet.notes + s.notes)

    def _quarantine(self, s: _Sheet, held: list[tuple[int, str]], record_nos: list[str | None]) -> None:
        """Quarantine rows with their reasons, each with the raw row as JSON (header -> cleaned cell)."""
        if not held:
            return
        sheet = s.sheet
        where = [int(s.data_index[i]) for i, _ in held]
        cells = [_pylist(take_cells(col, where)) for col in sheet.columns]
        keys = [h or f"column_{k + 1}" for k, h in enumerate(sheet.headers)]
        for j, (i, reason) in enumerate(held):
            raw = {k: clean_text(col[j]) for k, col in zip(keys, cells)}
            self.quarantine.append(
                {
                    "source_file": sheet.source_file,
                    "source_sheet": sheet.sheet,
                    "source_row": int(s.rows[i]),
                    "record_no": record_nos[i],
                    "reason": reason,
                    "raw": json.dumps(raw, ensure_ascii=False, sort_keys=False),
                }
            )

    @staticmethod
    def _agreements(s: _Sheet, kept: list[int], record_ids: list[str], bits: np.ndarray) -> pd.DataFrame:
        idx = np.asarray(kept, dtype=np.int64)
        take = pa.array(idx)
        n = len(idx)
        plan = s.plan

        def arrow_text(col: int | None) -> pa.Array:
            return s.texts[col].take(take) if col is not None else pa.nulls(n, pa.string())

        def text(col: int | None) -> pd.arrays.ArrowStringArray:
            return _strings(arrow_text(col))

        def joined(f: str) -> pd.arrays.ArrowStringArray:
            cols = plan.get(f, []) if f in MULTI_FIELDS else plan.get(f, [])[:1]
            return _strings(_join_columns([s.texts[c].take(take) for c in cols], n))

        def dates(parsed) -> np.ndarray:
            if parsed is None:
                return np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
            return parsed.value[idx].astype("datetime64[ns]")

        def const(value: str) -> pd.arrays.ArrowStringArray:
            return _strings(pa.array([value] * n, type=pa.string()))

        columns = {
            "record_id": _strings(record_ids),
            "source_file": const(s.sheet.source_file),
            "source_sheet": const(s.sheet.sheet),
            "source_row": s.rows[idx],
            "record_no": text(plan["record_no"][0] if "record_no" in plan else None),
            "date_signed": dates(s.dates),
            "date_precision": _strings(pa.array(s.dates.precision[idx], type=pa.string())),
            "date_raw": _strings(pc.if_else(pa.array(s.date_from_start[idx]), arrow_text(s.start_col),
                                            arrow_text(s.date_col))),
            "start_date": dates(s.starts),
            "doc_type": joined("doc_type"),
            "subject": joined("subject"),
            "doc_number": joined("doc_number"),
            "doc_number_partner": joined("doc_number_partner"),
            "duration": joined("duration"),
            "end_date": dates(s.ends),
            "end_date_raw": text(s.end_col),
            "status": joined("status"),
            "source_url": joined("source"),
            "parties_raw": _strings(_join_columns([s.texts[c].take(take) for c in s.party_cols], n)),
            "n_parties": s.n_names[idx].astype(np.int64),
            "n_region_parties": s.n_region[idx].astype(np.int64),
            "flags": _strings(pa.array(np.array(_FLAG_TEXT, dtype=object)[bits[idx]], type=pa.string())),
        }
        for col, name in s.extras:
            columns[name] = text(col)
        return pd.DataFrame(columns)

    @staticmethod
    def _parties(s: _Sheet, kept: list[int], record_ids: list[str]) -> pd.DataFrame:
        row_to_kept = np.full(s.n, -1, dtype=np.int64)
        row_to_kept[np.asarray(kept, dtype=np.int64)] = np.arange(len(kept))
        which = row_to_kept[s.name_row]
        mask = which >= 0
        code = s.name_code[mask]
        rows = s.name_row[mask]
        position = np.arange(len(s.name_row))[mask] - s.name_start[rows] + 1
        ids = pa.array(record_ids, type=pa.string()).take(pa.array(which[mask]))
        tails = list(zip(*(u[3] for u in s.unique))) if s.unique else [()] * 8
        take = pa.array(code)

        def column(k: int, type_: pa.DataType | None = None):
            type_ = type_ or pa.string()
            return pa.array(tails[k], type=type_).take(take) if s.unique else pa.array([], type_)

        return pd.DataFrame({
            "record_id": _strings(ids),
            "position": position.astype(np.int64),
            "role": _strings(pa.array(np.array(ROLES, dtype=object)[s.role[mask]], type=pa.string())),
            "name_raw": _strings(s.names.filter(pa.array(mask))),
            "name_canonical": _strings(column(0)),
            "region_code": _strings(column(1)),
            "party_kind": _strings(column(2)),
            "province_code": _strings(column(3)),
            "match_method": _strings(column(4)),
            "match_score": column(5, pa.float64()).to_numpy(zero_copy_only=False).astype("float64"),
            "candidates": _strings(column(6)),
            "office": _strings(column(7)),
        })

    def result(self) -> CleanResult:
        agreements = _concat(self.agreements, AGREEMENT_COLUMNS)
        parties = _concat(self.parties, PARTY_COLUMNS)
        quarantine = pd.DataFrame(self.quarantine, columns=QUARANTINE_COLUMNS)
        quarantine["source_row"] = quarantine["source_row"].astype("int64")
        qcols = [c for c in QUARANTINE_COLUMNS if c != "source_row"]
        quarantine[qcols] = quarantine[qcols].astype("string")
        return CleanResult(agreements, parties, quarantine, self.stats, self.notes)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Stack the per-sheet tables; a column some sheets lack is blank (``string``) for their rows."""
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in columns})
    if len(frames) == 1:
        return frames[0]
    order = list(dict.fromkeys(c for f in frames for c in f.columns))
    filled = []
    for f in frames:
        missing = {c: pd.array([None] * len(f), dtype="string") for c in order if c not in f.columns}
        filled.append(pd.concat([f, pd.DataFrame(missing, index=f.index)], axis=1)[order] if missing else f[order])
    return pd.concat(filled, ignore_index=True)


def register_labels(paths: list[Path]) -> list[str]:
    """How each input file is named in tables and messages: its file name, or enough of its path to tell two
    files of the same name apart. The same file given twice is an error.

    >>> register_labels([Path("a/register.csv"), Path("b/register.csv"), Path("c/other.xlsx")])
    ['a/register.csv', 'b/register.csv', 'other.xlsx']
    """
    seen: dict[Path, Path] = {}
    for p in paths:
        key = p.resolve()
        if key in seen:
            raise RegisterError(f"{p}: the same file is given twice (also as {seen[key]}); give each register once")
        seen[key] = p
    names = [p.name for p in paths]
    labels = []
    for p in paths:
        if names.count(p.name) == 1:
            labels.append(p.name)
            continue
        parts = p.resolve().parts
        for k in range(2, len(parts) + 1):
            label = "/".join(parts[-k:])
            if sum(1 for q in paths if "/".join(q.resolve().parts[-k:]) == label) == 1:
                labels.append(label)
                break
    return labels


def expand_inputs(inputs: list[Path | str]) -> list[Path]:
    """Input paths with every folder replaced by the registers inside it (sorted); an empty folder is an error."""
    from .config import default_registers

    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = default_registers(p)
            if not found:
                raise RegisterError(f"{p}: the folder holds no register (.csv, .xlsx, .xls, .ods)")
            out.extend(found)
        else:
            out.append(p)
    return out


def clean_registers(paths: list[Path | str], dayfirst: bool | None = None, owner: str | None = None) -> CleanResult:
    """Read and clean the registers at ``paths`` (files or folders) into one :class:`CleanResult`.

    ``dayfirst``: True reads numeric dates as dd/mm/yyyy, False as mm/dd/yyyy, None (default) day first unless a
    sheet is plainly month first (noted). ``owner``: the region that keeps a partner-only register.

    Raises :class:`~kerjasama_study.readers.RegisterError` naming the file (and sheet and column) when a register
    cannot be read as a whole.
    """
    paths = expand_inputs(paths)
    cleaner = _Cleaner(dayfirst=dayfirst, owner=resolve_owner(owner) if owner else None)
    stems_seen: dict[str, int] = {}
    for path, label in zip(paths, register_labels(paths)):
        stem = path.stem
        if stem in stems_seen:
            stems_seen[stem] += 1
            stem = f"{stem}_{stems_seen[stem]}"
        else:
            stems_seen[stem] = 1
        for sheet in read_register(path, label):
            cleaner.add_sheet(sheet, f"{stem}-{sheet.sheet}" if sheet.sheet else stem)
    return cleaner.result()


def clean_frame(frame: pd.DataFrame, source_file: str = "frame", dayfirst: bool | None = None,
                owner: str | None = None) -> CleanResult:
    """Clean an in-memory register (a DataFrame whose columns are the register's headers)."""
    headers = [str(c) for c in frame.columns]
    columns = [[None if is_blank(v) else v for v in frame.iloc[:, k].tolist()] for k in range(frame.shape[1])]
    sheet = RawSheet(source_file, "", 1, headers, columns)
    cleaner = _Cleaner(dayfirst=dayfirst, owner=resolve_owner(owner) if owner else None)
    cleaner.add_sheet(sheet, Path(source_file).stem)
    return cleaner.result()
