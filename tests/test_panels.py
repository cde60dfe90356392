"""Region-year and region-pair-year panels, and their Stata copies."""

from __future__ import annotations

import pandas as pd

from kerjasama_study.panels import NOT_SIGNED


def test_panels_count_every_signed_agreement_once_per_region_and_pair(coded_dir):
    d, manifest = coded_dir
    a = pd.read_parquet(d / "agreements.parquet")
    p = pd.read_parquet(d / "parties.parquet")
    dy = pd.read_parquet(d / "dyads.parquet")
    signed = a[a["date_signed"].notna() & ~a["doc_type_code"].isin(NOT_SIGNED)]
    ry = pd.read_parquet(d / "region_year.parquet")
    years = signed["date_signed"].dt.year
    assert ry["year"].min() == years.min() and ry["year"].max() == years.max()
    assert len(ry) == 552 * (years.max() - years.min() + 1)
    links = p[p["record_id"].isin(signed["record_id"])].dropna(subset=["region_code"])
    assert ry["agreements"].sum() == len(links.drop_duplicates(["record_id", "region_code"]))
    kotim = ry[(ry["code"] == "62.02") & (ry["year"] == 2025)].iloc[0]
    assert kotim["agreements"] >= 1 and kotim["ksdd"] >= 1  # PR-001 with Seruyan
    rp = pd.read_parquet(d / "region_pair_year.parquet")
    assert rp["agreements"].sum() == len(dy[dy["record_id"].isin(signed["record_id"])])
    assert rp.groupby(["code_a", "code_b"]).size().eq(years.max() - years.min() + 1).all()
    stata = pd.read_stata(d / "region_pair_year.dta")
    assert len(stata) == len(rp) and stata["agreements"].sum() == rp["agreements"].sum()
    assert "region_year.dta" in manifest["outputs"]["region_year"]["files"]
