"""Whole builds on the registers real users bring: a partner-only register with --owner, a register whose every
row is quarantined, and a hostile register whose cells, ids, headers and file name carry HTML and formulas."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from kerjasama_study import cli, config
from kerjasama_study.pagecheck import scan_reports

pytestmark = pytest.mark.slow

REPORTS = ["00_mulai_di_sini", "01_data_overview", "02_sectors", "03_follow_through", "04_partners",
           "05_region_profile_kotawaringin_timur", "05_region_profile_sarolangun"]


@pytest.fixture(autouse=True)
def _mirror():
    if config.reference_mirror() is None:
        pytest.skip("KERJASAMA_REFERENCE_MIRROR is not set (make test sets it to ../shared/reference)")


def _build(tmp_path: Path, register: Path, *extra: str) -> Path:
    reports = tmp_path / "reports"
    code = cli.main(["build", "--input", str(register), "--processed", str(tmp_path / "processed"),
                     "--reports", str(reports), "--lang", "id", *extra])
    assert code == 0
    for name in REPORTS:
        assert (reports / f"{name}.html").stat().st_size > 1000, name
    found = scan_reports(reports)  # the pages speak Indonesian, whatever the register holds
    assert found == [], "\n".join(f"{f.page}: {f.kind} {f.word!r} in …{f.context}…" for f in found[:20])
    return reports


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_partner_only_register_with_owner_builds_every_report(tmp_path, partner_register):
    reports = _build(tmp_path, partner_register, "--owner", "Provinsi Jawa Barat")
    p = pd.read_parquet(tmp_path / "processed" / "parties.parquet")
    a = pd.read_parquet(tmp_path / "processed" / "agreements.parquet")
    assert len(a) == 7 and (p[p["role"] == "owner"]["region_code"] == "32").sum() == 7
    assert set(a["cooperation_kind"]) == {"KSDPK", "KSDD"}
    assert a["flags"].str.contains("date_from_start").sum() == 6
    overview = _text((reports / "01_data_overview.html").read_text())
    assert "7 catatan kerja sama" in overview
    quality = _text((reports / "data_quality.html").read_text())
    assert "Provinsi Jawa Barat (--owner)" in quality


def test_register_with_every_row_quarantined_builds_every_report(tmp_path):
    reg = tmp_path / "semua_karantina.csv"
    reg.write_text("No,Tanggal,Pihak,Jenis,Tentang\n1,31/02/2024,Kota Palu; Kabupaten Sigi,KB,air\n"
                   "2,2024,PT A; Universitas B,MoU,riset\n", encoding="utf-8")
    reports = _build(tmp_path, reg)
    assert "0 catatan kerja sama" in _text((reports / "01_data_overview.html").read_text())
    assert "tidak ada data untuk grafik ini" in (reports / "02_sectors.html").read_text()


@pytest.mark.parametrize("name, text", [
    ("pks_only_no_region_pair", ("No,Tanggal,Pihak,Jenis,Tentang\n1,12/03/2022,Kota Padang; PT Semen Padang,PKS,jalan\n"
                                 "2,5/6/2023,Kabupaten Bantul; Universitas Gadjah Mada,PKS,pendidikan\n")),
    ("single_record_no_subject_no_type", "Tanggal,Pihak\n3/11/2025,Pemkab Kotim dan Pemkab Seruyan\n"),
])
def test_degenerate_register_builds_every_report(tmp_path, name, text):
    reg = tmp_path / f"{name}.csv"
    reg.write_text(text, encoding="utf-8")
    reports = _build(tmp_path, reg)
    assert "tidak ada data untuk grafik ini" in (reports / "03_follow_through.html").read_text()


PAYLOADS = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>", "<img src=x onerror=alert(9)>"]


def test_html_and_formula_payloads_are_escaped_everywhere(tmp_path):
    evil = tmp_path / "<img src=x onerror=alert(9)>.csv"
    rows = [
        ["<script>alert(\"x\")</script>", "3/11/2025", "Pemkab Kotim dan Pemkab Seruyan", "KB",
         "pendidikan <img src=x onerror=alert(1)>", "=HYPERLINK(\"http://evil\",\"klik\")", "<b>x</b>"],
        ["2", "8 Agustus 2020", "Kab. Sarolangun; Kab. Batang Hari; <img src=x onerror=alert(1)>", "KB",
         "=cmd|' /C calc'!A0", "<script>alert(\"x\")</script>", "@SUM(1)"],
    ]
    pd.DataFrame(rows, columns=["No", "Tanggal", "Pihak", "Jenis", "Tentang", "Keterangan",
                                "<script>alert(\"x\")</script>"]).to_csv(evil, index=False)
    reports = _build(tmp_path, evil)
    seen_escaped = []
    for page in sorted(reports.glob("*.html")):
        body = page.read_text(encoding="utf-8")
        for payload in PAYLOADS:
            assert payload not in body, f"{page.name} holds {payload!r} unescaped"
        if "&lt;img src=x onerror=alert(1)&gt;" in body or "&lt;script&gt;" in body:
            seen_escaped.append(page.stem)
    assert {"01_data_overview", "05_region_profile_kotawaringin_timur", "05_region_profile_sarolangun",
            "data_quality"} <= set(seen_escaped)
    with zipfile.ZipFile(reports / "kerjasama_tables.xlsx") as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s for s in sheets), "a cell was written as a formula"
    from openpyxl import load_workbook

    ws = load_workbook(reports / "kerjasama_tables.xlsx")["catatan"]
    formulas = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=@"]
    assert formulas and all(c.data_type == "s" and c.quotePrefix for c in formulas)
    csv_text = (tmp_path / "processed" / "agreements.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv_text and "'=cmd|" in csv_text and "'@SUM(1)" in csv_text
    parquet = pd.read_parquet(tmp_path / "processed" / "agreements.parquet")
    assert parquet["status"].iloc[0].startswith("=HYPERLINK")  # Parquet keeps the value exactly
