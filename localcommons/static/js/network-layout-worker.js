// A classic web worker that runs ForceAtlas2 off the page's thread and posts positions back.
//
// The iteration itself is graphology-layout-forceatlas2's iterate.js, served from
// node_modules as a static file. It is a CommonJS file (module.exports = function iterate),
// so it is loaded with importScripts against a `module` object set up here: no bundler.
//
// Messages in:  {type: "start", iterateUrl, nodes, edges, settings, budgetMs, postEveryMs,
//                maxIterations}  with nodes and edges as FA2's flat Float32Array buffers.
//               {type: "stop"}
// Messages out: {type: "positions", positions, iterations}  positions = [x0, y0, x1, y1, ...]
//               {type: "done", reason, positions, iterations}  reason = settled | budget | stopped
//               {type: "failed", message}

// Wrapped in a function: iterate.js declares globals of its own (PPN, NODE_X, ...) and a
// top-level const of the same name here would clash with them.
(() => {
  const PPN = 10; // FA2's numbers per node: x, y, dx, dy, old dx, old dy, mass, ..., size, fixed
  const SLICE_MS = 30; // work between looks at the message queue, so "stop" is heard promptly
  // Settled: the mean step of a node, against the drawing's size, stays this small for a while.
  const CALM_STEP = 0.0004;
  const CALM_ITERATIONS = 25;

  let run = null;

  function loadIterate(url) {
    self.module = { exports: {} };
    importScripts(url);
    const iterate = self.module.exports;
    if (typeof iterate !== "function") {
      throw new Error(`${url} did not define the ForceAtlas2 iteration`);
    }
    return iterate;
  }

  function positionsOf(nodes) {
    const count = nodes.length / PPN;
    const positions = new Float32Array(count * 2);
    for (let i = 0; i < count; i += 1) {
      positions[i * 2] = nodes[i * PPN];
      positions[i * 2 + 1] = nodes[i * PPN + 1];
    }
    return positions;
  }

  function post(type, extra) {
    const positions = positionsOf(run.nodes);
    self.postMessage({ type, positions, iterations: run.iterations, ...extra }, [positions.buffer]);
  }

  // One iteration; returns the mean distance a node moved, against the drawing's extent.
  function step() {
    const { nodes, edges, settings, previous } = run;
    const count = nodes.length / PPN;
    for (let i = 0; i < count; i += 1) {
      previous[i * 2] = nodes[i * PPN];
      previous[i * 2 + 1] = nodes[i * PPN + 1];
    }
    run.iterate(settings, nodes, edges);
    run.iterations += 1;
    let moved = 0;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < count; i += 1) {
      const x = nodes[i * PPN];
      const y = nodes[i * PPN + 1];
      moved += Math.hypot(x - previous[i * 2], y - previous[i * 2 + 1]);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    const extent = Math.max(maxX - minX, maxY - minY, 1e-9);
    return moved / count / extent;
  }

  function finish(reason) {
    clearTimeout(run.timer);
    post("done", { reason });
    run = null;
  }

  function work() {
    if (!run) {
      return;
    }
    const sliceEnd = performance.now() + SLICE_MS;
    do {
      const movement = step();
      run.calm = movement < CALM_STEP ? run.calm + 1 : 0;
      if (run.calm >= CALM_ITERATIONS) {
        finish("settled");
        return;
      }
      if (run.iterations >= run.maxIterations || performance.now() > run.deadline) {
        finish("budget");
        return;
      }
    } while (performance.now() < sliceEnd);
    const now = performance.now();
    if (now - run.postedAt >= run.postEveryMs) {
      run.postedAt = now;
      post("positions");
    }
    // Yield to the message queue between slices, so a "stop" gets through.
    run.timer = setTimeout(work, 0);
  }

  self.addEventListener("message", (event) => {
    const message = event.data;
    if (message.type === "stop") {
      if (run) {
        finish("stopped");
      }
      return;
    }
    if (message.type !== "start") {
      return;
    }
    let iterate;
    try {
      iterate = loadIterate(message.iterateUrl);
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error) });
      return;
    }
    const nodes = new Float32Array(message.nodes);
    const started = performance.now();
    run = {
      iterate,
      nodes,
      edges: new Float32Array(message.edges),
      settings: message.settings,
      previous: new Float32Array((nodes.length / PPN) * 2),
      iterations: 0,
      calm: 0,
      maxIterations: message.maxIterations,
      deadline: started + message.budgetMs,
      postEveryMs: message.postEveryMs,
      postedAt: started,
      timer: null,
    };
    work();
  });
})();
