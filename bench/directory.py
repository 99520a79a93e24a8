"""Time the directory's public pages at several neighbourhood sizes and compare them."""

import argparse
import math
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

# Run as a script, this folder comes first on the path and this file would shadow the
# directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BENCH_DIR = Path(__file__).resolve().parent
SPAWN = multiprocessing.get_context("spawn")
RATIO_TARGET = 1.3
P95_TARGET_MS = 150


def database_path(size):
    return BENCH_DIR / f"neighbourhood-{size}.sqlite3"


def ensure_database(size):
    """Generate the neighbourhood for this size, in its own process, unless it exists."""
    from bench.generate import generate

    path = database_path(size)
    if path.exists():
        return
    print(f"Generating {path.name} ...", flush=True)
    process = SPAWN.Process(target=generate, args=(path, size))
    process.start()
    process.join()
    if process.exitcode != 0:
        sys.exit(f"Generating {path.name} failed.")


def pick_area(preferred=None):
    """The preferred ward if it has public food groups, else the ward with the most."""
    from django.db.models import Count

    from directory.models import Listing

    food_groups = Listing.objects.publicly_detailed().of_kinds(["group"]).filter(tags__name="food")
    counts = dict(
        food_groups.exclude(area=None)
        .values_list("area__slug")
        .annotate(matches=Count("pk", distinct=True))
        .order_by()
    )
    if counts.get(preferred):
        return preferred, counts[preferred]
    area = max(sorted(counts), key=counts.get, default="")
    return area, counts.get(area, 0)


def pick_listing(preferred=None):
    """The preferred listing if it is public and connected both ways, else the first such."""
    from django.db.models import Count

    from directory.models import Listing

    connected = (
        Listing.objects.publicly_detailed()
        .annotate(
            outgoing=Count("connections", distinct=True),
            incoming=Count("incoming_connections", distinct=True),
        )
        .filter(outgoing__gte=1, incoming__gte=1)
        .order_by("path")
    )
    listing = connected.filter(slug=preferred).first() if preferred else None
    return listing or connected.filter(outgoing__gte=2, incoming__gte=2).first()


def pick_pages(preferred):
    """Each benchmarked page as (url, note), and the area and listing chosen."""
    from directory.models import DirectoryIndexPage, Listing

    base_url = DirectoryIndexPage.objects.get().url
    total = Listing.objects.publicly_detailed().count()
    area, matches = pick_area(preferred.get("area"))
    listing = pick_listing(preferred.get("listing"))
    filtered = f"{base_url}?q=food&kind=group&area={area}"
    pages = {
        "index": (base_url, f"{total} public listings"),
        "search": (f"{base_url}?q=food", "the header's search box"),
        "filtered": (filtered, f"public food groups there: {matches}"),
        "listing": (listing.url, f"{listing.outgoing} out, {listing.incoming} in"),
    }
    return pages, {"area": area, "listing": listing.slug}


def percentile(values, share):
    """The nearest-rank percentile of values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def measure_page(client, url, runs):
    """Warm up, count one request's queries, then time runs requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
        "queries": query_count,
        "median": statistics.median(times),
        "p95": percentile(times, 95),
    }


def measure_size(size, runs, preferred):
    """In a fresh process: set Django up on this size's database and time each page."""
    from bench.generate import setup_django

    setup_django(database_path(size))
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    pages, chosen = pick_pages(preferred)
    results = {}
    for name, (url, note) in pages.items():
        results[name] = {"url": url, "note": note, **measure_page(client, url, runs)}
    return results, chosen


def measure_in_child(size, runs, preferred):
    """Measure one size in its own process, so each database gets a clean Django."""
    with SPAWN.Pool(1) as pool:
        return pool.apply(measure_size, (size, runs, preferred))


def print_size(size, runs, results):
    print(f"\n{size} listings ({database_path(size).name}, {runs} runs per page)")
    print(f"  {'page':<8} {'median ms':>9} {'p95 ms':>8} {'queries':>8}  url")
    for name, row in results.items():
        status = "" if row["status"] == 200 else f"  [HTTP {row['status']}]"
        print(
            f"  {name:<8} {row['median']:>9.1f} {row['p95']:>8.1f} {row['queries']:>8}  "
            f"{row['url']}  ({row['note']}){status}"
        )


def verdict(time_ratio, query_ratio, p95):
    """Whether a page meets the targets at the largest size, and if not, why."""
    misses = []
    if time_ratio > RATIO_TARGET:
        misses.append(f"time ratio {time_ratio:.2f} > {RATIO_TARGET}")
    if query_ratio > RATIO_TARGET:
        misses.append(f"query ratio {query_ratio:.2f} > {RATIO_TARGET}")
    if p95 > P95_TARGET_MS:
        misses.append(f"p95 {p95:.0f} ms > {P95_TARGET_MS} ms")
    return "met" if not misses else "MISSED: " + "; ".join(misses)


def print_comparison(small, large, results):
    print(f"\n{large} / {small} listings")
    print(
        f"  {'page':<8} {'time ratio':>10} {'query ratio':>11} {f'p95 at {large}':>14}  "
        f"targets (ratio <= {RATIO_TARGET}, p95 <= {P95_TARGET_MS} ms)"
    )
    for name, high in results[large].items():
        low = results[small][name]
        time_ratio = high["median"] / low["median"]
        query_ratio = high["queries"] / max(low["queries"], 1)
        print(
            f"  {name:<8} {time_ratio:>10.2f} {query_ratio:>11.2f} {high['p95']:>11.1f} ms  "
            f"{verdict(time_ratio, query_ratio, high['p95'])}"
        )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,10000", help="comma-separated listing counts")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    return args


def main(argv=None):
    args = parse_args(argv)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average {load} on {os.cpu_count()} CPUs; timings include the test client.")
    results, preferred = {}, {}
    for size in args.sizes:
        ensure_database(size)
        print(f"Measuring {size} listings ...", flush=True)
        # Larger sizes reuse the smallest one's ward and listing where they can.
        results[size], chosen = measure_in_child(size, args.runs, preferred)
        preferred = preferred or chosen
        print_size(size, args.runs, results[size])
    if len(args.sizes) > 1:
        print_comparison(args.sizes[0], args.sizes[-1], results)


if __name__ == "__main__":
    main()
