"""What a report says about an area (or the whole neighbourhood), built in a fixed few queries.

`build_report(area)` returns a Report: figures in words and the tables (mapping.reports.
tables.Table) the page shows, the print keeps and each CSV download holds. Everything comes
from public data: listings whose details the public may see, the served network (which
applies the visibility rule) and the stored matches.
"""

from dataclasses import dataclass, field

from directory.models import Listing
from mapping.geojson import kinds_by_content_type, site_root_paths, url_for
from mapping.reports.sections import (
    and_words,
    kinds_table,
    listings_table,
    network_section,
    offers_needs_table,
    projects_table,
    stories_table,
    topics_table,
    unlocated_table,
)


@dataclass
class Report:
    """A profile of one area (area is None for the whole neighbourhood)."""

    title: str
    slug: str
    area_name: str | None
    listing_count: int
    summary: list = field(default_factory=list)  # sentences about what is there
    network: list = field(default_factory=list)  # sentences about how it is connected
    tables: dict = field(default_factory=dict)  # slug → Table, in page order
    isolated: list = field(default_factory=list)  # isolated groups and who could reach them


def build_report(area, slug, title):
    """The Report for an Area, or for every area when area is None."""
    listings = Listing.objects.publicly_detailed()
    if area is not None:
        listings = listings.filter(area=area)
    kinds, roots = kinds_by_content_type(), site_root_paths()
    labels = {model.kind: model.kind_label for model in Listing.kinds()}
    rows = [
        {
            "id": pk,
            "title": title_,
            "url": url_for(url_path, roots) or "",
            "kind": kinds[content_type],
            "kind_label": labels[kinds[content_type]],
            "located": latitude is not None and longitude is not None,
            "address": address,
            "postcode": postcode,
        }
        for pk, title_, url_path, content_type, latitude, longitude, address, postcode in (
            listings.order_by("title", "pk").values_list(
                "pk",
                "title",
                "url_path",
                "content_type_id",
                "latitude",
                "longitude",
                "address",
                "postcode",
            )
        )
    ]
    report = Report(
        title=title, slug=slug, area_name=area.name if area else None, listing_count=len(rows)
    )
    for table in (
        kinds_table(rows),
        topics_table(listings),
        offers_needs_table(listings, whole=area is None),
        listings_table(rows),
    ):
        report.tables[table.slug] = table
    report.network, network_tables, report.isolated = network_section(rows, area)
    for table in [*network_tables, stories_table(listings, area), projects_table(listings)]:
        report.tables[table.slug] = table
    unlocated = unlocated_table(rows)
    report.tables[unlocated.slug] = unlocated
    report.summary = summary_sentences(report)
    return report


def summary_sentences(report):
    """What is there and what is missing, in words."""
    place = report.area_name or "The neighbourhood"
    kinds = report.tables["kinds"].rows
    singular = {model.kind_plural: model.kind_label for model in Listing.kinds()}
    counted = ", ".join(
        f"{count} {(singular[name] if count == 1 else name).lower()}"
        for name, count in kinds
        if count
    )
    sentences = [
        f"{place} has {report.listing_count} public listing"
        f"{'' if report.listing_count == 1 else 's'}" + (f": {counted}." if counted else ".")
    ]
    topics = report.tables["topics"].rows[:3]
    if topics:
        sentences.append("The most common topics are " + and_words([t[0] for t in topics]) + ".")
    gaps = [row[0] for row in report.tables["needs"].rows if row[-1]]
    if gaps:
        sentences.append(
            f"{len(gaps)} thing{'' if len(gaps) == 1 else 's'} needed here "
            f"{'is' if len(gaps) == 1 else 'are'} not offered here: "
            + and_words(gaps[:6])
            + (f" and {len(gaps) - 6} more" if len(gaps) > 6 else "")
            + "."
        )
    unlocated = len(report.tables["unlocated"].rows)
    if unlocated:
        sentences.append(
            f"{unlocated} listing{'' if unlocated == 1 else 's'} "
            f"{'has' if unlocated == 1 else 'have'} no location, so "
            f"{'it is' if unlocated == 1 else 'they are'} not on the map."
        )
    return sentences
