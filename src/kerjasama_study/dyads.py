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
    ia, ib = r.index.get_indexer(a.astype(object)), r.index.get_indexer(b.astype(object))

    def of(column: str, rows: np.ndarray) -> pd.Series:  # a column of the regions table for each pair, NA if unknown
        return pd.Series(pd.api.extensions.take(r[column].array, rows, allow_fill=True), index=out.index)

    out["kind_a"] = of("kind", ia).astype("string")
    out["kind_b"] = of("kind", ib).astype("string")
    kinds = list(_SHORT)
    ka = pd.Categorical(out["kind_a"], categories=kinds).codes  # -1: not a region kind
    kb = pd.Categorical(out["kind_b"], categories=kinds).codes
    label = np.array([[kinds_pair(x, y) for y in kinds] for x in kinds], dtype=object)
    out["kinds_pair"] = np.where((ka >= 0) & (kb >= 0), label[ka, kb], None)
    out["same_province"] = a.str[:2] == b.str[:2]
    if contiguous is None:
        out["contiguous"] = pd.array([pd.NA] * len(out), dtype="boolean")
    else:
        answers = contiguous.many(a, b) if hasattr(contiguous, "many") else [contiguous(x, y) for x, y in zip(a, b)]
        out["contiguous"] = pd.array(answers, dtype="boolean")
    if "parent_code" in r:
        out["parent_child"] = (of("parent_code", ia) == b) | (of("parent_code", ib) == a)
    else:
        out["parent_child"] = False
    pop_a, pop_b = of("population", ia), of("population", ib)
    out["population_ratio"] = (np.maximum(pop_a, pop_b) / np.minimum(pop_a, pop_b)).astype("float64")
    out["distance_km"] = haversine_km(of("centroid_lat", ia).astype(float), of("centroid_lng", ia).astype(float),
                                      of("centroid_lat", ib).astype(float), of("centroid_lng", ib).astype(float))
    out["distance_km"] = out["distance_km"].round(1)
    return out


def build_dyads(parties: pd.DataFrame, regions: pd.DataFrame, contiguous=None) -> pd.DataFrame:
    """One row per agreement and unordered pair of distinct region parties (code_a < code_b)."""
    reg = parties.loc[parties["region_code"].notna(), ["record_id", "region_code"]].astype(object).drop_duplicates()
    reg["order"] = pd.factorize(reg["record_id"])[0]  # records in the order they first appear
    pairs = reg.merge(reg, on=["record_id", "order"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["region_code_a"] < pairs["region_code_b"]].sort_values(["order", "region_code_a",
                                                                                 "region_code_b"], kind="stable")
    pairs = pd.DataFrame({"record_id": pairs["record_id"].to_numpy(), "code_a": pairs["region_code_a"].to_numpy(),
                          "code_b": pairs["region_code_b"].to_numpy()}, columns=["record_id", "code_a", "code_b"])
    out = pair_covariates(pairs, regions, contiguous)
    for col in ("record_id", "code_a", "code_b", "kinds_pair"):
        out[col] = out[col].astype("string")
    return out[DYAD_COLUMNS]
