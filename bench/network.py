"""Time the network: its figures on synthetic graphs, its API and its picture in Chromium.

1. `metrics.compute` and `two_step_neighbourhoods` on seeded synthetic graphs of several
   sizes (about four edges per node, in communities), each run in a fresh process: time,
   and peak memory in a separate traced process.
2. `rebuild()` and `/api/network.json` (cold and warm) on the 10,000-listing bench
   neighbourhood, and on a copy grown to 10,000 public listings and 40,000 connections.
3. Headless Chromium on that copy's `/network/`, from navigation to the first drawn frame.
"""

import argparse
import gc
import json
import os
import random
import resource
import sqlite3
import statistics
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

# Run as a script, this folder comes first on the path and bench/directory.py would
# shadow the directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path
from bench.generate import DEFAULT_SEED, generate
from bench.map import (
    KB,
    LiveServer,
    outcome,
    print_browser_targets,
    print_visits,
    time_endpoint,
    time_in_browser,
)
from bench.measure import BENCH_DIR, SPAWN, ensure_database, is_current, print_load

SOURCE_SIZE = 10_000
NETWORK_NODES = 10_000
NETWORK_LINKS = 40_000
METRICS_TARGET_S = 10.0
METRICS_TARGET_AT = 5_000
WARM_TARGET_MS = 50
FIRST_FRAME_TARGET_S = 3.0
GRAPH_SEED = 7
MEAN_DEGREE = 8  # about four edges per node
SHARE_WITHIN = 0.85  # of a node's edges, how many stay in its community
COMMUNITY_SIZES = (20, 80)
RELATION_IDS = range(1, 10)
STRENGTH_WEIGHTS = {1: 3, 2: 5, 3: 2}  # as bench/generate.py draws them
MB = 1024 * 1024


def network_copy_path():
    return BENCH_DIR / f"neighbourhood-{SOURCE_SIZE}-network.sqlite3"


# --- 1. The figures on synthetic graphs --------------------------------------------------


def synthetic_network(size, seed):
    """(nodes, links) as build.public_network gives them: a seeded graph with communities.

    Communities of 20 to 80 nodes; each node has about MEAN_DEGREE neighbours, most of them
    in its own community (networkx's random_partition_graph). Links are (source, target,
    relation id, strength 1-3), ids from 1.
    """
    import networkx as nx

    rng = random.Random(seed)
    sizes = []
    while sum(sizes) < size:
        sizes.append(rng.randint(*COMMUNITY_SIZES))
    sizes[-1] -= sum(sizes) - size
    sizes = [s for s in sizes if s > 0]
    # A node's expected neighbours inside its community: p_in × (its community's size - 1),
    # averaged over nodes (so larger communities count for more).
    p_in = MEAN_DEGREE * SHARE_WITHIN * size / sum(s * (s - 1) for s in sizes)
    p_out = MEAN_DEGREE * (1 - SHARE_WITHIN) * size / sum(s * (size - s) for s in sizes)
    graph = nx.random_partition_graph(sizes, p_in, p_out, seed=seed)
    nodes = [node + 1 for node in sorted(graph)]
    strengths, weights = zip(*STRENGTH_WEIGHTS.items(), strict=True)
    links = []
    for a, b in sorted(graph.edges()):
        source, target = (a, b) if rng.random() < 0.5 else (b, a)
        links.append(
            (
                source + 1,
                target + 1,
                rng.choice(RELATION_IDS),
                rng.choices(strengths, weights=weights)[0],
            )
        )
    return nodes, links


def max_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def measure_metrics(database, size, seed, traced):
    """In a fresh process: time compute() and two_step_neighbourhoods() on one graph.

    With traced, tracemalloc's peak over both calls is taken as well (it slows them down,
    so a traced run's times are not reported).
    """
    from bench.generate import setup_django

    setup_django(database)  # The models must load; the database is not read.
    from mapping.network import metrics
    from mapping.network.build import two_step_neighbourhoods

    nodes, links = synthetic_network(size, seed)
    gc.collect()
    rss_before = max_rss_bytes()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    data = metrics.compute(nodes, links)
    computed = time.perf_counter()
    rows = two_step_neighbourhoods(nodes, links, data["nodes"])
    finished = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    tracemalloc.stop()
    return {
        "nodes": len(nodes),
        "links": len(links),
        "communities": len(data["communities"]),
        "largest_component": data["component_sizes"][0] if data["component_sizes"] else 0,
        "rows": len(rows),
        "compute": computed - started,
        "two_step": finished - computed,
        "total": finished - started,
        "rss_growth": max_rss_bytes() - rss_before,
        "traced_peak": peak,
    }


def in_child(function, *args):
    """Run function(*args) in a fresh (spawned) process and return its result."""
    with SPAWN.Pool(1) as pool:
        return pool.apply(function, args)


def run_metrics(sizes, runs, seed, database):
    print(
        f"\n1. metrics.compute + two_step_neighbourhoods on synthetic graphs "
        f"(random_partition_graph, seed {seed}; per size {runs} timed run(s), each in a "
        f"fresh process, and one traced run for memory)"
    )
    results = {}
    for size in sizes:
        print(f"Measuring {size:,} nodes ...", flush=True)
        timed = [in_child(measure_metrics, database, size, seed, False) for _ in range(runs)]
        traced = in_child(measure_metrics, database, size, seed, True)
        results[size] = (timed, traced)
    print(
        f"\n  {'nodes':>7} {'edges':>7} {'clusters':>8} {'compute s':>9} {'two-step s':>10} "
        f"{'total s':>8} {'worst s':>8} {'peak MB':>8} {'RSS +MB':>8}"
    )
    for timed, traced in results.values():
        first = timed[0]
        print(
            f"  {first['nodes']:>7,} {first['links']:>7,} {first['communities']:>8} "
            f"{statistics.median(r['compute'] for r in timed):>9.2f} "
            f"{statistics.median(r['two_step'] for r in timed):>10.2f} "
            f"{statistics.median(r['total'] for r in timed):>8.2f} "
            f"{max(r['total'] for r in timed):>8.2f} "
            f"{traced['traced_peak'] / MB:>8.0f} "
            f"{statistics.median(r['rss_growth'] for r in timed) / MB:>8.0f}"
        )
    print(
        "  (times are medians; peak MB: tracemalloc's peak during both calls; RSS +MB: growth "
        "of the process's maximum resident size during them, untraced)"
    )
    return results


# --- 2 and 3. The API and the picture on a neighbourhood database ------------------------


def build_network_copy(source, target, nodes_wanted, links_wanted, seed):
    """Copy source and grow it to nodes_wanted public listings and links_wanted links.

    Listings are made as bench/generate.py makes them (hidden ones are skipped), and
    connections are drawn with its relation rules, between publicly visible listings,
    never repeating a (source, target, relation). The figures are not computed here.
    """
    target = Path(target)
    scratch = target.with_suffix(".partial" + target.suffix)
    scratch.unlink(missing_ok=True)
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as origin,
        sqlite3.connect(scratch) as copy,
    ):
        origin.backup(copy)
    origin.close()
    copy.close()

    from bench.generate import setup_django

    setup_django(scratch)
    from django.db import connection, transaction

    from bench.generate import Clock
    from localcommons.indexing import index_updates_paused

    clock = Clock()
    rng = random.Random(seed)
    with transaction.atomic(), index_updates_paused():
        added = add_listings(rng, nodes_wanted)
        clock.say(f"{added} listings added")
        added = add_connections(rng, links_wanted)
        clock.say(f"{added} connections added")
    connection.close()
    os.replace(scratch, target)
    clock.say(f"{target.name} ready")


def add_listings(rng, nodes_wanted):
    """Public (or network-only) listings under the directory until there are nodes_wanted."""
    from bench.generate import ListingMaker, load_tags, load_wards
    from bench.vocabulary import DemoVocabulary
    from directory.models import DirectoryIndexPage, Listing
    from directory.visibility import Visibility

    missing = nodes_wanted - Listing.objects.publicly_visible().count()
    if missing <= 0:
        return 0
    directory = DirectoryIndexPage.objects.get()
    maker = ListingMaker(rng, load_wards(), DemoVocabulary.load(), *load_tags())
    number, added = Listing.objects.count(), 0
    while added < missing:
        number += 1
        page = maker.make(number)
        if page.visibility == Visibility.HIDDEN:
            continue
        page.slug = f"{page.slug}-network-{number}"
        directory.add_child(instance=page)
        added += 1
    return added


def add_connections(rng, links_wanted):
    """Connections between publicly visible listings until the network has links_wanted."""
    from django.contrib.contenttypes.models import ContentType

    from bench.generate import Created, pick_target
    from bench.vocabulary import RELATIONS
    from directory.models import Connection, Listing, RelationType

    kind_of = {ContentType.objects.get_for_model(m).pk: m.kind for m in Listing.kinds()}
    listings = [
        Created(pk, kind_of[content_type], area)
        for pk, content_type, area in Listing.objects.publicly_visible()
        .order_by("pk")
        .values_list("pk", "content_type_id", "area_id")
    ]
    visible = {listing.pk for listing in listings}
    types = {relation.name: relation for relation in RelationType.objects.all()}
    mutual = {name for name, relation in types.items() if relation.is_mutual}
    existing = list(Connection.objects.values_list("source_id", "target_id", "relation_type__name"))
    seen = set(existing)
    have = sum(1 for source, target, _name in existing if source in visible and target in visible)
    positions = Counter(source for source, _target, _name in existing)
    by_kind, by_ward_kind = defaultdict(list), defaultdict(list)
    for listing in listings:
        by_kind[listing.kind].append(listing)
        by_ward_kind[(listing.area_id, listing.kind)].append(listing)
    sources = [listing for listing in listings if RELATIONS.get(listing.kind)]
    strengths, weights = zip(*STRENGTH_WEIGHTS.items(), strict=True)
    rows = []
    while have + len(rows) < links_wanted:
        source = rng.choice(sources)
        options = RELATIONS[source.kind]
        target = pick_target(rng, source, rng.choice(sorted(options)), by_kind, by_ward_kind)
        if target is None or target.pk == source.pk:
            continue
        name = rng.choice(options[target.kind])
        key = (source.pk, target.pk, name)
        if key in seen or (name in mutual and (target.pk, source.pk, name) in seen):
            continue
        seen.add(key)
        rows.append(
            Connection(
                source_id=source.pk,
                target_id=target.pk,
                relation_type=types[name],
                strength=rng.choices(strengths, weights=weights)[0],
                sort_order=positions[source.pk],
            )
        )
        positions[source.pk] += 1
    Connection.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def generated_at(database):
    """When the file's migrations were applied: the same in a copy as in its source."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        (applied,) = connection.execute("SELECT MAX(applied) FROM django_migrations").fetchone()
    connection.close()
    return applied


def ensure_network_copy(source, target):
    """Make the grown copy unless it is there, current, and made from this source.

    The benchmark itself writes to the source (rebuild, the network page), so a copy
    is matched to its source by when the source was generated, not by file times.
    """
    if target.exists() and generated_at(target) == generated_at(source) and is_current(target):
        return
    print(
        f"Making {target.name}: {source.name} grown to {NETWORK_NODES:,} public listings "
        f"and {NETWORK_LINKS:,} connections ...",
        flush=True,
    )
    process = SPAWN.Process(
        target=build_network_copy,
        args=(source, target, NETWORK_NODES, NETWORK_LINKS, DEFAULT_SEED + 1),
    )
    process.start()
    process.join()
    if process.exitcode != 0:
        sys.exit(f"Making {target.name} failed.")


def measure_network(database, runs, cold_runs, browser_runs):
    """In a fresh process: rebuild(), the API cold and warm, then the page in Chromium."""
    from bench.generate import setup_django

    setup_django(database)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from localcommons.cache import invalidate
    from mapping.demo import ensure_network_page
    from mapping.network.build import rebuild

    settings.ALLOWED_HOSTS = ["*"]
    page_path = ensure_network_page().url
    api_path = reverse("network_json")
    started = time.perf_counter()
    snapshot = rebuild()
    rebuilt = time.perf_counter() - started
    client = Client()
    api, body = time_endpoint(client, api_path, runs, cold_runs)
    network = json.loads(body)
    results = {
        "page_path": page_path,
        "api_path": api_path,
        "rebuild": rebuilt,
        "snapshot_ms": snapshot.duration_ms,
        "snapshot_nodes": snapshot.node_count,
        "snapshot_links": snapshot.link_count,
        "nodes": len(network["nodes"]),
        "links": len(network["links"]),
        "communities": len(network["communities"]),
        "api": api,
        "visits": [],
    }
    if browser_runs:
        with LiveServer() as server:

            def drop_cache_first(index):
                if index == 0:
                    invalidate()

            results["visits"] = time_in_browser(
                server.url + page_path,
                runs=browser_runs + 1,
                before_run=drop_cache_first,
                selector=".network-graph--ready",
                count_attribute="data-node-count",
                data_path=api_path,
            )
    return results


def print_network(database, results):
    api = results["api"]
    print(
        f"\n{database.name}: {results['snapshot_nodes']:,} listings and "
        f"{results['snapshot_links']:,} connections in the public network"
    )
    print(
        f"  rebuild(): {results['rebuild']:.1f} s wall clock: reads, figures, writes "
        f"(its snapshot's duration_ms, all but the snapshot row and the commit: "
        f"{results['snapshot_ms'] / 1000:.1f} s)"
    )
    print(f"  GET {results['api_path']} (Accept-Encoding: gzip), Django test client")
    if api["status"] != 200 or not api["gzipped"]:
        print(f"  [HTTP {api['status']}, gzipped: {api['gzipped']}]")
    print(f"    {'':<6} {'median ms':>9} {'p95 ms':>8} {'max ms':>8} {'queries':>8}  runs")
    for name, key in (("cold", "cold_queries"), ("warm", "warm_queries")):
        row = api[name]
        print(
            f"    {name:<6} {row['median']:>9.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
            f"{api[key]:>8}  {row['runs']}"
        )
    print(
        f"    {results['nodes']:,} nodes, {results['links']:,} links, "
        f"{results['communities']:,} communities; {api['raw_bytes'] / KB:,.0f} kB raw, "
        f"{api['gzip_bytes'] / KB:,.0f} kB gzipped"
    )
    if results["visits"]:
        print(
            f"  Headless Chromium: {results['page_path']} from navigation to "
            f".network-graph--ready (first frame drawn); a fresh browser context per visit"
        )
        print_visits(results["visits"], "the server's network cache dropped first", "nodes")


def run_network(sources, runs, cold_runs, browser_runs):
    results = {}
    if sources:
        print("\n2. rebuild() and the network API (and 3. the picture) on neighbourhood databases")
    for database, with_browser in sources:
        print(f"Measuring {database.name} ...", flush=True)
        results[database] = in_child(
            measure_network, database, runs, cold_runs, browser_runs if with_browser else 0
        )
        print_network(database, results[database])
    return results


def print_targets(metrics, networks, copy):
    print("\nTargets")
    if metrics:
        at = METRICS_TARGET_AT if METRICS_TARGET_AT in metrics else max(metrics)
        timed, _traced = metrics[at]
        total = statistics.median(r["total"] for r in timed)
        label = f"figures at {at:,} nodes, median:"
        print(f"  {label:<34} {outcome(total, METRICS_TARGET_S, 's', '.2f')}")
    for results in networks.values():
        warm = results["api"]["warm"]
        label = f"API warm p95, {results['snapshot_links']:,} links:"
        print(f"  {label:<34} {outcome(warm['p95'], WARM_TARGET_MS, 'ms')}")
    visits = networks.get(copy, {}).get("visits")
    if visits:
        print_browser_targets(visits, FIRST_FRAME_TARGET_S, "first frame")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default="1000,5000,10000", help="comma-separated synthetic graph sizes"
    )
    parser.add_argument("--metric-runs", type=int, default=3, help="timed runs per graph size")
    parser.add_argument("--seed", type=int, default=GRAPH_SEED, help="synthetic graph seed")
    parser.add_argument("--runs", type=int, default=30, help="timed warm API requests")
    parser.add_argument("--cold-runs", type=int, default=5, help="timed cold API requests")
    parser.add_argument(
        "--browser-runs", type=int, default=3, help="warm browser visits (0 to skip Chromium)"
    )
    parser.add_argument(
        "--parts",
        default="metrics,api,browser",
        help="which of metrics, api, browser to run (api and browser share the databases)",
    )
    args = parser.parse_args(argv)
    args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    args.parts = {part.strip() for part in args.parts.split(",") if part.strip()}
    return args


def main(argv=None):
    args = parse_args(argv)
    print_load()
    source, copy = database_path(SOURCE_SIZE), network_copy_path()
    ensure_database(source, generate, SOURCE_SIZE)
    metrics = {}
    if "metrics" in args.parts:
        metrics = run_metrics(args.sizes, args.metric_runs, args.seed, source)
    sources = []
    if "api" in args.parts:
        sources.append((source, False))
    if {"api", "browser"} & args.parts:
        ensure_network_copy(source, copy)
        sources.append((copy, "browser" in args.parts))
    networks = run_network(sources, args.runs, args.cold_runs, args.browser_runs)
    print_targets(metrics, networks, copy)


if __name__ == "__main__":
    main()
