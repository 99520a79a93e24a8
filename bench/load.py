"""Load test: mixed public traffic on gunicorn with the production settings at 10,000 listings.

The server (`bench/server.py`) serves a copy of `neighbourhood-10000.sqlite3` with a story
index and some stories added. Client threads in this process, each with its own connection
(kept alive when the server allows), request a weighted mix of real URLs from that copy for
`--seconds` or until `--max-requests` have been sent, after one warm-up request per kind.
It prints throughput, latency percentiles overall and per kind, and errors; it exits 1 if
any request failed.
"""

import argparse
import http.client
import os
import random
import resource
import sqlite3
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

# Run as a script, this folder comes first on the path and bench/directory.py would
# shadow the directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path
from bench.generate import DEFAULT_SEED, generate
from bench.measure import BENCH_DIR, SPAWN, ensure_database, is_current, percentile
from bench.network import generated_at
from bench.server import (
    FORWARDED_HTTPS,
    HOST,
    ProductionServer,
    default_workers,
    print_machine,
)

SOURCE_SIZE = 10_000
STORIES = 200
LISTING_URLS = 200
STORY_URLS = 50
SEARCH_TOPICS = 8
P95_TARGET_MS = 500
EXAMPLES = 5
KB = 1000

# Shares of the traffic: listing pages are what search engines and shared links lead to;
# the map and network data are fetched once per visit to those pages.
MIX = {
    "home": 15,
    "directory": 15,
    "search": 15,
    "listing": 30,
    "story": 10,
    "map-json": 10,
    "network-json": 5,
}
# What a browser sends: the JSON endpoints answer gzipped when asked.
HEADERS = {**FORWARDED_HTTPS, "Accept-Encoding": "gzip", "User-Agent": "localcommons-bench"}


def load_copy_path():
    return BENCH_DIR / f"neighbourhood-{SOURCE_SIZE}-load.sqlite3"


# --- The database ------------------------------------------------------------------------


def build_load_copy(source, target, stories, seed):
    """Copy source (SQLite's backup) and add a story index with stories about its listings."""
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

    try:
        from bench.generate import Clock, setup_django

        setup_django(scratch)
        from django.db import connection

        from bench.stories import build_stories

        build_stories(stories, seed, Clock())
        connection.close()
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    os.replace(scratch, target)


def ensure_load_copy(source, target):
    """Make the copy unless it is there, current, and made from this source's generation."""
    if target.exists() and generated_at(target) == generated_at(source) and is_current(target):
        return
    print(f"Making {target.name}: {source.name} with {STORIES} stories ...", flush=True)
    process = SPAWN.Process(target=build_load_copy, args=(source, target, STORIES, DEFAULT_SEED))
    process.start()
    process.join()
    if process.exitcode != 0:
        sys.exit(f"Making {target.name} failed.")


def pick_urls(database, seed):
    """In a fresh process: the URLs of each kind, drawn from the database's public pages."""
    from bench.generate import setup_django

    setup_django(database)
    from django.db.models import Count
    from django.urls import reverse

    from directory.models import DirectoryIndexPage, Listing, ListingTopic
    from stories.models import StoryIndexPage

    rng = random.Random(seed)
    directory = DirectoryIndexPage.objects.get().url
    listings = sorted(Listing.objects.publicly_detailed().values_list("pk", flat=True))
    story_index = StoryIndexPage.objects.get()
    stories = sorted(story_index.stories().values_list("pk", flat=True))
    topics = [
        row["tag__name"]
        for row in ListingTopic.objects.values("tag__name")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "tag__name")[:SEARCH_TOPICS]
    ]
    return {
        "home": ["/"],
        "directory": [directory],
        "search": [f"{directory}?{urlencode({'q': topic})}" for topic in topics],
        "listing": [
            page.url
            for page in Listing.objects.filter(
                pk__in=rng.sample(listings, min(LISTING_URLS, len(listings)))
            ).order_by("pk")
        ],
        "story": [
            page.url
            for page in story_index.stories()
            .filter(pk__in=rng.sample(stories, min(STORY_URLS, len(stories))))
            .order_by("pk")
        ],
        "map-json": [reverse("map_geojson")],
        "network-json": [reverse("network_json")],
    }


def urls_in_child(database, seed):
    with SPAWN.Pool(1) as pool:
        return pool.apply(pick_urls, (database, seed))


# --- The client --------------------------------------------------------------------------


@dataclass
class Results:
    """What the client threads measured, added to under a lock."""

    times: dict = field(default_factory=lambda: defaultdict(list))
    sizes: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    examples: list = field(default_factory=list)
    reconnects: int = 0
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, limit):
        """Claim one request of the budget; False once max-requests have been claimed."""
        with self.lock:
            if self.sent >= limit:
                return False
            self.sent += 1
            return True

    def add(self, kind, milliseconds, status, size):
        with self.lock:
            self.times[kind].append(milliseconds)
            self.sizes[kind] += size
            self.statuses[status] += 1

    def fail(self, kind, path, reason):
        with self.lock:
            self.errors[kind] += 1
            if len(self.examples) < EXAMPLES:
                self.examples.append(f"{kind} {path}: {reason}")


class Connection:
    """One kept-alive HTTP connection, opened again when the server has closed it."""

    # Raised when a kept-alive connection was closed by the server between requests.
    STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)

    def __init__(self, port, timeout):
        self.port, self.timeout = port, timeout
        self.http = None

    def get(self, path):
        """Status and body size of GET path; one retry on a connection found closed."""
        reused = self.http is not None
        if not reused:
            self.http = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            return self.request(path), False
        except self.STALE:
            self.close()
            if not reused:
                raise
        self.http = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        return self.request(path), True

    def request(self, path):
        self.http.request("GET", path, headers=HEADERS)
        response = self.http.getresponse()
        return response.status, len(response.read())

    def close(self):
        if self.http is not None:
            self.http.close()
            self.http = None


def client(number, port, urls, args, deadline, stop, results):
    """One client: weighted random requests until the deadline, the budget or a stop."""
    rng = random.Random(f"{args.seed}-{number}")
    kinds, weights = zip(*MIX.items(), strict=True)
    connection = Connection(port, args.timeout)
    try:
        while not stop.is_set() and time.monotonic() < deadline:
            if not results.take(args.max_requests):
                break
            kind = rng.choices(kinds, weights)[0]
            path = rng.choice(urls[kind])
            started = time.perf_counter()
            try:
                (status, size), reconnected = connection.get(path)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                results.fail(kind, path, f"{type(error).__name__}: {error}")
                continue
            results.add(kind, (time.perf_counter() - started) * 1000, status, size)
            if reconnected:
                with results.lock:
                    results.reconnects += 1
            if not 200 <= status < 400:
                results.fail(kind, path, f"HTTP {status}")
    finally:
        connection.close()


def warm_up(port, urls, timeout):
    """One request per kind (its first URL), outside the figures; the failures, if any."""
    connection, failures = Connection(port, timeout), []
    try:
        for kind, paths in urls.items():
            try:
                (status, _size), _reconnected = connection.get(paths[0])
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                failures.append(f"{kind} {paths[0]}: {type(error).__name__}: {error}")
                continue
            if not 200 <= status < 400:
                failures.append(f"{kind} {paths[0]}: HTTP {status}")
    finally:
        connection.close()
    return failures


def run_load(port, urls, args):
    """Start the clients, wait for them (Ctrl-C stops them), return results and seconds."""
    results, stop = Results(), threading.Event()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [
        threading.Thread(
            target=client, args=(number, port, urls, args, deadline, stop, results), daemon=True
        )
        for number in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            # Joined with a timeout, so Ctrl-C reaches this thread.
            while thread.is_alive():
                thread.join(0.5)
    except KeyboardInterrupt:
        stop.set()
        for thread in threads:
            thread.join(args.timeout)
        raise
    return results, time.monotonic() - started


# --- Output ------------------------------------------------------------------------------


def latency_row(name, times, size, errors, width):
    if not times:
        return f"  {name:<{width}} {0:>8} {'-':>7} {'-':>7} {'-':>7} {'-':>7} {'-':>7} {errors:>6}"
    return (
        f"  {name:<{width}} {len(times):>8,} {percentile(times, 50):>7.0f} "
        f"{percentile(times, 95):>7.0f} {percentile(times, 99):>7.0f} {max(times):>7.0f} "
        f"{size / len(times) / KB:>7.1f} {errors:>6}"
    )


def print_results(results, seconds, args, urls, cpu_seconds):
    every = [value for times in results.times.values() for value in times]
    answered = len(every)
    failed = sum(results.errors.values())
    width = max(len(kind) for kind in MIX) + 1
    print(
        f"\n{answered:,} responses in {seconds:.1f} s: {answered / seconds:.1f} requests/s, "
        f"{sum(results.sizes.values()) / seconds / 1e6:.2f} MB/s received; "
        f"{args.clients} clients; {results.reconnects} requests sent again on a new "
        f"connection (the server had closed the kept one); the client used "
        f"{cpu_seconds:.1f} s of CPU"
    )
    print(
        f"  {'kind':<{width}} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'avg kB':>7} {'errors':>6}  URLs (share of the mix)"
    )
    total_weight = sum(MIX.values())
    for kind, weight in MIX.items():
        row = latency_row(
            kind, results.times[kind], results.sizes[kind], results.errors[kind], width
        )
        print(f"{row}  {len(urls[kind])} ({weight / total_weight:.0%})")
    print(latency_row("all", every, sum(results.sizes.values()), failed, width))
    statuses = ", ".join(
        f"{status}: {count:,}" for status, count in sorted(results.statuses.items())
    )
    print(f"  HTTP statuses: {statuses or 'none'}")
    if failed:
        print(f"  {failed} failed requests; the first ones:")
        for example in results.examples:
            print(f"    {example}")
    p95 = percentile(every, 95) if every else float("inf")
    print("\nTargets")
    print(f"  errors: {failed} (target 0): {'PASS' if not failed else 'MISS'}")
    print(
        f"  p95 latency, all requests: {p95:.0f} ms (target <= {P95_TARGET_MS} ms): "
        f"{'PASS' if p95 <= P95_TARGET_MS else 'MISS'}"
    )
    return failed


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60, help="how long the load runs")
    parser.add_argument("--clients", type=int, default=20, help="concurrent client threads")
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="stop after this many requests in all"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="gunicorn worker processes (default: 2 per core + 1)",
    )
    parser.add_argument(
        "--worker-class", default="sync", choices=["sync", "gthread"], help="gunicorn's"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="URLs and the mix's order")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    source, copy = database_path(SOURCE_SIZE), load_copy_path()
    ensure_database(source, generate, SOURCE_SIZE)
    ensure_load_copy(source, copy)
    urls = urls_in_child(copy, args.seed)
    print_machine()
    threads = f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    print(
        f"Starting gunicorn ({args.workers} {args.worker_class} workers{threads}, "
        f"production settings) on {copy.name} ...",
        flush=True,
    )
    try:
        with ProductionServer(
            copy, workers=args.workers, worker_class=args.worker_class, threads=args.threads
        ) as server:
            print(f"Serving on {server.url}; warming up (one request per kind) ...", flush=True)
            failures = warm_up(server.port, urls, args.timeout)
            if failures:
                print("Warm-up failed:\n  " + "\n  ".join(failures))
                print(server.log_tail())
                return 1
            print(
                f"Load: {args.clients} clients for {args.seconds:g} s "
                f"(at most {args.max_requests:,} requests) ...",
                flush=True,
            )
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            results, seconds = run_load(server.port, urls, args)
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        cpu_seconds = (cpu_after.ru_utime - cpu_before.ru_utime) + (
            cpu_after.ru_stime - cpu_before.ru_stime
        )
    except KeyboardInterrupt:
        print("\nInterrupted; gunicorn stopped.")
        return 130
    print_machine()
    failed = print_results(results, seconds, args, urls, cpu_seconds)
    logged = server.log_lines()
    if logged:
        print(f"\ngunicorn and Django logged {len(logged)} lines; the last ones:")
        for line in logged[-10:]:
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
