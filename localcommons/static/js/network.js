// The network page's picture: the network JSON drawn with sigma.js (WebGL) over a
// graphology graph, laid out by ForceAtlas2 in a web worker, with controls, a search and
// a side panel. The findings and the table above and below it work without JavaScript.
//
// sigma.js and graphology are loaded before this module as UMD scripts from our own
// static files (window.Sigma, window.graphology); see templates/mapping/network_page.html.

import { prefersReducedMotion } from "./network-dom.js";
import { NetworkControls } from "./network-controls.js";
import {
  SIZE_MEASURES,
  applyColours,
  applySizes,
  buildGraph,
  colourSchemes,
  findNode,
} from "./network-graph.js";
import { startLayout } from "./network-layout.js";
import { NetworkPanel } from "./network-panel.js";

const EDGE_COLOUR = "#c9c4bb";
const EDGE_HIGHLIGHT = "#505056";
const FADED = "#e4e0d9";
const FORCED_LABELS = 40; // neighbours beyond this are not all labelled, to stay legible
// Larger networks are not redrawn at every step of the layout, only when it ends: each
// redraw of thousands of nodes and edges costs the page's thread (and a slow GPU) dearly.
const ANIMATED_NODES = 2000;
const ANIMATED_EDGES = 5000;

function showProblem(controls, text) {
  const problem = document.createElement("p");
  problem.className = "network-controls__problem";
  problem.textContent = text;
  controls.replaceChildren(problem);
  controls.hidden = false;
}

class NetworkPicture {
  constructor(element, network, parts) {
    this.element = element;
    this.network = network;
    this.nodesById = new Map(network.nodes.map((node) => [String(node.id), node]));
    this.graph = buildGraph(window.graphology.Graph, network);
    this.schemes = colourSchemes(network);
    this.selected = null;
    this.neighbours = new Set();
    this.following = false;
    this.duration = prefersReducedMotion() ? 0 : 500;
    applyColours(this.graph, this.schemes.kind);
    applySizes(this.graph, SIZE_MEASURES.degree);

    const style = getComputedStyle(document.body);
    this.renderer = new window.Sigma(this.graph, element, {
      defaultEdgeColor: EDGE_COLOUR,
      labelFont: style.fontFamily,
      labelSize: 13,
      labelWeight: "600",
      labelColor: { color: style.color },
      zIndex: true,
      minCameraRatio: 0.02,
      maxCameraRatio: 3,
      hideEdgesOnMove: this.graph.size > 5000,
      nodeReducer: (node, data) => this.nodeAppearance(node, data),
      edgeReducer: (edge, data) => this.edgeAppearance(edge, data),
    });
    this.camera = this.renderer.getCamera();

    this.panel = new NetworkPanel(parts.panel, network, {
      onSelect: (node, { fromPanel }) => this.focus(String(node.id), { fromPanel }),
      onClose: ({ returnFocus }) => {
        this.select(null);
        if (returnFocus) {
          this.controls.focusSearch();
        }
      },
    });
    this.controls = new NetworkControls(parts.controls, {
      nodes: network.nodes,
      schemes: this.schemes,
      colourBy: "kind",
      sizeBy: "degree",
      on: {
        colour: (name) => applyColours(this.graph, this.schemes[name]),
        size: (name) => applySizes(this.graph, SIZE_MEASURES[name]),
        search: (query) => this.search(query),
        zoomIn: () => this.camera.animatedZoom({ duration: this.duration }),
        zoomOut: () => this.camera.animatedUnzoom({ duration: this.duration }),
        reset: () => {
          this.following = false;
          this.camera.animatedReset({ duration: this.duration });
        },
      },
    });

    this.listen();
    this.renderer.once("afterRender", () => {
      element.dataset.nodeCount = String(this.graph.order);
      element.classList.add("network-graph--ready");
    });
    this.renderer.refresh();
    this.startLayout();
  }

  startLayout() {
    const { element, graph } = this;
    const animate =
      !prefersReducedMotion() && graph.order <= ANIMATED_NODES && graph.size <= ANIMATED_EDGES;
    element.dataset.layout = "running";
    if (!animate) {
      this.controls.sayLayout(`Arranging ${graph.order.toLocaleString("en-GB")} listings…`);
    }
    this.layout = startLayout(graph, {
      workerUrl: element.dataset.layoutWorker,
      iterateUrl: element.dataset.layoutIterate,
      animate,
      onEnd: (reason) => {
        element.dataset.layout = reason;
        this.controls.sayLayout("");
      },
    });
  }

  listen() {
    const { element, renderer } = this;
    renderer.on("clickNode", ({ node }) => this.focus(node, { moveCamera: false }));
    renderer.on("clickStage", () => this.panel.close());
    renderer.on("enterNode", () => element.classList.add("network-graph--pointing"));
    renderer.on("leaveNode", () => element.classList.remove("network-graph--pointing"));
    // Once a visitor moves the picture themselves, stop keeping the selection in the middle.
    const captor = renderer.getMouseCaptor();
    for (const name of ["mousedown", "wheel"]) {
      captor.on(name, () => {
        this.following = false;
      });
    }
    renderer.getTouchCaptor().on("touchdown", () => {
      this.following = false;
    });
    // The wheel scrolls the page until the picture has been clicked (or with Ctrl held),
    // so that scrolling past the picture does not get caught in it.
    let active = false;
    element.addEventListener("pointerdown", () => {
      active = true;
    });
    element.addEventListener("pointerleave", () => {
      active = false;
    });
    element.addEventListener(
      "wheel",
      (event) => {
        if (!active && !event.ctrlKey && !event.metaKey) {
          event.stopPropagation();
        }
      },
      { capture: true },
    );
    // While the layout moves the nodes, keep a searched-for listing in the middle: the
    // camera is read after processing, so this frame already shows it there.
    renderer.on("afterProcess", () => {
      if (this.following && this.selected !== null && !this.camera.isAnimated()) {
        this.centre({ animate: false });
      }
    });
    // Redraw when the box changes size (the panel opening beside it), not when it is first
    // observed: a redraw of a large network is not free.
    let size = `${element.clientWidth}x${element.clientHeight}`;
    new ResizeObserver(() => {
      const now = `${element.clientWidth}x${element.clientHeight}`;
      if (now !== size) {
        size = now;
        renderer.scheduleRender();
      }
    }).observe(element);
    window.addEventListener("pagehide", () => this.layout.stop());
  }

  nodeAppearance(node, data) {
    if (this.selected === null) {
      return data;
    }
    if (node === this.selected) {
      return { ...data, highlighted: true, forceLabel: true, zIndex: 2 };
    }
    if (this.neighbours.has(node)) {
      return { ...data, forceLabel: this.neighbours.size <= FORCED_LABELS, zIndex: 1 };
    }
    // Small as well as pale, so the selection's edges show between them.
    return { ...data, color: FADED, size: Math.min(data.size, 3), label: null, zIndex: 0 };
  }

  edgeAppearance(edge, data) {
    if (this.selected === null) {
      return data;
    }
    if (this.graph.hasExtremity(edge, this.selected)) {
      return { ...data, color: EDGE_HIGHLIGHT, size: data.size + 0.5, zIndex: 1 };
    }
    return { ...data, hidden: true };
  }

  select(key) {
    this.selected = key;
    this.neighbours = key === null ? new Set() : new Set(this.graph.neighbors(key));
    if (key === null) {
      this.following = false;
      delete this.element.dataset.selectedNode;
    } else {
      this.element.dataset.selectedNode = key;
    }
    this.renderer.refresh();
  }

  // Select a listing: highlight it and its neighbours, open the panel, and (unless it was
  // clicked, and so is in view) move the camera to it.
  focus(key, { moveCamera = true, fromPanel = false } = {}) {
    const node = this.nodesById.get(key);
    if (!node) {
      return;
    }
    this.select(key);
    this.panel.show(node, { moveFocus: fromPanel });
    if (moveCamera) {
      this.following = true;
      this.centre({ ratio: this.ratioToShowNeighbours(key), animate: true });
    }
  }

  // A zoom that shows the listing and (most of) its neighbours around it.
  ratioToShowNeighbours(key) {
    const centre = this.renderer.getNodeDisplayData(key);
    const distances = [...this.neighbours]
      .map((other) => this.renderer.getNodeDisplayData(other))
      .filter(Boolean)
      .map((other) => Math.max(Math.abs(other.x - centre.x), Math.abs(other.y - centre.y)))
      .sort((a, b) => a - b);
    if (!distances.length) {
      return 0.2;
    }
    // The nearest nine in ten, so that one far-flung neighbour does not zoom right out.
    const reach = distances[Math.ceil(distances.length * 0.9) - 1];
    return Math.min(Math.max(reach * 2.6, 0.08), 1);
  }

  centre({ ratio, animate }) {
    const position = this.renderer.getNodeDisplayData(this.selected);
    if (!position) {
      return;
    }
    const state = { x: position.x, y: position.y };
    if (ratio !== undefined) {
      state.ratio = ratio;
    }
    if (animate && this.duration) {
      this.camera.animate(state, { duration: this.duration });
    } else {
      this.camera.setState(state);
    }
  }

  search(query) {
    const { node, matches } = findNode(this.network.nodes, query);
    if (!node) {
      return query.trim() ? `Nothing called “${query.trim()}” in this picture.` : "";
    }
    this.focus(String(node.id));
    if (matches > 1) {
      return `Showing ${node.label}, the best connected of ${matches} matches.`;
    }
    return `Showing ${node.label}.`;
  }
}

async function initNetwork(element) {
  const section = element.parentElement;
  const controls = section.querySelector("[data-network-controls]");
  const panel = section.querySelector("[data-network-panel]");
  if (!window.Sigma || !window.graphology || !controls || !panel) {
    return;
  }
  let network;
  try {
    const response = await fetch(element.dataset.networkUrl, {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) {
      element.dataset.error = String(response.status);
      showProblem(controls, "The picture could not be loaded. The table below lists the network.");
      return;
    }
    network = await response.json();
  } catch {
    element.dataset.error = "network";
    showProblem(controls, "The picture could not be loaded. The table below lists the network.");
    return;
  }
  try {
    new NetworkPicture(element, network, { controls, panel });
  } catch (error) {
    // Most likely no WebGL: the words and the table still tell the whole story.
    element.dataset.error = "webgl";
    element.replaceChildren();
    showProblem(
      controls,
      "This browser cannot draw the picture. The table below lists the network.",
    );
    console.warn(error);
  }
}

document.querySelectorAll("[data-network]").forEach(initNetwork);
