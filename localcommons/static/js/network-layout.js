// Runs ForceAtlas2 in network-layout-worker.js and moves the graph's nodes as positions
// arrive, so the page stays responsive however large the network is.

const PPN = 10;
const PPE = 3;

// As graphology-layout-forceatlas2's inferSettings, with Barnes-Hut from 2,000 nodes.
function settingsFor(order) {
  return {
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: 10,
    strongGravityMode: true,
    gravity: 0.05,
    slowDown: 1 + Math.log(order),
    barnesHutOptimize: order > 2000,
    barnesHutTheta: 0.5,
  };
}

// FA2's flat matrices, in the graph's node order (the order positions come back in).
function matrices(graph) {
  const index = new Map();
  const nodes = new Float32Array(graph.order * PPN);
  let j = 0;
  graph.forEachNode((key, attributes) => {
    index.set(key, j);
    nodes[j] = attributes.x;
    nodes[j + 1] = attributes.y;
    nodes[j + 6] = 1; // mass: 1 + weighted degree, added below
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = attributes.size || 1;
    j += PPN;
  });
  const edges = new Float32Array(graph.size * PPE);
  j = 0;
  graph.forEachEdge((edge, attributes, source, target) => {
    const weight = attributes.weight || 1;
    edges[j] = index.get(source);
    edges[j + 1] = index.get(target);
    edges[j + 2] = weight;
    nodes[index.get(source) + 6] += weight;
    nodes[index.get(target) + 6] += weight;
    j += PPE;
  });
  return { nodes, edges };
}

function assignPositions(graph, positions) {
  let i = 0;
  graph.updateEachNodeAttributes(
    (node, attributes) => {
      attributes.x = positions[i];
      attributes.y = positions[i + 1];
      i += 2;
      return attributes;
    },
    { attributes: ["x", "y"] },
  );
}

/**
 * Start the layout; sigma redraws as the graph's positions change. onEnd(reason) runs once,
 * with "settled", "budget", "stopped", "failed" or "none" (nothing to lay out).
 * With animate false (reduced motion) the nodes move once, when the layout ends.
 */
export function startLayout(graph, options) {
  const { workerUrl, iterateUrl, onEnd, animate = true } = options;
  let ended = false;
  const end = (reason) => {
    if (!ended) {
      ended = true;
      onEnd(reason);
    }
  };
  if (graph.order < 2 || graph.size === 0 || !window.Worker || !workerUrl || !iterateUrl) {
    end("none");
    return { stop() {} };
  }
  const worker = new Worker(workerUrl);
  const large = graph.order > 2000;
  worker.addEventListener("message", (event) => {
    const message = event.data;
    if (message.type === "failed") {
      worker.terminate();
      end("failed");
      return;
    }
    assignPositions(graph, message.positions);
    if (message.type === "done") {
      worker.terminate();
      end(message.reason);
    }
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    worker.terminate();
    end("failed");
  });
  const { nodes, edges } = matrices(graph);
  worker.postMessage(
    {
      type: "start",
      iterateUrl: new URL(iterateUrl, document.baseURI).href,
      nodes: nodes.buffer,
      edges: edges.buffer,
      settings: settingsFor(graph.order),
      budgetMs: large ? 20000 : 6000,
      maxIterations: large ? 1500 : 3000,
      postEveryMs: animate ? 80 : Infinity,
    },
    [nodes.buffer, edges.buffer],
  );
  return {
    stop() {
      if (!ended) {
        worker.postMessage({ type: "stop" });
      }
    },
  };
}
