// The network JSON (mapping/network/serve.py) as a graphology graph, with a cheap first
// placement and the colours and sizes the controls choose between.

// Clusters get these colours by size, largest first; smaller ones share OTHER_CLUSTERS.
const CLUSTER_COLOURS = [
  "#0b62a4",
  "#c2410c",
  "#15803d",
  "#7e22ce",
  "#a16207",
  "#0f766e",
  "#be185d",
  "#4d7c0f",
  "#1e3a8a",
  "#9f1239",
];
const OTHER_CLUSTERS = "#8a8f98";
const SIZE_RANGE = [4, 18];
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const SPACING = 10;

export const SIZE_MEASURES = {
  degree: (attributes) => attributes.degree,
  betweenness: (attributes) => attributes.betweenness,
};

function cssColour(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

// Clusters laid out as discs along a sunflower spiral, biggest in the middle, each
// cluster's members on a sunflower of their own: drawn at once, and a good start for FA2.
function initialPositions(nodes) {
  const members = new Map();
  for (const node of nodes) {
    if (!members.has(node.community)) {
      members.set(node.community, []);
    }
    members.get(node.community).push(node.id);
  }
  const groups = [...members.values()].sort((a, b) => b.length - a.length);
  const positions = new Map();
  let placed = 0;
  groups.forEach((ids, index) => {
    const distance = SPACING * Math.sqrt(placed + ids.length / 2) * 1.6;
    const centreX = distance * Math.cos(index * GOLDEN_ANGLE);
    const centreY = distance * Math.sin(index * GOLDEN_ANGLE);
    ids.forEach((id, i) => {
      const radius = SPACING * Math.sqrt(i + 0.5);
      positions.set(id, {
        x: centreX + radius * Math.cos(i * GOLDEN_ANGLE),
        y: centreY + radius * Math.sin(i * GOLDEN_ANGLE),
      });
    });
    placed += ids.length;
  });
  return positions;
}

// Parallel links between two listings become one edge, as strong as the strongest;
// the panel lists each link from the JSON itself.
export function buildGraph(Graph, network) {
  const graph = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const positions = initialPositions(network.nodes);
  for (const node of network.nodes) {
    graph.addNode(String(node.id), {
      ...positions.get(node.id),
      label: node.label,
      kind: node.kind,
      community: node.community,
      degree: node.degree,
      betweenness: node.betweenness,
    });
  }
  for (const link of network.links) {
    const source = String(link.source);
    const target = String(link.target);
    if (source === target || !graph.hasNode(source) || !graph.hasNode(target)) {
      continue;
    }
    const weight = link.strength || 1;
    const existing = graph.edge(source, target);
    if (existing === undefined) {
      graph.addEdge(source, target, { weight, size: 0.5 + weight * 0.5 });
    } else if (graph.getEdgeAttribute(existing, "weight") < weight) {
      graph.mergeEdgeAttributes(existing, { weight, size: 0.5 + weight * 0.5 });
    }
  }
  return graph;
}

// The colour schemes: a colour for each node, and the legend that explains them.
export function colourSchemes(network) {
  const muted = cssColour("--muted", "#505056");
  const kindCounts = new Map();
  for (const node of network.nodes) {
    kindCounts.set(node.kind, (kindCounts.get(node.kind) ?? 0) + 1);
  }
  const kindColours = new Map(
    [...kindCounts.keys()].map((kind) => [kind, cssColour(`--kind-${kind}`, muted)]),
  );
  const clusters = [...network.communities].sort((a, b) => b.size - a.size || a.id - b.id);
  const shown = clusters.slice(0, CLUSTER_COLOURS.length);
  const clusterColours = new Map(shown.map((c, i) => [c.id, CLUSTER_COLOURS[i]]));
  const others = clusters.slice(CLUSTER_COLOURS.length);
  const kindLegend = [...kindCounts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, count]) => ({ colour: kindColours.get(kind), label: kind, count }));
  const clusterLegend = shown.map((cluster) => ({
    colour: clusterColours.get(cluster.id),
    label: `Cluster ${cluster.id}: ${cluster.label || "mixed interests"}`,
    count: cluster.size,
  }));
  if (others.length) {
    clusterLegend.push({
      colour: OTHER_CLUSTERS,
      label: `${others.length} smaller cluster${others.length === 1 ? "" : "s"}`,
      count: others.reduce((total, cluster) => total + cluster.size, 0),
    });
  }
  return {
    kind: {
      title: "Colours show the kind of listing",
      colour: (attributes) => kindColours.get(attributes.kind) ?? muted,
      legend: kindLegend,
    },
    community: {
      title: "Colours show clusters of closely connected listings",
      colour: (attributes) => clusterColours.get(attributes.community) ?? OTHER_CLUSTERS,
      legend: clusterLegend,
    },
  };
}

export function applyColours(graph, scheme) {
  graph.updateEachNodeAttributes(
    (node, attributes) => {
      attributes.color = scheme.colour(attributes);
      return attributes;
    },
    { attributes: ["color"] },
  );
}

// Square-root scaling, so a node's area grows with the measure.
export function applySizes(graph, measure) {
  let largest = 0;
  graph.forEachNode((node, attributes) => {
    largest = Math.max(largest, measure(attributes) || 0);
  });
  const [smallest, biggest] = SIZE_RANGE;
  graph.updateEachNodeAttributes(
    (node, attributes) => {
      const share = largest > 0 ? Math.sqrt((measure(attributes) || 0) / largest) : 0;
      attributes.size = smallest + share * (biggest - smallest);
      return attributes;
    },
    { attributes: ["size"] },
  );
}

// Finds the listing a visitor means: an exact name, else one starting with the words,
// else one containing them; the best connected wins a tie.
export function findNode(nodes, query) {
  const wanted = query.trim().toLocaleLowerCase();
  if (!wanted) {
    return { node: null, matches: 0 };
  }
  const ranked = [];
  for (const node of nodes) {
    const label = node.label.toLocaleLowerCase();
    let rank = -1;
    if (label === wanted) {
      rank = 0;
    } else if (label.startsWith(wanted)) {
      rank = 1;
    } else if (label.includes(` ${wanted}`)) {
      rank = 2;
    } else if (label.includes(wanted)) {
      rank = 3;
    }
    if (rank >= 0) {
      ranked.push({ node, rank });
    }
  }
  ranked.sort((a, b) => a.rank - b.rank || b.node.degree - a.node.degree);
  return { node: ranked.length ? ranked[0].node : null, matches: ranked.length };
}
