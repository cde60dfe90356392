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
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .headers import SYNONYMS, canonical_field, has_parties, header_score
from .text import cell_at

HEADER_SEARCH_ROWS = 100
CSV_DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
#: The longest cell a CSV register may hold (a larger one is an error naming its line).
MAX_CELL_CHARS = 10_000_000
#: Register file types read by :func:`read_register`.
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")


PARTY_HEADERS = SYNONYMS["parties"] + SYNONYMS["partner"][:4] + ("pihak_1..n",)


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
    title_lines: list[str] = field(default_factory=list)  # non-blank text above the header row
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


def _no_header_message(where: str, rows: list[list[object]]) -> str:
    """Why no header row was found: the best candidate row and what it lacks, or the first rows as read."""
    best = max(range(min(len(rows), HEADER_SEARCH_ROWS)), key=lambda i: header_score(rows[i]), default=None)
    if best is not None and header_score(rows[best]) >= 2:
        found = [str(c).strip() for c in rows[best] if canonical_field(c)]
        return (f"{where}: row {best + 1} looks like the header row ({', '.join(found)}) but has no column of "
                f"party names; add a column 'Pihak' (all parties) or 'Mitra' (the partner, with --owner naming "
                f"your region) — accepted headers: {', '.join(PARTY_HEADERS)}")
    first = next(([str(c).strip() for c in r if not _blank_cell(c)] for r in rows if any(not _blank_cell(c) for c in r)),
                 [])
    shown = ", ".join(repr(c[:40]) for c in first[:6])
    return (f"{where}: no header row found in the first {HEADER_SEARCH_ROWS} rows (the first non-blank row reads: "
            f"{shown or 'nothing'}); a register needs a row of column names with a parties column (Pihak, "
            f"Para Pihak, Mitra, Pihak 1..n) and a date column (Tanggal, Tanggal Penandatanganan, Tanggal Mulai)")


def _blank_cell(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_sheet(source: str, sheet: str, rows: list[list[object]], line_numbers: list[int] | None = None,
              **meta) -> RawSheet | None:
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
    titles = [" ".join(str(c).strip() for c in r if not _blank_cell(c)) for r in rows[:idx]]
    out = RawSheet(source, sheet, idx + 1, headers, columns, preamble_rows=idx,
                   title_lines=[t for t in titles if t], **meta)
    out.notes.extend(_ragged_notes(rows, idx, len(rows[idx]), line_numbers))
    return out


def _ragged_notes(rows: list[list[object]], idx: int, width: int, line_numbers: list[int] | None) -> list[str]:
    """Notes on body rows with more or fewer cells than the header (CSV only: a spreadsheet row has no length)."""
    if line_numbers is None:
        return []
    short, long_ = [], []
    for k in range(idx + 1, len(rows)):
        n = len(rows[k])
        if n == 0 or all(_blank_cell(c) for c in rows[k]):
            continue
        if n < width:
            short.append(line_numbers[k])
        elif n > width and any(not _blank_cell(c) for c in rows[k][width:]):
            long_.append(line_numbers[k])
    notes = []
    if short:
        notes.append(f"{len(short)} row(s) have fewer cells than the header ({width}); the missing cells are read as "
                     f"empty: line(s) {_line_list(short)}")
    if long_:
        notes.append(f"{len(long_)} row(s) have more cells than the header ({width}); the extra cells are kept in "
                     f"columns named column_N: line(s) {_line_list(long_)}")
    return notes


def _line_list(lines: list[int], most: int = 12) -> str:
    shown = ", ".join(str(n) for n in lines[:most])
    return shown + (f" and {len(lines) - most} more" if len(lines) > most else "")


@dataclass(frozen=True)
class Decoded:
    """The text of a file and how it was decoded (``note`` says what a reader should know, else "")."""

    text: str
    encoding: str
    note: str = ""


def decode_bytes(data: bytes, where: str) -> Decoded:
    """Decode a text file: UTF-16 (with a BOM, as Excel's "Unicode Text" writes it), UTF-8, or cp1252/latin-1;
    a file mixing UTF-8 and cp1252 lines is decoded line by line and says so.

    >>> decode_bytes("Pihak;Tanggal\\n".encode("utf-16"), "x").encoding
    'utf-16'
    >>> d = decode_bytes("Kota Bekasi;caf\\u00e9\\n".encode() + "Pemkab Garut;caf\\u00e9\\n".encode("cp1252"), "x")
    >>> d.encoding, d.text.splitlines()[1], d.note
    ('mixed utf-8/cp1252', 'Pemkab Garut;caf\u00e9', 'mixed encodings: 1 line(s) read as UTF-8 and 1 as cp1252 (line(s) 2)')
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 3 and data[1:4:2] == b"\x00\x00"):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise RegisterError(f"{where}: the file looks like UTF-16 but cannot be decoded as UTF-16 "
                                f"(byte {exc.start}); save it again as CSV UTF-8") from exc
    if b"\x00" in data[:4096]:
        raise RegisterError(f"{where}: this is not a text file (it holds NUL bytes); give a CSV, XLSX, XLS or "
                            "ODS register")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    out, legacy = [], []
    n_utf8 = 0
    for i, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8-sig" if i == 1 else "utf-8")
            n_utf8 += any(b > 0x7F for b in line)
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="strict") if _cp1252_ok(line) else line.decode("latin-1")
            legacy.append(i)
        out.append(text)
    if n_utf8 == 0:
        enc = "cp1252" if all(_cp1252_ok(line) for line in lines) else "latin-1"
        return Decoded("".join(out), enc)
    note = (f"mixed encodings: {n_utf8} line(s) read as UTF-8 and {len(legacy)} as cp1252 "
            f"(line(s) {_line_list(legacy)})")
    return Decoded("".join(out), "mixed utf-8/cp1252", note)


def _cp1252_ok(line: bytes) -> bool:
    try:
        line.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _lines(text: str):
    """The lines of ``text`` with their endings, one at a time (for reading the first rows without copying)."""
    pos = 0
    while pos < len(text):
        m = _EOL.search(text, pos)
        end = m.end() if m else len(text)
        yield text[pos:end]
        pos = end


def read_csv_register(path: Path, label: str | None = None) -> list[RawSheet]:
    """Read a CSV register; the delimiter is the one under which a header row is found with the most known headers."""
    path = Path(path)
    where = label or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{where}: cannot read the file ({exc.strerror})") from exc
    if not data.strip():
        raise RegisterError(f"{where}: the file is empty; give a register with a header row and data rows")
    decoded = decode_bytes(data, where)
    text = decoded.text
    csv.field_size_limit(MAX_CELL_CHARS)
    best: tuple[int, str, list[list[str]], int] | None = None
    first_rows: list[list[str]] = []
    for delim in CSV_DELIMITERS:
        try:
            head = [list(r) for r in itertools.islice(csv.reader(_lines(text), delimiter=delim), HEADER_SEARCH_ROWS)]
        except csv.Error:
            continue
        if len(head) > len(first_rows) or (first_rows and max(map(len, head), default=0) > max(map(len, first_rows))):
            first_rows = head
        idx = _find_header(head)
        if idx is None:
            continue
        score = header_score(head[idx])
        if best is None or score > best[0]:
            best = (score, delim, head, idx)
    if best is None:
        raise RegisterError(_no_header_message(where, first_rows))
    _, delim, head, idx = best
    meta = {"encoding": decoded.encoding, "delimiter": delim}
    titles = [" ".join(c.strip() for c in r if c.strip()) for r in head[:idx]]
    fast = _arrow_body(text, delim, head, idx)
    if fast is not None:
        headers = [h.strip() for h in head[idx]]
        sheet = RawSheet(where, "", idx + 1, headers, fast, preamble_rows=idx, title_lines=[t for t in titles if t],
                         **meta)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
        rows, line_numbers = [], []
        try:
            for row in reader:
                rows.append(row)
                line_numbers.append(reader.line_num)
        except csv.Error as exc:
            raise RegisterError(f"{where}: line {reader.line_num}: cannot read the file as CSV ({exc}); "
                                "check the quotes on that line") from exc
        _check_quotes(where, rows, line_numbers, delim, idx)
        sheet = _to_sheet(where, "", rows, line_numbers=_start_lines(line_numbers), **meta)
        assert sheet is not None
    if decoded.note:
        sheet.notes.insert(0, decoded.note)
    return [sheet]


def _swallowed_lines(cell: str, delim: str, width: int) -> bool:
    """True when a later line of a multi-line cell holds as many delimiters as half a row: an unclosed quote."""
    return any(line.count(delim) >= max(1, width // 2) for line in cell.splitlines()[1:])


def _start_lines(end_lines: list[int]) -> list[int]:
    """The first physical line of each CSV row, from the line each row ends on."""
    return [1] + [n + 1 for n in end_lines[:-1]] if end_lines else []


def _check_quotes(where: str, rows: list[list[str]], end_lines: list[int], delim: str, idx: int) -> None:
    """Stop on a quote that is never closed: one cell swallowing what are plainly further rows of the register."""
    width = len(rows[idx]) if len(rows) > idx else 0
    starts = _start_lines(end_lines)
    for k in range(idx + 1, len(rows)):
        for j, cell in enumerate(rows[k]):
            if "\n" not in cell and "\r" not in cell:
                continue
            if _swallowed_lines(cell, delim, width):
                column = rows[idx][j] if j < width else f"column {j + 1}"
                raise RegisterError(
                    f"{where}: line {starts[k]}, column {column!r}: a quote (\") opened in this cell is not closed "
                    f"before line {end_lines[k]}, so {end_lines[k] - starts[k]} following line(s) were read into "
                    "one cell; close the quote or remove it, then run again")


_EOL = re.compile(r"\r\n|\r|\n")


def _arrow_body(text: str, delim: str, head: list[list[str]], idx: int) -> list | None:
    """The body under the header row (line ``idx``), parsed by Arrow's CSV reader: one string array per header.

    None whenever the file is not a plain rectangle (a line break inside a field above the body, a row with
    more or fewer cells than the header, a line of spaces): the csv module then reads it row by row, which gives
    the same cells, only slower.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
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
    columns = [table.column(n).combine_chunks() for n in names]
    # a cell whose later lines look like rows of the register (an unclosed quote) is read row by row, where the
    # error can name its lines
    width = len(names)
    for c in columns:
        multi = c.filter(pc.match_substring_regex(c, "[\r\n]").fill_null(False))
        if len(multi) and any(_swallowed_lines(cell, delim, width) for cell in multi.to_pylist()):
            return None
    return columns


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def read_xlsx_register(path: Path, label: str | None = None) -> list[RawSheet]:
    """Read every sheet of a workbook that has a header row; sheets without one are reported in ``notes``.

    Merged cells get the value of their first cell in every cell of the range, and formulas saved without a
    value are reported (they read as empty); both are written to the sheet's notes.
    """
    from openpyxl import load_workbook

    path = Path(path)
    where = label or path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise RegisterError(f"{where}: cannot open the workbook ({type(exc).__name__}: {exc}); save it again from "
                            "Excel as .xlsx, or export the sheet as CSV") from exc
    tables: list[tuple[str, list[list[object]], list[str]]] = []
    try:
        for ws in wb.worksheets:
            rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
            notes = _xlsx_sheet_notes(path, getattr(ws, "_worksheet_path", None), rows)
            tables.append((ws.title, rows, notes))
    finally:
        wb.close()
    return _sheets_of_workbook(where, tables)


def _sheets_of_workbook(where: str, tables: list[tuple[str, list[list[object]], list[str]]]) -> list[RawSheet]:
    sheets: list[RawSheet] = []
    skipped: list[str] = []
    for title, rows, notes in tables:
        nonblank = sum(1 for r in rows if any(not _blank_cell(v) for v in r))
        if nonblank == 0:
            skipped.append(f"sheet {title!r} is empty")
            continue
        sheet = _to_sheet(where, title, rows)
        if sheet is None:
            skipped.append(f"sheet {title!r} has no header row ({nonblank} non-blank rows not read)")
            continue
        sheet.notes.extend(notes)
        sheets.append(sheet)
    if not sheets:
        if len(tables) == 1 and skipped and "no header row" in skipped[0]:
            raise RegisterError(_no_header_message(f"{where} [sheet {tables[0][0]!r}]", tables[0][1]))
        detail = "; ".join(skipped) if skipped else "the workbook has no sheets"
        raise RegisterError(f"{where}: no register found in the workbook: {detail}")
    sheets[0].notes.extend(skipped)
    return sheets


_CELL_RE = re.compile(rb"<c r=\"([A-Z]+)(\d+)\"[^>]*?(?:/>|>(.*?)</c>)", re.DOTALL)
_MERGE_RE = re.compile(rb"<mergeCell ref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


def _xlsx_sheet_notes(path: Path, xml_path: str | None, rows: list[list[object]]) -> list[str]:
    """Fill merged ranges in ``rows`` (in place) and report them and formulas without a saved value."""
    import zipfile

    from openpyxl.utils import column_index_from_string

    if not xml_path:
        return []
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read(xml_path)
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    notes = []
    if b"<f" in xml:
        missing = [f"{c.decode()}{r.decode()}" for c, r, body in _CELL_RE.findall(xml)
                   if body and b"<f" in body and not re.search(rb"<v>[^<]", body)]
        if missing:
            notes.append(f"{len(missing)} cell(s) hold a formula saved without its value and are read as empty "
                         f"({', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}); open the file in Excel "
                         "or LibreOffice and save it again, or paste the values")
    merged = []
    for c1, r1, c2, r2 in _MERGE_RE.findall(xml):
        col1, col2 = column_index_from_string(c1.decode()) - 1, column_index_from_string(c2.decode()) - 1
        row1, row2 = int(r1) - 1, int(r2) - 1
        if row1 >= len(rows) or (row1 == row2 and col1 == col2):
            continue
        value = rows[row1][col1] if col1 < len(rows[row1]) else None
        if value is None:
            continue
        for r in range(row1, min(row2, len(rows) - 1) + 1):
            row = rows[r]
            row.extend([None] * (col2 + 1 - len(row)))
            for c in range(col1, col2 + 1):
                row[c] = value
        merged.append(f"{c1.decode()}{r1.decode()}:{c2.decode()}{r2.decode()}")
    if merged:
        notes.append(f"{len(merged)} merged range(s): the value of the first cell was copied into every cell of the "
                     f"range ({', '.join(merged[:8])}{' …' if len(merged) > 8 else ''})")
    return notes


def read_legacy_workbook(path: Path, label: str | None = None) -> list[RawSheet]:
    """Read every sheet of an ``.xls`` (Excel 97-2003) or ``.ods`` (OpenDocument) workbook, like an XLSX."""
    import pandas as pd

    path = Path(path)
    where = label or path.name
    try:
        frames = pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)
    except Exception as exc:  # calamine raises several types for a broken file
        raise RegisterError(f"{where}: cannot open the workbook ({type(exc).__name__}: {exc}); save it again as "
                            ".xlsx or CSV") from exc
    tables = []
    for title, frame in frames.items():
        rows = [[None if _is_nan(v) else _cell(v.to_pydatetime() if hasattr(v, "to_pydatetime") else v)
                 for v in row] for row in frame.itertuples(index=False, name=None)]
        tables.append((str(title), rows, []))
    return _sheets_of_workbook(where, tables)


def _is_nan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def read_register(path: Path | str, label: str | None = None) -> list[RawSheet]:
    """Read a register (``.csv``/``.txt``/``.tsv``, ``.xlsx``/``.xlsm``, ``.xls`` or ``.ods``) into one
    :class:`RawSheet` per table; ``label`` names the file in messages and tables (default: its name)."""
    path = Path(path)
    where = label or path.name
    if path.is_dir():
        raise RegisterError(f"{path}: is a folder; give the register files inside it")
    if not path.exists():
        raise RegisterError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv_register(path, where)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_register(path, where)
    if suffix in (".xls", ".ods"):
        return read_legacy_workbook(path, where)
    raise RegisterError(f"{where}: unsupported file type {suffix or '(none)'!r}; give a register as .csv, .xlsx, "
                        ".xls or .ods")
