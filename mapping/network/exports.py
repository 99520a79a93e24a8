"""The network for other tools: GEXF and GraphML (Gephi), and a Kumu JSON blueprint."""

from io import BytesIO

import networkx as nx


def as_graph(network):
    """A networkx MultiDiGraph of the served network, attributes as scalars for the formats."""
    graph = nx.MultiDiGraph()
    for node in network["nodes"]:
        graph.add_node(
            node["id"],
            label=node["label"],
            kind=node["kind"],
            url=node.get("url") or "",
            area=node.get("area") or "",
            tags="|".join(node.get("tags", [])),
            degree=node["degree"],
            weighted_degree=node["weighted_degree"],
            betweenness=float(node["betweenness"]),
            community=node["community"],
        )
    for link in network["links"]:
        graph.add_edge(
            link["source"],
            link["target"],
            relation=link["relation"],
            directed=link["directed"],
            weight=link["strength"],
        )
    return graph


def gexf(network):
    buffer = BytesIO()
    nx.write_gexf(as_graph(network), buffer)
    return buffer.getvalue()


def graphml(network):
    buffer = BytesIO()
    nx.write_graphml(as_graph(network), buffer)
    return buffer.getvalue()


def kumu_blueprint(network):
    """Kumu's JSON import: elements and connections, joined by (unique) labels."""
    labels, taken = {}, set()
    for node in network["nodes"]:
        label, n = node["label"], 2
        while label in taken:
            label, n = f"{node['label']} ({n})", n + 1
        taken.add(label)
        labels[node["id"]] = label
    elements = []
    for node in network["nodes"]:
        element = {"label": labels[node["id"]], "type": node["kind"].capitalize()}
        if node.get("summary"):
            element["description"] = node["summary"]
        if node.get("tags"):
            element["tags"] = node["tags"]
        if node.get("url"):
            element["url"] = node["url"]
        element |= {"degree": node["degree"], "community": node["community"]}
        elements.append(element)
    connections = [
        {
            "from": labels[link["source"]],
            "to": labels[link["target"]],
            "type": link["relation"],
            "direction": "directed" if link["directed"] else "mutual",
            "strength": link["strength"],
        }
        for link in network["links"]
    ]
    return {"elements": elements, "connections": connections}
