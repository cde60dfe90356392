"""Read registers: CSV in any common encoding and delimiter, and every sheet of an XLSX workbook.

A register may start with title or blank rows; the header row is the first of the first
:data:`HEADER_SEARCH_ROWS` rows that holds a parties column and at least one other known header.
Row numbers are those a spreadsheet shows (1-based, the header row included), so that an error or a
quarantine entry points at the row a bureau clerk would look at.

A CSV whose body is a plain rectangle (every row as wide as the header) is parsed by Arrow's CSV reader into
one string array per column; any other CSV (ragged rows, a line break inside a title cell) is read row by row
with the csv module. Both give the same cells (tested).

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
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .headers import canonical_field, has_parties, header_score
from .text import cell_at

HEADER_SEARCH_ROWS = 30
CSV_DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


class RegisterError(ValueError):
    """A register that cannot be read as a whole (unreadable file, no header, missing required column)."""


@dataclass
class RawSheet:
    """One table of a register: its header, and its body as columns (one list of cells per header).

    The body starts on the row under the header; ``rows`` gives it row by row with spreadsheet row numbers.
    """

    source_file: str
    sheet: str
    header_row: int
    headers: list[str]
    columns: list  # one list of cells per header; the fast CSV path gives Arrow string arrays instead
    preamble_rows: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def row_numbers(self) -> range:
        """The spreadsheet row of each body row."""
        n = len(self.columns[0]) if self.columns else 0
        return range(self.header_row + 1, self.header_row + 1 + n)

    @property
    def rows(self) -> list[tuple[int, list[object]]]:
        """The body as ``(source_row, cells)`` pairs."""
        columns = [c.to_pylist() if hasattr(c, "to_pylist") else c for c in self.columns]
        return [(r, [col[i] for col in columns]) for i, r in enumerate(self.row_numbers)]

    def row(self, i: int) -> list[object]:
        """The cells of the ``i``-th body row."""
        return [cell_at(col, i) for col in self.columns]


def _find_header(rows: list[list[object]]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [canonical_field(c) for c in row]
        if has_parties(fields) and header_score(row) >= 2:
            return i
    return None


def _blank_cell(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_sheet(source: str, sheet: str, rows: list[list[object]], **meta) -> RawSheet | None:
    idx = _find_header(rows)
    if idx is None:
        return None
    headers = [("" if h is None else str(h).strip()) for h in rows[idx]]
    body = rows[idx + 1:]
    columns = [list(col) for col in itertools.zip_longest(*body)] if body else []
    # cells beyond the header get a column of their own when any row has a value there
    width = len(headers)
    for k in range(len(columns) - 1, width - 1, -1):
        if not all(_blank_cell(v) for v in columns[k]):
            width = k + 1
            break
    headers += [f"column_{k + 1}" for k in range(len(headers), width)]
    columns = columns[:width] + [[None] * len(body) for _ in range(width - len(columns))]
    return RawSheet(source, sheet, idx + 1, headers, columns, preamble_rows=idx, **meta)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise RegisterError(f"{path}: cannot decode the file as UTF-8, cp1252 or latin-1")  # pragma: no cover


def _lines(text: str):
    """The lines of ``text`` with their endings, one at a time (for reading the first rows without copying)."""
    pos = 0
    while pos < len(text):
        m = _EOL.search(text, pos)
        end = m.end() if m else len(text)
        yield text[pos:end]
        pos = end


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
    best: tuple[int, str, list[list[str]], int] | None = None
    for delim in CSV_DELIMITERS:
        try:
            head = [list(r) for r in itertools.islice(csv.reader(_lines(text), delimiter=delim), HEADER_SEARCH_ROWS)]
        except csv.Error:
            continue
        idx = _find_header(head)
        if idx is None:
            continue
        score = header_score(head[idx])
        if best is None or score > best[0]:
            best = (score, delim, head, idx)
    if best is None:
        raise RegisterError(
            f"{path}: no header row found in the first {HEADER_SEARCH_ROWS} rows; a register needs a parties "
            "column (pihak, para_pihak, parties, or pihak_1..n / party_1..n) and a date column (tanggal, "
            "tanggal_penandatanganan, tanggal_ttd, date, date_signed)"
        )
    _, delim, head, idx = best
    meta = {"encoding": encoding, "delimiter": delim}
    fast = _arrow_body(text, delim, head, idx)
    if fast is not None:
        headers = [h.strip() for h in head[idx]]
        return [RawSheet(path.name, "", idx + 1, headers, fast, preamble_rows=idx, **meta)]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise RegisterError(f"{path}: line {reader.line_num}: cannot read the file as CSV ({exc})") from exc
    sheet = _to_sheet(path.name, "", rows, **meta)
    assert sheet is not None
    return [sheet]


_EOL = re.compile(r"\r\n|\r|\n")


def _arrow_body(text: str, delim: str, head: list[list[str]], idx: int) -> list | None:
    """The body under the header row (line ``idx``), parsed by Arrow's CSV reader: one string array per header.

    None whenever the file is not a plain rectangle (a line break inside a field above the body, a row with
    more or fewer cells than the header, a line of spaces): the csv module then reads it row by row, which gives
    the same cells, only slower.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if any("\n" in c or "\r" in c for row in head[: idx + 1] for c in row):
        return None
    pos = sum(len(line) for line in itertools.islice(_lines(text), idx + 1))
    if pos >= len(text):
        return None
    names = [f"c{k}" for k in range(len(head[idx]))]
    irregular: list[int] = []
    try:
        table = pacsv.read_csv(
            io.BytesIO(text[pos:].encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=lambda row: irregular.append(1) or "skip"),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if irregular:
        return None
    return [table.column(n).combine_chunks() for n in names]


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
