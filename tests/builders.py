"""Small builders for test data, with sensible defaults that each test can override."""

import datetime
import time
from itertools import count

from directory.demo import ensure_site
from directory.models import Area, Connection, OrganisationPage, RelationType
from localcommons.public_forms import started_token

_serial = count(1)


def make_site():
    """The home page and the directory index, as load_demo builds them."""
    return ensure_site()


def make_area(name="Brickfield North", **kwargs):
    area, _ = Area.objects.get_or_create(name=name, defaults=kwargs)
    return area


def make_listing(model=OrganisationPage, *, parent=None, revision=True, tags=(), **kwargs):
    """A validated listing under the directory, live, and published through a revision.

    revision=False saves it straight to the tree (faster, for bulk data); live=False with
    revision=False makes a draft that was never published.
    """
    if parent is None:
        _home, parent = make_site()
    n = next(_serial)
    kwargs.setdefault("title", f"Listing {n}")
    kwargs.setdefault("slug", f"listing-{n}")
    kwargs.setdefault("summary", f"What listing {n} does.")
    kwargs.setdefault("live", True)
    if hasattr(model, "consent_method"):
        # A person is published only with their consent on record.
        kwargs.setdefault("consent_date", datetime.date(2026, 1, 5))
        kwargs.setdefault("consent_method", "email")
    offers = kwargs.pop("offers", ())
    needs = kwargs.pop("needs", ())
    lat_lng = kwargs.pop("lat_lng", None)
    sessions = kwargs.pop("sessions", None)
    listing = model(**kwargs)
    if sessions is not None:
        listing.sessions = sessions
    if lat_lng:
        listing.set_coordinates(*lat_lng)
    listing.tags.set(list(tags))
    listing.offers.set(list(offers))
    listing.needs.set(list(needs))
    listing.full_clean(exclude=["path", "depth"])
    publish = revision and listing.live
    if publish:
        listing.live = False
    parent.add_child(instance=listing)
    if publish:
        listing.save_revision().publish()
        listing.refresh_from_db()
    return listing


def connect(source, target, relation="meets at", **kwargs):
    """Add a connection from source to target and publish the source."""
    relation_type = RelationType.objects.get(name=relation)
    connection = Connection(target=target, relation_type=relation_type, **kwargs)
    source.connections.add(connection)
    source.save_revision().publish()
    return connection


def make_story_index():
    """The story index under the home page, as load_demo builds it."""
    from stories.demo import ensure_story_index

    return ensure_story_index()


def make_story(*, index=None, featured=(), tags=(), revision=True, **kwargs):
    """A story featuring the given listings, live, published through a revision.

    revision=False saves it straight to the tree; add live=False for an unpublished draft.
    """
    from stories.models import StoryFeaturedListing, StoryPage

    index = index or make_story_index()
    live = kwargs.pop("live", True)
    n = next(_serial)
    kwargs.setdefault("title", f"Story {n}")
    kwargs.setdefault("slug", f"story-{n}")
    kwargs.setdefault("summary", f"What happened in story {n}.")
    story = StoryPage(**kwargs)
    story.tags.set(list(tags))
    story.featured_listings = [StoryFeaturedListing(listing=listing) for listing in featured]
    story.live = live and not revision
    index.add_child(instance=story)
    if revision and live:
        story.save_revision().publish()
    return story


def make_project(*, revision=True, **kwargs):
    """A project under the project index, live, published through a revision."""
    from stories.demo import ensure_project_index
    from stories.models import ProjectPage

    return make_listing(ProjectPage, parent=ensure_project_index(), revision=revision, **kwargs)


def make_activity(schedule="Thursdays 12:00-14:30", **kwargs):
    """An activity whose sessions are read from its schedule text (none if it is unclear)."""
    from directory.models import ActivityPage, ActivitySession
    from directory.schedule import parse_schedule

    rules = parse_schedule(schedule) or []
    sessions = [ActivitySession(**vars(rule)) for rule in rules]
    return make_listing(ActivityPage, schedule=schedule, sessions=sessions, **kwargs)


def make_whats_on():
    """The What's on page under the home page, as load_demo builds it."""
    from stories.demo import ensure_whats_on

    return ensure_whats_on()


def make_user(role, username=None, password=None):
    """A user in one of the five roles (moderation.roles), as the data migration sets them up.

    Without a password they can only be logged in with force_login.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    username = username or role.lower().replace(" ", "-")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    user.groups.add(Group.objects.get(name=role))
    return user


def make_drafter(username="drafter", password=None):
    """A mapping adviser: adds and changes listings and imports them, but may not publish."""
    return make_user("Mapping adviser", username, password)


def make_xlsx(**sheets):
    """An .xlsx file's bytes with the given sheets, each a list of rows."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def shown_token(seconds_ago=60):
    """A public form's "started" value, as if the form was shown seconds_ago."""
    return started_token(time.time() - seconds_ago)
