"""Time the story index, the project index and What's on at several sizes and compare them.

At each size N the database has the same 500 listings, then N stories, N projects and N
more activities (with sessions), so each page has N times more to choose from.
"""

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

from bench.generate import (
    DEFAULT_SEED,
    Clock,
    ListingMaker,
    build,
    build_search_index,
    count_sessions,
    join_words,
    load_tags,
    load_wards,
    setup_django,
    weighted_sample,
)
from bench.measure import BENCH_DIR, Page, parse_sizes, run
from bench.vocabulary import (
    FIRST_NAMES,
    PROJECT_OUTCOMES,
    PROJECT_SUFFIXES,
    SEASONS,
    STORY_MIDDLES,
    STORY_QUOTES,
    STORY_ROLES,
    STORY_TITLES,
    SURNAMES,
    TOPICS,
    DemoVocabulary,
)

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

    from localcommons.indexing import index_updates_paused
    from stories.demo import ensure_story_index

    rng = random.Random(f"stories-{seed}")
    clock.say(f"Creating {count} stories (seed {seed})")
    with transaction.atomic(), index_updates_paused():
        index = ensure_story_index()
        maker = StoryMaker(rng, DemoVocabulary.load(), load_featurable())
        create_stories(index, count, maker, clock)


class ExtraListingMaker(ListingMaker):
    """Makes listings of one kind, added after the neighbourhood, from their own seed.

    Slugs skip those already taken under the same parent, and external IDs name the kind,
    so they never meet the neighbourhood's.
    """

    def __init__(self, rng, kind, taken_slugs=()):
        super().__init__(rng, load_wards(), DemoVocabulary.load(), *load_tags())
        self.kind = kind
        self.taken = set(taken_slugs)

    def make(self, number, kind=None):
        page = super().make(number, kind or self.kind)
        page.external_id = f"bench-{self.kind}-{number:05d}"
        return page

    def slug(self, title):
        while (slug := super().slug(title)) in self.taken:
            pass
        self.taken.add(slug)
        return slug


class ProjectMaker(ExtraListingMaker):
    """Makes unsaved projects: listings with a status, dates, a body and outcomes."""

    STATUSES = {"idea": 2, "proposal": 2, "active": 4, "completed": 2}
    FIRST_START = date(2018, 1, 1)

    def title(self, kind, ward, topic):
        theme = self.rng.choice(TOPICS.get(topic, ([topic.title()], []))[0])
        return f"{ward.area.name} {theme} {self.rng.choice(PROJECT_SUFFIXES)}"

    def kind_sentence(self, kind, ward):
        return f"Neighbours, groups and organisations in {ward.area.name} run it together."

    def kind_fields(self, page, kind):
        from django.utils.html import escape
        from wagtail.rich_text import RichText

        from stories.models import ProjectOutcome

        rng = self.rng
        statuses = sorted(self.STATUSES)
        page.status = rng.choices(statuses, weights=[self.STATUSES[s] for s in statuses])[0]
        if page.status != "idea":
            days = (LAST_DATE - self.FIRST_START).days
            page.start_date = self.FIRST_START + timedelta(days=rng.randint(0, days))
            if page.status == "completed" or rng.random() < 0.3:
                page.end_date = page.start_date + timedelta(days=rng.randint(90, 900))
        middle = rng.choice(STORY_MIDDLES).format(
            listing=page.title,
            other="the council",
            ward=page.area.name if page.area else "the neighbourhood",
            years=rng.randint(1, 6),
            season=rng.choice(SEASONS),
        )
        page.body = [
            ("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in (page.description, middle)
        ]
        if page.status in ("active", "completed"):
            page.outcomes = [
                ProjectOutcome(statement=text, sort_order=position)
                for position, text in enumerate(rng.sample(PROJECT_OUTCOMES, rng.randint(1, 3)))
            ]


def create_pages(parent, count, maker, clock, noun):
    """Add count pages from the maker under the parent, reporting progress as it goes."""
    every = max(1, count // 10)
    for number in range(1, count + 1):
        parent.add_child(instance=maker.make(number))
        if number % every == 0 or number == count:
            clock.say(f"{number:>6} / {count} {noun}")


def build_projects(count, seed, clock):
    """Add the project index and count projects under it."""
    from django.db import transaction

    from localcommons.indexing import index_updates_paused
    from stories.demo import ensure_project_index

    clock.say(f"Creating {count} projects (seed {seed})")
    with transaction.atomic(), index_updates_paused():
        index = ensure_project_index()
        maker = ProjectMaker(random.Random(f"projects-{seed}"), "project")
        create_pages(index, count, maker, clock, "projects")


def build_activities(count, seed, clock):
    """Add count more activities, with sessions from their schedules, and What's on."""
    from django.db import transaction

    from directory.models import DirectoryIndexPage
    from localcommons.indexing import index_updates_paused
    from stories.demo import ensure_whats_on

    clock.say(f"Creating {count} more activities (seed {seed})")
    with transaction.atomic(), index_updates_paused():
        directory = DirectoryIndexPage.objects.get()
        taken = directory.get_children().values_list("slug", flat=True)
        maker = ExtraListingMaker(random.Random(f"activities-{seed}"), "activity", taken)
        create_pages(directory, count, maker, clock, "activities")
        ensure_whats_on()
    clock.say(count_sessions())


def generate(database, count, seed=DEFAULT_SEED, listings=LISTINGS):
    """Build listings, then count stories, projects and activities, then move it into place."""
    database = Path(database).resolve()
    scratch = database.with_suffix(".partial" + database.suffix)
    scratch.unlink(missing_ok=True)
    setup_django(scratch)
    clock = Clock()
    build(listings, seed, clock, search_index=False)
    build_stories(count, seed, clock)
    build_projects(count, seed, clock)
    build_activities(count, seed, clock)
    build_search_index(clock)
    from django.db import connection

    connection.close()
    os.replace(scratch, database)
    clock.say(
        f"Done: {count} stories, projects and activities in {database} "
        f"({clock.elapsed:.1f}s in total)"
    )


def pick_most(items, lookup, preferred=None):
    """The preferred value of lookup if some items have it, else the one most items have."""
    from django.db.models import Count

    counts = dict(items.values_list(lookup).annotate(matches=Count("pk", distinct=True)).order_by())
    counts.pop(None, None)
    if counts.get(preferred):
        return preferred, counts[preferred]
    value = max(sorted(counts), key=counts.get, default="")
    return value, counts.get(value, 0)


def pick_topic(stories, preferred=None):
    """The preferred topic if stories have it, else the topic with the most stories."""
    return pick_most(stories, "topic_items__tag__slug", preferred)


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


def story_pages(preferred):
    """The story index, its filters, a story and the feed, and the choices made."""
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
        "index": Page(base_url, f"{total} public stories"),
        "topic": Page(f"{base_url}?{urlencode({'tag': topic})}", f"stories on it: {tagged}"),
        "listing": Page(f"{base_url}?listing={listing.pk}", f"stories featuring it: {featuring}"),
        "story": Page(story.url, f"{story.shown} of {story.featured} featured listings shown"),
        "feed": Page(f"{base_url}feed/", f"the {StoryFeed.limit} newest stories"),
    }
    return pages, {"topic": topic, "listing": listing.pk, "story": story.slug}


def project_pages(preferred):
    """The project index, by status and by the need most projects have."""
    from stories.models import ProjectIndexPage, ProjectPage

    index = ProjectIndexPage.objects.get()
    base_url = index.url
    projects = ProjectPage.objects.publicly_detailed().descendant_of(index)
    active = projects.filter(status="active").count()
    need, needing = pick_most(projects, "need_items__tag__slug", preferred.get("need"))
    pages = {
        "projects": Page(base_url, f"{projects.count()} public projects"),
        "proj-active": Page(f"{base_url}?status=active", f"active projects: {active}"),
        "proj-need": Page(
            f"{base_url}?{urlencode({'need': need})}", f"projects needing it: {needing}"
        ),
    }
    return pages, {"need": need}


def whats_on_pages(preferred):
    """What's on this week and next, by topic and by area, and the full iCal feed."""
    from directory.models import ActivitySession
    from localcommons.dates import today
    from stories.models import WhatsOnPage
    from stories.whats_on import public_activities, week_span

    page = WhatsOnPage.objects.get()
    base_url = page.url
    activities = public_activities()
    topic, tagged = pick_most(activities, "topic_items__tag__slug", preferred.get("wo_topic"))
    area, located = pick_most(activities, "area__slug", preferred.get("wo_area"))

    def sessions(week="this", **filters):
        """How many sessions of how many activities the page has to page through."""
        chosen = activities.filter(**filters)
        sessions = ActivitySession.objects.filter(page__in=chosen)
        return (
            f"{sessions.between(*week_span(today(), week)).count()} sessions "
            f"of {chosen.count()} activities"
        )

    every_session = ActivitySession.objects.filter(page__in=activities).count()
    pages = {
        "whats-on": Page(base_url, f"this week: {sessions()}"),
        "wo-next": Page(f"{base_url}?week=next", f"next week: {sessions('next')}"),
        "wo-topic": Page(
            f"{base_url}?{urlencode({'tag': topic})}",
            f"this week: {sessions(topic_items__tag__slug=topic)}",
        ),
        "wo-area": Page(
            f"{base_url}?{urlencode({'area': area})}",
            f"this week: {sessions(area__slug=area)}",
        ),
        "ical": Page(
            page.calendar_url(),
            f"{every_session} sessions of {activities.count()} public activities",
            full_feed=True,
        ),
    }
    return pages, {"wo_topic": topic, "wo_area": area}


def pick_pages(preferred):
    """Each benchmarked Page by name, and the topics, listing, story, need and area chosen."""
    pages, chosen = {}, {}
    for pick in (story_pages, project_pages, whats_on_pages):
        more_pages, more_chosen = pick(preferred)
        pages.update(more_pages)
        chosen.update(more_chosen)
    return pages, chosen


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default="100,5000", help="comma-separated counts of stories (and of projects)"
    )
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
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
        unit="stories",
        database_path=database_path,
        generate=generate,
        pick_pages=pick_pages,
        rounds=args.rounds,
    )


if __name__ == "__main__":
    main()
