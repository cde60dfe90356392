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

import sys

import numpy as np
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
    rid, kind = parties["record_id"].astype(object), parties["party_kind"].astype(object)
    signed_ids = a["record_id"].astype(object)
    a = a.assign(ksdd=a["cooperation_kind"].fillna("").str.contains("KSDD"),
                 third_party=signed_ids.isin(set(rid[kind == "pihak_ketiga"])),
                 with_province=signed_ids.isin(set(rid[kind == "provinsi"])))
    links = parties[["record_id", "region_code"]].astype(object).dropna().drop_duplicates()
    links = links.merge(a[["record_id", "year", "ksdd", "third_party", "with_province"]].astype({"record_id": object}),
                        on="record_id")
    counts = links.groupby(["region_code", "year"]).agg(  # one row per region and record: size counts records
        agreements=("record_id", "size"), ksdd=("ksdd", "sum"), third_party=("third_party", "sum"),
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
    d = dyads.merge(a[["record_id", "year"]], on="record_id")  # the dyads of signed agreements
    if d.empty:
        return pd.DataFrame(columns=cols)
    d = d.drop_duplicates(["record_id", "code_a", "code_b"])
    pair_no, _ = pd.factorize(pd.MultiIndex.from_arrays([d["code_a"].astype(object),
                                                                  d["code_b"].astype(object)]))
    first = d.drop_duplicates(["code_a", "code_b"])  # the pairs in the order they first appear, as pair_codes
    n_years = len(years)
    counts = np.bincount(pair_no * n_years + (d["year"].to_numpy() - years.start), minlength=len(first) * n_years)
    out = first[["code_a", "code_b", *cov]].iloc[np.repeat(np.arange(len(first)), n_years)].reset_index(drop=True)
    out.insert(2, "year", np.tile(np.arange(years.start, years.stop), len(first)))
    out.insert(3, "agreements", counts)
    return out[cols].astype({"code_a": object, "code_b": object, "year": "int64", "agreements": "int64"})


def write_stata(table: pd.DataFrame, path, stamp=None) -> None:
    """A panel as Stata ``.dta`` (version 118: UTF-8 text; booleans as 0/1, missing as Stata missing). The
    file's time stamp is ``stamp`` (default 2000-01-01), never the clock, so the same table gives the same bytes."""
    import datetime as dt

    out = table.copy()
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]) or str(out[col].dtype) == "boolean":
            out[col] = out[col].astype("Float64").astype(float)
        elif pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:  # Python text, "" for missing
            which, distinct = pd.factorize(out[col])
            text = np.array([str(v) for v in distinct] + [""], dtype=object)
            out[col] = pd.Series(text[which], index=out.index, dtype=object)
    stamp = pd.Timestamp(stamp).to_pydatetime() if stamp is not None else dt.datetime(2000, 1, 1)
    _stata_writer()(path, out, write_index=False, time_stamp=stamp).write_file()


def _stata_writer():
    """pandas' writer of .dta 118 (``DataFrame.to_stata(version=118)``), with the two loops it runs over every
    text cell (encoding, padding) done once per distinct value and column-wise. The bytes are the same
    (tests/test_panels.py compares them); anything unusual (dates, long texts, missing texts) takes pandas' path."""
    from pandas.io.stata import StataWriterUTF8

    class ColumnwiseStataWriter(StataWriterUTF8):
        _columnwise = False

        def _encode_strings(self) -> None:
            encoded = {}
            for i, name in enumerate(self.data):
                values = self.data[name].to_numpy()
                if values.dtype != object:
                    continue
                which, distinct = pd.factorize(values)
                if (i in self._convert_dates or (which < 0).any() or not all(type(v) is str for v in distinct)
                        or max(map(len, distinct), default=0) > self._max_string_length):
                    return super()._encode_strings()  # pandas' own path for anything unusual
                encoded[name] = np.array([v.encode(self._encoding) for v in distinct] + [b""], dtype=object)[which]
            for name, values in encoded.items():
                self.data[name] = pd.Series(values, index=self.data.index, dtype=object)
            self._columnwise = True

        def _prepare_data(self) -> np.rec.recarray:
            native = "<" if sys.byteorder == "little" else ">"
            if not self._columnwise or self._convert_dates or self._byteorder != native:
                return super()._prepare_data()
            data = self._convert_strls(self.data)
            dtypes = {name: f"S{typ}" if typ <= self._max_string_length else data[name].dtype
                      for name, typ in zip(data, self.typlist)}  # an S column pads with NUL bytes itself
            return data.to_records(index=False, column_dtypes=dtypes)

    return ColumnwiseStataWriter
