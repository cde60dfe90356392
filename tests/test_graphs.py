"""Dense-matrix betweenness and greedy modularity give networkx's results, ties and odd shapes included."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from networkx.algorithms.community import greedy_modularity_communities

from kerjasama_study.graphs import betweenness, greedy_modularity


def _graphs():
    rng = np.random.default_rng(7)
    for i in range(40):  # unweighted graphs are full of equal modularity gains; half get weights 1-3
        g = nx.gnp_random_graph(int(rng.integers(3, 70)), float(rng.uniform(0.02, 0.6)), seed=int(rng.integers(1e9)))
        for u, v in g.edges:
            g[u][v]["weight"] = int(rng.integers(1, 4)) if i % 2 else 1
        yield f"random-{i}", g
    yield "complete", nx.complete_graph(9)
    yield "star", nx.star_graph(12)
    yield "path", nx.path_graph(7)
    parts = nx.disjoint_union(nx.cycle_graph(5), nx.complete_graph(4))
    parts.add_nodes_from([20, 21])  # isolated nodes
    yield "two-components-and-isolates", parts
    yield "one-node", nx.empty_graph(1)
    yield "no-edges", nx.empty_graph(4)


@pytest.mark.parametrize("name,g", list(_graphs()), ids=lambda x: x if isinstance(x, str) else "")
def test_same_as_networkx(name, g):
    g = nx.relabel_nodes(g, {n: f"{n:03d}" for n in g.nodes})  # labels sort as networkx compares them
    g.remove_edges_from(nx.selfloop_edges(g))
    labels = sorted(g.nodes)
    w = nx.to_numpy_array(g, nodelist=labels, weight="weight")
    ref = nx.betweenness_centrality(g, normalized=True)
    assert np.allclose(betweenness(w), [ref[n] for n in labels], rtol=0, atol=1e-12)
    expected = sorted((sorted(labels.index(n) for n in c) for c in greedy_modularity_communities(g, weight="weight")),
                      key=lambda c: (-len(c), c[0]))
    assert greedy_modularity(w) == expected


def test_betweenness_of_a_bridge():
    # two triangles joined by the edge 2-3: 6 of the 10 pairs without node 2 have their one shortest path through it
    w = np.zeros((6, 6))
    for a, b in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5), (2, 3)]:
        w[a, b] = w[b, a] = 1
    b = betweenness(w)
    assert b[2] == b[3] == pytest.approx(6 / 10) and b[0] == 0
    assert greedy_modularity(w) == [[0, 1, 2], [3, 4, 5]]
