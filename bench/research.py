"""Time the research pages, its figures and its part in the matching at several sizes."""

# Each size is a copy of the directory's neighbourhood with research in proportion: a
# workshop per 100 listings (8 to 12 findings each), an idea per 20 (0 to 20 offers to
# help), a story per 100, and a comment per 25 spread over them, some held. One story has
# 100 comments, and the first workshop and idea a thread of their own, alike at every size.
#
# 1. Figures: rebuild() (the network and the matching, the workshops' findings included),
#    finding_pairs(), rematch(), and overview_tables() for the neighbourhood and an area.
# 2. Pages, timed by bench/measure.py: /research/, the ideas (all, and new ones), an idea, a
#    workshop, the story with 100 comments, the new-idea form and an area's report.

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

# Run as a script, this folder comes first on the path and bench/directory.py would
# shadow the directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path
from bench.generate import DEFAULT_SEED, generate
from bench.measure import BENCH_DIR, SPAWN, Page, ensure_database, is_current, parse_sizes, run
from bench.network import generated_at
from bench.vocabulary import FIRST_NAMES, SURNAMES

LISTINGS_PER_WORKSHOP = 100
LISTINGS_PER_IDEA = 20
LISTINGS_PER_STORY = 100
LISTINGS_PER_COMMENT = 25
BUSY_STORY_COMMENTS = 100  # shown on the story page, as top-level comments and replies
BUSY_STORY_HELD = 10
THREAD_COMMENTS = 12  # on the first workshop and the first idea
THREAD_HELD = 2
HELD_SHARE = 0.15
# Every fourth published comment in a thread replies to an earlier one, and the first of
# every five replies is the facilitator's, so the timed pages' threads are alike at each size.
REPLY_EVERY = 4
FACILITATOR_EVERY = 5
FIRST_WORKSHOP = date(2023, 1, 14)
FACILITATOR = "bench-facilitator"
STATUS_WEIGHTS = {"new": 40, "discussed": 30, "adopted": 10, "parked": 20}
PUBLISHED_IDEAS = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
WARM_TARGET_MS = 100

WORKSHOP_KINDS = ["listening session", "walkabout", "open day", "drop-in", "mapping evening"]
NEED_SENTENCES = [
    "{who} said they are short of {tag}.",
    "Several people raised {tag}: {who} cannot do without it for long.",
    "{who} asked whether anyone nearby could help with {tag}.",
]
ASSET_SENTENCES = [
    "{who} has {tag} that others could use.",
    "People did not know that {who} offers {tag}.",
]
IDEA_STARTS = ["A shared", "A monthly", "A neighbourhood", "A weekly", "A pop-up"]
IDEA_THINGS = ["library", "swap", "rota", "fund", "club", "noticeboard", "workshop"]
COMMENT_TEXTS = [
    "I would come to this if it were in the evening.",
    "We tried something like this a few years ago; happy to share what we learned.",
    "Is there anything for people who cannot manage stairs?",
    "Our group could lend a hand on Saturdays.",
    "Thank you for writing this up, it matches what we hear at the school gate.",
    "Who should I talk to about joining in?",
    "The hall on the corner has space on Tuesdays.",
]


def copy_path(size):
    return BENCH_DIR / f"neighbourhood-{size}-research.sqlite3"


# --- The research copy -------------------------------------------------------------------


def build_research_copy(target, size, seed=DEFAULT_SEED):
    """Copy the neighbourhood of size listings (SQLite's backup) and add its research."""
    target = Path(target)
    scratch = target.with_suffix(".partial" + target.suffix)
    scratch.unlink(missing_ok=True)
    with (
        sqlite3.connect(f"file:{database_path(size)}?mode=ro", uri=True) as origin,
        sqlite3.connect(scratch) as copy,
    ):
        origin.backup(copy)
    origin.close()
    copy.close()

    from bench.generate import Clock, setup_django

    setup_django(scratch)
    from django.db import connection, transaction

    from bench.stories import build_stories
    from localcommons.indexing import index_updates_paused
    from mapping.demo import ensure_opportunity_pages

    clock = Clock()
    ensure_opportunity_pages()
    build_stories(max(1, size // LISTINGS_PER_STORY), seed, clock)
    rng = random.Random(f"research-{seed}")
    with transaction.atomic(), index_updates_paused():
        maker = ResearchMaker(rng)
        workshops = maker.workshops(max(1, size // LISTINGS_PER_WORKSHOP))
        clock.say(f"{len(workshops)} workshops, {maker.findings} findings")
        ideas = maker.ideas(max(1, size // LISTINGS_PER_IDEA), workshops)
        clock.say(f"{len(ideas)} ideas, {maker.supporters} offers to help")
        clock.say(maker.comments(size // LISTINGS_PER_COMMENT, workshops, ideas))
    connection.close()
    os.replace(scratch, target)
    clock.say(f"{target.name} ready")


class ResearchMaker:
    """Makes published workshops, ideas, offers to help and comments, seeded."""

    def __init__(self, rng):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from bench.vocabulary import DemoVocabulary
        from directory.models import Area, Listing, ResourceTag
        from research.demo import ensure_research_pages

        self.rng = rng
        self.research, self.ideas_index = ensure_research_pages()
        self.areas = list(Area.objects.order_by("name"))
        vocabulary = DemoVocabulary.load()
        tags = ResourceTag.objects.in_bulk(field_name="name")
        self.needs = [tags[name] for name in sorted(vocabulary.needs) if name in tags]
        self.offers = [tags[name] for name in sorted(vocabulary.offers) if name in tags]
        self.public = {
            area.pk: list(Listing.objects.publicly_detailed().filter(area=area).order_by("pk"))
            for area in self.areas
        }
        facilitator, _ = get_user_model().objects.get_or_create(username=FACILITATOR)
        group, _ = Group.objects.get_or_create(name="Workshop facilitator")
        facilitator.groups.add(group)
        self.facilitator = facilitator
        self.findings = self.supporters = 0

    def listing(self, area):
        return self.rng.choice(self.public[area.pk])

    def workshops(self, count):
        """count published workshops, a week apart, each with 8 to 12 findings."""
        return [self.workshop(number) for number in range(1, count + 1)]

    def workshop(self, number):
        from django.utils.html import escape
        from wagtail.rich_text import RichText

        from research.models import WorkshopFinding, WorkshopPage

        rng = self.rng
        area = rng.choice(self.areas)
        held = FIRST_WORKSHOP + timedelta(days=7 * (number - 1))
        venue = self.listing(area)
        title = f"{rng.choice(WORKSHOP_KINDS).capitalize()} in {area.name} ({number})"
        people = rng.randint(8, 40)
        workshop = WorkshopPage(
            title=title,
            slug=f"workshop-{number}",
            date=held,
            venue=venue,
            area=area,
            facilitator="Brickfield community platform team",
            participants=people,
            summary=f"{people} residents of {area.name} said what the area has and lacks.",
            notes=[
                (
                    "paragraph",
                    RichText(f"<p>{escape(f'We met at {venue.title} and walked the area.')}</p>"),
                )
            ],
            live=True,
            first_published_at=datetime.combine(held, datetime.min.time(), tzinfo=UTC),
        )
        workshop.last_published_at = workshop.first_published_at
        workshop.groups_taking_part = rng.sample(self.public[area.pk], 4)
        findings = []
        for _ in range(rng.randint(8, 12)):
            asset = rng.random() < 0.3
            tag = rng.choice(self.offers if asset else self.needs)
            listing = self.listing(area) if rng.random() < 0.9 else None
            who = listing.title if listing else "Someone"
            sentence = rng.choice(ASSET_SENTENCES if asset else NEED_SENTENCES)
            findings.append(
                WorkshopFinding(
                    kind="asset" if asset else "need",
                    text=sentence.format(who=who, tag=tag.name)[:300],
                    tag=tag,
                    listing=listing,
                )
            )
        workshop.findings = findings
        self.findings += len(findings)
        return self.research.add_child(instance=workshop)

    def ideas(self, count, workshops):
        """count published ideas, half raised at a workshop, with 0 to 20 offers to help."""
        from research.models import IdeaSupport

        rng, made, supports = self.rng, [], []
        statuses = sorted(STATUS_WEIGHTS)
        # Only the first idea comes from the first workshop, so its page is alike at every size.
        others = workshops[1:] or workshops
        for number in range(1, count + 1):
            workshop = rng.choice(others) if rng.random() < 0.5 else None
            status = rng.choices(statuses, weights=[STATUS_WEIGHTS[s] for s in statuses])[0]
            helpers = rng.randint(0, 20)
            if number == 1:  # the idea page timed, alike at every size
                workshop, status, helpers = workshops[0], "discussed", 12
            idea = self.idea(number, workshop, status)
            made.append(idea)
            supports += [
                IdeaSupport(
                    idea=idea, name=self.name(), email=f"helper{n}.idea{number}@example.org"
                )
                for n in range(helpers)
            ]
        IdeaSupport.objects.bulk_create(supports, batch_size=2000)
        self.supporters = len(supports)
        return made

    def idea(self, number, workshop, status):
        from research.models import IdeaPage

        rng = self.rng
        need = rng.choice(self.needs)
        area = workshop.area if workshop else rng.choice(self.areas)
        title = f"{rng.choice(IDEA_STARTS)} {need.name} {rng.choice(IDEA_THINGS)} ({number})"
        published = PUBLISHED_IDEAS + timedelta(days=number % 600)
        idea = IdeaPage(
            title=title,
            slug=f"idea-{number}",
            description=(
                f"Residents of {area.name} would run a {title.lower()} for anyone who needs "
                f"{need.name}. It would take a few volunteers and somewhere to meet."
            ),
            need=need,
            area=area,
            workshop=workshop,
            status=status,
            live=True,
            first_published_at=published,
        )
        idea.last_published_at = published
        return self.ideas_index.add_child(instance=idea)

    def name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def comments(self, count, workshops, ideas):
        """A thread on the busy story, the first workshop and idea; count more spread out."""
        from stories.models import StoryPage

        stories = list(StoryPage.objects.live().order_by("path"))
        self.thread(stories[0], BUSY_STORY_COMMENTS, BUSY_STORY_HELD)
        self.thread(workshops[0], THREAD_COMMENTS, THREAD_HELD)
        self.thread(ideas[0], THREAD_COMMENTS, THREAD_HELD)
        pages = stories[1:] + workshops[1:] + ideas[1:]
        spread = [self.rng.choice(pages) for _ in range(count)]
        for page in spread:
            held = self.rng.random() < HELD_SHARE
            self.thread(page, 0 if held else 1, 1 if held else 0)
        fixed = BUSY_STORY_COMMENTS + BUSY_STORY_HELD + 2 * (THREAD_COMMENTS + THREAD_HELD)
        return (
            f"{fixed + len(spread)} comments: {fixed} on the busy story, workshop and idea, "
            f"{len(spread)} spread over {len(set(spread))} other pages"
        )

    def thread(self, page, shown, held):
        """shown published comments on page (a quarter of them replies) and held ones waiting."""
        from django.conf import settings
        from django_comments_xtd.models import XtdComment

        from research.conversations.threads import published

        rng = self.rng
        start = datetime(2026, 1, 5, 18, 0, tzinfo=UTC) + timedelta(hours=rng.randint(0, 4000))
        top_level, replies = list(published(page).filter(level=0)), 0
        for number in range(shown + held):
            public = number < shown
            replying = public and top_level and number % REPLY_EVERY == REPLY_EVERY - 1
            reply_to = rng.choice(top_level) if replying else None
            by_facilitator = replying and replies % FACILITATOR_EVERY == 0
            replies += bool(replying)
            comment = XtdComment.objects.create(
                content_object=page,
                site_id=settings.SITE_ID,
                user=self.facilitator if by_facilitator else None,
                user_name="Platform team" if by_facilitator else self.name(),
                user_email="team@example.org" if by_facilitator else "someone@example.org",
                comment=rng.choice(COMMENT_TEXTS),
                submit_date=start + timedelta(hours=number),
                is_public=public,
                parent_id=reply_to.pk if reply_to else 0,
            )
            if public and reply_to is None:
                top_level.append(comment)


def ensure_research_copy(size):
    """Make the research copy unless it is there, current, and made from this generation."""
    source, target = database_path(size), copy_path(size)
    ensure_database(source, generate, size)
    if target.exists() and generated_at(target) == generated_at(source) and is_current(target):
        return
    print(f"Making {target.name}: {source.name} with research in proportion ...", flush=True)
    process = SPAWN.Process(target=build_research_copy, args=(target, size))
    process.start()
    process.join()
    if process.exitcode != 0:
        sys.exit(f"Making {target.name} failed.")


# --- 1. Figures --------------------------------------------------------------------------


def timed_runs(function, runs):
    """(median seconds, queries of the first call, the first call's result) of runs calls."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, result, queries = [], None, None
    for number in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcome = function()
            times.append(time.perf_counter() - started)
        if number == 0:
            result, queries = outcome, len(captured)
    return statistics.median(times), queries, result


def time_figures(database, match_runs, overview_runs, preferred_area=None):
    """In a fresh process: rebuild(), finding_pairs(), rematch(), overview_tables()."""
    from bench.generate import setup_django

    setup_django(database)
    from django.db import transaction

    from directory.models import Area, ListingNeed, ListingOffer
    from mapping.network import metrics
    from mapping.network.build import public_network, rebuild
    from mapping.opportunities import build
    from research.models import WorkshopFinding, WorkshopPage
    from research.opportunities import finding_pairs
    from research.overview import overview_tables

    started = time.perf_counter()
    snapshot = rebuild()
    rebuilt = time.perf_counter() - started

    pairs_s, pairs_queries, (needs, offers) = timed_runs(finding_pairs, overview_runs)
    own_needs = set(ListingNeed.objects.values_list("content_object_id", "tag_id"))
    own_offers = set(ListingOffer.objects.values_list("content_object_id", "tag_id"))
    places = build.matching_inputs()[0]

    nodes, links = public_network()
    figures = metrics.compute(nodes, links)["nodes"]
    rematches = []
    for _ in range(match_runs):
        started = time.perf_counter()
        with transaction.atomic():
            stored_needs, stored_matches = build.rematch(links, figures)
        rematches.append(time.perf_counter() - started)

    area = Area.objects.get(slug=busiest_area(preferred_area))
    whole_s, whole_queries, tables = timed_runs(overview_tables, overview_runs)
    area_s, area_queries, _ = timed_runs(lambda: overview_tables(area), overview_runs)
    return {
        "rebuild": rebuilt,
        "nodes": snapshot.node_count,
        "links": snapshot.link_count,
        "workshops": WorkshopPage.objects.count(),
        "findings": WorkshopFinding.objects.count(),
        "pairs_s": pairs_s,
        "pairs_queries": pairs_queries,
        "finding_needs": len(needs),
        "finding_offers": len(offers),
        "new_needs": len({p for p in needs if p[0] in places} - own_needs),
        "new_offers": len({p for p in offers if p[0] in places} - own_offers),
        "rematch": statistics.median(rematches),
        "rematch_worst": max(rematches),
        "stored_needs": stored_needs,
        "stored_matches": stored_matches,
        "overview_s": whole_s,
        "overview_queries": whole_queries,
        "overview_rows": [len(table.rows) for table in tables],
        "area": area.name,
        "area_slug": area.slug,
        "area_s": area_s,
        "area_queries": area_queries,
    }


def in_child(function, *args):
    """Run function(*args) in a fresh (spawned) process and return its result."""
    with SPAWN.Pool(1) as pool:
        return pool.apply(function, args)


def run_figures(sizes, match_runs, overview_runs):
    print(
        f"\n1. Figures: rebuild() once, finding_pairs() and overview_tables() {overview_runs} "
        f"times, rematch() {match_runs} times (each size in a fresh process)"
    )
    results, area = {}, None
    for size in sizes:
        print(f"Figures at {size} listings ...", flush=True)
        # Larger sizes time the smallest one's area, as the pages reuse its choices.
        results[size] = in_child(time_figures, copy_path(size), match_runs, overview_runs, area)
        area = area or results[size]["area_slug"]
    print(
        f"\n  {'listings':>8} {'workshops':>9} {'findings':>8} {'rebuild s':>9} "
        f"{'rematch s':>9} {'pairs ms':>8} {'overview ms':>11} {'area ms':>7}  "
        f"queries (pairs, overview, area)"
    )
    for size, row in results.items():
        print(
            f"  {size:>8} {row['workshops']:>9,} {row['findings']:>8,} {row['rebuild']:>9.2f} "
            f"{row['rematch']:>9.2f} {row['pairs_s'] * 1000:>8.1f} "
            f"{row['overview_s'] * 1000:>11.1f} {row['area_s'] * 1000:>7.1f}  "
            f"{row['pairs_queries']}, {row['overview_queries']}, {row['area_queries']}"
        )
    for size, row in results.items():
        needs, ideas, workshops = row["overview_rows"]
        print(
            f"  {size}: findings gave {row['finding_needs']:,} needs and "
            f"{row['finding_offers']:,} offers to the matching ({row['new_needs']:,} and "
            f"{row['new_offers']:,} not already the listing's own); rematch() stored "
            f"{row['stored_needs']:,} needs and {row['stored_matches']:,} matches (worst "
            f"{row['rematch_worst']:.2f} s); network {row['nodes']:,} / {row['links']:,}; "
            f"overview tables {needs} needs, {ideas} statuses, {workshops} areas; "
            f"area: {row['area']}"
        )
    print(
        "  (rebuild: the network's figures and rematch(), once; rematch: the median of the "
        "later calls, commit included; pairs: research.opportunities.finding_pairs(); "
        "overview: overview_tables() for the whole neighbourhood, area: for one area)"
    )
    return results


def busiest_area(preferred=None):
    """The preferred area's slug if workshops were held there, else where most were."""
    from django.db.models import Count

    from research.models import WorkshopPage

    counts = dict(
        WorkshopPage.objects.live()
        .public()
        .exclude(area=None)
        .values_list("area__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return preferred if preferred in counts else max(sorted(counts), key=counts.get)


# --- 2. Pages ----------------------------------------------------------------------------


def most_commented(pages):
    """The page with the most published comments (the first of those, by tree path)."""
    from research.conversations.threads import published

    return max(pages.order_by("path"), key=lambda page: published(page).count())


def comment_note(page):
    from research.conversations.threads import on_page, published

    shown = published(page).count()
    return f"{shown} comments shown, {on_page(page).count() - shown} held"


def pick_pages(preferred):
    """The research and ideas pages, an idea, a workshop, a busy story and an area report."""
    from directory.models import Area
    from mapping.models import ReportsPage
    from research.browse import live_ideas
    from research.models import IdeaIndexPage, ResearchIndexPage, WorkshopFinding, WorkshopPage
    from stories.models import StoryPage

    research = ResearchIndexPage.objects.get()
    ideas_index = IdeaIndexPage.objects.get()
    ideas = live_ideas(ideas_index)
    workshops = WorkshopPage.objects.live().public()
    # The first workshop and idea and the busy story are made alike at every size.
    workshop = workshops.get(slug="workshop-1")
    idea = ideas.get(slug="idea-1")
    story = most_commented(StoryPage.objects.live())
    area = Area.objects.get(slug=busiest_area(preferred.get("area")))
    reports = ReportsPage.objects.get()
    report_url = reports.url + reports.reverse_subpage("area_report", args=[area.slug])
    findings = WorkshopFinding.objects.filter(workshop__in=workshops)
    pages = {
        "research": Page(
            research.url, f"{workshops.count()} workshops, {findings.count()} findings"
        ),
        "ideas": Page(ideas_index.url, f"{ideas.count()} ideas, {ideas_index.page_size} to a page"),
        "ideas-new": Page(
            f"{ideas_index.url}?{urlencode({'status': 'new'})}",
            f"{ideas.filter(status='new').count()} new ideas",
        ),
        "idea": Page(idea.url, f"{idea.supporters.count()} would help; {comment_note(idea)}"),
        "workshop": Page(
            workshop.url,
            f"{workshop.findings.count()} findings, ideas raised: {workshop.ideas.count()}; "
            f"{comment_note(workshop)}",
        ),
        "story": Page(story.url, comment_note(story)),
        "idea-form": Page(f"{ideas_index.url}new/", "the new-idea form"),
        "report": Page(
            report_url,
            f"{area.name}, where {workshops.filter(area=area).count()} workshops were held",
        ),
    }
    return pages, {"area": area.slug}


# --- Targets -----------------------------------------------------------------------------


def print_targets(pages):
    from bench.map import outcome

    print("\nTargets")
    for size, results in (pages or {}).items():
        for name, row in results.items():
            label = f"{name} at {size:,} listings, warm median:"
            print(f"  {label:<46} {outcome(row['median'], WARM_TARGET_MS, 'ms')}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated listing counts")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--rounds", type=int, default=3, help="times each size is measured, taking turns"
    )
    parser.add_argument("--match-runs", type=int, default=3, help="timed rematch() per size")
    parser.add_argument(
        "--overview-runs", type=int, default=5, help="timed overview_tables() per size"
    )
    parser.add_argument("--parts", default="figures,pages", help="figures, pages or both")
    args = parser.parse_args(argv)
    args.sizes = parse_sizes(args.sizes)
    args.parts = {part.strip() for part in args.parts.split(",") if part.strip()}
    return args


def main(argv=None):
    from bench.measure import print_load

    args = parse_args(argv)
    print_load()
    for size in args.sizes:
        ensure_research_copy(size)
    if "figures" in args.parts:
        # rebuild() runs first, so the pages show the matches of the code being measured.
        run_figures(args.sizes, args.match_runs, args.overview_runs)
    if "pages" in args.parts:
        print("\n2. Pages")
        pages = run(
            args.sizes,
            args.runs,
            unit="listings",
            database_path=copy_path,
            generate=build_research_copy,  # main() has made the copies already
            pick_pages=pick_pages,
            rounds=args.rounds,
        )
        print_targets(pages)


if __name__ == "__main__":
    main()
