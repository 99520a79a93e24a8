"""Time the public forms and their moderation at several neighbourhood sizes and compare them.

Pages: "Add your group" (its topic list comes from every public listing), and a listing's
"Suggest a change" and "Suggest a connection" (which finds the other listing by name).
Then, on the largest size, the time to submit a group and to approve it, and to submit and
approve a connection, each in a transaction that is rolled back.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

# Run as a script, this folder comes first on the path; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path, pick_listing
from bench.generate import generate
from bench.measure import SPAWN, Page, parse_sizes, run

P95_TARGET_MS = 150


def pick_pages(preferred):
    """The form pages, for a public listing connected both ways."""
    from moderation.demo import ensure_add_listing_page

    add_page = ensure_add_listing_page()
    listing = pick_listing(preferred.get("listing"))
    word = listing.title.split()[0]
    pages = {
        "add your group": Page(add_page.url, "topics of every public listing"),
        "suggest change": Page(f"/suggest/{listing.pk}/change/", listing.title),
        "suggest connection": Page(
            f"/suggest/{listing.pk}/connection/?q={word}", f"names containing “{word}”"
        ),
    }
    return pages, {"listing": listing.slug}


def time_moderation(database, repeats):
    """Median seconds to submit and approve a group, and a connection (rolled back)."""
    from bench.generate import setup_django

    setup_django(database)
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    from directory.models import Listing, RelationType
    from localcommons.public_forms import started_token
    from moderation.demo import ensure_add_listing_page
    from moderation.roles import MODERATORS
    from tests.builders import make_user

    settings.ALLOWED_HOSTS = ["*"]
    settings.RATELIMIT_PER_MINUTE = 10**6
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = ensure_add_listing_page()
    listing = Listing.objects.publicly_detailed().order_by("path").first()
    other = Listing.objects.publicly_visible().order_by("-path").first()
    figures = {
        "submit a group": [],
        "approve it": [],
        "suggest a connection": [],
        "approve the connection": [],
    }
    for n in range(repeats):
        with transaction.atomic():
            moderator = make_user(MODERATORS, username=f"bench-moderator-{n}")
            client = Client()
            start = time.perf_counter()
            client.post(
                page.url,
                {
                    "kind": "group",
                    "name": f"Bench Group {n}",
                    "summary": "A bench group.",
                    "postcode": "NW5 1DJ",
                    "contact_name": "Bench",
                    "contact_email": "b@example.org",
                    "consent": "on",
                    "started": started_token(time.time() - 60),
                },
            )
            figures["submit a group"].append(time.perf_counter() - start)
            draft = Listing.objects.get(title=f"Bench Group {n}").specific
            figures["approve it"].append(_approve(draft, moderator))
            start = time.perf_counter()
            client.post(
                f"/suggest/{listing.pk}/connection/",
                {
                    "relation_type": RelationType.objects.get(name="supports").pk,
                    "other_listing": other.pk,
                    "your_name": "Bench",
                    "your_email": "b@example.org",
                    "started": started_token(time.time() - 60),
                },
            )
            figures["suggest a connection"].append(time.perf_counter() - start)
            from moderation.models import Suggestion

            figures["approve the connection"].append(
                _approve(Suggestion.objects.latest("pk"), moderator)
            )
            transaction.set_rollback(True)
    return {name: statistics.median(values) for name, values in figures.items()}


def _approve(obj, moderator):
    task_state = obj.current_workflow_state.current_task_state
    start = time.perf_counter()
    task_state.task.specific.on_action(task_state, moderator, "approve")
    return time.perf_counter() - start


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,10000", help="comma-separated listing counts")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=1, help="times each size is measured")
    parser.add_argument("--repeats", type=int, default=5, help="submissions timed")
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
    largest = max(args.sizes)
    with SPAWN.Pool(1) as pool:
        figures = pool.apply(time_moderation, (database_path(largest), args.repeats))
    print(f"\nSubmitting and approving, {largest} listings (median of {args.repeats}):")
    for name, seconds in figures.items():
        print(f"  {name:<24} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
