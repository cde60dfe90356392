"""The data-quality page: every section in the reader's language, nothing a reader should not see."""

import json
import shutil

import pytest

from kerjasama_study.pagecheck import scan_html, visible_text
from kerjasama_study.quality import missing_covariate, quality_report_html

# what the coding step records when neither a mirror nor the network holds the reference files
GAPS = [
    ("boundaries (neighbours, centroids, distances, KSDD wajib/sukarela): wilayah_boundaries_kab_11.sql: cannot "
     "download https://example.org/kab_11.sql (ConnectionError); set KERJASAMA_REFERENCE_MIRROR to a folder"),
    ("population: penduduk_2020.csv: not in /tmp/x, no mirror holds it (KERJASAMA_REFERENCE_MIRROR) and "
     "downloads are off (KERJASAMA_OFFLINE=1)"),
    "area_km2: luas.csv: cannot download https://example.org/luas.csv (ReadTimeout)",
    "parent region, founding law: pemekaran.csv: cannot download https://example.org/p.csv (ConnectionError)",
]


@pytest.fixture
def without_reference(tmp_path, coded_dir):
    d = tmp_path / "processed"
    shutil.copytree(coded_dir[0], d)
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    manifest["coding"]["missing_covariates"] = GAPS
    (d / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return d


@pytest.mark.parametrize("lang", ["id", "en"])
def test_missing_reference_files_are_told_in_words_without_file_names(without_reference, lang):
    page = quality_report_html(without_reference, lang)
    seen = " ".join(visible_text(page))
    assert scan_html(page, lang) == []
    for raw in ("wilayah_boundaries_kab_11", "ConnectionError", "example.org", "area_km2"):
        assert raw not in seen
    words = {"id": ["jumlah penduduk", "luas wilayah", "daerah induk", "tidak dapat diunduh", "unduhan dimatikan",
                    "KERJASAMA_REFERENCE_MIRROR"],
             "en": ["population", "area", "parent region", "could not be downloaded", "downloads are off",
                    "KERJASAMA_REFERENCE_MIRROR"]}[lang]
    for w in words:
        assert w in seen, w


def test_nothing_missing_shows_none_and_no_advice(coded_dir):
    page = quality_report_html(coded_dir[0], "id")
    assert coded_dir[1]["coding"]["missing_covariates"] == []
    assert "KERJASAMA_REFERENCE_MIRROR" not in page
    assert scan_html(page, "id") == []


def test_an_unknown_gap_keeps_its_own_name():
    assert missing_covariate("rainfall: hujan.csv: damaged", "en") == {"covariate": "rainfall",
                                                                     "reason": "not available"}
