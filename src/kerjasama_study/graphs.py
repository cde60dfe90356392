"""Graph measures on a dense adjacency matrix: betweenness centrality and greedy modularity communities.

The partner network has at most one node per region (about 550) plus one per kind of non-regional party, so a
dense matrix is small, and whole-matrix operations replace the per-node loops of a general graph library.
Both functions give networkx's results (tests/test_graphs.py compares them on random graphs with ties):

- :func:`betweenness` is Brandes' algorithm run from every source at once, breadth-first level by level
  (unweighted shortest paths), normalised as ``networkx.betweenness_centrality(g, normalized=True)``;
- :func:`greedy_modularity` is the Clauset-Newman-Moore merge of ``networkx.community.
  greedy_modularity_communities(g, weight="weight")``: the same modularity gains, updated by the same formulas
  in the same order, ties broken the same way (the lowest pair of node labels), merging while the gain is not
  negative.

>>> import numpy as np
>>> path = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])  # a - b - c
>>> betweenness(path).tolist()
[0.0, 1.0, 0.0]
>>> greedy_modularity(np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]))
[[0, 1], [2, 3]]
"""

from __future__ import annotations

import numpy as np

#: Sources handled together in one block of :func:`betweenness` (bounds memory at a few n-by-block matrices).
BLOCK = 1024


def betweenness(adjacency: np.ndarray) -> np.ndarray:
    """Normalised betweenness centrality of each node of an undirected graph (``adjacency``: n-by-n, nonzero
    where an edge joins two nodes; weights are ignored, as in networkx's unweighted measure)."""
    a = (np.asarray(adjacency) != 0).astype(np.float64)
    np.fill_diagonal(a, 0.0)
    n = len(a)
    total = np.zeros(n)
    for first in range(0, n, BLOCK):
        sources = np.arange(first, min(first + BLOCK, n))
        total += _dependencies(a, sources)
    if n <= 2:
        return total
    return total / ((n - 1) * (n - 2))


def _dependencies(a: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Sum over ``sources`` of Brandes' dependency of each node (the source itself excluded)."""
    k, n = len(sources), len(a)
    sigma = np.zeros((k, n))  # shortest paths from each source to each node
    sigma[np.arange(k), sources] = 1.0
    seen = sigma > 0
    levels = [seen.copy()]  # levels[d]: the nodes at distance d from each source
    while True:
        reach = (sigma * levels[-1]) @ a
        new = (reach > 0) & ~seen
        if not new.any():
            break
        sigma[new] = reach[new]
        seen |= new
        levels.append(new)
    delta = np.zeros((k, n))
    for d in range(len(levels) - 1, 1, -1):  # from the farthest level back to distance 1
        coefficient = np.where(levels[d], (1.0 + delta) / np.where(levels[d], sigma, 1.0), 0.0)
        delta += np.where(levels[d - 1], sigma * (coefficient @ a), 0.0)
    return delta.sum(axis=0)


def greedy_modularity(weights: np.ndarray) -> list[list[int]]:
    """Communities (lists of node indices, each sorted, largest community first, then by first node) of the
    undirected weighted graph ``weights`` (n-by-n, symmetric, 0 where there is no edge). Nodes must be indexed
    in the order of their labels for networkx's tie-breaking to carry over."""
    w = np.asarray(weights, dtype=np.float64).copy()
    np.fill_diagonal(w, 0.0)  # self-loops do not count, as in networkx
    n = len(w)
    degree = w.sum(axis=1)
    m = degree.sum() / 2
    members = {i: [i] for i in range(n)}
    if m == 0:
        return _ordered(members)
    q0 = 1 / m
    a = degree * q0 * 0.5
    linked = w != 0
    gain = np.where(linked, q0 * w - (a[:, None] * a[None, :] + a[:, None] * a[None, :]), -np.inf)
    while linked.any():
        best = int(np.argmax(gain))  # row-major: the lowest (u, v) among equal gains
        u, v = divmod(best, n)
        if gain[u, v] < 0:
            break
        nu, nv = linked[u].copy(), linked[v].copy()
        nu[[u, v]] = nv[[u, v]] = False
        both, only_v, only_u = nu & nv, nv & ~nu, nu & ~nv
        new = np.empty(n)
        new[both] = gain[v, both] + gain[u, both]
        new[only_v] = gain[v, only_v] - (a[u] * a[only_v] + a[only_v] * a[u])
        new[only_u] = gain[u, only_u] - (a[v] * a[only_u] + a[only_u] * a[v])
        touched = nu | nv
        gain[v, touched] = gain[touched, v] = new[touched]
        linked[v, touched] = linked[touched, v] = True
        gain[u, :] = gain[:, u] = -np.inf  # u is merged into v
        linked[u, :] = linked[:, u] = False
        a[v] += a[u]
        a[u] = 0.0
        members[v] += members.pop(u)
    return _ordered(members)


def _ordered(members: dict[int, list[int]]) -> list[list[int]]:
    return sorted((sorted(c) for c in members.values()), key=lambda c: (-len(c), c[0]))
