"""Read registers: CSV in any common encoding and delimiter, and every sheet of an XLSX workbook.

A register may start with title or blank rows; the header row is the first of the first
:data:`HEADER_SEARCH_ROWS` rows that holds a parties column and at least one other known header.
Row numbers are those a spreadsheet shows (1-based, the header row included), so that an error or a
quarantine entry points at the row a bureau clerk would look at.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
>>> _ = p.write_bytes("Daftar Kerja Sama 2024\\n\\nNo;Tanggal;Pihak\\n1;3/11/2025;Pemkab Kotim dan Pemkab Seruyan\\n".encode("cp1252"))
>>> sheet = read_register(p)[0]
>>> sheet.header_row, sheet.rows[0]
(3, (4, ['1', '3/11/2025', 'Pemkab Kotim dan Pemkab Seruyan']))
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .headers import canonical_field, has_parties, header_score

HEADER_SEARCH_ROWS = 30
CSV_DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


class RegisterError(ValueError):
    """A register that cannot be read as a whole (unreadable file, no header, missing required column)."""


@dataclass
class RawSheet:
    """One table of a register: its header and its rows as (source_row, cells)."""

    source_file: str
    sheet: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[object]]]
    preamble_rows: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def _find_header(rows: list[list[object]]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [canonical_field(c) for c in row]
        if has_parties(fields) and header_score(row) >= 2:
            return i
    return None


def _trim(cells: list[object]) -> list[object]:
    out = list(cells)
    while out and (out[-1] is None or (isinstance(out[-1], str) and not out[-1].strip())):
        out.pop()
    return out


def _to_sheet(source: str, sheet: str, rows: list[list[object]], **meta) -> RawSheet | None:
    idx = _find_header(rows)
    if idx is None:
        return None
    headers = [("" if h is None else str(h).strip()) for h in rows[idx]]
    body = []
    for j, row in enumerate(rows[idx + 1:], start=idx + 2):
        cells = _trim(row)
        if len(cells) > len(headers):
            headers += [f"column_{k + 1}" for k in range(len(headers), len(cells))]
        body.append((j, cells + [None] * (len(headers) - len(cells))))
    return RawSheet(source, sheet, idx + 1, headers, body, preamble_rows=idx, **meta)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise RegisterError(f"{path}: cannot decode the file as UTF-8, cp1252 or latin-1")  # pragma: no cover


def read_csv_register(path: Path) -> list[RawSheet]:
    """Read a CSV register; the delimiter is the one under which a header row is found with the most known headers."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{path}: cannot read the file ({exc.strerror})") from exc
    if not data.strip():
        raise RegisterError(f"{path}: the file is empty")
    text, encoding = _decode(data, path)
    best: tuple[int, str, list[list[object]]] | None = None
    for delim in CSV_DELIMITERS:
        try:
            rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
        except csv.Error:
            continue
        idx = _find_header(rows)
        if idx is None:
            continue
        score = header_score(rows[idx])
        if best is None or score > best[0]:
            best = (score, delim, rows)
    if best is None:
        raise RegisterError(
            f"{path}: no header row found in the first {HEADER_SEARCH_ROWS} rows; a register needs a parties "
            "column (pihak, para_pihak, parties, or pihak_1..n / party_1..n) and a date column (tanggal, "
            "tanggal_penandatanganan, tanggal_ttd, date, date_signed)"
        )
    _, delim, rows = best
    sheet = _to_sheet(path.name, "", rows, encoding=encoding, delimiter=delim)
    assert sheet is not None
    return [sheet]


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def read_xlsx_register(path: Path) -> list[RawSheet]:
    """Read every sheet of a workbook that has a header row; sheets without one are reported in ``notes``."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise RegisterError(f"{path}: cannot open the workbook ({type(exc).__name__}: {exc})") from exc
    sheets: list[RawSheet] = []
    skipped: list[str] = []
    try:
        for ws in wb.worksheets:
            rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            nonblank = sum(1 for r in rows if any(v is not None and str(v).strip() for v in r))
            if nonblank == 0:
                skipped.append(f"sheet {ws.title!r} is empty")
                continue
            sheet = _to_sheet(path.name, ws.title, rows)
            if sheet is None:
                skipped.append(f"sheet {ws.title!r} has no header row ({nonblank} non-blank rows not read)")
                continue
            sheets.append(sheet)
    finally:
        wb.close()
    if not sheets:
        detail = "; ".join(skipped) if skipped else "the workbook has no sheets"
        raise RegisterError(f"{path}: no register found in the workbook: {detail}")
    sheets[0].notes.extend(skipped)
    return sheets


def read_register(path: Path | str) -> list[RawSheet]:
    """Read a register (``.csv``, ``.xlsx`` or ``.xlsm``) into one :class:`RawSheet` per table."""
    path = Path(path)
    if not path.exists():
        raise RegisterError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        return read_csv_register(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_register(path)
    raise RegisterError(f"{path}: unsupported file type {suffix!r} (use .csv or .xlsx)")
