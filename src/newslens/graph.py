"""``newslens network`` written out: GEXF (Gephi) and GraphML through networkx, node-link JSON that
``networkx.node_link_graph(data, edges="links")`` reads, and CSV/TSV edge or node lists (through the one output
module).

networkx is imported for GEXF and GraphML only (``pip install 'newslens[network]'``).
"""

from __future__ import annotations

import json
from typing import IO, Any

from newslens.errors import NewslensError
from newslens.network import Network

GRAPH_FORMATS = ("csv", "tsv", "json", "gexf", "graphml")
EDGE_COLUMNS = ["source", "target", "kind", "weight", "type"]
NODE_COLUMNS = ["id", "name", "type", "mentions", "articles"]


class NetworkUnavailable(NewslensError):
    """networkx is not installed."""


def edge_rows(network: Network) -> list[dict[str, Any]]:
    """The edge list as Gephi's spreadsheet import reads it: Source, Target, Weight and Type (Undirected for
    co-occurrence, Directed for speaker to entity), plus the kind."""
    return [{**row, "type": "Directed" if row["kind"] == "quotes" else "Undirected"} for row in network.edge_rows()]


def node_link(network: Network) -> dict[str, Any]:
    return {"directed": True, "multigraph": True, "graph": {"window": network.window},
            "nodes": network.node_rows(), "links": [{**row, "key": n} for n, row in enumerate(network.edge_rows())]}


def to_networkx(network: Network):
    """A networkx MultiDiGraph: node attributes name, type, mentions, articles; edge attributes kind, weight."""
    try:
        import networkx as nx
    except ImportError as err:
        raise NetworkUnavailable("GEXF and GraphML need networkx: pip install 'newslens[network]'") from err
    graph = nx.MultiDiGraph(window=network.window)
    for node in network.nodes:
        graph.add_node(node.id, label=node.name, name=node.name, type=node.type, mentions=node.mentions,
                       articles=node.articles)
    for edge in network.edges:
        graph.add_edge(edge.source, edge.target, kind=edge.kind, weight=edge.weight)
    return graph


def write_graph(network: Network, fmt: str, stream: IO[bytes]) -> None:
    """GEXF or GraphML (UTF-8 XML), written by networkx, or node-link JSON."""
    if fmt == "json":
        stream.write(json.dumps(node_link(network), ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
        return
    graph = to_networkx(network)
    import networkx as nx

    if fmt == "gexf":
        nx.write_gexf(graph, stream)
    elif fmt == "graphml":
        nx.write_graphml(graph, stream)
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
