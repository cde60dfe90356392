"""The clean step writes validated tables and a manifest atomically."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kerjasama_study.outputs import sha256_file
from kerjasama_study.pipeline import clean_to_dir
from kerjasama_study.readers import RegisterError


def test_outputs_and_manifest(tmp_path, default_register):
    manifest = clean_to_dir([default_register], tmp_path)
    for name in ("agreements", "parties", "quarantine"):
        assert (tmp_path / f"{name}.csv").exists() and (tmp_path / f"{name}.parquet").exists()
        files = manifest["outputs"][name]["files"]
        assert files[f"{name}.csv"] == sha256_file(tmp_path / f"{name}.csv")
    [inp] = manifest["inputs"]
    assert inp["sha256"] == sha256_file(default_register)
    assert (inp["data_rows"], inp["kept"], inp["quarantined"], inp["blank_rows"]) == (80, 80, 0, 0)
    on_disk = json.loads((tmp_path / "manifest.json").read_text())
    assert on_disk["outputs"]["parties"]["rows"] == 215
    assert on_disk["package_version"] and on_disk["environment"]["packages"]["pandas"]
    parquet = pd.read_parquet(tmp_path / "agreements.parquet")
    assert parquet["date_signed"].dtype.kind == "M" and len(parquet) == 80


def test_two_runs_give_identical_tables(tmp_path, messy_xlsx):
    first = clean_to_dir([messy_xlsx], tmp_path / "a")
    second = clean_to_dir([messy_xlsx], tmp_path / "b")
    assert first["outputs"] == second["outputs"]


def test_a_failed_run_leaves_previous_outputs_intact(tmp_path, default_register):
    clean_to_dir([default_register], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    bad = tmp_path.parent / "bad.csv"
    bad.write_text("No,Para Pihak\n1,Kota Palu\n", encoding="utf-8")
    with pytest.raises(RegisterError):
        clean_to_dir([default_register, bad], tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def test_row_accounting_in_manifest_for_messy_workbook(tmp_path, messy_xlsx):
    manifest = clean_to_dir([messy_xlsx], tmp_path / "out")
    [inp] = manifest["inputs"]
    assert inp["data_rows"] == inp["kept"] + inp["quarantined"] == 18
    assert inp["blank_rows"] == 1 and inp["sheets"][0]["header_row"] == 4
    assert any("Catatan" in n for n in manifest["notes"])


def test_code_step_without_mirror_or_network_names_missing_covariates(tmp_path, monkeypatch, default_register):
    from kerjasama_study import config
    from kerjasama_study.pipeline import code_to_dir

    monkeypatch.delenv("KERJASAMA_REFERENCE_MIRROR", raising=False)
    monkeypatch.setenv("KERJASAMA_OFFLINE", "1")
    monkeypatch.setattr(config, "EXTERNAL_DIR", tmp_path / "external")
    out = tmp_path / "processed"
    clean_to_dir([default_register], out)
    manifest = code_to_dir(out)
    missing = " ".join(manifest["coding"]["missing_covariates"])
    for covariate in ("boundaries", "population", "area_km2", "parent region"):
        assert covariate in missing
    a = pd.read_parquet(out / "agreements.parquet")
    assert set(a.loc[a["cooperation_kind"].str.contains("KSDD"), "ksdd_basis"]) == {"unknown"}
    dyads = pd.read_parquet(out / "dyads.parquet")
    assert len(dyads) > 0 and dyads["contiguous"].isna().all()
    assert not (out / "adjacency.parquet").exists()
    assert "sectors" in manifest["coding"]["outputs"]
    # the data-quality page names each of them in words (no file name, no fallback to the raw text)
    from kerjasama_study.quality import missing_covariate

    shown = [missing_covariate(m, "en") for m in manifest["coding"]["missing_covariates"]]
    assert {s["covariate"].split(" (")[0] for s in shown} == {"boundaries", "population", "area",
                                                               "parent region and founding law"}
    assert {s["reason"] for s in shown} == {"the reference file is in no offline copy and downloads are off"}


def test_code_in_one_or_two_processes_writes_the_same_files(tmp_path, coded_dir):
    """With --jobs 2 the partner and panel tables come from a second process; every file is the same."""
    import shutil

    from kerjasama_study.pipeline import code_to_dir

    d, _ = coded_dir
    for jobs in (1, 2):
        shutil.copytree(d, tmp_path / f"jobs{jobs}")
        code_to_dir(tmp_path / f"jobs{jobs}", as_of="2026-11-28", jobs=jobs)
    one, two = ({p.name: p.read_bytes() for p in (tmp_path / f"jobs{j}").iterdir()} for j in (1, 2))
    assert set(one) == set(two) and {"region_pair_year.dta", "network_metrics.parquet", "dyads.csv"} <= set(one)
    assert [n for n in one if one[n] != two[n]] == ["manifest.json"]  # its creation times differ
    m1, m2 = (json.loads(x["manifest.json"]) for x in (one, two))
    assert m1["outputs"] == m2["outputs"] and list(m1["outputs"]) == list(m2["outputs"])


def test_an_error_in_the_second_process_leaves_the_folder_as_it_was(tmp_path, coded_dir, monkeypatch):
    import shutil

    from kerjasama_study import pipeline

    d, _ = coded_dir
    shutil.copytree(d, tmp_path / "processed")
    before = {p.name: p.read_bytes() for p in (tmp_path / "processed").iterdir()}

    def broken(*args):
        raise RegisterError("the dyads cannot be built (a test)")

    monkeypatch.setattr(pipeline, "_partner_tables", broken)
    with pytest.raises(RegisterError, match="dyads cannot be built"):
        pipeline.code_to_dir(tmp_path / "processed", as_of="2026-11-28", jobs=2)
    assert {p.name: p.read_bytes() for p in (tmp_path / "processed").iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".processed")]


def test_background_job_returns_its_value_or_raises_its_error():
    from kerjasama_study import background

    assert background.start(sorted, [3, 1, 2], parallel=True).result() == [1, 2, 3]
    assert background.start(sorted, [3, 1, 2], parallel=False).result() == [1, 2, 3]
    with pytest.raises(ZeroDivisionError):
        background.start(divmod, 1, 0, parallel=True).result()
