"""Panels for regression users: region-year and region-pair-year counts of signed agreements.

- :func:`region_year`: every region (province and kabupaten/kota) in every year from the first to the last year
  of signing, with the agreements it signed that year (all, KSDD, with a third party, with a province).
- :func:`region_pair_year`: every pair of regions that signed at least one agreement together (the full risk set
  of all pairs is ``dyads_all``), in every year, with the agreements of that year and the pair's covariates.

Only signed agreements count (plans, drafts, forums, letters of intent and evaluations do not), as in the partner
analysis. Both are written by ``kerjasama code`` as CSV, Parquet and Stata ``.dta``.

>>> import pandas as pd
>>> a = pd.DataFrame({"record_id": ["A"], "date_signed": pd.to_datetime(["2021-03-01"]),
...                   "doc_type_code": ["KB"], "cooperation_kind": ["KSDD"]})
>>> p = pd.DataFrame({"record_id": ["A", "A"], "region_code": ["62.02", "62.07"],
...                   "party_kind": ["kabupaten", "kabupaten"]})
>>> r = pd.DataFrame({"code": ["62.02", "62.07", "62"], "name": ["Kotim", "Seruyan", "Kalteng"],
...                   "kind": ["kabupaten", "kabupaten", "provinsi"], "province_code": ["62", "62", "62"]})
>>> region_year(a, p, r)[["code", "year", "agreements"]].values.tolist()
[['62', 2021, 0], ['62.02', 2021, 1], ['62.07', 2021, 1]]
"""

from __future__ import annotations

import pandas as pd

from .followthrough import NOT_SIGNED


def _signed(agreements: pd.DataFrame) -> pd.DataFrame:
    a = agreements.dropna(subset=["date_signed"])
    if "doc_type_code" in a:
        a = a[~a["doc_type_code"].isin(NOT_SIGNED).fillna(False)]
    return a.assign(year=a["date_signed"].dt.year.astype(int))


def _years(a: pd.DataFrame) -> range:
    return range(int(a["year"].min()), int(a["year"].max()) + 1) if len(a) else range(0)


def region_year(agreements: pd.DataFrame, parties: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """One row per (region, year): ``agreements`` signed, ``ksdd`` (with another region), ``third_party`` (with a
    firm, university or other third party) and ``with_province`` (a province among the parties)."""
    a = _signed(agreements)
    years = _years(a)
    cols = ["code", "name", "kind", "province_code", "year", "agreements", "ksdd", "third_party", "with_province"]
    if not len(years):
        return pd.DataFrame(columns=cols)
    kinds = parties.groupby("record_id")["party_kind"].agg(lambda s: set(s))
    a = a.assign(ksdd=a["cooperation_kind"].fillna("").str.contains("KSDD"),
                 third_party=a["record_id"].map(lambda r: "pihak_ketiga" in kinds.get(r, set())),
                 with_province=a["record_id"].map(lambda r: "provinsi" in kinds.get(r, set())))
    links = parties.dropna(subset=["region_code"])[["record_id", "region_code"]].drop_duplicates()
    links = links.merge(a[["record_id", "year", "ksdd", "third_party", "with_province"]], on="record_id")
    counts = links.groupby(["region_code", "year"]).agg(
        agreements=("record_id", "nunique"), ksdd=("ksdd", "sum"), third_party=("third_party", "sum"),
        with_province=("with_province", "sum"))
    grid = pd.MultiIndex.from_product([sorted(regions["code"]), list(years)], names=["region_code", "year"])
    out = counts.reindex(grid, fill_value=0).reset_index().rename(columns={"region_code": "code"})
    out = out.merge(regions[["code", "name", "kind", "province_code"]], on="code", how="left")
    return out[cols].astype({c: "int64" for c in ("year", "agreements", "ksdd", "third_party", "with_province")})


def region_pair_year(agreements: pd.DataFrame, dyads: pd.DataFrame) -> pd.DataFrame:
    """One row per (pair of regions with at least one signed agreement, year): ``agreements`` of that year, and
    the pair's ``contiguous``, ``same_province``, ``parent_child``, ``distance_km`` and ``kinds_pair``."""
    a = _signed(agreements)
    years = _years(a)
    cov = ["contiguous", "same_province", "parent_child", "distance_km", "kinds_pair"]
    cols = ["code_a", "code_b", "year", "agreements", *cov]
    d = dyads[dyads["record_id"].isin(a["record_id"])].merge(a[["record_id", "year"]], on="record_id")
    if d.empty:
        return pd.DataFrame(columns=cols)
    pairs = d.drop_duplicates(["code_a", "code_b"]).set_index(["code_a", "code_b"])[cov]
    counts = d.groupby(["code_a", "code_b", "year"])["record_id"].nunique().rename("agreements")
    grid = pd.MultiIndex.from_tuples([(x, y, t) for x, y in pairs.index for t in years],
                                     names=["code_a", "code_b", "year"])
    out = counts.reindex(grid, fill_value=0).reset_index().merge(pairs.reset_index(), on=["code_a", "code_b"])
    return out[cols].astype({"year": "int64", "agreements": "int64"})


def write_stata(table: pd.DataFrame, path, stamp=None) -> None:
    """A panel as Stata ``.dta`` (version 118: UTF-8 text; booleans as 0/1, missing as Stata missing). The
    file's time stamp is ``stamp`` (default 2000-01-01), never the clock, so the same table gives the same bytes."""
    import datetime as dt

    out = table.copy()
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]) or str(out[col].dtype) == "boolean":
            out[col] = out[col].astype("Float64").astype(float)
        elif pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    stamp = pd.Timestamp(stamp).to_pydatetime() if stamp is not None else dt.datetime(2000, 1, 1)
    out.to_stata(path, write_index=False, version=118, time_stamp=stamp)
