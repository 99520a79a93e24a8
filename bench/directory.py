"""Time the directory's public pages at several neighbourhood sizes and compare them."""

import argparse
import sys
from pathlib import Path

# Run as a script, this folder comes first on the path and this file would shadow the
# directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate
from bench.measure import BENCH_DIR, Page, parse_sizes, run

P95_TARGET_MS = 150


def database_path(size):
    return BENCH_DIR / f"neighbourhood-{size}.sqlite3"


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
    """Each benchmarked Page by name, and the area and listing chosen."""
    from directory.models import DirectoryIndexPage, Listing

    base_url = DirectoryIndexPage.objects.get().url
    total = Listing.objects.publicly_detailed().count()
    area, matches = pick_area(preferred.get("area"))
    listing = pick_listing(preferred.get("listing"))
    filtered = f"{base_url}?q=food&kind=group&area={area}"
    pages = {
        "index": Page(base_url, f"{total} public listings"),
        "search": Page(f"{base_url}?q=food", "the header's search box"),
        "filtered": Page(filtered, f"public food groups there: {matches}"),
        "listing": Page(listing.url, f"{listing.outgoing} out, {listing.incoming} in"),
    }
    return pages, {"area": area, "listing": listing.slug}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,10000", help="comma-separated listing counts")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--rounds", type=int, default=3, help="times each size is measured, taking turns"
    )
    args = parser.parse_args(argv)
    args.sizes = parse_sizes(args.sizes)
    return args


def main(argv=None):
    args = parse_args(argv)
    run(
        args.sizes,
        args.runs,
        unit="listings",
        database_path=database_path,
        generate=generate,
        pick_pages=pick_pages,
        rounds=args.rounds,
        p95_target=P95_TARGET_MS,
    )


if __name__ == "__main__":
    main()
