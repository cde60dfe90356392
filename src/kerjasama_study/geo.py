"""Regions, neighbours and distances from the reference files.

- :func:`adjacency` — kabupaten/kota pairs whose repaired boundary polygons touch or overlap, with the
  approximate length of the shared border (km). Polygons are simplified upstream, so neighbours' edges do not
  coincide exactly: the shared border is measured as the part of one boundary lying within
  :data:`BORDER_TOLERANCE_KM` of the other polygon.
- :func:`region_table` — every province and kabupaten/kota with population, area, centroid, parent region from
  the 1999-2014 splits (mapped to today's codes through the alias table), founding law and year, and whether
  it has a land neighbour.
- :class:`Contiguity` — answers "do these two regions share a border?" for any pair of region codes
  (province-province through their kabupaten/kota; a kabupaten/kota and its own province always).

Derived tables are cached under ``data/external/cache`` keyed by the sha256 of their inputs.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import config, reference
from .regions import gazetteer

BORDER_TOLERANCE_KM = 0.5
#: Bump when the adjacency method changes, so that cached tables are rebuilt.
GEO_METHOD_VERSION = "1"
_KM_PER_DEG_LAT = 110.574
_KM_PER_DEG_LNG = 111.320


def _to_km(geom):
    import shapely

    def project(coords: np.ndarray) -> np.ndarray:
        lng, lat = coords[:, 0], coords[:, 1]
        return np.column_stack([lng * _KM_PER_DEG_LNG * np.cos(np.radians(lat)), lat * _KM_PER_DEG_LAT])

    return shapely.transform(geom, project)


def _repair(geom):
    import shapely
    from shapely.geometry import GeometryCollection, MultiPolygon, Polygon

    if geom is None:
        return None
    if not shapely.is_valid(geom):
        geom = shapely.make_valid(geom)
    if isinstance(geom, GeometryCollection) and not isinstance(geom, MultiPolygon):
        polys = [g for g in geom.geoms if isinstance(g, (Polygon, MultiPolygon))]
        geom = shapely.union_all(polys) if polys else None
    return geom


def haversine_km(lat1, lng1, lat2, lng2):
    """Great-circle distance in km (vectorised).

    >>> round(float(haversine_km(-2.54, 112.95, -0.03, 109.33)))  # Sampit to Pontianak
    490
    """
    lat1, lng1, lat2, lng2 = map(np.radians, (lat1, lng1, lat2, lng2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def _cache_path(name: str, kinds: tuple[str, ...]) -> Path:
    h = hashlib.sha256()
    for path, digest in sorted(reference.input_hashes(kinds).items()):
        h.update(f"{path}={digest}\n".encode())
    h.update(f"method={GEO_METHOD_VERSION};tol={BORDER_TOLERANCE_KM}".encode())
    return config.EXTERNAL_DIR / "cache" / f"{name}-{h.hexdigest()[:16]}.parquet"


def boundaries() -> pd.DataFrame:
    """Repaired kabupaten/kota polygons (lng/lat) with km-projected copies and centroids."""
    df = reference.read_boundaries(reference.fetch_kind("boundaries"))
    df["geometry"] = [_repair(g) for g in df["geometry"]]
    df["geometry_km"] = [_to_km(g) for g in df["geometry"]]
    cent = [g.representative_point() if g is not None else None for g in df["geometry"]]
    df["centroid_lng"] = [c.x if c is not None else np.nan for c in cent]
    df["centroid_lat"] = [c.y if c is not None else np.nan for c in cent]
    return df


def compute_adjacency(bounds: pd.DataFrame) -> pd.DataFrame:
    """Neighbour pairs (code_a < code_b) with the approximate shared border length in km."""
    import shapely
    from shapely.strtree import STRtree

    geoms = list(bounds["geometry_km"])
    codes = list(bounds["code"])
    tree = STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    rows = []
    for i, j in zip(left, right):
        if i >= j:
            continue
        a, b = geoms[i], geoms[j]
        near = shapely.intersection(a.boundary, b.buffer(BORDER_TOLERANCE_KM))
        rows.append({"code_a": codes[i], "code_b": codes[j], "border_km": round(float(near.length), 2)})
    return pd.DataFrame(rows, columns=["code_a", "code_b", "border_km"]).sort_values(
        ["code_a", "code_b"], ignore_index=True)


def adjacency(use_cache: bool = True) -> pd.DataFrame:
    """The kabupaten/kota adjacency table (cached by the sha256 of the boundary files)."""
    cache = _cache_path("adjacency", ("boundaries",))
    if use_cache and cache.exists():
        return pd.read_parquet(cache)
    adj = compute_adjacency(boundaries())
    cache.parent.mkdir(parents=True, exist_ok=True)
    adj.to_parquet(cache, index=False)
    return adj


def region_table(bounds: pd.DataFrame | None = None, adj: pd.DataFrame | None = None,
                 missing: list[str] | None = None) -> pd.DataFrame:
    """Every province and kabupaten/kota with covariates; columns whose source is unavailable are left empty
    and the source is appended to ``missing``."""
    missing = missing if missing is not None else []
    gaz = gazetteer()
    rows = [{"code": r.code, "name": r.name, "kind": r.kind, "province_code": r.province_code,
             "province_name": gaz.by_code[r.province_code].name} for r in gaz.regions]
    table = pd.DataFrame(rows)
    for kind, reader, col in (("population", reference.read_population, "population"),
                              ("area", reference.read_area, "area_km2")):
        try:
            values = reader(reference.fetch_kind(kind)[0])
            table = table.merge(values, on="code", how="left")
        except reference.ReferenceUnavailable as exc:
            missing.append(f"{col}: {exc}")
            table[col] = np.nan
    try:
        splits = reference.read_splits(reference.fetch_kind("splits")[0])
        splits = splits.dropna(subset=["child_code"]).drop_duplicates("child_code")
        table = table.merge(
            splits[["child_code", "parent_code", "law", "law_year"]].rename(
                columns={"child_code": "code", "law": "founding_law", "law_year": "founding_year"}),
            on="code", how="left")
        table["parent_name"] = table["parent_code"].map(lambda c: gaz.by_code[c].name if pd.notna(c) else None)
    except reference.ReferenceUnavailable as exc:
        missing.append(f"parent region, founding law: {exc}")
        table["parent_code"] = table["founding_law"] = table["parent_name"] = None
        table["founding_year"] = np.nan
    if bounds is not None and adj is not None:
        cent = bounds.set_index("code")[["centroid_lat", "centroid_lng"]]
        table = table.join(cent, on="code")
        n_nb = pd.concat([adj["code_a"], adj["code_b"]]).value_counts()
        table["n_neighbours"] = table["code"].map(n_nb).fillna(0).astype("int64")
        prov_geo = _province_centroids(bounds)
        is_prov = table["kind"] == "provinsi"
        table.loc[is_prov, "centroid_lat"] = table.loc[is_prov, "code"].map(prov_geo["lat"])
        table.loc[is_prov, "centroid_lng"] = table.loc[is_prov, "code"].map(prov_geo["lng"])
        cross = adj[adj["code_a"].str[:2] != adj["code_b"].str[:2]]
        prov_nb = pd.concat([cross["code_a"].str[:2], cross["code_b"].str[:2]]).value_counts()
        table.loc[is_prov, "n_neighbours"] = table.loc[is_prov, "code"].map(prov_nb).fillna(0).astype("int64")
        table["has_land_neighbour"] = table["n_neighbours"] > 0
    else:
        if not any(m.startswith("boundaries") for m in missing):  # the caller may have said why already
            missing.append("boundaries (centroids, neighbours): not available")
        table["centroid_lat"] = table["centroid_lng"] = np.nan
        table["n_neighbours"] = pd.array([pd.NA] * len(table), dtype="Int64")
        table["has_land_neighbour"] = pd.array([pd.NA] * len(table), dtype="boolean")
    cols = ["code", "name", "kind", "province_code", "province_name", "population", "area_km2", "parent_code",
            "parent_name", "founding_law", "founding_year", "centroid_lat", "centroid_lng", "n_neighbours",
            "has_land_neighbour"]
    table = table[cols].sort_values("code", ignore_index=True)
    table["founding_year"] = table["founding_year"].astype("Int64")
    return table


def _province_centroids(bounds: pd.DataFrame) -> pd.DataFrame:
    """Area-weighted mean of the kabupaten/kota centroids of each province (good enough for distances)."""
    b = bounds.assign(province=bounds["code"].str[:2], w=[g.area if g is not None else 0 for g in bounds["geometry_km"]])
    out = b.groupby("province").apply(
        lambda g: pd.Series({"lat": np.average(g["centroid_lat"], weights=g["w"]),
                             "lng": np.average(g["centroid_lng"], weights=g["w"])}), include_groups=False)
    return out


@dataclass
class Contiguity:
    """Border sharing between any two region codes, from the kabupaten/kota adjacency table.

    >>> c = Contiguity(pd.DataFrame({"code_a": ["62.02"], "code_b": ["62.07"], "border_km": [90.0]}))
    >>> c("62.02", "62.07"), c("62", "62.02"), c("62", "63"), c("62.02", "63.01")
    (True, True, False, False)
    """

    adj: pd.DataFrame

    def __post_init__(self) -> None:
        self.pairs = set(zip(self.adj["code_a"], self.adj["code_b"]))
        self.pairs |= {(b, a) for a, b in self.pairs}
        self.prov_pairs = {(a[:2], b[:2]) for a, b in self.pairs if a[:2] != b[:2]}
        self.kab_prov = {(a, b[:2]) for a, b in self.pairs}

    def __call__(self, a: str, b: str) -> bool:
        if a == b:
            return False
        a_prov, b_prov = "." not in a, "." not in b
        if a_prov and b_prov:
            return (a, b) in self.prov_pairs
        if a_prov or b_prov:
            prov, kab = (a, b) if a_prov else (b, a)
            return kab[:2] == prov or (kab, prov) in self.kab_prov
        return (a, b) in self.pairs

    def many(self, codes_a, codes_b) -> np.ndarray:
        """The answer of ``self(a, b)`` for each pair of two equally long sequences of codes, at once: the same
        rules on a small matrix over the distinct codes.

        >>> Contiguity(pd.DataFrame({"code_a": ["62.02"], "code_b": ["62.07"]})).many(["62.07", "62"], ["62.02", "63"])
        array([ True, False])
        """
        a, b = np.asarray(codes_a, dtype=object), np.asarray(codes_b, dtype=object)
        which, codes = pd.factorize(np.concatenate([a, b]))
        if not len(codes):
            return np.zeros(0, dtype=bool)
        index = pd.Index(codes)
        prov = np.array(["." not in c for c in codes])
        province_of = np.array([c[:2] for c in codes], dtype=object)
        m = np.zeros((len(codes), len(codes)), dtype=bool)

        def mark(pairs, rows_kind, cols_kind) -> None:
            if pairs:
                i, j = (index.get_indexer(list(x)) for x in zip(*pairs))
                ok = (i >= 0) & (j >= 0)
                i, j = i[ok], j[ok]
                ok = (prov[i] == rows_kind) & (prov[j] == cols_kind)
                m[i[ok], j[ok]] = True

        mark(self.pairs, False, False)  # two kabupaten/kota: their own border
        mark(self.prov_pairs, True, True)  # two provinces: a border between any of their members
        mark(self.kab_prov, False, True)  # a kabupaten/kota and a province: it borders a member ...
        m[~prov[:, None] & prov[None, :] & (province_of[:, None] == codes[None, :])] = True
        m |= m.T  # ... or lies in it
        np.fill_diagonal(m, False)
        return m[which[: len(a)], which[len(a):]]


def distance_km(table: pd.DataFrame, a: str, b: str) -> float:
    """Centroid distance between two regions of ``region_table`` (NaN when unknown)."""
    t = table.set_index("code")
    if a not in t.index or b not in t.index:
        return math.nan
    return float(haversine_km(t.at[a, "centroid_lat"], t.at[a, "centroid_lng"],
                              t.at[b, "centroid_lat"], t.at[b, "centroid_lng"]))


def province_outlines(use_cache: bool = True) -> pd.DataFrame:
    """Province outlines (lng/lat) as the union of their kabupaten/kota polygons (cached; WKB in Parquet)."""
    import shapely

    cache = _cache_path("province_outlines", ("boundaries",))
    if use_cache and cache.exists():
        df = pd.read_parquet(cache)
        df["geometry"] = shapely.from_wkb(df.pop("wkb").to_numpy())
        return df
    b = boundaries()
    rows = []
    for prov, g in b.groupby(b["code"].str[:2]):
        geom = shapely.union_all([x.buffer(0.01) for x in g["geometry"] if x is not None]).simplify(0.02)
        rows.append({"province_code": prov, "geometry": geom})
    df = pd.DataFrame(rows)
    cache.parent.mkdir(parents=True, exist_ok=True)
    df.assign(wkb=shapely.to_wkb(df["geometry"].to_numpy())).drop(columns="geometry").to_parquet(cache, index=False)
    return df
