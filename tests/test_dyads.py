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


def test_dyads_are_every_pair_of_distinct_region_parties_record_by_record(tmp_path):
    """build_dyads works on whole columns; it lists, record by record in register order, the sorted pairs of
    distinct region codes (as a loop over the records would), with the pair's covariates."""
    from kerjasama_study.clean import clean_registers
    from kerjasama_study.dyads import build_dyads
    from kerjasama_study.synthetic import make_register, write_register

    r = clean_registers([write_register(make_register(1200, seed=9), tmp_path / "register.csv")])
    codes = sorted(r.parties["region_code"].dropna().unique())
    regions = pd.DataFrame({"code": codes, "kind": ["provinsi" if "." not in c else "kota" if c[3] == "7"
                                                    else "kabupaten" for c in codes],
                            "province_code": [c[:2] for c in codes], "population": range(1000, 1000 + len(codes)),
                            "parent_code": None, "centroid_lat": 0.0, "centroid_lng": 100.0})
    got = build_dyads(r.parties, regions)
    expected = []
    for rid, g in r.parties.dropna(subset=["region_code"]).groupby("record_id", sort=False):
        uniq = sorted(set(g["region_code"]))
        expected += [(rid, x, y) for i, x in enumerate(uniq) for y in uniq[i + 1:]]
    assert list(got[["record_id", "code_a", "code_b"]].itertuples(index=False, name=None)) == expected
    kinds = regions.set_index("code")["kind"]
    short = {"provinsi": "prov", "kabupaten": "kab", "kota": "kota"}
    for row in got.sample(200, random_state=1).itertuples():
        pair = sorted((short[kinds[row.code_a]], short[kinds[row.code_b]]), key=["prov", "kab", "kota"].index)
        assert row.kinds_pair == "-".join(pair) and row.same_province == (row.code_a[:2] == row.code_b[:2])
    assert got["contiguous"].isna().all() and len(expected) > 500
