"""The build graph: cached steps, staleness reasons, damaged cache entries, parallel runs (kerjasama_study.build)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from kerjasama_study import build as B, config

pytestmark = pytest.mark.slow

VARIANTS = {"reports": [
    {"name": "01_data_overview", "notebook": "01_data_overview.ipynb", "title": {"id": "Gambaran"}},
    {"name": "05_sarolangun", "notebook": "05_region_profile.ipynb", "parameters": {"region": "Kabupaten Sarolangun"}},
], "families": [
    {"name": "05_profil", "notebook": "05_region_profile.ipynb", "province": "Jambi", "min_records": 2},
]}


@pytest.fixture(autouse=True)
def _mirror():
    if config.reference_mirror() is None:
        pytest.skip("KERJASAMA_REFERENCE_MIRROR is not set (make test sets it to ../shared/reference)")


def _project(tmp: Path) -> dict:
    """A register, notebooks and reports.yml of a test's own (so that editing them touches nothing shared)."""
    (tmp / "nb").mkdir(parents=True)
    for name in ("01_data_overview.ipynb", "05_region_profile.ipynb"):
        shutil.copy(config.NOTEBOOKS_DIR / name, tmp / "nb" / name)
    variants = json.loads(json.dumps(VARIANTS))
    for v in variants["reports"] + variants["families"]:
        v["notebook"] = str(tmp / "nb" / v["notebook"])
    (tmp / "reports.yml").write_text(yaml.safe_dump(variants), encoding="utf-8")
    register = tmp / "register.csv"
    shutil.copy(config.DEFAULT_REGISTER, register)
    return {"inputs": [register], "processed_dir": tmp / "processed", "reports_dir": tmp / "reports",
            "variants_file": tmp / "reports.yml", "lang": "id", "as_of": "2026-11-28"}


def _stale(kw: dict) -> dict[str, list[str]]:
    p = B.plan(**kw)
    return {s.name: s.reasons for s in p["steps"] if s.stale}


def _body(path: Path) -> str:
    return re.sub(r'<section class="colophon">.*?</section>', "", path.read_text(encoding="utf-8"), flags=re.DOTALL)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("project")
    kw = _project(tmp)
    manifest = B.build_reports(**kw, jobs=2, log=lambda m: None)
    return tmp, kw, manifest


def test_a_family_expands_to_one_report_per_region_and_the_index_lists_them(project):
    _, kw, manifest = project
    names = sorted(r["name"] for r in manifest["reports"])
    # Jambi regions with 2+ records, without Sarolangun (a named variant already profiles it)
    profiles = [n for n in names if n.startswith("05_profil_")]
    assert profiles and "05_profil_kabupaten_sarolangun" not in profiles
    assert all(r["family"] == "05_profil" for r in manifest["reports"] if r["name"] in profiles)
    index = (kw["reports_dir"] / "index.html").read_text(encoding="utf-8")
    assert f"Profil daerah ({len(profiles)})" in index
    assert manifest["executed"] == len(names) and manifest["reused"] == 0


def test_nothing_changed_means_nothing_runs_and_the_pages_are_the_same(project):
    _, kw, first = project
    assert _stale(kw) == {}
    pages = {p.name: p.read_bytes() for p in kw["reports_dir"].glob("0*.html")}
    tables = {p.name: p.read_bytes() for p in kw["processed_dir"].glob("*.csv")}
    again = B.build_reports(**kw, log=lambda m: None)
    assert again["executed"] == 0 and again["reused"] == len(first["reports"])
    for name, data in pages.items():  # the reports are served as built (colophon included)
        assert (kw["reports_dir"] / name).read_bytes() == data, name
    assert {p.name: p.read_bytes() for p in kw["processed_dir"].glob("*.csv")} == tables
    assert "dipakai ulang" in (kw["reports_dir"] / "index.html").read_text(encoding="utf-8")


def test_each_change_invalidates_exactly_what_depends_on_it(project, monkeypatch):
    _, kw, manifest = project
    reports = {r["name"] for r in manifest["reports"]}
    # a parameter of one variant: that variant only, and the reason names the parameter
    variants = yaml.safe_load(kw["variants_file"].read_text())
    variants["reports"][1]["parameters"]["region"] = "15.03"
    kw["variants_file"].write_text(yaml.safe_dump(variants))
    assert _stale(kw) == {"05_sarolangun": ["parameter region changed"]}
    variants["reports"][1]["parameters"]["region"] = "Kabupaten Sarolangun"
    kw["variants_file"].write_text(yaml.safe_dump(variants))
    assert _stale(kw) == {}
    # an edited notebook: the reports that run it
    nb_path = Path(variants["reports"][0]["notebook"])
    original = nb_path.read_bytes()
    nb = nbformat.read(nb_path, 4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Catatan tambahan."))
    nbformat.write(nb, nb_path)
    assert _stale(kw) == {"01_data_overview": ["notebook changed"]}
    nb_path.write_bytes(original)
    # package code that only reports run: every report, not the data steps
    real = B.package_digest
    monkeypatch.setattr(B, "package_digest", lambda files=None: real(files) + ("x" if files is None else ""))
    assert set(_stale(kw)) == reports and all(r == ["package code changed"] for r in _stale(kw).values())
    # the codebook (a file coding reads): code and every report, not clean
    monkeypatch.setattr(B, "package_digest",
                        lambda files=None: real(files) + ("x" if files and "data/codebook.yml" in files else ""))
    stale = _stale(kw)
    assert "clean" not in stale and stale["code"] == ["package code changed"]
    assert {r for r in reports if not r.startswith("05_profil_")} | {"05_profil_*"} <= set(stale)
    monkeypatch.setattr(B, "package_digest", real)
    assert _stale(kw) == {}
    # a raw file: everything, and the reason names the file
    register = kw["inputs"][0]
    saved = register.read_bytes()
    register.write_bytes(saved + b"\n")
    stale = _stale(kw)
    assert stale["clean"] == [f"input {register} changed"] and set(stale) >= {"clean", "code"} | (
        reports - {r for r in reports if r.startswith("05_profil_")})
    register.write_bytes(saved)
    assert _stale(kw) == {}


def test_a_damaged_cache_entry_is_rebuilt_never_served(project):
    _, kw, _ = project
    p = B.plan(**kw)
    job = next(j for j in p["jobs"] if j.name == "01_data_overview")
    page = p["cache"].entry_dir(job.key) / "01_data_overview.html"
    page.write_text("<html>damaged</html>", encoding="utf-8")
    manifest = B.build_reports(**kw, log=lambda m: None)
    assert manifest["executed"] == 1
    assert "Gambaran data kerja sama daerah" in (kw["reports_dir"] / "01_data_overview.html").read_text()
    assert B.Cache(p["cache"].root).get(job.key) is not None


def test_one_job_and_two_jobs_give_identical_tables_and_report_bodies(project, tmp_path):
    _, kw, _ = project
    one = dict(kw, processed_dir=tmp_path / "processed", reports_dir=tmp_path / "reports")
    B.build_reports(**one, jobs=1, force=True, log=lambda m: None)
    for f in sorted(kw["processed_dir"].glob("*.csv")):
        assert (one["processed_dir"] / f.name).read_bytes() == f.read_bytes(), f.name
    pages = sorted(p.name for p in kw["reports_dir"].glob("0*.html"))
    assert pages == sorted(p.name for p in one["reports_dir"].glob("0*.html"))
    for name in pages:
        assert _body(one["reports_dir"] / name) == _body(kw["reports_dir"] / name), name
    figures = sorted(p.name for p in (kw["reports_dir"] / "figures").iterdir())
    assert figures == sorted(p.name for p in (one["reports_dir"] / "figures").iterdir())


def test_status_lists_every_step_with_its_reason(project, capsys):
    from kerjasama_study import cli

    _, kw, _ = project
    args = ["status", "--input", str(kw["inputs"][0]), "--processed", str(kw["processed_dir"]), "--reports",
            str(kw["reports_dir"]), "--variants", str(kw["variants_file"]), "--lang", "id", "--as-of", "2026-11-28"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert re.search(r"^clean\s+up to date", out, re.MULTILINE) and "everything is up to date" in out
