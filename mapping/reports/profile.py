"""What a report says about an area (or the whole neighbourhood), built in a fixed few queries.

`build_report(area, title)` returns a Report: figures in words and the tables
(mapping.reports.tables.Table) the page shows, the print keeps and each CSV download holds.
Everything comes from public data: listings whose details the public may see, the served
network (which applies the visibility rule) and the stored matches.
"""

from dataclasses import dataclass, field

from wagtail import hooks

from directory.models import Listing
from mapping.geojson import kinds_by_content_type, site_root_paths, url_for
from mapping.reports.network import network_section
from mapping.reports.sections import (
    kinds_table,
    listings_table,
    offers_needs_table,
    projects_table,
    stories_table,
    topics_table,
    unlocated_table,
)
from mapping.reports.words import and_words, counted

GAPS_NAMED = 6


@dataclass
class Report:
    """A profile of one area (area_name is None for the whole neighbourhood)."""

    title: str
    area_name: str | None
    listing_count: int
    summary: list = field(default_factory=list)  # sentences about what is there
    network: list = field(default_factory=list)  # sentences about how it is connected
    tables: dict = field(default_factory=dict)  # slug → Table, in page order
    isolated: list = field(default_factory=list)  # isolated groups and who could reach them
    sections: list = field(default_factory=list)  # ReportSections other apps add, by hook


@dataclass
class ReportSection:
    """A section another app adds to reports (the research): a heading, sentences, tables."""

    slug: str
    heading: str
    sentences: list
    tables: list


def report_rows(listings, labels):
    """One dict per listing for the tables: id, title, url, kind, label, located, address.

    labels maps each kind to its label ("group" → "Group").
    """
    kinds, roots = kinds_by_content_type(), site_root_paths()
    rows = listings.order_by("title", "pk").values_list(
        "pk", "title", "url_path", "content_type_id", "latitude", "longitude", "address", "postcode"
    )
    return [
        {
            "id": pk,
            "title": name,
            "url": url_for(url_path, roots) or "",
            "kind": kinds[content_type],
            "kind_label": labels[kinds[content_type]],
            "located": latitude is not None and longitude is not None,
            "address": address,
            "postcode": postcode,
        }
        for pk, name, url_path, content_type, latitude, longitude, address, postcode in rows
    ]


def build_report(area, title):
    """The Report for an Area, or for every area when area is None."""
    listings = Listing.objects.publicly_detailed()
    if area is not None:
        listings = listings.filter(area=area)
    labels = {model.kind: model.kind_label for model in Listing.kinds()}
    rows = report_rows(listings, labels)
    report = Report(title=title, area_name=area.name if area else None, listing_count=len(rows))
    report.network, network_tables, report.isolated = network_section(rows, area, labels)
    for table in (
        kinds_table(rows),
        topics_table(listings),
        offers_needs_table(listings, whole=area is None),
        listings_table(rows),
        *network_tables,
        stories_table(listings, area),
        projects_table(listings),
        unlocated_table(rows),
    ):
        report.tables[table.slug] = table
    # Other apps' sections (`area_report_sections` hooks take the area, None for everywhere).
    for add_sections in hooks.get_hooks("area_report_sections"):
        for section in add_sections(area):
            report.sections.append(section)
            report.tables.update({table.slug: table for table in section.tables})
    report.summary = summary_sentences(report)
    return report


def summary_sentences(report):
    """What is there and what is missing, in words."""
    place = report.area_name or "The neighbourhood"
    singular = {model.kind_plural: model.kind_label for model in Listing.kinds()}
    kinds = [
        counted(count, singular[name].lower(), name.lower())
        for name, count in report.tables["kinds"].rows
        if count
    ]
    sentences = [
        f"{place} has {counted(report.listing_count, 'public listing')}"
        + (f": {', '.join(kinds)}." if kinds else ".")
    ]
    topics = [row[0] for row in report.tables["topics"].rows[:3]]
    if topics:
        most = "topic is" if len(topics) == 1 else "topics are"
        sentences.append(f"The most common {most} {and_words(topics)}.")
    gaps = [row[0] for row in report.tables["needs"].rows if row[-1]]
    if gaps:
        more = f" and {len(gaps) - GAPS_NAMED} more" if len(gaps) > GAPS_NAMED else ""
        verb = "is" if len(gaps) == 1 else "are"
        sentences.append(
            f"{counted(len(gaps), 'thing')} needed here {verb} offered by nobody here: "
            f"{and_words(gaps[:GAPS_NAMED])}{more}."
        )
    unlocated = len(report.tables["unlocated"].rows)
    if unlocated:
        verb, pronoun = ("has", "it is") if unlocated == 1 else ("have", "they are")
        sentences.append(
            f"{counted(unlocated, 'listing')} {verb} no location, so {pronoun} not on the map."
        )
    return sentences
