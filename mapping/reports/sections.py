"""The tables of a report about what is there, each built from public data in a query or two.

(How it is connected is in mapping.reports.network.)
"""

from collections import Counter

from django.db.models import Count

from directory.models import Listing, ListingOffer, ListingTopic, PersonPage
from directory.querysets import unrestricted
from mapping.geojson import site_root_paths, url_for
from mapping.opportunities.build import open_needs
from mapping.reports.tables import Table

TOP_TOPICS = 15
LISTINGS_SHOWN = 100
STORIES_SHOWN = 20


def kinds_table(rows):
    """How many listings of each kind."""
    counts = Counter(row["kind"] for row in rows)
    table = Table("kinds", "Listings by kind", ["Kind", "Listings"])
    for model in Listing.kinds():
        table.add([model.kind_plural, counts.get(model.kind, 0)])
    return table


def topics_table(listings):
    """The most common topics."""
    table = Table("topics", "Top topics", ["Topic", "Listings"])
    for name, _slug, count in topic_counts(listings)[:TOP_TOPICS]:
        table.add([name, count])
    return table


def offers_needs_table(listings, whole):
    """Each thing needed or offered here, with the gaps: needed here and not offered here."""
    needed, offered, anywhere = needs_and_offers(listings)
    columns = ["Need or offer", "Needed by", "Offered by"]
    if not whole:
        columns.append("Offered anywhere in the neighbourhood")
    table = Table(
        "needs",
        "Offers and needs",
        [*columns, "Gap"],
        note="A gap is a need nobody here offers.",
    )
    for thing in sorted(set(needed) | set(offered), key=lambda t: (-needed.get(t, 0), t.lower())):
        need_count, offer_count = needed.get(thing, 0), offered.get(thing, 0)
        gap = ""
        if need_count and not offer_count:
            gap = "offered elsewhere" if anywhere.get(thing) else "nobody offers it"
        cells = [thing, need_count, offer_count]
        if not whole:
            cells.append(anywhere.get(thing, 0))
        table.add([*cells, gap])
    return table


def listings_table(rows):
    """The listings on the report's map, as a list (the map's alternative)."""
    table = Table(
        "listings",
        "Listings on the map",
        ["Name", "Kind", "Address", "Postcode"],
        shown=LISTINGS_SHOWN,
    )
    for row in rows:
        if row["located"]:
            table.add(
                [row["title"], row["kind_label"], row["address"], row["postcode"]], row["url"]
            )
    return table


def unlocated_table(rows):
    """Listings that could be on the map but have no location (people never are)."""
    table = Table("unlocated", "Listings without a location", ["Name", "Kind"])
    for row in rows:
        if not row["located"] and row["kind"] != PersonPage.kind:
            table.add([row["title"], row["kind_label"]], row["url"])
    return table


def stories_table(listings, area):
    """Stories featuring the listings (every story, for the whole neighbourhood)."""
    stories = live_stories()
    if area is not None:
        stories = stories.filter(featured_listings__listing__in=listings).distinct()
    table = Table("stories", "Stories", ["Story", "Date", "Summary"], shown=STORIES_SHOWN)
    roots = site_root_paths()
    for story in stories.order_by("-date", "title").only("title", "date", "summary", "url_path"):
        table.add(
            [story.title, story.date.isoformat(), story.summary], url_for(story.url_path, roots)
        )
    return table


def projects_table(listings):
    """The listings' projects, with their status and what they need."""
    from stories.models import ProjectPage

    projects = ProjectPage.objects.filter(pk__in=listings.values("pk")).order_by("title")
    needs = {}
    # A completed project's needs are history (see open_needs).
    for project, thing in open_needs(projects).values_list("content_object_id", "tag__name"):
        needs.setdefault(project, []).append(thing)
    table = Table("projects", "Projects", ["Project", "Status", "Needs"])
    roots = site_root_paths()
    for project in projects.only("title", "status", "url_path"):
        table.add(
            [
                project.title,
                project.get_status_display(),
                ", ".join(sorted(needs.get(project.pk, []))),
            ],
            url_for(project.url_path, roots),
        )
    return table


def topic_counts(listings):
    """[(topic name, slug, listings)] most common first."""
    return list(
        ListingTopic.objects.filter(content_object__in=listings)
        .values_list("tag__name", "tag__slug")
        .annotate(count=Count("content_object", distinct=True))
        .order_by("-count", "tag__name")
    )


def resource_counts(through, listings):
    """{thing name: how many of the listings have it} for offers or needs."""
    return dict(
        through.filter(content_object__in=listings)
        .values_list("tag__name")
        .annotate(count=Count("content_object", distinct=True))
        .values_list("tag__name", "count")
    )


def needs_and_offers(listings):
    """(needed here, offered here, offered anywhere) as {thing: count} each."""
    return (
        resource_counts(open_needs(listings), listings),
        resource_counts(ListingOffer.objects.all(), listings),
        resource_counts(ListingOffer.objects.all(), Listing.objects.publicly_detailed()),
    )


def live_stories():
    from stories.models import StoryPage

    return StoryPage.objects.live().filter(unrestricted())
