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
