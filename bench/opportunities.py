"""Time needs matched with offers, and the opportunities pages, at several neighbourhood sizes.

1. Matching: `rebuild()` (the network's figures and the matches, as publishing runs it),
   then `rematch()` on its links and figures, timed in parts: reading the inputs, the pure
   `match()`, and storing the needs and matches. Each size in a fresh process.
2. Pages: `/opportunities/`, a view filtered on the most needed thing and an area, and a
   listing page with its "Who could help" and "Who needs what it offers", timed as the
   directory's pages are (bench/measure.py), on the matches the first part stored.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

# Run as a script, this folder comes first on the path and bench/directory.py would
# shadow the directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path
from bench.generate import generate
from bench.map import outcome
from bench.measure import SPAWN, Page, ensure_database, parse_sizes, print_load, run

MATCHING_TARGET_S = 10.0
MATCHING_TARGET_AT = 10_000
WARM_TARGET_MS = 100


# --- 1. Matching -------------------------------------------------------------------------


def time_matching(database, runs):
    """In a fresh process: rebuild(), then rematch() runs times, each timed in its parts."""
    from bench.generate import setup_django

    setup_django(database)
    from django.db import transaction

    from mapping.demo import ensure_opportunity_pages
    from mapping.models import Need
    from mapping.network import metrics
    from mapping.network.build import public_network, rebuild
    from mapping.opportunities import build

    ensure_opportunity_pages()
    started = time.perf_counter()
    snapshot = rebuild()
    rebuilt = time.perf_counter() - started

    nodes, links = public_network()
    figures = metrics.compute(nodes, links)["nodes"]
    parts, inputs = {}, {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            result = function(*args, **kwargs)
            parts[name] = time.perf_counter() - started
            if name == "read":
                places, needs, offers = result
                inputs.update(places=len(places), needs=len(needs), offers=len(offers))
            return result

        return wrapper

    rows = []
    with (
        mock.patch.object(build, "matching_inputs", timed("read", build.matching_inputs)),
        mock.patch.object(build, "match", timed("match", build.match)),
    ):
        for _ in range(runs):
            started = time.perf_counter()
            with transaction.atomic():
                needs, matches = build.rematch(links, figures)
            total = time.perf_counter() - started
            rows.append(
                {
                    "total": total,
                    "read": parts["read"],
                    "match": parts["match"],
                    "store": total - parts["read"] - parts["match"],
                }
            )
    return {
        "rebuild": rebuilt,
        "nodes": snapshot.node_count,
        "links": snapshot.link_count,
        **inputs,
        "stored_needs": needs,
        "stored_matches": matches,
        "gaps": Need.objects.filter(offered_by=0).count(),
        "runs": rows,
    }


def in_child(function, *args):
    """Run function(*args) in a fresh (spawned) process and return its result."""
    with SPAWN.Pool(1) as pool:
        return pool.apply(function, args)


def run_matching(sizes, runs):
    print(
        f"\n1. Matching: rebuild(), then rematch() {runs} times on its links and figures "
        f"(each size in a fresh process)"
    )
    results = {}
    for size in sizes:
        print(f"Matching at {size} listings ...", flush=True)
        results[size] = in_child(time_matching, database_path(size), runs)
    print(
        f"\n  {'listings':>8} {'rebuild s':>9} {'read s':>7} {'match s':>7} {'store s':>7} "
        f"{'rematch s':>9} {'worst s':>7} {'needs':>7} {'matches':>8} {'gaps':>6}  inputs"
    )
    for size, result in results.items():
        rows = result["runs"]
        print(
            f"  {size:>8} {result['rebuild']:>9.2f} "
            f"{statistics.median(r['read'] for r in rows):>7.2f} "
            f"{statistics.median(r['match'] for r in rows):>7.2f} "
            f"{statistics.median(r['store'] for r in rows):>7.2f} "
            f"{statistics.median(r['total'] for r in rows):>9.2f} "
            f"{max(r['total'] for r in rows):>7.2f} "
            f"{result['stored_needs']:>7,} {result['stored_matches']:>8,} {result['gaps']:>6,}  "
            f"{result['places']:,} public listings, {result['needs']:,} needs and "
            f"{result['offers']:,} offers; network {result['nodes']:,} / {result['links']:,}"
        )
    print(
        "  (medians; rebuild: the whole computation once, figures included; read: "
        "matching_inputs(); match: the pure match(); store: the rest of rematch(), deleting "
        "the old needs and matches, inserting the new and the commit; needs and matches: "
        "rows stored; gaps: needs nobody offers)"
    )
    return results


# --- 2. Pages ----------------------------------------------------------------------------


def pick_need(preferred=None):
    """The preferred thing (a tag slug) if someone public needs it, else the most needed."""
    from django.db.models import Count

    from mapping.opportunities.serve import public_needs

    counts = dict(public_needs().values_list("tag__slug").annotate(needed=Count("pk")).order_by())
    if counts.get(preferred):
        return preferred, counts[preferred]
    need = max(sorted(counts), key=counts.get, default="")
    return need, counts.get(need, 0)


def pick_area(need, preferred=None):
    """The preferred area if someone there needs the thing, else the area where most do."""
    from django.db.models import Count

    from mapping.opportunities.serve import public_needs

    counts = dict(
        public_needs()
        .filter(tag__slug=need)
        .exclude(listing__area=None)
        .values_list("listing__area__slug")
        .annotate(needed=Count("pk"))
        .order_by()
    )
    if counts.get(preferred):
        return preferred, counts[preferred]
    area = max(sorted(counts), key=counts.get, default="")
    return area, counts.get(area, 0)


def pick_listing(preferred=None):
    """The preferred listing if it has matched needs and offers, else the first such."""
    from directory.models import Listing
    from mapping.models import Match
    from mapping.opportunities.serve import SHOWN

    helped = Match.objects.filter(need_rank__lte=SHOWN).values("need__listing")
    helping = Match.objects.filter(offer_rank__lte=SHOWN).values("offer_listing")
    both = (
        Listing.objects.publicly_detailed()
        .filter(pk__in=helped)
        .filter(pk__in=helping)
        .order_by("path")
    )
    return (both.filter(slug=preferred).first() if preferred else None) or both.first()


def pick_pages(preferred):
    """The opportunities page, filtered, and a listing page, with the choices made."""
    from mapping.demo import ensure_opportunity_pages
    from mapping.opportunities.serve import public_needs, who_could_help, who_needs

    page, _reports = ensure_opportunity_pages()
    needs = public_needs()
    need, needed = pick_need(preferred.get("need"))
    area, there = pick_area(need, preferred.get("area"))
    listing = pick_listing(preferred.get("listing"))
    could_help, could_meet = who_could_help(listing), who_needs(listing)
    pages = {
        "opportunities": Page(
            page.url,
            f"{needs.count()} public needs, {needs.filter(offered_by=0).count()} nobody offers",
        ),
        "need+area": Page(
            f"{page.url}?need={need}&area={area}",
            f"{needed} need {need}, {there} of them in {area}",
        ),
        "listing": Page(
            listing.url,
            f"{len(could_help)} needs, {sum(len(m) for _n, m in could_help)} shown matches; "
            f"{len(could_meet)} offers meet needs",
        ),
    }
    return pages, {"need": need, "area": area, "listing": listing.slug}


# --- Targets -----------------------------------------------------------------------------


def print_targets(matching, pages):
    print("\nTargets")
    if matching:
        at = MATCHING_TARGET_AT if MATCHING_TARGET_AT in matching else max(matching)
        total = statistics.median(r["total"] for r in matching[at]["runs"])
        label = f"rematch() at {at:,} listings, median:"
        print(f"  {label:<46} {outcome(total, MATCHING_TARGET_S, 's', '.2f')}")
    for size, results in (pages or {}).items():
        for name, row in results.items():
            label = f"{name} at {size:,} listings, warm median:"
            print(f"  {label:<46} {outcome(row['median'], WARM_TARGET_MS, 'ms')}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated listing counts")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=1, help="times each size is measured")
    parser.add_argument("--match-runs", type=int, default=3, help="timed rematch() per size")
    args = parser.parse_args(argv)
    args.sizes = parse_sizes(args.sizes)
    return args


def main(argv=None):
    args = parse_args(argv)
    print_load()
    for size in args.sizes:
        ensure_database(database_path(size), generate, size)
    # rebuild() runs first, so the pages show the matches of the code being measured.
    matching = run_matching(args.sizes, args.match_runs)
    print("\n2. Pages")
    pages = run(
        args.sizes,
        args.runs,
        unit="listings",
        database_path=database_path,
        generate=generate,
        pick_pages=pick_pages,
        rounds=args.rounds,
    )
    print_targets(matching, pages)


if __name__ == "__main__":
    main()
