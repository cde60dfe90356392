"""Report tables: cooperation potential between bordering regions, open follow-ups of a region."""

from __future__ import annotations

import pandas as pd
import pytest

from kerjasama_study import analysis as A


@pytest.fixture(scope="module")
def tables(coded_dir):
    d, _ = coded_dir
    return A.load_tables(d)


def test_neighbour_agreements_lists_every_bordering_region(tables):
    n = A.neighbour_agreements("62.02", tables)  # Kotawaringin Timur
    adj = tables["adjacency"]
    expected = set(adj.loc[adj["code_a"] == "62.02", "code_b"]) | set(adj.loc[adj["code_b"] == "62.02", "code_a"])
    assert set(n["neighbour_code"]) == expected and "62.07" in expected
    seruyan = n.set_index("neighbour_code").loc["62.07"]
    assert seruyan["shared_records"] >= 1 and "PR-001" in seruyan["shared_ids"]
    assert (n["shared_records"] == 0).any()  # a bordering region with no agreement: a gap
    assert n["shared_records"].is_monotonic_increasing  # gaps first


def test_neighbour_sectors_elsewhere_excludes_the_regions_own_records(tables):
    code = "34.02"  # Kabupaten Bantul: its neighbours cooperate on tourism with others
    out = A.neighbour_sectors_elsewhere(code, tables).set_index("affair")
    assert out.loc["3.26 pariwisata", "neighbours"] >= 2
    p, s = tables["parties"], tables["sectors"]
    adj = tables["adjacency"]
    neighbours = set(adj.loc[adj["code_a"] == code, "code_b"]) | set(adj.loc[adj["code_b"] == code, "code_a"])
    mine = set(p.loc[p["region_code"] == code, "record_id"])
    theirs = set(p.loc[p["region_code"].isin(neighbours), "record_id"]) - mine
    expected = s[s["record_id"].isin(theirs) & (s["urusan_code"] == "3.26")]["record_id"].nunique()
    assert out.loc["3.26 pariwisata", "records"] == expected


def test_bordering_pairs_without_agreement_in_a_province(tables):
    gaps = A.bordering_pairs_without_agreement(tables, "Kalimantan Tengah")
    assert len(gaps) > 0 and (gaps["code_a"].str[:2] == "62").all() and (gaps["code_b"].str[:2] == "62").all()
    pairs = {tuple(sorted(x)) for x in zip(gaps["code_a"], gaps["code_b"])}
    assert ("62.02", "62.07") not in pairs  # Kotim and Seruyan have PR-001
    assert gaps["border_km"].is_monotonic_decreasing


def test_open_followups_of_a_region_name_their_rule(tables):
    code, _ = A.find_region("Kabupaten Sarolangun")
    out = A.open_followups(A.region_records(code, tables), tables)
    assert set(out["rule"]) <= {"kb_without_pks", "pks_without_implementation", "implementation_without_evaluation",
                                "expiring", "expired_without_renewal", "not_signed"}
    assert isinstance(out, pd.DataFrame)


def test_top_affairs_by_province_show_ties_as_ties(tables):
    top = A.top_sectors_by_province(tables["sectors"], tables["parties"], tables["regions"], n=3)
    assert (top["rank"] <= 3).all()
    for _, g in top.groupby("province_code"):
        last = g["records"].min()  # everything tied with the last one shown is shown too
        full = A.top_sectors_by_province(tables["sectors"], tables["parties"], tables["regions"], n=99)
        same = full[(full["province_code"] == g["province_code"].iloc[0]) & (full["records"] == last)]
        assert set(same["urusan"]) <= set(g["urusan"])
    assert top["tied"].any()


def test_every_province_and_partial_year_and_small_groups(tables):
    a = tables["agreements"]
    prov = A.coverage_by_province(tables["parties"], tables["regions"])
    assert len(prov) == 38 and (prov == 0).any()
    assert A.last_year_partial(a, "2026-11-28") and not A.last_year_partial(a, "2026-12-31")
    shares = A.sectors_by(tables["sectors"], a, "cooperation_kind")
    sizes = a["cooperation_kind"].value_counts()
    for column in shares.columns:
        kind = column.split("\n")[0]
        assert (column in shares.attrs["small"]) == (sizes[kind] < A.MIN_SHARE_N)
    assert shares.attrs["small"]
