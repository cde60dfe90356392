"""Dyads of region parties on the default data."""

from __future__ import annotations

import pandas as pd
import pytest

from kerjasama_study.pipeline import code_to_dir


@pytest.fixture(scope="module")
def coded(coded_dir):
    return coded_dir


def test_named_dyads(coded):
    d, _ = coded
    dy = pd.read_parquet(d / "dyads.parquet")
    kotim = dy[(dy["record_id"] == "PR-001")].iloc[0]
    assert (kotim["code_a"], kotim["code_b"], kotim["contiguous"], kotim["parent_child"]) == ("62.02", "62.07", True, True)
    sarol = dy[dy["record_id"] == "PR-002"].iloc[0]
    assert (sarol["code_a"], sarol["code_b"], sarol["contiguous"]) == ("15.03", "15.04", True)
    assert dy[dy["record_id"].isin(["PR-047", "PR-061", "PR-009", "PR-064"])].empty  # one region party: no dyad
    n_pairs = 0
    parties = pd.read_parquet(d / "parties.parquet").dropna(subset=["region_code"])
    for _, g in parties.groupby("record_id"):
        k = g["region_code"].nunique()
        n_pairs += k * (k - 1) // 2
    assert len(dy) == n_pairs
    assert set(dy["kinds_pair"]) <= {"prov-prov", "prov-kab", "prov-kota", "kab-kab", "kab-kota", "kota-kota"}
    assert dy["distance_km"].notna().all() and (dy["population_ratio"] >= 1).all()


def test_agreements_gain_coded_columns_and_manifest(coded):
    d, manifest = coded
    a = pd.read_parquet(d / "agreements.parquet").set_index("record_id")
    for col in ("doc_type_code", "stage", "cooperation_kind", "regime", "n_parties", "n_sectors", "ksdd_basis"):
        assert col in a.columns
    assert a.loc["PR-047", "cooperation_kind"] == "KSDPL"
    assert manifest["codebook_version"] and manifest["coding"]["missing_covariates"] == []
    assert {"sectors", "regions", "adjacency", "dyads", "reliability"} <= set(manifest["coding"]["outputs"])


def test_recoding_is_idempotent(coded, tmp_path):
    import shutil

    d, manifest = coded
    copy = tmp_path / "again"
    shutil.copytree(d, copy)
    again = code_to_dir(copy)
    assert again["coding"]["outputs"] == manifest["coding"]["outputs"]
