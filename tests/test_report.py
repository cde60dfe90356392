"""The report builder: parameter checks, failure isolation, determinism, other registers."""

from __future__ import annotations

import hashlib
import json

import nbformat
import pandas as pd
import pytest
import yaml

from kerjasama_study import config
from kerjasama_study.build import build_reports
from kerjasama_study.report import BuildError, load_variants, notebook_parameters

pytestmark = pytest.mark.slow  # builds reports with papermill


def _digest(folder, names):
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names}


def test_every_notebook_is_thin_parameterized_and_output_free():
    for path in sorted(config.NOTEBOOKS_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3", path
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), path
        assert {"processed_dir", "lang"} <= set(notebook_parameters(path)), path
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert "def " not in cell.source and "class " not in cell.source, f"logic belongs in the library: {path}"


def test_every_variant_names_an_existing_notebook():
    variants = load_variants()
    assert {"01_data_overview", "02_sectors", "00_mulai_di_sini"} <= {v.name for v in variants}
    for v in variants:
        assert v.path.exists(), v.notebook
        assert set(v.parameters) <= set(notebook_parameters(v.path))


def test_unknown_parameter_is_an_error_before_anything_runs(tmp_path):
    params = tmp_path / "params.yml"
    params.write_text(yaml.safe_dump({"02_sectors": {"bogus": 1}}))
    with pytest.raises(BuildError, match=r"unknown parameter\(s\) \['bogus'\]"):
        build_reports(params_file=params, processed_dir=tmp_path / "p", reports_dir=tmp_path / "r", log=lambda m: None)
    assert not (tmp_path / "p").exists() and not (tmp_path / "r").exists()
    params.write_text(yaml.safe_dump({"03_nonexistent": {"lang": "en"}}))
    with pytest.raises(BuildError, match="unknown report or notebook"):
        build_reports(params_file=params, processed_dir=tmp_path / "p", reports_dir=tmp_path / "r", log=lambda m: None)


@pytest.fixture(scope="module")
def built(default_reports, tmp_path_factory):
    """A copy of the default build (some tests here rebuild into it)."""
    import shutil

    base = tmp_path_factory.mktemp("build")
    shutil.copytree(default_reports[0], base, dirs_exist_ok=True)
    return base, default_reports[1]


def test_build_writes_report_index_manifest_excel(built):
    base, _ = built
    reports = base / "reports"
    html = (reports / "01_data_overview.html").read_text(encoding="utf-8")
    assert "Gambaran data kerja sama daerah" in html
    assert html.count("data:image/png;base64") >= 4                     # embedded figures
    assert "Kolofon" in html and "sha256" in html and "Buku kode" in html  # colophon
    assert '<html lang="id">' in html and 'alt="Catatan kerja sama menurut tahun' in html  # language, figure alt text
    assert "from kerjasama_study import" not in html                     # code hidden
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "01_data_overview.html" in index
    assert json.loads((reports / "manifest.json").read_text())["reports"][0]["name"] == "00_mulai_di_sini"
    xl = pd.ExcelFile(reports / "kerjasama_tables.xlsx", engine="openpyxl")
    assert {"catatan", "pihak", "urusan", "karantina", "ringkasan_tahun", "ringkasan_urusan"} <= set(xl.sheet_names)
    assert len(pd.read_excel(xl, "catatan")) == 80
    assert (reports / "codebook_id.html").exists() and (reports / "data_quality.html").exists()
    # journal-ready copies: every figure as SVG and 300-dpi PNG, every table as CSV and LaTeX, stable names
    svgs = sorted(p.stem for p in (reports / "figures").glob("*.svg"))
    assert svgs == sorted(p.stem for p in (reports / "figures").glob("*.png")) and len(svgs) >= 4
    assert "01_data_overview-fig01-catatan_kerja_sama_menurut_tahun" in svgs
    from PIL import Image

    with Image.open(reports / "figures" / f"{svgs[0]}.png") as im:
        assert round(im.info["dpi"][0]) == 300
    tex = sorted((reports / "tables").glob("*.tex"))
    assert tex and all((reports / "tables" / f"{t.stem}.csv").exists() for t in tex)
    assert "\\toprule" in tex[0].read_text() and "\\bottomrule" in tex[0].read_text()
    assert "figures/" in index and "tables/" in index and "Cara mengutip" in index


def test_failing_notebook_leaves_previous_reports_intact(built, tmp_path):
    base, _ = built
    reports = base / "reports"
    before = _digest(reports, sorted(p.name for p in reports.iterdir() if p.is_file()))
    broken = nbformat.v4.new_notebook()
    broken.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    params = nbformat.v4.new_code_cell('processed_dir = ""\nlang = "id"')
    params.metadata["tags"] = ["parameters"]
    broken.cells = [params, nbformat.v4.new_code_cell("raise RuntimeError('deliberate failure')")]
    nb_path = tmp_path / "99_broken.ipynb"
    nbformat.write(broken, nb_path)
    variants = tmp_path / "reports.yml"
    variants.write_text(yaml.safe_dump({"reports": [{"name": "01_data_overview", "notebook": "01_data_overview.ipynb"},
                                                    {"name": "99_broken", "notebook": str(nb_path)}]}))
    with pytest.raises(BuildError, match="99_broken.ipynb.*failed.*RuntimeError: deliberate failure"):
        build_reports(variants_file=variants, processed_dir=base / "processed", reports_dir=reports, log=lambda m: None)
    after = _digest(reports, sorted(p.name for p in reports.iterdir() if p.is_file()))
    assert after == before
    assert not [p for p in reports.iterdir() if p.name.startswith(".build-")]


def test_two_builds_give_identical_data_tables(built, tmp_path):
    base, _ = built
    names = [f"{t}.csv" for t in ("agreements", "parties", "quarantine", "sectors", "regions", "dyads")]
    first = _digest(base / "processed", names)
    build_reports(only=["01_data_overview"], processed_dir=tmp_path / "processed", reports_dir=tmp_path / "reports",
                  log=lambda m: None)
    assert _digest(tmp_path / "processed", names) == first


def test_another_register_regenerates_every_report(messy_xlsx, tmp_path):
    from conftest import named_variants

    manifest = build_reports(inputs=[messy_xlsx], processed_dir=tmp_path / "processed",
                             reports_dir=tmp_path / "reports", lang="en", variants_file=named_variants(tmp_path),
                             log=lambda m: None)
    names = {r["name"] for r in manifest["reports"]}
    named = {v.name for v in load_variants()}
    assert names == named
    for r in manifest["reports"]:
        assert (tmp_path / "reports" / r["file"]).stat().st_size > 10_000
    assert manifest["inputs"][0]["path"].endswith("register_messy.xlsx")
    html = (tmp_path / "reports" / "01_data_overview.html").read_text(encoding="utf-8")
    assert "Overview of the cooperation data" in html and "14 cooperation records" in html
    from kerjasama_study.pagecheck import scan_reports

    assert scan_reports(tmp_path / "reports") == []


def test_excel_for_staff_has_labels_guide_filters_dates_and_links(tmp_path, coded_dir):
    from openpyxl import load_workbook

    from kerjasama_study.report import GUIDE_SHEET, column_labels, excel_tables, write_excel

    d, _ = coded_dir
    tables = excel_tables(d)
    assert "daftar_pantau" in tables and set(tables["daftar_pantau"]["rule"]) <= {
        "kb_without_pks", "pks_without_implementation", "implementation_without_evaluation", "expiring",
        "expired_without_renewal"}
    labels = column_labels("id")
    assert all(c in labels for t in tables.values() for c in t.columns), "a column without a label"
    path = write_excel(tables, tmp_path / "t.xlsx", lang="id")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == GUIDE_SHEET["id"]
    guide = list(wb[GUIDE_SHEET["id"]].iter_rows(min_row=2, values_only=True))
    assert len(guide) == sum(len(t.columns) for t in tables.values()) and all(row[3] for row in guide)
    ws = wb["catatan"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["id catatan", "tanggal penandatanganan", "ketelitian tanggal"]
    assert all(c.font.b for c in ws[1]) and ws.auto_filter.ref == ws.dimensions
    assert ws.cell(2, 2).number_format == "DD/MM/YYYY" and ws.cell(2, 2).is_date
    url = ws.cell(2, headers.index("sumber") + 1)
    assert url.hyperlink is not None and url.hyperlink.target.startswith("http")
    subject = ws.cell(2, headers.index("perihal") + 1)
    assert subject.alignment.wrap_text or ws.column_dimensions[subject.column_letter].width <= 60
    # coded values are written with their names for staff
    watch = wb["daftar_pantau"]
    rules = {row[0] for row in watch.iter_rows(min_row=2, max_col=1, values_only=True)}
    assert "KB tanpa PKS" in rules and not rules & {"kb_without_pks", "expiring"}
    precision = {row[0] for row in ws.iter_rows(min_row=2, min_col=3, max_col=3, values_only=True)}
    assert precision <= {"hari", "bulan", "tahun", "tidak diketahui"}


def test_english_reports_show_english_table_headers(default_reports):
    """No table of an English report carries an Indonesian column label (a table shown without its language did:
    "peringkat", "jumlah catatan" in 02_sectors_en). The start-here tutorial is in Indonesian by design."""
    import html as H
    import re

    from kerjasama_study.labels import column_labels

    ids, ens = column_labels("id"), column_labels("en")
    indonesian_only = {label for col, label in ids.items() if label != ens.get(col)} - set(ens.values())
    reports = default_reports[0] / "reports"
    pages = [p for p in sorted(reports.glob("*_en.html")) if not p.name.startswith("00_mulai_di_sini")]
    assert len(pages) >= 9
    for page in pages:
        headers = {H.unescape(re.sub(r"<[^>]+>", "", th)).strip()
                   for th in re.findall(r"<th[^>]*>(.*?)</th>", page.read_text(encoding="utf-8"), re.DOTALL)}
        assert not headers & indonesian_only, (page.name, sorted(headers & indonesian_only))


def test_english_reports_are_built_beside_the_indonesian_ones(default_reports):
    base, manifest = default_reports
    reports = base / "reports"
    pairs = [(r["name"], r["lang"]) for r in manifest["reports"]]
    assert ("01_data_overview", "id") in pairs and ("01_data_overview_en", "en") in pairs
    ids, ens = [n for n, lang in pairs if lang == "id"], [n for n, lang in pairs if lang == "en"]
    assert [f"{n}_en" for n in ids] == ens and len(ids) == len(load_variants())
    assert "Gambaran data kerja sama daerah" in (reports / "01_data_overview.html").read_text(encoding="utf-8")
    assert "Overview of the cooperation data" in (reports / "01_data_overview_en.html").read_text(encoding="utf-8")
    # one index per language, each listing its own reports and linking to the other
    index, index_en = ((reports / f).read_text(encoding="utf-8") for f in ("index.html", "index_en.html"))
    assert "01_data_overview.html" in index and "01_data_overview_en.html" not in index
    assert "01_data_overview_en.html" in index_en and "index.html" in index_en and "index_en.html" in index
    assert "data_quality_en.html" in index_en and "codebook_en.html" in index_en
    assert '<html lang="en">' in (reports / "01_data_overview_en.html").read_text(encoding="utf-8")
    assert any(p.name.startswith("01_data_overview_en-fig01-") for p in (reports / "figures").iterdir())
    assert manifest["lang"] == "id+en"
