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
    assert "[pihak_ketiga]" in g                                           # third parties grouped by kind
    assert not any(a.startswith("[") and b.startswith("[") for a, b in g.edges)  # co-signers are not partners
    a = tables["agreements"].set_index("record_id")
    unsigned = set(a.index[a["doc_type_code"].isin(PT.NOT_A_TIE)])
    assert unsigned and not any(set(d["records"]) & unsigned for _, _, d in g.edges(data=True))
    assert "[luar_negeri]" in PT.build_network(tables["parties"], tables["agreements"], include_unsigned=True)
    m = PT.network_metrics(g, tables["regions"])
    assert list(m.columns) == ["node", "name", "kind", "degree", "weighted_degree", "records", "betweenness",
                               "community"]
    p = tables["parties"]
    bandung = set(p.loc[p["region_code"] == "32.73", "record_id"]) - unsigned
    assert m.set_index("node").at["32.73", "records"] == len(bandung)     # how many agreements its ties rest on
    assert m.iloc[0]["node"] == "17.01"  # Bengkulu Selatan: in the 11-party PR-003 and its own agreements
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


def test_robustness_table_beside_the_main_model(tables):
    regions = tables["regions"]
    risk = PT.risk_set(regions, geo.Contiguity(tables["adjacency"]))
    rob = PT.partner_robustness(risk, tables["dyads"], tables["agreements"], start=2018)
    assert list(rob["spec"].unique()) == list(PT.ROBUSTNESS_SPECS)
    main = rob[rob["spec"] == "main"].set_index("covariate")
    model = PT.partner_model(PT.with_outcome(risk, tables["dyads"], tables["agreements"], start=2018))
    assert main.at["contiguous", "odds_ratio"] == model["table"].set_index("covariate").at["contiguous", "odds_ratio"]
    assert model["reference"] == "pair of kinds kab-kab"
    assert PT.partner_model(PT.with_outcome(risk, tables["dyads"], tables["agreements"], start=2018), lang="id")[
        "reference"] == "pasangan jenis kab-kab"
    events = rob.groupby("spec")["n_events"].first()
    assert events["max_3_parties"] < events["main"] and events["bilateral_only"] <= events["max_3_parties"]
    assert events["cluster_by_agreement"] == events["main"] == events["weight_1_over_k_minus_1"]
    by_agreement = rob[rob["spec"] == "cluster_by_agreement"].set_index("covariate")
    assert by_agreement.at["contiguous", "odds_ratio"] == main.at["contiguous", "odds_ratio"]  # only the SEs move
    assert by_agreement.at["contiguous", "ci_low"] != main.at["contiguous", "ci_low"]


def test_network_metrics_table_written(tables):
    nm, p, a = tables["network_metrics"], tables["parties"], tables["agreements"]
    signed = p[p["record_id"].isin(a.loc[~a["doc_type_code"].isin(PT.NOT_A_TIE), "record_id"])]
    expected = signed["region_code"].nunique() + signed.loc[signed["region_code"].isna(), "party_kind"].nunique()
    assert len(nm) == expected == 125 and nm["weighted_degree"].is_monotonic_decreasing


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
    a = tables["agreements"]
    signed = set(a.loc[~a["doc_type_code"].isin(PT.NOT_A_TIE), "record_id"])
    p = tables["parties"]
    assert len(nodes) == p.loc[p["record_id"].isin(signed), "region_code"].nunique() and len(edges) > 100
    ax = P.partner_map(geo.province_outlines(), nodes, edges, "map", top_labels=5)
    assert len(ax.texts) == 5 and len(ax.lines) > 38              # labels, province outlines and agreement lines
    ax = P.network_layout(g, metrics, "layout", top_labels=5)     # the fallback without boundary data
    assert len(ax.texts) == 5


def test_network_table_gives_networkx_measures(tables):
    """The pipeline's network table (dense matrices) equals the measures networkx computes on the graph."""
    import networkx as nx
    from networkx.algorithms.community import greedy_modularity_communities

    p, a = tables["parties"], tables["agreements"]
    table = PT.network_table(p, a, tables["regions"]).set_index("node")
    g = PT.build_network(p, a)
    assert set(table.index) == set(g.nodes)
    bet = nx.betweenness_centrality(g, normalized=True)
    communities = sorted(greedy_modularity_communities(g, weight="weight"), key=lambda c: (-len(c), min(c)))
    for k, members in enumerate(communities, start=1):
        assert set(table.index[table["community"] == k]) == set(members)
    for n in g.nodes:
        row = table.loc[n]
        assert (row["degree"], row["weighted_degree"], row["betweenness"]) == \
            (g.degree(n), g.degree(n, weight="weight"), round(bet[n], 4))
        assert row["records"] == len(set().union(*(d["records"] for d in g[n].values())))
    pd.testing.assert_frame_equal(PT.network_metrics(g, tables["regions"]), PT.network_table(p, a, tables["regions"]))
    assert tables["network_metrics"]["node"].tolist() == table.reset_index()["node"].tolist()
