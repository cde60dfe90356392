"""Partner patterns on the default data: network, risk set, tie shares, the dyadic model."""

from __future__ import annotations

import pandas as pd
import pytest

from kerjasama_study import geo, partners as PT
from kerjasama_study.analysis import load_tables


@pytest.fixture(scope="module")
def tables(coded_dir):
    return load_tables(coded_dir[0])


def test_network_nodes_edges_and_metrics(tables):
    g = PT.build_network(tables["parties"], tables["agreements"])
    assert g.has_edge("62.02", "62.07") and g["62.02"]["62.07"]["weight"] == 1
    assert g.has_edge("33", "35") and g["33"]["35"]["weight"] == 2           # Jateng-Jatim: PR-029, PR-030
    assert "[pihak_ketiga]" in g and "[luar_negeri]" in g                   # third parties grouped by kind
    m = PT.network_metrics(g, tables["regions"])
    assert list(m.columns) == ["node", "name", "kind", "degree", "weighted_degree", "betweenness", "community"]
    assert m.iloc[0]["node"] == "32.73"                                     # Kota Bandung hosts the 2018 template MoUs
    assert m["betweenness"].between(0, 1).all() and m["community"].min() == 1
    g2018 = PT.build_network(tables["parties"], tables["agreements"], start=2018)
    assert not g2018.has_edge("62.04", "62.05")                             # PR-028 (2010) is before the period


def test_risk_set_and_shares(tables):
    regions = tables["regions"]
    risk = PT.risk_set(regions, geo.Contiguity(tables["adjacency"]))
    assert len(risk) == 552 * 551 // 2
    assert risk["distance_km"].notna().all() and (risk["code_a"] < risk["code_b"]).all()
    da = PT.with_outcome(risk, tables["dyads"], tables["agreements"], start=2018)
    assert da["tie"].sum() == PT.observed_ties(tables["dyads"], tables["agreements"], 2018).shape[0]
    shares = PT.tie_shares(da).set_index("property")
    assert shares.at["contiguous", "observed_share"] > 5 * shares.at["contiguous", "random_share"]
    assert shares.at["parent_child", "ratio"] > 10
    jambi = PT.risk_set(regions, None, scope="15")
    assert len(jambi) == 12 * 11 // 2 and set(jambi["code_a"].str[:2]) == {"15"}


def test_partner_model_table(tables):
    da = tables["dyads_all"]
    assert len(da) == 152076 and {"tie", "prior_tie", "contiguous", "log_distance_km"} <= set(da.columns)
    model = PT.partner_model(da)
    assert model["n_dyads"] == 152076 and model["n_events"] == int(da["tie"].sum()) > 100
    row = model["table"].set_index("covariate").loc["contiguous"]
    assert row["odds_ratio"] > 1 and row["ci_low"] < row["odds_ratio"] < row["ci_high"]
    assert model["caveat"].startswith("rare events")
    few = da.assign(tie=0)
    few.loc[few.index[:3], "tie"] = 1
    assert PT.partner_model(few)["message"].startswith("too few ties")


def test_network_metrics_table_written(tables):
    nm, p = tables["network_metrics"], tables["parties"]
    expected = p["region_code"].nunique() + p.loc[p["region_code"].isna(), "party_kind"].nunique()
    assert len(nm) == expected == 138 and nm["weighted_degree"].is_monotonic_decreasing


def test_kind_matrix_is_symmetric(tables):
    km = PT.kind_matrix(tables["parties"], "en")
    assert (km.to_numpy() == km.to_numpy().T).all() and "regency" in km.index
    assert isinstance(km, pd.DataFrame)


def test_map_and_force_layout_render(tables):
    import matplotlib

    matplotlib.use("Agg")
    from kerjasama_study import plots as P

    g = PT.build_network(tables["parties"], tables["agreements"])
    metrics = PT.network_metrics(g, tables["regions"])
    nodes, edges = PT.map_inputs(g, tables["regions"], metrics)
    assert len(nodes) == tables["parties"]["region_code"].nunique() and len(edges) > 100
    ax = P.partner_map(geo.province_outlines(), nodes, edges, "map", top_labels=5)
    assert len(ax.texts) == 5 and len(ax.lines) > 38              # labels, province outlines and agreement lines
    ax = P.network_layout(g, metrics, "layout", top_labels=5)     # the fallback without boundary data
    assert len(ax.texts) == 5
