"""Network figures for organisers: connectors, clusters, brokers and who sits alone.

Everything here is pure networkx on a graph of listing ids, so it can run in a task, a
command or a benchmark, and gives the same answer for the same graph (seeded).
"""

import networkx as nx

SEED = 42
# Exact betweenness is O(nodes × edges); above this size it is estimated from a seeded
# sample of source nodes, which ranks the main connectors the same way.
EXACT_BETWEENNESS_UP_TO = 500
BETWEENNESS_SAMPLE = 100


def neighbours_of(nodes, links):
    """node → the set of nodes it is connected to, either way (every node, even alone)."""
    neighbours = {node: set() for node in nodes}
    for source, target, _relation, _strength in links:
        if source != target:
            neighbours[source].add(target)
            neighbours[target].add(source)
    return neighbours


def undirected_weighted(nodes, links):
    """A simple undirected graph: parallel connections merge, their strengths add up."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    for source, target, _relation, strength in links:
        if source == target:
            continue
        if graph.has_edge(source, target):
            graph[source][target]["weight"] += strength
        else:
            graph.add_edge(source, target, weight=strength)
    return graph


def betweenness(graph):
    """Betweenness centrality: exact for small graphs, sampled (seeded) for large ones."""
    if graph.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO:
        return nx.betweenness_centrality(graph), True
    sample = min(BETWEENNESS_SAMPLE, graph.number_of_nodes())
    return nx.betweenness_centrality(graph, k=sample, seed=SEED), False


def communities(graph):
    """Louvain communities (seeded), largest first; each a sorted list of node ids."""
    if graph.number_of_edges() == 0:
        return [[node] for node in sorted(graph)]
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def compute(nodes, links):
    """Per-node metrics and whole-graph findings for nodes (ids) and links.

    links are (source, target, relation id, strength). Returns a JSON-ready dict.
    """
    graph = undirected_weighted(nodes, links)
    central, exact = betweenness(graph)
    groups = communities(graph)
    community_of = {node: index for index, members in enumerate(groups) for node in members}
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    component_of = {node: index for index, members in enumerate(components) for node in members}
    # A broker links its own community to at least two others: an introduction waiting.
    reaches = {
        node: {community_of[n] for n in graph[node]} - {community_of[node]} for node in graph
    }
    brokers = sorted(node for node, others in reaches.items() if len(others) >= 2)
    degree = dict(graph.degree())
    return {
        "nodes": {
            str(node): {
                "degree": degree[node],
                "weighted_degree": graph.degree(node, weight="weight"),
                "betweenness": round(central[node], 6),
                "community": community_of[node],
                "component": component_of[node],
            }
            for node in graph
        },
        "links": [list(link) for link in links],
        "communities": groups,
        "bridges": sorted(sorted(edge) for edge in nx.bridges(graph)),
        "brokers": brokers,
        "isolates": sorted(node for node, d in degree.items() if d == 0),
        "near_isolates": sorted(node for node, d in degree.items() if d == 1),
        "component_sizes": [len(c) for c in components],
        "betweenness_exact": exact,
    }
