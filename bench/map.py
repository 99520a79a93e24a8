"""Time the public map at 10,000 listings: its GeoJSON on the server, its markers in Chromium.

The server half requests `/api/map.geojson` through Django's test client, cold (the map
cache dropped before each request) and warm. The browser half serves the same database
with a real HTTP server in a thread and times headless Chromium from navigation to the
last chunk of markers clustered on `/map/`.
"""

import argparse
import base64
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

# Run as a script, this folder comes first on the path and bench/directory.py would
# shadow the directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path
from bench.generate import generate
from bench.measure import SPAWN, ensure_database, percentile, print_load

SIZE = 10_000
WARM_TARGET_MS = 20
GZIP_TARGET_KB = 200
READY_TARGET_S = 2.0
KB = 1000  # kB, as the figures are given

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
BROWSER_TIMEOUT_MS = 120_000
TRANSPARENT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="
)

# Notes performance.now() (milliseconds since navigation start) the moment an element
# matching the selector first exists (a class change is seen in the same task: "ready"),
# and when a task posted from the next animation frame runs ("painted"): by then that
# frame, the first with what the ready class announces, has been drawn and committed.
# Long tasks are kept too, to show how long the page's thread was busy.
READY_SCRIPT = """
(() => {
  const selector = %s;
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__benchLongTasks.push([entry.startTime, entry.duration]);
      }
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // No long-task timing in this browser: the column stays empty.
  }
  const mark = () => {
    if (window.__benchReadyAt === undefined && document.querySelector(selector)) {
      window.__benchReadyAt = performance.now();
      requestAnimationFrame(() => {
        setTimeout(() => {
          window.__benchPaintedAt = performance.now();
        }, 0);
      });
    }
    return window.__benchReadyAt !== undefined;
  };
  new MutationObserver((_records, observer) => {
    if (mark()) {
      observer.disconnect();
    }
  }).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class"],
  });
})();
"""

# What the page says about one visit: all times in ms since navigation start.
TIMINGS_SCRIPT = """
([selector, dataPath, countAttribute]) => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const data = performance.getEntriesByType("resource")
    .filter((entry) => new URL(entry.name).pathname === dataPath);
  const element = document.querySelector(selector);
  const tasks = window.__benchLongTasks || [];
  return {
    answered: performance.now(),
    longest: tasks.length ? Math.max(...tasks.map(([, duration]) => duration)) : 0,
    ready: window.__benchReadyAt ?? null,
    painted: window.__benchPaintedAt ?? null,
    html: navigation.responseEnd,
    data: data.length ? data[data.length - 1].responseEnd : null,
    count: element ? element.getAttribute(countAttribute) : null,
  };
}
"""


# --- Shared with bench/network.py --------------------------------------------------------


def summary(times):
    """Median, p95 (nearest rank) and max of a list of milliseconds."""
    return {
        "median": statistics.median(times),
        "p95": percentile(times, 95),
        "max": max(times),
        "runs": len(times),
    }


def time_endpoint(client, url, runs, cold_runs):
    """Cold and warm server time of one gzip-accepting GET, its queries and its sizes.

    Cold: the map/network cache's data version is dropped before each request, as
    publishing would. Warm: the entry is in the (per-process, local-memory) cache.
    Returns the figures and the plain body (for the caller to describe).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from localcommons.cache import invalidate

    gzip = {"HTTP_ACCEPT_ENCODING": "gzip"}
    client.get(url, **gzip)  # The process's first request: imports, connection, caches.
    cold, cold_queries = [], 0
    for _ in range(cold_runs):
        invalidate()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url, **gzip)
            cold.append((time.perf_counter() - started) * 1000)
        cold_queries = max(cold_queries, len(queries))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **gzip)
    warm_queries = len(queries)
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, **gzip)
        warm.append((time.perf_counter() - started) * 1000)
    plain = client.get(url)
    return {
        "status": response.status_code,
        "gzipped": response.get("Content-Encoding") == "gzip",
        "cold": summary(cold),
        "warm": summary(warm),
        "cold_queries": cold_queries,
        "warm_queries": warm_queries,
        "gzip_bytes": len(response.content),
        "raw_bytes": len(plain.content),
    }, plain.content


def time_page(client, url, runs):
    """Warm server time of an HTML page (one request to warm up first)."""
    client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {"status": response.status_code, "bytes": len(response.content), **summary(times)}


class LiveServer:
    """This process's Django served over HTTP from a thread, static files included.

    As Django's LiveServerThread does: a ThreadedWSGIServer on a free port with the
    StaticFilesHandler around the WSGI application; request logging is off.
    """

    def __init__(self, host="127.0.0.1"):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

        class QuietHandler(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        self.httpd = ThreadedWSGIServer((host, 0), QuietHandler, allow_reuse_address=False)
        self.httpd.set_app(StaticFilesHandler(WSGIHandler()))
        self.url = f"http://{host}:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def tile_glob(tile_url):
    """A Playwright glob for every URL on the tile server (placeholders become *)."""
    parts = urlsplit(re.sub(r"\{[^}]*\}", "*", tile_url))
    return f"{parts.scheme}://{parts.netloc}/**"


def visit(browser, url, *, selector, count_attribute, data_path):
    """One visit in a fresh browser context (empty cache), tiles stubbed; see time_in_browser."""
    from django.conf import settings

    local, tiles = urlsplit(url).netloc, tile_glob(settings.MAP_TILE_URL)
    outside, stubbed = set(), []

    def answer_tile(route):
        stubbed.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=TRANSPARENT_PNG)

    def note_outside(request):
        host = urlsplit(request.url).netloc
        if host and host != local:
            outside.add(host)

    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.route(tiles, answer_tile)
        page = context.new_page()
        page.on("request", note_outside)
        page.add_init_script(READY_SCRIPT % json.dumps(selector))
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=BROWSER_TIMEOUT_MS)
        page.wait_for_selector(selector, state="attached", timeout=BROWSER_TIMEOUT_MS)
        page.wait_for_function(
            "window.__benchPaintedAt !== undefined", polling=50, timeout=BROWSER_TIMEOUT_MS
        )
        wall = (time.perf_counter() - started) * 1000
        figures = page.evaluate(TIMINGS_SCRIPT, [selector, data_path, count_attribute])
    finally:
        context.close()
    outside -= {urlsplit(tile).netloc for tile in stubbed}
    return {**figures, "wall": wall, "tiles": len(stubbed), "outside": sorted(outside)}


def time_in_browser(url, *, runs, before_run=None, **what):
    """Open url in headless Chromium runs times, each in a fresh context.

    before_run(index) is called before each navigation (index 0 first). Returns one dict per
    visit: the in-page times (ms since navigation start) to the HTML, DOMContentLoaded, the
    data response and the ready selector; the wall-clock time around goto and the wait; the
    count attribute; and the outside hosts the page asked for (the tile server is stubbed).
    """
    from playwright.sync_api import sync_playwright

    visits = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for index in range(runs):
                if before_run:
                    before_run(index)
                visits.append(visit(browser, url, **what))
        finally:
            browser.close()
    return visits


def print_visits(visits, first_note, count_label):
    """One line per browser visit: in-page times, wall clock, stubbed tiles, the count."""
    print(
        f"  {'visit':<9} {'html ms':>7} {'data ms':>7} {'ready ms':>8} {'painted ms':>10} "
        f"{'task ms':>7} {'wall ms':>7} {'tiles':>5}  {count_label}"
    )
    for index, row in enumerate(visits):
        name = "1 (cold)" if index == 0 else str(index + 1)
        data = "-" if row["data"] is None else f"{row['data']:.0f}"
        outside = f"  outside hosts: {', '.join(row['outside'])}" if row["outside"] else ""
        print(
            f"  {name:<9} {row['html']:>7.0f} {data:>7} {row['ready']:>8.0f} "
            f"{row['painted']:>10.0f} {row['longest']:>7.0f} {row['wall']:>7.0f} "
            f"{row['tiles']:>5}  {row['count']}{outside}"
        )
    print(
        f"  (visit 1: {first_note}; the others with the server's cache warm. In-page times "
        "from navigation start: html = HTML received, data = API response received, ready = "
        "the ready class set, painted = the next frame drawn and committed, task = the "
        "page's longest task; wall = Python's clock around goto and the waits)"
    )


def warm_seconds(visits, key):
    """The median and worst of one in-page time, in seconds, over the warm visits.

    The first visit is the cold one; it counts only if it is the only one.
    """
    warm = [row[key] for row in visits[1:] or visits]
    return statistics.median(warm) / 1000, max(warm) / 1000


def print_browser_targets(visits, target, what):
    """Verdicts on the warm visits' median ready and painted times (worst shown too)."""
    for key, label in (("ready", f"{what}, ready class set"), ("painted", f"{what}, painted")):
        median, worst = warm_seconds(visits, key)
        print(
            f"  {label + ':':<34} median {outcome(median, target, 's', '.2f')} "
            f"(worst {worst:.2f} s)"
        )


def outcome(value, target, unit, fmt=".1f"):
    """`value unit (target <= target unit): met` or MISSED."""
    verdict = "met" if value <= target else "MISSED"
    return f"{value:{fmt}} {unit} (target <= {target:g} {unit}): {verdict}"


# --- The map -----------------------------------------------------------------------------


def describe_features(body):
    """Feature count, and the raw bytes each part of a feature takes across all of them."""
    features = json.loads(body)["features"]
    parts = {"geometry": 0}
    for feature in features:
        parts["geometry"] += len(json.dumps(feature["geometry"], separators=(",", ":")))
        for key, value in feature["properties"].items():
            parts[key] = parts.get(key, 0) + len(
                json.dumps({key: value}, separators=(",", ":"), ensure_ascii=False).encode()
            )
    kinds = {}
    for feature in features:
        kinds[feature["properties"]["kind"]] = kinds.get(feature["properties"]["kind"], 0) + 1
    return len(features), dict(sorted(parts.items(), key=lambda item: -item[1])), kinds


def gzip_without(body, key):
    """Gzipped size of the collection with one property left out of every feature."""
    import gzip

    collection = json.loads(body)
    for feature in collection["features"]:
        feature["properties"].pop(key, None)
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()
    return len(gzip.compress(text, compresslevel=6, mtime=0))


def measure_map(database, runs, cold_runs, browser_runs):
    """In a fresh process: the map API on the server, then the map page in Chromium."""
    from bench.generate import setup_django

    setup_django(database)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from localcommons.cache import invalidate
    from mapping.demo import ensure_map_page

    settings.ALLOWED_HOSTS = ["*"]
    map_path = ensure_map_page().url
    api_path = reverse("map_geojson")
    client = Client()
    api, body = time_endpoint(client, api_path, runs, cold_runs)
    features, parts, kinds = describe_features(body)
    results = {
        "api_path": api_path,
        "map_path": map_path,
        "api": api,
        "features": features,
        "kinds": kinds,
        "parts": parts,
        "gzip_without_summary": gzip_without(body, "summary"),
        "page": time_page(client, map_path, max(3, runs // 4)),
        "visits": [],
    }
    if browser_runs:
        with LiveServer() as server:

            def drop_cache_first(index):
                if index == 0:
                    invalidate()

            results["visits"] = time_in_browser(
                server.url + map_path,
                runs=browser_runs + 1,
                before_run=drop_cache_first,
                selector=".public-map--ready",
                count_attribute="data-marker-count",
                data_path=api_path,
            )
    return results


def print_map(size, database, runs, cold_runs, results):
    api = results["api"]
    cold, warm = api["cold"], api["warm"]
    print(f"\n{size} listings ({database.name})")
    print(f"\nGET {results['api_path']} (Accept-Encoding: gzip), Django test client")
    if api["status"] != 200 or not api["gzipped"]:
        print(f"  [HTTP {api['status']}, gzipped: {api['gzipped']}]")
    print(f"  {'':<6} {'median ms':>9} {'p95 ms':>8} {'max ms':>8} {'queries':>8}  runs")
    for name, row, queries in (
        ("cold", cold, api["cold_queries"]),
        ("warm", warm, api["warm_queries"]),
    ):
        print(
            f"  {name:<6} {row['median']:>9.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
            f"{queries:>8}  {row['runs']}"
        )
    print(
        f"  {results['features']:,} features "
        f"({', '.join(f'{n:,} {kind}' for kind, n in sorted(results['kinds'].items()))})"
    )
    raw, gz = api["raw_bytes"], api["gzip_bytes"]
    print(
        f"  size {raw:,} bytes raw ({raw / KB:,.0f} kB), {gz:,} bytes gzipped "
        f"({gz / KB:,.0f} kB); {gz / results['features']:.1f} gzipped bytes per feature"
    )
    shares = ", ".join(
        f"{key} {value / raw:.0%}" for key, value in results["parts"].items() if value / raw >= 0.01
    )
    print(f"  raw bytes by field: {shares} (the rest is the features' JSON structure)")
    without = results["gzip_without_summary"]
    print(f"  gzipped without summaries: {without:,} bytes ({without / KB:,.0f} kB)")
    page = results["page"]
    status = "" if page["status"] == 200 else f"  [HTTP {page['status']}]"
    print(
        f"\nGET {results['map_path']} (HTML, warm, no target): median {page['median']:.1f} ms, "
        f"p95 {page['p95']:.1f} ms, {page['bytes'] / KB:,.0f} kB{status}"
    )

    visits = results["visits"]
    if visits:
        print(
            f"\nHeadless Chromium: {results['map_path']} from navigation to .public-map--ready "
            f"(all markers clustered); tiles stubbed, a fresh browser context per visit"
        )
        print_visits(visits, "the server's map cache dropped first", "markers")

    print("\nTargets")
    print(f"  {'API warm, p95:':<34} {outcome(warm['p95'], WARM_TARGET_MS, 'ms')}")
    print(f"  {'API warm, median:':<34} {outcome(warm['median'], WARM_TARGET_MS, 'ms')}")
    print(f"  {'API gzipped size:':<34} {outcome(gz / KB, GZIP_TARGET_KB, 'kB', ',.0f')}")
    if visits:
        print_browser_targets(visits, READY_TARGET_S, "map")
    print(f"  (API cold has no target: median {cold['median']:.0f} ms)")


def measure_in_child(database, runs, cold_runs, browser_runs):
    with SPAWN.Pool(1) as pool:
        return pool.apply(measure_map, (database, runs, cold_runs, browser_runs))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=SIZE, help="neighbourhood size")
    parser.add_argument("--runs", type=int, default=30, help="timed warm API requests")
    parser.add_argument("--cold-runs", type=int, default=5, help="timed cold API requests")
    parser.add_argument(
        "--browser-runs", type=int, default=5, help="warm browser visits (0 to skip Chromium)"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    print_load()
    database = database_path(args.listings)
    ensure_database(database, generate, args.listings)
    print(f"Measuring the map at {args.listings} listings ...", flush=True)
    results = measure_in_child(database, args.runs, args.cold_runs, args.browser_runs)
    print_map(args.listings, database, args.runs, args.cold_runs, results)


if __name__ == "__main__":
    main()
