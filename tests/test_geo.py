"""Neighbours, regions and contiguity from the boundary polygons (offline, from the mirror)."""

from __future__ import annotations

import pandas as pd
import pytest

from kerjasama_study import config, geo


@pytest.fixture(scope="module")
def adj():
    if config.reference_mirror() is None:
        pytest.skip("KERJASAMA_REFERENCE_MIRROR is not set")
    return geo.adjacency()


def test_about_980_neighbour_pairs_and_31_islands(adj):
    assert 950 <= len(adj) <= 1010
    assert (adj["code_a"] < adj["code_b"]).all() and not adj.duplicated(["code_a", "code_b"]).any()
    with_neighbours = set(adj["code_a"]) | set(adj["code_b"])
    assert 25 <= 514 - len(with_neighbours) <= 40
    assert (adj["border_km"] > 0).all()


def test_known_neighbours(adj):
    c = geo.Contiguity(adj)
    assert c("62.02", "62.07") and c("62.02", "62.06")      # Kotawaringin Timur borders Seruyan and Katingan
    assert c("15.03", "15.04")                               # Sarolangun - Batanghari
    assert c("12.71", "12.07")                               # Kota Medan - Kabupaten Deli Serdang
    assert not c("34.04", "12.18")                           # Sleman - Serdang Bedagai
    assert c("61", "62") and not c("51", "52")               # Kalbar-Kalteng share land; Bali-NTB do not
    assert c("33", "33.08") and c("34", "33.08")             # own province; a neighbouring province
    kotim = adj[(adj["code_a"] == "62.02") | (adj["code_b"] == "62.02")]
    assert set(kotim["code_a"]) | set(kotim["code_b"]) >= {"62.02", "62.06", "62.07"}


def test_region_table(adj):
    missing = []
    regions = geo.region_table(geo.boundaries(), adj, missing).set_index("code")
    assert missing == [] and len(regions) == 552
    seruyan = regions.loc["62.07"]
    assert (seruyan["parent_code"], seruyan["founding_law"], seruyan["founding_year"]) == ("62.02", "UU 5/2002", 2002)
    assert regions.loc["15.03", "parent_code"] == "15.02"     # Sarolangun <- Sarolangun Bangko = Merangin
    assert regions.loc["64.08", "parent_code"] == "64.02"     # Kutai Timur <- Kutai = Kutai Kartanegara
    assert regions["population"].notna().all() and regions["area_km2"].notna().all()
    assert regions.loc["62", "has_land_neighbour"] and not regions.loc["51", "has_land_neighbour"]
    assert -11 < regions["centroid_lat"].min() and regions["centroid_lat"].max() < 6.5
    assert round(geo.distance_km(regions.reset_index(), "62.02", "62.07")) in range(30, 120)


def test_adjacency_is_cached_by_input_hash(adj):
    cache = geo._cache_path("adjacency", ("boundaries",))
    assert cache.exists() and cache.parent == config.EXTERNAL_DIR / "cache"


def _all_pairs_answers(c: geo.Contiguity, codes: list[str]) -> None:
    import itertools

    import numpy as np

    a, b = zip(*itertools.product(codes, codes))
    assert c.many(a, b).tolist() == [c(x, y) for x, y in zip(a, b)]
    assert c.many([], []).tolist() == [] and isinstance(c.many(np.array(a[:3]), list(b[:3])), np.ndarray)


def test_many_answers_as_one_call_at_a_time():
    # two kabupaten across a provincial border, one inside; a province with no listed border; an unknown code
    c = geo.Contiguity(pd.DataFrame({"code_a": ["62.02", "61.05", "62.02"], "code_b": ["62.07", "62.06", "62.06"]}))
    _all_pairs_answers(c, ["62", "61", "63", "62.02", "62.07", "62.06", "61.05", "63.01", "99.99", "99"])


def test_many_on_every_pair_of_real_regions(adj):
    import random

    codes = sorted(set(adj["code_a"]) | set(adj["code_b"]))
    codes = random.Random(1).sample(codes, 120) + sorted({x[:2] for x in codes}) + ["62.02", "62.07", "61"]
    _all_pairs_answers(geo.Contiguity(adj), codes)
