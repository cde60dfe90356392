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


def test_stata_files_are_the_bytes_pandas_writes(tmp_path, coded_dir):
    """write_stata encodes and pads text column-wise; the file is byte for byte what DataFrame.to_stata writes
    (after the same conversions: booleans to 0/1, missing text to "")."""
    import datetime as dt

    from kerjasama_study.panels import write_stata

    d, _ = coded_dir
    messy = pd.DataFrame({"code_a": ["62.02", None, "31"], "name": ["Kotawaringin Timur", "Bolaang Mongondow Utara", pd.NA],
                          "kinds_pair": pd.array(["kab-kab", "prov-kota", None], dtype="string"),
                          "contiguous": pd.array([True, None, False], dtype="boolean"), "same": [True, False, True],
                          "year": [2021, 2022, 2023], "distance_km": [1.5, float("nan"), 3.0],
                          "catatan": ["Kota Bogor — Kabupaten Bogor", "é ü ñ", ""]})
    for name, table in [("messy", messy), *((n, pd.read_parquet(d / f"{n}.parquet"))
                                             for n in ("region_year", "region_pair_year"))]:
        write_stata(table, tmp_path / f"{name}.dta", stamp=pd.Timestamp("2026-11-28"))
        plain = table.copy()
        for col in plain.columns:
            if pd.api.types.is_bool_dtype(plain[col]) or str(plain[col].dtype) == "boolean":
                plain[col] = plain[col].astype("Float64").astype(float)
            elif pd.api.types.is_string_dtype(plain[col]) or plain[col].dtype == object:
                plain[col] = plain[col].astype(object).where(plain[col].notna(), "").astype(str)
        plain.to_stata(tmp_path / f"{name}_pandas.dta", write_index=False, version=118,
                       time_stamp=dt.datetime(2026, 11, 28))
        assert (tmp_path / f"{name}.dta").read_bytes() == (tmp_path / f"{name}_pandas.dta").read_bytes(), name
    back = pd.read_stata(tmp_path / "messy.dta")
    assert back["catatan"].tolist() == ["Kota Bogor — Kabupaten Bogor", "é ü ñ", ""]
