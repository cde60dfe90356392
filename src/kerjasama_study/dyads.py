"""Dyads: every unordered pair of region parties of each agreement, with covariates.

>>> regions = pd.DataFrame({"code": ["62.02", "62.07"], "kind": ["kabupaten", "kabupaten"],
...     "province_code": ["62", "62"], "population": [454515, 190000], "parent_code": [None, "62.02"],
...     "centroid_lat": [-2.1, -2.3], "centroid_lng": [112.7, 112.2]})
>>> parties = pd.DataFrame({"record_id": ["A", "A", "A"], "region_code": ["62.02", "62.07", None],
...     "party_kind": ["kabupaten", "kabupaten", "pihak_ketiga"]})
>>> d = build_dyads(parties, regions, contiguous=lambda a, b: True)
>>> d[["code_a", "code_b", "kinds_pair", "same_province", "contiguous", "parent_child"]].to_dict("records")
[{'code_a': '62.02', 'code_b': '62.07', 'kinds_pair': 'kab-kab', 'same_province': True, 'contiguous': True, 'parent_child': True}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .geo import haversine_km

_SHORT = {"provinsi": "prov", "kabupaten": "kab", "kota": "kota"}
_ORDER = {"prov": 0, "kab": 1, "kota": 2}
DYAD_COLUMNS = ["record_id", "code_a", "code_b", "kind_a", "kind_b", "kinds_pair", "same_province", "contiguous",
                "parent_child", "population_ratio", "distance_km"]


def kinds_pair(kind_a: str, kind_b: str) -> str:
    """A symmetric label for the kinds of two regions ("prov-kab", "kab-kota", ...)."""
    a, b = sorted((_SHORT[kind_a], _SHORT[kind_b]), key=_ORDER.get)
    return f"{a}-{b}"


def pair_covariates(pairs: pd.DataFrame, regions: pd.DataFrame, contiguous=None) -> pd.DataFrame:
    """Add covariates to a frame with ``code_a`` and ``code_b`` (any number of rows; vectorised joins)."""
    r = regions.set_index("code")
    out = pairs.copy()
    a, b = out["code_a"], out["code_b"]
    out["kind_a"] = a.map(r["kind"]).astype("string")
    out["kind_b"] = b.map(r["kind"]).astype("string")
    out["kinds_pair"] = [kinds_pair(x, y) for x, y in zip(out["kind_a"], out["kind_b"])]
    out["same_province"] = a.str[:2] == b.str[:2]
    if contiguous is None:
        out["contiguous"] = pd.array([pd.NA] * len(out), dtype="boolean")
    else:
        out["contiguous"] = pd.array([contiguous(x, y) for x, y in zip(a, b)], dtype="boolean")
    parent = r["parent_code"] if "parent_code" in r else pd.Series(dtype=object)
    out["parent_child"] = (a.map(parent) == b) | (b.map(parent) == a)
    pop_a, pop_b = a.map(r.get("population")), b.map(r.get("population"))
    out["population_ratio"] = (np.maximum(pop_a, pop_b) / np.minimum(pop_a, pop_b)).astype("float64")
    out["distance_km"] = haversine_km(a.map(r["centroid_lat"]).astype(float), a.map(r["centroid_lng"]).astype(float),
                                      b.map(r["centroid_lat"]).astype(float), b.map(r["centroid_lng"]).astype(float))
    out["distance_km"] = out["distance_km"].round(1)
    return out


def build_dyads(parties: pd.DataFrame, regions: pd.DataFrame, contiguous=None) -> pd.DataFrame:
    """One row per agreement and unordered pair of distinct region parties (code_a < code_b)."""
    reg = parties.dropna(subset=["region_code"])
    rows = []
    for rid, codes in reg.groupby("record_id", sort=False)["region_code"]:
        uniq = sorted(set(codes))
        rows += [(rid, x, y) for i, x in enumerate(uniq) for y in uniq[i + 1:]]
    pairs = pd.DataFrame(rows, columns=["record_id", "code_a", "code_b"])
    out = pair_covariates(pairs, regions, contiguous)
    for col in ("record_id", "code_a", "code_b", "kinds_pair"):
        out[col] = out[col].astype("string")
    return out[DYAD_COLUMNS]
