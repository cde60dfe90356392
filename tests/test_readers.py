"""Reading registers: encodings, delimiters, title rows, sheets, and clear errors."""

from __future__ import annotations

import pytest

from kerjasama_study.readers import RegisterError, read_register

HEADER = "No;Tanggal;Para Pihak;Perihal\n"
ROW = "1;3 Nopember 2025;Pemkab Kotim dan Pemkab Seruyan;Pendidikan anak perbatasan\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("delim", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delim):
    text = f"Daftar Kerja Sama — Bagian Kerja Sama\n\n{HEADER}{ROW}".replace(";", delim)
    if encoding in ("cp1252", "latin-1"):
        text = text.replace("—", "-") + delim.join(["2", "2021", "Kota Palu", "Pengelolaan air bersih  é"]) + "\n"
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode(encoding))
    [sheet] = read_register(path)
    assert sheet.header_row == 3 and sheet.preamble_rows == 2
    assert sheet.headers == ["No", "Tanggal", "Para Pihak", "Perihal"]
    assert sheet.rows[0] == (4, ["1", "3 Nopember 2025", "Pemkab Kotim dan Pemkab Seruyan", "Pendidikan anak perbatasan"])
    if encoding in ("cp1252", "latin-1"):
        assert sheet.rows[1][1][3].endswith("é")


def test_csv_comma_inside_quotes_is_kept(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('id,tanggal,pihak\nA1,2020-01-02,"Kota Palu, Kabupaten Sigi"\n', encoding="utf-8")
    [sheet] = read_register(path)
    assert sheet.rows == [(2, ["A1", "2020-01-02", "Kota Palu, Kabupaten Sigi"])]


def test_xlsx_every_sheet_with_a_header_and_notes_for_the_rest(messy_xlsx):
    sheets = read_register(messy_xlsx)
    assert [s.sheet for s in sheets] == ["KSD 2025"]
    assert sheets[0].header_row == 4
    assert any("'Catatan' has no header row (1 non-blank rows not read)" in n for n in sheets[0].notes)
    assert any("'Kosong' is empty" in n for n in sheets[0].notes)


def test_xlsx_two_register_sheets(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "2024"
    ws.append(["tanggal", "pihak"])
    ws.append(["2024-01-01", "Kota Palu; Kabupaten Sigi"])
    ws2 = wb.create_sheet("2025")
    ws2.append(["Rekap 2025"])
    ws2.append(["Date", "Party 1", "Party 2"])
    ws2.append(["2025-02-01", "Kota Palu", "Kabupaten Sigi"])
    wb.save(tmp_path / "two.xlsx")
    sheets = read_register(tmp_path / "two.xlsx")
    assert [(s.sheet, s.header_row, len(s.rows)) for s in sheets] == [("2024", 1, 1), ("2025", 2, 1)]


def test_empty_workbook_is_an_error_naming_the_file(tmp_path):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "kosong.xlsx")
    with pytest.raises(RegisterError, match=r"kosong\.xlsx: no register found in the workbook: sheet 'Sheet' is empty"):
        read_register(tmp_path / "kosong.xlsx")


def test_no_header_row_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("judul,isi\nrapat,koordinasi\n", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"notes\.csv: no header row found.*parties column"):
        read_register(path)


def test_unreadable_and_missing_files(tmp_path):
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"this is not a zip file")
    with pytest.raises(RegisterError, match=r"rusak\.xlsx: cannot open the workbook"):
        read_register(broken)
    with pytest.raises(RegisterError, match="no such file"):
        read_register(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(RegisterError, match=r"empty\.csv: the file is empty"):
        read_register(tmp_path / "empty.csv")
    with pytest.raises(RegisterError, match="unsupported file type"):
        read_register(tmp_path / "x.pdf") if (tmp_path / "x.pdf").write_text("x") else None


def _as_rows(sheet):
    return sheet.header_row, sheet.headers, sheet.rows


def test_arrow_and_csv_module_read_the_same_cells(tmp_path, monkeypatch, messy_csv):
    """The fast path (Arrow's CSV parser) and the row-by-row csv module give the same sheet."""
    from kerjasama_study import readers
    from kerjasama_study.synthetic import make_register, write_register

    synthetic = write_register(make_register(400, seed=8), tmp_path / "syn.csv")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('Rekap\r\n\r\nNo,Tanggal,Pihak,Catatan\r\n1,2020-01-02,"Kota Palu,\r\nKabupaten Sigi",'
                      '"kata ""dikutip"""\r\n\r\n2,,Kota Palu,\r\n', encoding="utf-8")
    for path in (messy_csv, synthetic, quoted):
        [fast] = readers.read_register(path)
        assert not isinstance(fast.columns[0], list), f"{path.name} should take the fast path"
        with monkeypatch.context() as m:
            m.setattr(readers, "_arrow_body", lambda *a: None)
            [slow] = readers.read_register(path)
        assert isinstance(slow.columns[0], list)
        fast_rows = [(r, [c or None for c in cells]) for r, cells in fast.rows]
        slow_rows = [(r, [c or None for c in cells]) for r, cells in slow.rows]
        assert (fast.header_row, fast.headers, fast_rows) == (slow.header_row, slow.headers, slow_rows)
    [sheet] = readers.read_register(quoted)
    assert sheet.rows[0] == (4, ["1", "2020-01-02", "Kota Palu,\r\nKabupaten Sigi", 'kata "dikutip"'])
    assert [r for r, _ in sheet.rows] == [4, 5, 6]


@pytest.mark.parametrize("body, expected", [
    ("1;2021;Kota Palu\n2;2022;Kota Palu;Kabupaten Sigi\n",  # a row longer than the header
     [(2, ["1", "2021", "Kota Palu", None]), (3, ["2", "2022", "Kota Palu", "Kabupaten Sigi"])]),
    ("1;2021\n", [(2, ["1", "2021", None])]),  # a short row
    ("   \n1;2021;Kota Palu\n", [(2, [None, None, None]), (3, ["1", "2021", "Kota Palu"])]),  # a line of spaces
])
def test_irregular_rows_are_read_row_by_row(tmp_path, body, expected):
    path = tmp_path / "r.csv"
    path.write_text("No;Tanggal;Pihak\n" + body, encoding="utf-8")
    [sheet] = read_register(path)
    assert isinstance(sheet.columns[0], list)  # the csv module read it
    assert [(r, [c.strip() or None if isinstance(c, str) else c for c in cells]) for r, cells in sheet.rows] == expected
    assert sheet.headers[:3] == ["No", "Tanggal", "Pihak"]


def test_title_row_with_a_line_break_is_read_row_by_row(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('"Daftar\nKerja Sama"\nNo;Tanggal;Pihak\n1;2021;Kota Palu\n', encoding="utf-8")
    [sheet] = read_register(path)
    assert sheet.header_row == 2 and sheet.rows == [(3, ["1", "2021", "Kota Palu"])]
