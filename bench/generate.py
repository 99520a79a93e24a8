"""Build a synthetic neighbourhood of listings in its own SQLite database."""

import argparse
import os
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Run as a script, this folder comes first on the path and bench/directory.py would
# shadow the directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.vocabulary import (
    ACCESSIBILITY,
    ACTIVITY_SUFFIXES,
    ASSET_NAMES,
    CENTRE,
    CONNECTION_LABELS,
    DAYS,
    FIRST_NAMES,
    GROUP_SUFFIXES,
    KIND_WEIGHTS,
    OPENING_TIMES,
    ORGANISATION_SUFFIXES,
    ORGANISATION_TYPES,
    PLACE_TYPES,
    POSTCODE_LETTERS,
    RELATIONS,
    STREET_STEMS,
    STREET_SUFFIXES,
    SURNAMES,
    TOPICS,
    WARDS,
    DemoVocabulary,
)

SETTINGS_MODULE = "localcommons.settings.dev"
DEFAULT_SEED = 2024
PUBLISHED = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
OUT_DEGREES = [1, 2, 2, 3, 3, 3, 4, 4, 5]
SAME_WARD_SHARE = 0.7


@dataclass(frozen=True)
class Ward:
    """An area with where its listings cluster and its postcode sector."""

    area: object
    sector: str
    lat: float
    lng: float


@dataclass(frozen=True)
class Created:
    """What connecting a created listing needs to know of it."""

    pk: int
    kind: str
    area_id: int | None


def setup_django(database):
    """Point the dev settings at one SQLite file and set Django up, with DEBUG off."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve()}"
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False


class Clock:
    """Prints progress lines stamped with the time since the start."""

    def __init__(self):
        self.started = time.perf_counter()

    @property
    def elapsed(self):
        return time.perf_counter() - self.started

    def say(self, message):
        print(f"[{self.elapsed:7.1f}s] {message}", flush=True)


def create_wards():
    """A dozen wards on a grid a kilometre apart around the centre."""
    from directory.models import Area

    return [
        Ward(
            Area.objects.create(name=name, description=f"The {name} ward."),
            sector,
            CENTRE[0] + dlat,
            CENTRE[1] + dlng,
        )
        for name, sector, dlat, dlng in WARDS
    ]


def load_wards():
    """The wards create_wards() made, read back from the database."""
    from directory.models import Area

    areas = Area.objects.in_bulk(field_name="name")
    return [
        Ward(areas[name], sector, CENTRE[0] + dlat, CENTRE[1] + dlng)
        for name, sector, dlat, dlng in WARDS
    ]


def create_tags(vocabulary):
    """Topic and resource tags for every name in the demo vocabularies."""
    from directory.models import ResourceTag, TopicTag

    topics = {name: TopicTag.objects.create(name=name) for name in sorted(vocabulary.topics)}
    resources = {name: ResourceTag.objects.create(name=name) for name in vocabulary.resources}
    return topics, resources


def load_tags():
    """The topic and resource tags create_tags() made, by name."""
    from directory.models import ResourceTag, TopicTag

    return TopicTag.objects.in_bulk(field_name="name"), ResourceTag.objects.in_bulk(
        field_name="name"
    )


def weighted_sample(rng, counts, size):
    """Up to size distinct names, drawn in proportion to how often the demo uses them."""
    names = sorted(counts)
    picked = rng.choices(names, weights=[counts[name] for name in names], k=size)
    return list(dict.fromkeys(picked))


def join_words(words):
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


class ListingMaker:
    """Makes unsaved listings of every kind with plausible, seeded content."""

    def __init__(self, rng, wards, vocabulary, topic_tags, resource_tags):
        from directory.models import Listing

        self.rng = rng
        self.wards = wards
        self.vocabulary = vocabulary
        self.topic_tags = topic_tags
        self.resource_tags = resource_tags
        self.models = {model.kind: model for model in Listing.kinds()}
        self.kinds = sorted(KIND_WEIGHTS)
        self.slug_counts = Counter()

    def make(self, number, kind=None):
        """One unsaved listing (of a random kind unless given), its tags set, for add_child."""
        from directory.demo import first_sentence

        if kind is None:
            kind = self.rng.choices(self.kinds, weights=[KIND_WEIGHTS[k] for k in self.kinds])[0]
        ward = self.rng.choice(self.wards)
        topics = weighted_sample(self.rng, self.vocabulary.topics, self.rng.randint(1, 3))
        offers = weighted_sample(self.rng, self.vocabulary.offers, self.rng.randint(0, 4))
        needs = weighted_sample(self.rng, self.vocabulary.needs, self.rng.randint(1, 4))
        title = self.title(kind, ward, topics[0])
        page = self.models[kind](
            title=title,
            slug=self.slug(title),
            external_id=f"bench-{number:05d}",
            visibility=self.visibility(kind),
            live=True,
            first_published_at=PUBLISHED - timedelta(days=self.rng.randint(0, 700)),
        )
        page.last_published_at = page.first_published_at
        page.description = self.description(page, kind, ward, topics, offers, needs)
        page.summary = first_sentence(page.description)
        self.place(page, kind, ward)
        self.contact(page, kind)
        self.kind_fields(page, kind)
        page.tags.set([self.topic_tags[name] for name in topics])
        page.offers.set([self.resource_tags[name] for name in offers])
        page.needs.set([self.resource_tags[name] for name in needs])
        return page

    def title(self, kind, ward, topic):
        rng = self.rng
        theme = rng.choice(TOPICS.get(topic, ([topic.title()], []))[0])
        stem = rng.choice(STREET_STEMS)
        if kind == "organisation":
            prefix = rng.choice([ward.area.name, stem, "North London"])
            return f"{prefix} {theme} {rng.choice(ORGANISATION_SUFFIXES)}"
        if kind == "group":
            return f"{stem} {theme} {rng.choice(GROUP_SUFFIXES)}"
        if kind == "place":
            return f"{self.street()} {rng.choice(PLACE_TYPES)}"
        if kind == "activity":
            name = f"{rng.choice(DAYS)} {theme} {rng.choice(ACTIVITY_SUFFIXES)}"
            return f"{name} at {self.street()}" if rng.random() < 0.5 else name
        if kind == "person":
            return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        return f"{ward.area.name} {rng.choice(ASSET_NAMES)}"

    def slug(self, title):
        from django.utils.text import slugify

        base = slugify(title)[:200] or "listing"
        self.slug_counts[base] += 1
        count = self.slug_counts[base]
        return base if count == 1 else f"{base}-{count}"

    def street(self):
        return f"{self.rng.choice(STREET_STEMS)} {self.rng.choice(STREET_SUFFIXES)}"

    def visibility(self, kind):
        from directory.visibility import Visibility

        if kind == "person":
            options = [Visibility.NETWORK_ONLY, Visibility.PUBLIC, Visibility.HIDDEN]
            return self.rng.choices(options, weights=[65, 30, 5])[0]
        return self.rng.choices([Visibility.PUBLIC, Visibility.HIDDEN], weights=[97, 3])[0]

    def description(self, page, kind, ward, topics, offers, needs):
        sentences = [self.opening(page, kind, ward, topics)]
        if kind not in ("person", "asset") and len(topics) > 1:
            sentences.append(f"It {self.topic_sentence(topics[1])}")
        sentences.append(self.kind_sentence(kind, ward))
        subject = "They" if kind == "person" else "It"
        if offers:
            sentences.append(f"{subject} can offer {join_words(offers)}.")
        if needs:
            sentences.append(f"{subject} would welcome help with {join_words(needs)}.")
        return " ".join(sentences)

    def opening(self, page, kind, ward, topics):
        if kind == "person":
            return (
                f"{page.title} is a local connector in {ward.area.name} and the person to ask "
                f"about {join_words(topics)}."
            )
        if kind == "asset":
            return f"{page.title} is shared by local groups working on {join_words(topics)}."
        return f"{page.title} {self.topic_sentence(topics[0])}"

    def topic_sentence(self, topic):
        sentences = TOPICS.get(topic, ([], [f"works on {topic} in the neighbourhood."]))[1]
        return self.rng.choice(sentences)

    def kind_sentence(self, kind, ward):
        rng, name = self.rng, ward.area.name
        if kind == "organisation":
            kind_of = rng.choice(ORGANISATION_TYPES)
            return f"Based in {name}, it is a {kind_of} with {rng.randint(1, 40)} staff."
        if kind == "group":
            return f"Anyone living in {name} is welcome to join; just turn up."
        if kind == "place":
            return f"It is open to everyone in {name} and beyond, and rooms can be booked."
        if kind == "activity":
            return rng.choice(["It is free and nobody needs to book.", "Bring a friend."])
        if kind == "person":
            return "Neighbours go to them for introductions, advice and a friendly word."
        return f"Local groups can borrow it through the {name} community office."

    def place(self, page, kind, ward):
        rng = self.rng
        if kind == "person":
            page.area = ward.area if page.visibility == "public" else None
            # People are published only with their consent on record.
            page.consent_date = datetime(2026, 1, 1).date() + timedelta(days=rng.randint(0, 300))
            page.consent_method = rng.choice(["signed-form", "email", "in-person"])
            return
        if rng.random() < 0.04:
            return  # online or city-wide: no area, no address
        page.area = ward.area
        page.address = f"{rng.randint(1, 180)} {self.street()}, London"
        letters = "".join(rng.choices(POSTCODE_LETTERS, k=2))
        page.postcode = f"{ward.sector}{letters}"
        lat = round(rng.gauss(ward.lat, 0.0025), 5)
        lng = round(rng.gauss(ward.lng, 0.004), 5)
        page.set_coordinates(lat, lng)

    def contact(self, page, kind):
        rng = self.rng
        handle = page.slug.replace("-", "")[:24]
        if kind == "person":
            if page.visibility == "public":
                page.email = f"{handle}@example.org"
                page.phone = f"020 7946 0{rng.randint(0, 999):03d}"
            return
        if rng.random() < 0.8:
            page.website = f"https://{handle}.example.org"
        if rng.random() < 0.7:
            page.email = f"hello@{handle}.example.org"
        if rng.random() < 0.5:
            page.phone = f"020 7946 0{rng.randint(0, 999):03d}"

    def kind_fields(self, page, kind):
        rng = self.rng
        if kind in ("group", "person"):
            page.interests = ", ".join(rng.sample(self.vocabulary.interests, rng.randint(1, 3)))
        elif kind == "activity":
            start = rng.randint(9, 19)
            page.schedule = rng.choice(
                [*self.vocabulary.schedules, f"{rng.choice(DAYS)}s {start}:00-{start + 2}:00"]
            )
            # Sessions for What's on, as the demo loader makes them; add_child saves them
            # with the page. A schedule that does not read stays text only, as in the demo.
            page.set_sessions_from_schedule()
        elif kind == "place":
            page.opening_times = rng.choice(OPENING_TIMES)
            page.accessibility = rng.choice(ACCESSIBILITY)


def create_listings(directory, count, maker, clock):
    """Add count listings under the directory, reporting progress as it goes."""
    created, every = [], max(1, count // 10)
    for number in range(1, count + 1):
        page = maker.make(number)
        directory.add_child(instance=page)
        created.append(Created(page.pk, page.specific_class.kind, page.area_id))
        if number % every == 0 or number == count:
            clock.say(f"{number:>6} / {count} listings")
    return created


def count_sessions():
    """How many activities there are, their sessions, and how many have none (from the DB)."""
    from directory.models import ActivityPage, ActivitySession

    activities = ActivityPage.objects.count()
    without = ActivityPage.objects.filter(sessions=None).count()
    return (
        f"{activities} activities, {ActivitySession.objects.count()} sessions, "
        f"{without} activities without sessions"
    )


def pick_target(rng, source, target_kind, by_kind, by_ward_kind):
    """Another listing of a kind, from the source's own ward more often than not."""
    nearby = by_ward_kind.get((source.area_id, target_kind))
    pool = nearby if nearby and rng.random() < SAME_WARD_SHARE else by_kind.get(target_kind)
    return rng.choice(pool) if pool else None


def plan_connections(rng, listings, mutual_names):
    """(source, target, relation name) triples, about three from each listing."""
    by_kind, by_ward_kind = defaultdict(list), defaultdict(list)
    for listing in listings:
        by_kind[listing.kind].append(listing)
        by_ward_kind[(listing.area_id, listing.kind)].append(listing)
    planned, seen = [], set()
    for source in listings:
        options = RELATIONS.get(source.kind, {})
        target_kinds = sorted(options)
        for _ in range(rng.choice(OUT_DEGREES) if options else 0):
            target_kind = rng.choice(target_kinds)
            target = pick_target(rng, source, target_kind, by_kind, by_ward_kind)
            name = rng.choice(options[target_kind])
            if target is None or target.pk == source.pk:
                continue
            key = (source.pk, target.pk, name)
            if key in seen or (name in mutual_names and (target.pk, source.pk, name) in seen):
                continue
            seen.add(key)
            planned.append(key)
    return planned


def create_connections(rng, listings):
    """Bulk-create the planned connections; return how many there are."""
    from directory.models import Connection, RelationType

    types = {relation.name: relation for relation in RelationType.objects.all()}
    mutual = {name for name, relation in types.items() if relation.is_mutual}
    positions = Counter()
    rows = []
    for source_id, target_id, name in plan_connections(rng, listings, mutual):
        positions[source_id] += 1
        rows.append(
            Connection(
                source_id=source_id,
                target_id=target_id,
                relation_type=types[name],
                strength=rng.choices([1, 2, 3], weights=[3, 5, 2])[0],
                label=rng.choice(CONNECTION_LABELS) if rng.random() < 0.15 else "",
                sort_order=positions[source_id] - 1,
            )
        )
    Connection.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def build(count, seed, clock, search_index=True):
    """Migrate the empty database and fill it with count listings and their connections."""
    from django.core.management import call_command
    from django.db import transaction

    from directory.demo import ensure_site
    from localcommons.indexing import index_updates_paused

    rng = random.Random(seed)
    clock.say("Migrating a fresh database")
    call_command("migrate", verbosity=0, interactive=False)
    clock.say(f"Creating {count} listings (seed {seed})")
    with transaction.atomic(), index_updates_paused():
        _home, directory = ensure_site()
        vocabulary = DemoVocabulary.load()
        maker = ListingMaker(rng, create_wards(), vocabulary, *create_tags(vocabulary))
        listings = create_listings(directory, count, maker, clock)
        clock.say(f"{create_connections(rng, listings)} connections")
        clock.say(count_sessions())
    build_network(clock)
    if search_index:
        build_search_index(clock)


def build_network(clock):
    """Store the network's figures, as publishing would (listing pages read them)."""
    from mapping.network.build import rebuild

    snapshot = rebuild()
    clock.say(
        f"Network of {snapshot.node_count} listings and {snapshot.link_count} connections "
        f"stored ({snapshot.duration_ms / 1000:.1f}s)"
    )


def build_search_index(clock):
    """Index every page at once, after the bulk saves that skipped it."""
    from django.core.management import call_command

    clock.say("Building the search index")
    call_command("update_index", verbosity=0)
    clock.say("Search index built")


def generate(database, count, seed=DEFAULT_SEED):
    """Build the neighbourhood in a scratch file, then move it into place at database."""
    database = Path(database).resolve()
    scratch = database.with_suffix(".partial" + database.suffix)
    scratch.unlink(missing_ok=True)
    setup_django(scratch)
    clock = Clock()
    build(count, seed, clock)
    from django.db import connection

    connection.close()
    os.replace(scratch, database)
    clock.say(f"Done: {count} listings in {database} ({clock.elapsed:.1f}s in total)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=10_000, help="how many listings")
    parser.add_argument("--database", required=True, help="the SQLite file to create")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--replace", action="store_true", help="overwrite an existing file")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if Path(args.database).exists() and not args.replace:
        sys.exit(f"{args.database} already exists; pass --replace to rebuild it.")
    generate(args.database, args.listings, args.seed)


if __name__ == "__main__":
    main()
