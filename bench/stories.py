"""Time the stories' public pages at several numbers of stories and compare them."""

import argparse
import os
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlencode

# Run as a script, this folder comes first on the path and this file would shadow the
# stories app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import RATIO_TARGET, SPAWN, measure_page
from bench.generate import (
    DEFAULT_SEED,
    Clock,
    build,
    build_search_index,
    join_words,
    search_index_paused,
    setup_django,
    weighted_sample,
)
from bench.vocabulary import (
    FIRST_NAMES,
    SEASONS,
    STORY_MIDDLES,
    STORY_QUOTES,
    STORY_ROLES,
    STORY_TITLES,
    SURNAMES,
    TOPICS,
    DemoVocabulary,
)

BENCH_DIR = Path(__file__).resolve().parent
LISTINGS = 500
FIRST_DATE = date(2016, 1, 1)
LAST_DATE = date(2025, 6, 1)
# Stories are about these kinds; people and other listings appear alongside them.
ANCHOR_KINDS = ["organisation", "group", "place", "activity"]


def database_path(size):
    return BENCH_DIR / f"stories-{size}.sqlite3"


@dataclass(frozen=True)
class Featurable:
    """What writing a story about a listing needs to know of it."""

    pk: int
    title: str
    area_id: int | None
    ward: str
    point: tuple | None
    topics: tuple
    anchor: bool


def load_featurable():
    """Every listing, with its ward, coordinates, topics and whether a story can be about it."""
    from directory.models import Listing, ListingTopic

    topics = defaultdict(list)
    for listing_id, name in ListingTopic.objects.order_by("pk").values_list(
        "content_object_id", "tag__name"
    ):
        topics[listing_id].append(name)
    anchors = set(
        Listing.objects.publicly_detailed()
        .of_kinds(ANCHOR_KINDS)
        .exclude(area=None)
        .values_list("pk", flat=True)
    )
    rows = Listing.objects.order_by("pk").values_list(
        "pk", "title", "area_id", "area__name", "latitude", "longitude"
    )
    return [
        Featurable(
            pk,
            title,
            area_id,
            ward or "",
            None if lat is None or lng is None else (lat, lng),
            tuple(topics[pk]),
            pk in anchors,
        )
        for pk, title, area_id, ward, lat, lng in rows
    ]


class StoryMaker:
    """Makes unsaved stories about listings, with plausible, seeded content."""

    def __init__(self, rng, vocabulary, listings):
        from directory.models import TopicTag

        self.rng = rng
        self.vocabulary = vocabulary
        self.topic_tags = TopicTag.objects.in_bulk(field_name="name")
        self.listings = listings
        self.anchors = [listing for listing in listings if listing.anchor]
        self.by_area = defaultdict(list)
        for listing in listings:
            self.by_area[listing.area_id].append(listing)
        self.slug_counts = Counter()
        self.days = (LAST_DATE - FIRST_DATE).days

    def make(self):
        """One unsaved story with its topics, featured listings and body, for add_child."""
        from django.utils.html import escape
        from wagtail.rich_text import RichText

        from stories.models import StoryFeaturedListing, StoryPage

        rng = self.rng
        featured = self.featured()
        anchor = featured[0]
        topics = self.topics(anchor)
        teller = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        named = rng.random() < 0.6
        consent = named and rng.random() < 0.75
        title = self.title(anchor, topics[0])
        story = StoryPage(
            title=title,
            slug=self.slug(title),
            date=FIRST_DATE + timedelta(days=rng.randint(0, self.days)),
            summary=self.summary(anchor, topics[0], teller if consent else "")[:300],
            teller_name=teller if named else "",
            teller_consent=consent,
            consent_note="Agreed in person at the interview." if consent else "",
            live=True,
        )
        story.first_published_at = datetime.combine(story.date, time(9), UTC) + timedelta(
            minutes=rng.randint(0, 600)
        )
        story.last_published_at = story.first_published_at
        story.body = [
            ("paragraph", RichText(f"<p>{escape(text)}</p>"))
            for text in self.paragraphs(featured, topics)
        ]
        if anchor.point and rng.random() < 0.5:
            story.set_coordinates(*anchor.point)
        story.tags.set([self.topic_tags[name] for name in topics])
        story.featured_listings = [
            StoryFeaturedListing(listing_id=listing.pk, sort_order=position)
            for position, listing in enumerate(featured)
        ]
        return story

    def featured(self):
        """Two to four listings: a public one in a ward, then others from that ward."""
        rng = self.rng
        anchor = rng.choice(self.anchors)
        others = [listing for listing in self.by_area[anchor.area_id] if listing.pk != anchor.pk]
        return [anchor, *rng.sample(others, min(len(others), rng.randint(1, 3)))]

    def topics(self, anchor):
        """One to four topics, led by one of the anchor listing's own."""
        count = self.rng.randint(1, 4)
        drawn = weighted_sample(self.rng, self.vocabulary.topics, count)
        names = list(dict.fromkeys([*anchor.topics[:1], *drawn]))
        return [name for name in names if name in self.topic_tags][:count]

    def title(self, anchor, topic):
        theme = self.rng.choice(TOPICS.get(topic, ([topic.title()], []))[0])
        template = self.rng.choice(STORY_TITLES)
        title = template.format(listing=anchor.title, ward=anchor.ward, topic=topic, theme=theme)
        return title[:255]

    def slug(self, title):
        from django.utils.text import slugify

        base = slugify(title)[:200] or "story"
        self.slug_counts[base] += 1
        count = self.slug_counts[base]
        return base if count == 1 else f"{base}-{count}"

    def topic_sentence(self, topic):
        sentences = TOPICS.get(topic, ([], [f"works on {topic} in the neighbourhood."]))[1]
        return self.rng.choice(sentences)

    def summary(self, anchor, topic, teller):
        who = teller.split()[0] if teller else "A neighbour"
        return f"{who} tells how {anchor.title} {self.topic_sentence(topic)}"

    def paragraphs(self, featured, topics):
        """Three to five paragraphs: an opening, middles, a quote and a way to help."""
        rng = self.rng
        anchor, others = featured[0], featured[1:]
        fields = {
            "listing": anchor.title,
            "other": others[0].title if others else "the council",
            "ward": anchor.ward,
            "years": rng.randint(2, 15),
            "season": rng.choice(SEASONS),
        }
        opening = (
            f"{anchor.title} {self.topic_sentence(topics[0])} Most of the people who come "
            f"along live within a few streets of it, in {anchor.ward}."
        )
        middles = [
            middle.format(**fields) for middle in rng.sample(STORY_MIDDLES, rng.randint(3, 5) - 3)
        ]
        role = rng.choice(STORY_ROLES).format(**fields)
        quote = f"‘{rng.choice(STORY_QUOTES)},’ says {rng.choice(FIRST_NAMES)}, who {role}."
        names = [listing.title for listing in others] or [anchor.title]
        closing = (
            f"{anchor.title} would welcome more help with {join_words(topics)}. "
            f"{join_words(names)} can be found in the directory too."
        )
        return [opening, *middles, quote, closing]


def create_stories(index, count, maker, clock):
    """Add count live stories under the index, reporting progress as it goes."""
    every = max(1, count // 10)
    for number in range(1, count + 1):
        index.add_child(instance=maker.make())
        if number % every == 0 or number == count:
            clock.say(f"{number:>6} / {count} stories")


def build_stories(count, seed, clock):
    """Add the story index and count stories about the listings already there."""
    from django.db import transaction
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from stories.demo import ensure_story_index

    rng = random.Random(f"stories-{seed}")
    clock.say(f"Creating {count} stories (seed {seed})")
    with transaction.atomic(), disable_reference_index_auto_update(), search_index_paused():
        index = ensure_story_index()
        maker = StoryMaker(rng, DemoVocabulary.load(), load_featurable())
        create_stories(index, count, maker, clock)


def generate(database, count, seed=DEFAULT_SEED, listings=LISTINGS):
    """Build listings and count stories in a scratch file, then move it into place."""
    database = Path(database).resolve()
    scratch = database.with_suffix(".partial" + database.suffix)
    scratch.unlink(missing_ok=True)
    setup_django(scratch)
    clock = Clock()
    build(listings, seed, clock, search_index=False)
    build_stories(count, seed, clock)
    build_search_index(clock)
    from django.db import connection

    connection.close()
    os.replace(scratch, database)
    clock.say(f"Done: {count} stories in {database} ({clock.elapsed:.1f}s in total)")


def ensure_database(size):
    """Generate the stories for this size, in its own process, unless they exist."""
    path = database_path(size)
    if path.exists():
        return
    print(f"Generating {path.name} ...", flush=True)
    process = SPAWN.Process(target=generate, args=(path, size))
    process.start()
    process.join()
    if process.exitcode != 0:
        sys.exit(f"Generating {path.name} failed.")


def pick_topic(stories, preferred=None):
    """The preferred topic if stories have it, else the topic with the most stories."""
    from django.db.models import Count

    counts = dict(
        stories.values_list("topic_items__tag__slug")
        .annotate(matches=Count("pk", distinct=True))
        .order_by()
    )
    counts.pop(None, None)
    if counts.get(preferred):
        return preferred, counts[preferred]
    slug = max(sorted(counts), key=counts.get, default="")
    return slug, counts.get(slug, 0)


def pick_featured(stories, preferred=None):
    """The preferred listing if public and featured, else the public one featured most."""
    from directory.models import Listing
    from stories.models import StoryFeaturedListing

    visible = set(Listing.objects.publicly_visible().values_list("pk", flat=True))
    counts = Counter(
        pk
        for pk in StoryFeaturedListing.objects.filter(story__in=stories).values_list(
            "listing_id", flat=True
        )
        if pk in visible
    )
    pk = preferred if counts.get(preferred) else max(sorted(counts), key=counts.get)
    return Listing.objects.get(pk=pk), counts[pk]


def pick_story(stories, preferred=None):
    """The preferred story if it shows featured listings, else the one that shows most."""
    from django.db.models import Count, Q

    from directory.models import Listing

    public = Q(featured_listings__listing__in=Listing.objects.publicly_visible())
    candidates = stories.annotate(
        shown=Count("featured_listings", filter=public, distinct=True),
        featured=Count("featured_listings", distinct=True),
    ).filter(shown__gte=2)
    story = candidates.filter(slug=preferred).first() if preferred else None
    return story or candidates.order_by("-shown", "path").first()


def pick_pages(preferred):
    """Each benchmarked page as (url, note), and the topic, listing and story chosen."""
    from stories.feeds import StoryFeed
    from stories.models import StoryIndexPage

    index = StoryIndexPage.objects.get()
    base_url = index.url
    stories = index.stories()
    total = stories.count()
    topic, tagged = pick_topic(stories, preferred.get("topic"))
    listing, featuring = pick_featured(stories, preferred.get("listing"))
    story = pick_story(stories, preferred.get("story"))
    pages = {
        "index": (base_url, f"{total} public stories"),
        "topic": (f"{base_url}?{urlencode({'tag': topic})}", f"stories on it: {tagged}"),
        "listing": (f"{base_url}?listing={listing.pk}", f"stories featuring it: {featuring}"),
        "story": (story.url, f"{story.shown} of {story.featured} featured listings shown"),
        "feed": (f"{base_url}feed/", f"the {StoryFeed.limit} newest stories"),
    }
    return pages, {"topic": topic, "listing": listing.pk, "story": story.slug}


def measure_size(size, runs, preferred):
    """In a fresh process: set Django up on this size's database and time each page."""
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
    print(f"\n{size} stories ({database_path(size).name}, {runs} runs per page)")
    print(f"  {'page':<8} {'median ms':>9} {'p95 ms':>8} {'queries':>8}  url")
    for name, row in results.items():
        status = "" if row["status"] == 200 else f"  [HTTP {row['status']}]"
        print(
            f"  {name:<8} {row['median']:>9.1f} {row['p95']:>8.1f} {row['queries']:>8}  "
            f"{row['url']}  ({row['note']}){status}"
        )


def verdict(time_ratio, query_ratio):
    """Whether a page meets the ratio target, and if not, why."""
    misses = []
    if time_ratio > RATIO_TARGET:
        misses.append(f"time ratio {time_ratio:.2f} > {RATIO_TARGET}")
    if query_ratio > RATIO_TARGET:
        misses.append(f"query ratio {query_ratio:.2f} > {RATIO_TARGET}")
    return "met" if not misses else "MISSED: " + "; ".join(misses)


def print_comparison(small, large, results):
    print(f"\n{large} / {small} stories")
    print(f"  {'page':<8} {'time ratio':>10} {'query ratio':>11}  target (ratio <= {RATIO_TARGET})")
    for name, high in results[large].items():
        low = results[small][name]
        time_ratio = high["median"] / low["median"]
        query_ratio = high["queries"] / max(low["queries"], 1)
        print(
            f"  {name:<8} {time_ratio:>10.2f} {query_ratio:>11.2f}  "
            f"{verdict(time_ratio, query_ratio)}"
        )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,5000", help="comma-separated story counts")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
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
        print(f"Measuring {size} stories ...", flush=True)
        # Larger sizes reuse the smallest one's topic, listing and story where they can.
        results[size], chosen = measure_in_child(size, args.runs, preferred)
        preferred = preferred or chosen
        print_size(size, args.runs, results[size])
    if len(args.sizes) > 1:
        print_comparison(args.sizes[0], args.sizes[-1], results)


if __name__ == "__main__":
    main()
