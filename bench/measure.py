"""The timing loop the benchmarks share: a fresh process per size, warm-up, query count, runs.

A benchmark module gives `run()` its database file per size, a generator for a missing
file, and a `pick_pages(preferred)` that returns the pages to time. Everything else, from
starting the processes to printing the comparison, is here.
"""

import math
import multiprocessing
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SPAWN = multiprocessing.get_context("spawn")
RATIO_TARGET = 1.3


@dataclass(frozen=True)
class Page:
    """A page to time: its URL, a note on what it shows, and whether it has a ratio target.

    A full feed (every session of every activity, say) grows with the data by design, so
    it is timed and its size reported, but it has no ratio target.
    """

    url: str
    note: str
    full_feed: bool = False


def is_current(path):
    """True if the database has every migration the code has (run in a fresh process)."""
    with SPAWN.Pool(1) as pool:
        return pool.apply(_has_all_migrations, (path,))


def _has_all_migrations(path):
    from bench.generate import setup_django

    setup_django(path)
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def ensure_database(path, generate, *args):
    """Run generate(path, *args) in its own process unless the file is there and current.

    A file made before a model change (it lacks a migration) is made again; a generator
    change needs the file deleted by hand.
    """
    if path.exists():
        if is_current(path):
            return
        print(f"{path.name} lacks migrations the code has; generating it again.", flush=True)
    print(f"Generating {path.name} ...", flush=True)
    process = SPAWN.Process(target=generate, args=(path, *args))
    process.start()
    process.join()
    if process.exitcode != 0:
        sys.exit(f"Generating {path.name} failed.")


def percentile(values, share):
    """The nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def cold_median(client, url, runs=3):
    """The median time of a request made just after published content changed.

    Publishing starts a new data version, so the page rebuilds what it keeps in the cache
    (filter menus, the ordered ids of its matches); this is what the first visitor after
    an edit waits.
    """
    from localcommons.cache import invalidate

    times = []
    for _ in range(runs):
        invalidate()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_page(client, url, runs):
    """Time requests after a publish (cold), warm up, count queries, then time runs requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cold = cold_median(client, url)

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": query_count,
        "median": statistics.median(times),
        "p95": percentile(times, 95),
        "cold": cold,
    }


def measure_size(database, runs, pick_pages, preferred):
    """In a fresh process: set Django up on this database and time each page."""
    from bench.generate import setup_django

    setup_django(database)
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    pages, chosen = pick_pages(preferred)
    results = {}
    for name, page in pages.items():
        results[name] = {
            "url": page.url,
            "note": page.note,
            "full_feed": page.full_feed,
            **measure_page(client, page.url, runs),
        }
    return results, chosen


def measure_in_child(database, runs, pick_pages, preferred):
    """Measure one size in its own process, so each database gets a clean Django."""
    with SPAWN.Pool(1) as pool:
        return pool.apply(measure_size, (database, runs, pick_pages, preferred))


def name_width(results):
    return max(8, *(len(name) for name in results))


def print_size(size, unit, database, runs, results):
    width = name_width(results)
    print(f"\n{size} {unit} ({database.name}, {runs} runs per page)")
    print(f"  {'page':<{width}} {'median ms':>9} {'p95 ms':>8} {'cold ms':>8} {'queries':>8}  url")
    for name, row in results.items():
        status = "" if row["status"] == 200 else f"  [HTTP {row['status']}]"
        note = row["note"]
        if row.get("full_feed"):
            note += f"; {row['bytes'] / 1024:,.0f} KB"
        print(
            f"  {name:<{width}} {row['median']:>9.1f} {row['p95']:>8.1f} {row['cold']:>8.1f} "
            f"{row['queries']:>8}  "
            f"{row['url']}  ({note}){status}"
        )


def verdict(time_ratio, query_ratio, p95=None, p95_target=None):
    """Whether a page meets the targets at the largest size, and if not, why."""
    misses = []
    if time_ratio > RATIO_TARGET:
        misses.append(f"time ratio {time_ratio:.2f} > {RATIO_TARGET}")
    if query_ratio > RATIO_TARGET:
        misses.append(f"query ratio {query_ratio:.2f} > {RATIO_TARGET}")
    if p95_target is not None and p95 > p95_target:
        misses.append(f"p95 {p95:.0f} ms > {p95_target} ms")
    return "met" if not misses else "MISSED: " + "; ".join(misses)


def print_comparison(small, large, unit, results, p95_target=None):
    """The largest size against the smallest: ratios and whether each page meets its targets."""
    width = name_width(results[large])
    print(f"\n{large} / {small} {unit}")
    if p95_target is None:
        print(
            f"  {'page':<{width}} {'time ratio':>10} {'query ratio':>11}  "
            f"target (ratio <= {RATIO_TARGET})"
        )
    else:
        print(
            f"  {'page':<{width}} {'time ratio':>10} {'query ratio':>11} "
            f"{f'p95 at {large}':>14}  "
            f"targets (ratio <= {RATIO_TARGET}, p95 <= {p95_target} ms)"
        )
    for name, high in results[large].items():
        low = results[small][name]
        time_ratio = high["median"] / low["median"]
        query_ratio = high["queries"] / max(low["queries"], 1)
        if high.get("full_feed"):
            outcome = (
                f"no target: a full feed, it grows with the data "
                f"({low['bytes'] / 1024:,.0f} KB -> {high['bytes'] / 1024:,.0f} KB)"
            )
        else:
            outcome = verdict(time_ratio, query_ratio, high["p95"], p95_target)
        p95 = "" if p95_target is None else f" {high['p95']:>11.1f} ms"
        print(f"  {name:<{width}} {time_ratio:>10.2f} {query_ratio:>11.2f}{p95}  {outcome}")


def print_load():
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average {load} on {os.cpu_count()} CPUs; timings include the test client.")


def middle_round(rounds):
    """Each page's result from the round whose median time is the middle one of all rounds."""
    return {
        name: sorted((result[name] for result in rounds), key=lambda row: row["median"])[
            len(rounds) // 2
        ]
        for name in rounds[0]
    }


def run(sizes, runs, *, unit, database_path, generate, pick_pages, p95_target=None, rounds=3):
    """Generate what is missing, measure the sizes in turn rounds times, compare the extremes.

    A machine's speed drifts from one process to the next, so the sizes take turns (small,
    large, small, large...) and each page keeps its middle round: drift lands on every size
    alike instead of on whichever ran during a slow spell.
    """
    print_load()
    for size in sizes:
        ensure_database(database_path(size), generate, size)
    measured, preferred = {size: [] for size in sizes}, {}
    for number in range(1, rounds + 1):
        for size in sizes:
            print(f"Measuring {size} {unit} (round {number} of {rounds}) ...", flush=True)
            # Larger sizes reuse the smallest one's choices (ward, listing, topic...) where
            # they can.
            result, chosen = measure_in_child(database_path(size), runs, pick_pages, preferred)
            preferred = preferred or chosen
            measured[size].append(result)
    results = {size: middle_round(measured[size]) for size in sizes}
    for size in sizes:
        print_size(size, unit, database_path(size), runs, results[size])
    if len(sizes) > 1:
        print_comparison(sizes[0], sizes[-1], unit, results, p95_target)
    return results


def parse_sizes(text):
    """Sorted distinct sizes from "100,10000"."""
    return sorted({int(size) for size in text.split(",") if size.strip()})
