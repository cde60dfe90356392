"""Shared fixtures: the default register, and messy registers written the way bureau clerks write them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kerjasama_study import config

# A register as a Bagian Kerja Sama keeps it: title rows, Indonesian headers, agency words, abbreviations,
# upper case, mixed date formats, and some rows that must not be kept. Expected codes per party, "" for
# non-regions, and the expected outcome of each row.
MESSY_ROWS = [
    # (No, Tanggal, Para Pihak, Jenis, Tentang, expected codes or quarantine reason)
    (1, "Senin (3/11/2025)", "Pemkab Kotim dan Pemkab Seruyan", "Kesepakatan Bersama",
     "penanganan anak tidak sekolah", ["62.02", "62.07"]),
    (2, "8 Agustus 2025", "KAB. SAROLANGUN; KAB. BATANG HARI", "MoU", "pelayanan publik", ["15.03", "15.04"]),
    (3, dt.date(2021, 9, 28), "Pemprov Kalteng & Pemprov Jateng", "Kesepakatan Bersama", "pembangunan daerah",
     ["62", "33"]),
    (4, "Kamis, 1-7-2021", "Pemerintah Kota Pontianak, Pemerintah Kabupaten Kubu Raya", "PKS",
     "pengelolaan sampah", ["61.71", "61.12"]),
    (5, "Des 2025", "Kota Serang; Kab. Serang", "PKS", "TPA regional", ["36.73", "36.04"]),
    (6, "2014", "Pemprov Jatim; Pemkab Sumenep", "Perjanjian Kerja Sama", "bantuan keuangan", ["35", "35.29"]),
    (7, "12/06/2022", "Kota Adm. Jakarta Selatan; Pemprov DKI", "Nota Kesepakatan", "transportasi",
     ["31.74", "31"]),
    (8, "31/02/2024", "Pemkot Palu; Pemkab Sigi", "MoU", "air minum", "impossible date"),
    (9, "5 Maret 2023", "", "MoU", "pendidikan", "no party"),
    (10, "5 Maret 2023", "PT Maju Jaya; Universitas Andalas", "MoU", "riset", "no party resolves to a region"),
    (11, "Senin (3/11/2025)", "Pemkab Kotim dan Pemkab Seruyan", "Kesepakatan Bersama",
     "penanganan anak tidak sekolah", "duplicate of"),
    (12, "25 Nopember 2025", "Pemkab Indramayu", "Evaluasi", "evaluasi kerja sama", ["32.12"]),
    (13, "2019-06-19", "Walikota Pontianak; Bupati Kubu Raya; Dinas PUPR Kalbar", "MoU", "drainase",
     ["61.71", "61.12", "61"]),
    (14, "10 Jan 2022", "Pemkab Bandung; Pemkot Bandung; Bandung", "KB", "banjir", ["32.04", "32.73", ""]),
    (15, "Jumat, 15-7-2022", "Kab. Kep. Mentawai; Kabupaten Tanah Datar", "Nota Kesepakatan", "pariwisata",
     ["13.09", "13.04"]),
    (16, "20/10/2020", "Pemkab Muko Muko dan Kota Payakumbuh", "Kesepakatan", "perdagangan",
     ["17.06", "13.76"]),
    (17, "3 Nov 2018", "Pemkab Kukar; Pemprov Kaltim; PT Pertamina Hulu Mahakam", "MoU", "migas",
     ["64.02", "64", ""]),
    (18, "2016-08-23", "Kota Padang Sidempuan; Pemkab Tapsel", "Berita Acara", "batas daerah",
     ["12.77", "12.03"]),
]
MESSY_HEADERS = ["No", "Tanggal Penandatanganan", "Para Pihak", "Jenis Dokumen", "Tentang", "Unit Pengusul"]
TITLE_ROWS = [["DAFTAR KERJA SAMA DAERAH"], ["Bagian Kerja Sama Setda, keadaan 30 November 2025"], []]


def _messy_body():
    for no, date, pihak, jenis, tentang, _ in MESSY_ROWS:
        yield [no, date, pihak, jenis, tentang, "Bagian Kerja Sama"]


@pytest.fixture
def messy_xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "KSD 2025"
    for row in TITLE_ROWS:
        ws.append(row)
    ws.append(MESSY_HEADERS)
    for i, row in enumerate(_messy_body()):
        ws.append(row)
        if i == 4:
            ws.append([])  # a blank row in the middle of the table
    notes = wb.create_sheet("Catatan")
    notes.append(["Catatan: data dihimpun dari arsip Bagian Kerja Sama."])
    wb.create_sheet("Kosong")
    path = tmp_path / "register_messy.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def messy_csv(tmp_path: Path) -> Path:
    import csv

    path = tmp_path / "register_messy.csv"
    with open(path, "w", newline="", encoding="cp1252") as fh:
        w = csv.writer(fh, delimiter=";")
        for row in TITLE_ROWS:
            w.writerow(row)
        w.writerow(MESSY_HEADERS)
        for i, row in enumerate(_messy_body()):
            w.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row])
            if i == 4:
                w.writerow([])
    return path


@pytest.fixture(scope="session")
def default_register() -> Path:
    return config.DEFAULT_REGISTER


@pytest.fixture(scope="session")
def human_codes():
    import pandas as pd

    return pd.read_csv(config.DEFAULT_HUMAN_CODES, dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def coded_dir(tmp_path_factory):
    """The default register cleaned and coded into a temporary folder (needs the reference mirror)."""
    if config.reference_mirror() is None:
        pytest.skip("KERJASAMA_REFERENCE_MIRROR is not set (make test sets it to ../shared/reference)")
    from kerjasama_study.pipeline import clean_to_dir, code_to_dir

    d = tmp_path_factory.mktemp("processed")
    clean_to_dir([config.DEFAULT_REGISTER], d)
    manifest = code_to_dir(d)
    return d, manifest


@pytest.fixture(scope="session")
def default_reports(tmp_path_factory):
    """Every named report of reports.yml built from the default register in both languages (Indonesian, and
    English as ``<name>_en.html``): ``(folder holding processed/ and reports/, report manifest)``."""
    if config.reference_mirror() is None:
        pytest.skip("KERJASAMA_REFERENCE_MIRROR is not set (make test sets it to ../shared/reference)")
    from kerjasama_study.build import build_reports

    base = tmp_path_factory.mktemp("default_build")
    manifest = build_reports(processed_dir=base / "processed", reports_dir=base / "reports", lang="both",
                             variants_file=named_variants(base), log=lambda m: None)
    return base, manifest


def named_variants(folder: Path) -> Path:
    """reports.yml without its families (the region-profile family is tested in tests/test_build.py; leaving it
    out keeps the whole-build tests short)."""
    import yaml

    from kerjasama_study.report import REPORTS_FILE

    data = yaml.safe_load(REPORTS_FILE.read_text(encoding="utf-8"))
    data.pop("families", None)
    path = Path(folder) / "reports_named.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def partner_register(tmp_path: Path) -> Path:
    """A register kept by one region's hospital: only the partner is named, start/end dates, two number columns
    (ours with a line break between two numbers, the partner's), dashes for empty cells, schools and offices."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "MoU Diklat"
    ws.append(["Daftar naskah kerja sama pendidikan dan pelatihan"])
    ws.append([])
    ws.append(["No", "Nama Institusi Mitra", "Nomor", "Nomor Mitra", "Tanggal Mulai", "Tanggal Berakhir",
               "Masa Berlaku", "Keterangan"])
    ws.append([1, "AKPER Pemkab Ngawi", "445/001-RSJ/2022", "012/AKPER/I/2022", dt.date(2022, 1, 10),
               dt.date(2027, 1, 10), "5 (lima) tahun", "-"])
    ws.append([2, "STIKES Dharma Husada Bandung", "445/014-RSJ/2021\n445/015-RSJ/2021", "–", "03/05/2021",
               "03/05/2026", "5 (lima) tahun", "diperpanjang"])
    ws.append([3, "AKADEMI PEREKAM MEDIS DAN INFORMATIKA KESEHATAN (APIKES) BANDUNG", "445/020-RSJ/2023", "n/a",
               "1 Agustus 2023", "1 Agustus 2028", "5 (lima) tahun", ""])
    ws.append([4, "Poltekkes Kemenkes Bandung", "445/031-RSJ/2020", "PP.03.01/1/2020", "2020-02-17", "2025-02-17",
               "5 tahun", "berakhir"])
    ws.append([5, "Fakultas Keperawatan Universitas Padjadjaran", "445/040-RSJ/2024", "-", "12/12/2024",
               "12/12/2029", "5 (lima) tahun", ""])
    ws.append([6, "Kadispar Kab. Bantul", "445/050-RSJ/2025", "-", "5/6/2025", "5/6/2028", "3 tahun",
               "studi banding"])
    ws.append([7, "Dinas Kesehatan Kota Padang", "445/051-RSJ/2025", "-", "", "", "", ""])
    path = tmp_path / "mou_rsj.xlsx"
    wb.save(path)
    return path
