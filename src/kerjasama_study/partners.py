"""Partner patterns: who cooperates with whom, and why.

- :func:`build_network` — a networkx graph for a period: nodes are regions (third parties grouped by kind),
  edges are agreements weighted by count.
- :func:`network_metrics` — degree, weighted degree, betweenness and community per node.
- :func:`risk_set` — every pair of regions in scope (all Indonesia, or one province) with covariates
  (``dyads_all``): contiguity, same province, parent-child, log populations, distance, kinds pair, island group.
- :func:`tie_shares` — the share of observed ties that are contiguous, within a province, parent-child, or across
  island groups, against the share random pairing would give (the risk set's mean).
- :func:`partner_model` — a logit of "at least one agreement in the period" over the risk set with standard
  errors clustered on both regions of the dyad (two-way, for dyadic dependence); odds ratios with 95% CIs, n
  dyads, n events, and a rare-events caveat when events are under 5% of dyads.

>>> island_group("62.02"), island_group("33"), island_group("94.01")
('Kalimantan', 'Jawa', 'Papua')
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .dyads import pair_covariates
from .followthrough import NOT_SIGNED
from .i18n import plain

#: Island groups by province code (Kepulauan Riau and Bangka Belitung with Sumatera).
ISLAND_GROUPS = {
    "Sumatera": ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"),
    "Jawa": ("31", "32", "33", "34", "35", "36"),
    "Bali-Nusa Tenggara": ("51", "52", "53"),
    "Kalimantan": ("61", "62", "63", "64", "65"),
    "Sulawesi": ("71", "72", "73", "74", "75", "76"),
    "Maluku": ("81", "82"),
    "Papua": ("91", "92", "93", "94", "95", "96"),
}
_ISLAND_OF = {p: g for g, provs in ISLAND_GROUPS.items() for p in provs}
RARE_EVENTS_SHARE = 0.05
MODEL_COVARIATES = ["contiguous", "same_province", "parent_child", "log_pop_min", "log_pop_max", "log_distance_km",
                    "kinds_pair", "prior_tie"]


def island_group(code: str) -> str:
    return _ISLAND_OF.get(str(code)[:2], "unknown")


#: Records that make no tie unless asked (plans, drafts, forums, letters of intent, evaluations).
NOT_A_TIE = NOT_SIGNED


def _in_period(agreements: pd.DataFrame, start: int | None, end: int | None, include_unsigned: bool = False) -> set[str]:
    """Signed agreements in [start, end]; with no bounds, every one (undated ones included). Plans, drafts,
    forums, letters of intent and evaluations (:data:`NOT_A_TIE`) count only with ``include_unsigned``."""
    signed = pd.Series(True, index=agreements.index)
    if not include_unsigned and "doc_type_code" in agreements:
        signed = ~agreements["doc_type_code"].isin(NOT_A_TIE).fillna(False)
    if start is None and end is None:
        return set(agreements.loc[signed, "record_id"].to_numpy(dtype=object).tolist())
    years = agreements["date_signed"].dt.year
    keep = years.notna() & signed
    if start is not None:
        keep &= years >= start
    if end is not None:
        keep &= years <= end
    return set(agreements.loc[keep, "record_id"].to_numpy(dtype=object).tolist())


def node_of(row) -> str:
    """A party's node: its region code, or its kind for third parties, central agencies and foreign partners."""
    if isinstance(row["region_code"], str):
        return row["region_code"]
    return f"[{row['party_kind']}]"


class Ties(NamedTuple):
    """The partner network as tables: its ``nodes`` (in the order they first appear, records taken by id) and one
    row per agreement and tie (``record_id``, ``node_a`` < ``node_b``)."""

    nodes: list[str]
    ties: pd.DataFrame


def network_ties(parties: pd.DataFrame, agreements: pd.DataFrame, start: int | None = None,
                 end: int | None = None, include_unsigned: bool = False) -> Ties:
    """The ties of the signed agreements of [start, end] (years; None = open): two parties of one agreement,
    at least one of them a region (third parties that co-sign one agreement are not partners of each other)."""
    ids = _in_period(agreements, start, end, include_unsigned)
    p = parties[["record_id", "region_code", "party_kind"]].astype(object)
    p = p[p["record_id"].isin(ids)]
    node = p["region_code"].where(p["region_code"].notna(), "[" + p["party_kind"].astype(str) + "]")  # node_of
    members = pd.DataFrame({"record_id": p["record_id"], "node": node}).drop_duplicates()
    members = members.sort_values(["record_id", "node"], kind="stable")  # records in id order, nodes sorted
    members["region"] = p["region_code"].notna().reindex(members.index)
    pairs = members.merge(members, on="record_id", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["node_a"] < pairs["node_b"]) & (pairs["region_a"] | pairs["region_b"])]
    pairs = pairs.sort_values(["record_id", "node_a", "node_b"], kind="stable")
    return Ties(pd.unique(members["node"]).tolist(), pairs[["record_id", "node_a", "node_b"]].reset_index(drop=True))


def build_network(parties: pd.DataFrame, agreements: pd.DataFrame, start: int | None = None,
                  end: int | None = None, include_unsigned: bool = False):
    """Undirected weighted graph (networkx) of :func:`network_ties`: an edge per tied pair, weighted by its
    agreements, keeping the ``records`` it rests on."""
    import networkx as nx

    nodes, ties = network_ties(parties, agreements, start, end, include_unsigned)
    records: dict[tuple[str, str], set] = {}
    for rid, x, y in zip(ties["record_id"].tolist(), ties["node_a"].tolist(), ties["node_b"].tolist()):
        records.setdefault((x, y), set()).add(rid)  # edges in the order they first appear
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((x, y, {"weight": len(r), "records": r}) for (x, y), r in records.items())
    return g


NETWORK_COLUMNS = ["node", "name", "kind", "degree", "weighted_degree", "records", "betweenness", "community"]


def network_metrics(g, regions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per node of a graph from :func:`build_network`: see :func:`network_table`."""
    rows = [(r, a, b) for a, b, d in g.edges(data=True) for r in d.get("records", ())]
    ties = pd.DataFrame(rows, columns=["record_id", "node_a", "node_b"], dtype=object)
    weights = {(a, b): d.get("weight", 1) for a, b, d in g.edges(data=True)}
    edges = pd.DataFrame([(a, b, w) for (a, b), w in weights.items()], columns=["node_a", "node_b", "weight"])
    return _node_measures(list(g.nodes), edges, ties, regions)


def network_table(parties: pd.DataFrame, agreements: pd.DataFrame, regions: pd.DataFrame | None = None,
                  **period) -> pd.DataFrame:
    """Per node of the partner network: degree, weighted degree, the agreements its ties rest on (``records``),
    betweenness (unweighted, normalised) and community (greedy modularity); the last two on the dense
    adjacency matrix (:mod:`kerjasama_study.graphs`, networkx's results). ``period``: as :func:`network_ties`."""
    nodes, ties = network_ties(parties, agreements, **period)
    edges = ties.groupby(["node_a", "node_b"], sort=False).size().rename("weight").reset_index()
    return _node_measures(nodes, edges, ties, regions)


def _node_measures(nodes: list[str], edges: pd.DataFrame, ties: pd.DataFrame,
                   regions: pd.DataFrame | None) -> pd.DataFrame:
    from .graphs import betweenness, greedy_modularity

    if not nodes:
        return pd.DataFrame(columns=NETWORK_COLUMNS)
    labels = sorted(nodes)  # networkx breaks ties between equal modularity gains by the lower label
    index = pd.Index(labels)
    ia, ib = index.get_indexer(edges["node_a"]), index.get_indexer(edges["node_b"])
    w = edges["weight"].to_numpy(dtype=np.int64)
    weights = np.zeros((len(labels), len(labels)))
    weights[ia, ib] = weights[ib, ia] = w
    bet = betweenness(weights)
    community = np.zeros(len(labels), dtype=np.int64)
    for k, members in enumerate(greedy_modularity(weights), start=1):
        community[members] = k
    ends = np.concatenate([ia, ib])
    on_ties = pd.concat([ties[["record_id", "node_a"]].set_axis(["record_id", "node"], axis=1),
                         ties[["record_id", "node_b"]].set_axis(["record_id", "node"], axis=1)]).drop_duplicates()
    records = on_ties.groupby("node").size()  # how many agreements the node's ties rest on
    names = regions.set_index("code")["name"] if regions is not None else pd.Series(dtype=str)
    kinds = regions.set_index("code")["kind"] if regions is not None else pd.Series(dtype=str)
    out = pd.DataFrame({
        "node": labels, "name": [names.get(n, n) for n in labels], "kind": [kinds.get(n, n.strip("[]")) for n in labels],
        "degree": np.bincount(ends, minlength=len(labels)),
        "weighted_degree": np.bincount(ends, weights=np.concatenate([w, w]), minlength=len(labels)).astype(np.int64),
        "records": records.reindex(labels, fill_value=0).to_numpy(dtype=np.int64),
        "betweenness": [round(float(b), 4) for b in bet], "community": community,
    }, columns=NETWORK_COLUMNS)
    return out.sort_values(["weighted_degree", "degree", "node"], ascending=[False, False, True], ignore_index=True)


def risk_set(regions: pd.DataFrame, contiguity=None, scope: str | None = None) -> pd.DataFrame:
    """Every unordered pair of regions (provinces and kabupaten/kota) in scope, with covariates.

    ``scope``: None for all Indonesia, or a province code (its province and kabupaten/kota).
    """
    r = regions if scope is None else regions[regions["province_code"] == str(scope)]
    codes = np.array(sorted(r["code"]))
    i, j = np.triu_indices(len(codes), k=1)
    pairs = pd.DataFrame({"code_a": codes[i], "code_b": codes[j]})
    out = pair_covariates(pairs, regions, contiguity)
    pop = regions.set_index("code")["population"].astype(float)
    la = np.log(pop.reindex(out["code_a"]).to_numpy())
    lb = np.log(pop.reindex(out["code_b"]).to_numpy())
    out["log_pop_min"] = np.minimum(la, lb)
    out["log_pop_max"] = np.maximum(la, lb)
    out["log_distance_km"] = np.log1p(out["distance_km"])
    island = {c: island_group(c) for c in codes}
    out["island_a"] = out["code_a"].map(island)
    out["island_b"] = out["code_b"].map(island)
    out["across_islands"] = out["island_a"] != out["island_b"]
    return out


def observed_ties(dyads: pd.DataFrame, agreements: pd.DataFrame, start: int | None = None,
                  end: int | None = None, include_unsigned: bool = False, max_parties: int | None = None
                  ) -> pd.DataFrame:
    """Distinct region pairs with at least one signed agreement in [start, end]: the number of agreements, the
    first one (``record_id``, for clustering by agreement) and ``pair_weight``, the largest 1/(k-1) over its
    agreements of k region parties. ``max_parties`` keeps only agreements with at most that many parties."""
    ids = _in_period(agreements, start, end, include_unsigned)
    if max_parties is not None:
        ids &= set(agreements.loc[agreements["n_parties"] <= max_parties, "record_id"])
    d = dyads[dyads["record_id"].astype(object).isin(ids)]
    k = d.groupby("record_id").size()  # region pairs per agreement: k(k-1)/2 for k region parties
    regions_in = (1 + np.sqrt(1 + 8 * k)) / 2
    d = d.assign(pair_weight=d["record_id"].map(1 / (regions_in - 1)))
    return (d.sort_values("record_id").groupby(["code_a", "code_b"])
            .agg(n_agreements=("record_id", "size"), record_id=("record_id", "first"),
                 pair_weight=("pair_weight", "max")).reset_index())


def with_outcome(risk: pd.DataFrame, dyads: pd.DataFrame, agreements: pd.DataFrame, start: int | None = None,
                 end: int | None = None, include_unsigned: bool = False) -> pd.DataFrame:
    """The risk set with ``tie`` (>= 1 signed agreement in the period), ``n_agreements``, ``tie_record`` (the
    first agreement of the tie), ``pair_weight`` (1/(k-1) for k region parties) and ``prior_tie`` (any signed
    agreement before the period)."""
    ties = observed_ties(dyads, agreements, start, end, include_unsigned).rename(columns={"record_id": "tie_record"})
    out = risk.merge(ties, on=["code_a", "code_b"], how="left")
    out["n_agreements"] = out["n_agreements"].fillna(0).astype("int64")
    out["pair_weight"] = pd.to_numeric(out["pair_weight"], errors="coerce").astype(float).fillna(1.0)
    out["tie"] = (out["n_agreements"] > 0).astype(int)
    if start is not None:
        prior = observed_ties(dyads, agreements, None, start - 1, include_unsigned)[["code_a", "code_b"]]
        prior = prior.assign(prior_tie=1)
        out = out.merge(prior, on=["code_a", "code_b"], how="left")
        out["prior_tie"] = out["prior_tie"].fillna(0).astype(int)
    else:
        out["prior_tie"] = 0
    return out


def tie_shares(dyads_all: pd.DataFrame) -> pd.DataFrame:
    """Observed share of ties with each property against the share under random pairing (the risk set)."""
    ties = dyads_all[dyads_all["tie"] == 1]
    rows = []

    def share(values: pd.Series) -> float:
        mean = values.astype("Float64").mean()
        return np.nan if pd.isna(mean) else float(mean)

    for col in ("contiguous", "same_province", "parent_child", "across_islands"):
        obs, rnd = share(ties[col]), share(dyads_all[col])
        rows.append({"property": col, "ties": len(ties), "observed_share": round(obs, 3),
                     "random_share": round(rnd, 4),
                     "ratio": round(obs / rnd, 1) if rnd and not np.isnan(rnd) and not np.isnan(obs) else np.nan})
    return pd.DataFrame(rows)


def _fit_logit(d: pd.DataFrame, covariates: list[str], groups: np.ndarray, weights: np.ndarray | None = None):
    """(fit, design columns) of a logit of ``tie`` with cluster-robust standard errors (statsmodels; a weighted
    binomial GLM when ``weights`` are given)."""
    import warnings

    import statsmodels.api as sm

    from .survival import design_matrix

    x = design_matrix(d, covariates)
    exog = sm.add_constant(x.to_numpy())
    y = d["tie"].to_numpy()
    with warnings.catch_warnings():  # convergence is reported in the results, not as console noise
        warnings.simplefilter("ignore")
        if weights is None:
            fit = sm.Logit(y, exog).fit(disp=False, maxiter=200, cov_type="cluster", cov_kwds={"groups": groups})
        else:
            fit = sm.GLM(y, exog, family=sm.families.Binomial(), var_weights=weights).fit(
                maxiter=200, cov_type="cluster", cov_kwds={"groups": groups})
    return fit, list(x.columns)


def _converged(fit) -> bool:
    retvals = getattr(fit, "mle_retvals", None)
    return bool(retvals.get("converged", True)) if retvals else bool(getattr(fit, "converged", True))


def _dyad_groups(d: pd.DataFrame) -> np.ndarray:
    """Two-way clusters: both regions of each dyad."""
    return np.column_stack([pd.factorize(d["code_a"])[0], pd.factorize(d["code_b"])[0]])


def _odds_table(fit, columns: list[str]) -> pd.DataFrame:
    ci = np.exp(np.asarray(fit.conf_int()))
    return pd.DataFrame({"covariate": ["const", *columns], "odds_ratio": np.exp(np.asarray(fit.params)),
                         "ci_low": ci[:, 0], "ci_high": ci[:, 1], "p_value": np.asarray(fit.pvalues)}).round(4)


def partner_model(dyads_all: pd.DataFrame, covariates: list[str] | None = None, lang: str = "en") -> dict:
    """Logit of ``tie`` with two-way clustered standard errors (both regions of each dyad). ``reference`` names
    the reference category of ``kinds_pair`` (the first alphabetically)."""
    covariates = covariates or MODEL_COVARIATES
    d = dyads_all.dropna(subset=covariates).copy()
    n, events = len(d), int(d["tie"].sum())
    result = {"n_dyads": n, "n_events": events, "table": None, "message": None, "caveat": None, "reference": None}
    if "kinds_pair" in covariates and n:
        result["reference"] = plain("reference_kinds_pair", lang, pair=min(d["kinds_pair"].astype(str).unique()))
    if events < 10:
        result["message"] = plain("too_few_ties", lang, events=events, n=n)
        return result
    fit, columns = _fit_logit(d, covariates, _dyad_groups(d))
    result["table"] = _odds_table(fit, columns)
    if not _converged(fit):
        result["caveat"] = plain("not_converged", lang)
    if events / n < RARE_EVENTS_SHARE:
        rare = plain("rare_events", lang, events=events, n=n, share=round(100 * events / n, 2))
        result["caveat"] = f"{result['caveat']}. {rare}" if result["caveat"] else rare
    return result


#: Covariates whose odds ratios the robustness table compares across specifications.
ROBUSTNESS_COVARIATES = ("contiguous", "parent_child", "same_province", "log_distance_km")
ROBUSTNESS_SPECS = ("main", "max_3_parties", "weight_1_over_k_minus_1", "cluster_by_agreement", "bilateral_only")


def partner_robustness(risk: pd.DataFrame, dyads: pd.DataFrame, agreements: pd.DataFrame,
                       start: int | None = None, end: int | None = None,
                       covariates: list[str] | None = None, lang: str = "en") -> pd.DataFrame:
    """The partner-choice logit under checks, beside the main estimate: one row per (specification, covariate)
    with odds ratio, 95% CI, p, n dyads and n ties.

    - ``main``: ties from every signed agreement, two-way clustered SEs (as :func:`partner_model`);
    - ``max_3_parties``: ties only from agreements with at most 3 parties (a many-party agreement makes many
      ties at once);
    - ``weight_1_over_k_minus_1``: each tie weighted 1/(k-1) for an agreement of k regions (binomial GLM);
    - ``cluster_by_agreement``: standard errors clustered by the agreement behind each tie;
    - ``bilateral_only``: ties only from agreements between exactly two regions (one record, one pair).
    """
    covariates = covariates or MODEL_COVARIATES
    rows = []
    pairs_per_record = dyads.groupby("record_id").size()
    bilateral = agreements[agreements["record_id"].map(pairs_per_record).fillna(0) == 1]
    variants = {
        "main": (with_outcome(risk, dyads, agreements, start, end), "dyad", False),
        "max_3_parties": (with_outcome(risk, dyads, agreements[agreements["n_parties"] <= 3], start, end), "dyad",
                          False),
        "weight_1_over_k_minus_1": (None, "dyad", True),
        "cluster_by_agreement": (None, "agreement", False),
        "bilateral_only": (with_outcome(risk, dyads[dyads["record_id"].isin(bilateral["record_id"])], bilateral,
                                        start, end), "dyad", False),
    }
    for spec, (data, cluster, weighted) in variants.items():
        d = (data if data is not None else variants["main"][0]).dropna(subset=covariates)
        n, events = len(d), int(d["tie"].sum())
        if events < 10:
            rows.append({"spec": spec, "covariate": None, "n_dyads": n, "n_events": events})
            continue
        if cluster == "agreement":
            groups = np.where(d["tie"].to_numpy() == 1, pd.factorize(d["tie_record"].fillna(""))[0],
                              np.arange(len(d)) + len(d))
        else:
            groups = _dyad_groups(d)
        weights = d["pair_weight"].to_numpy() if weighted else None
        fit, columns = _fit_logit(d, covariates, groups, weights)
        table = _odds_table(fit, columns)
        note = plain("weighted_glm_note", lang) if weighted else ""
        if not _converged(fit):
            note = "; ".join(filter(None, [note, plain("not_converged", lang)]))
        for cov in ROBUSTNESS_COVARIATES:
            hit = table[table["covariate"] == cov]
            if len(hit):
                rows.append({"spec": spec, **hit.iloc[0].to_dict(), "n_dyads": n, "n_events": events, "note": note})
    return pd.DataFrame(rows, columns=["spec", "covariate", "odds_ratio", "ci_low", "ci_high", "p_value", "n_dyads",
                                       "n_events", "note"])


def kind_matrix(parties: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """How often each pair of party kinds appears together in a record (symmetric counts)."""
    from .i18n import kind_label

    order = ["provinsi", "kabupaten", "kota", "pihak_ketiga", "pusat", "luar_negeri", "unknown"]
    counts = pd.DataFrame(0, index=order, columns=order)
    for _, g in parties.groupby("record_id"):
        kinds = list(g["party_kind"])
        for i, a in enumerate(kinds):
            for b in kinds[i + 1:]:
                counts.loc[a, b] += 1
                if a != b:
                    counts.loc[b, a] += 1
    keep = [k for k in order if counts.loc[k].sum() > 0]
    out = counts.loc[keep, keep]
    labels = [kind_label(k, lang) for k in keep]
    out.index, out.columns = labels, labels
    return out


def map_inputs(graph, regions: pd.DataFrame, metrics: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Region nodes with centroids and weighted degree, and region-region edges, for :func:`plots.partner_map`."""
    r = regions.set_index("code")
    m = metrics.set_index("node")["weighted_degree"]
    nodes = pd.DataFrame([{"code": n, "name": r.at[n, "name"], "lat": r.at[n, "centroid_lat"],
                           "lng": r.at[n, "centroid_lng"], "weighted_degree": m.get(n, 0)}
                          for n in graph.nodes if n in r.index],
                         columns=["code", "name", "lat", "lng", "weighted_degree"]).dropna(subset=["lat", "lng"])
    edges = pd.DataFrame([{"code_a": a, "code_b": b, "weight": d["weight"]} for a, b, d in graph.edges(data=True)
                          if a in r.index and b in r.index], columns=["code_a", "code_b", "weight"])
    return nodes, edges
