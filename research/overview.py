"""The research in figures: needs by how often and where raised, ideas by status, workshops.

One shape for the admin's research overview and the area reports' "What residents raised"
section. Only published workshops and ideas count: what the public can read is what the
figures describe.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from mapping.reports.profile import ReportSection
from mapping.reports.tables import Table
from mapping.reports.words import and_words, counted
from research.models import FindingKind, IdeaPage, IdeaStatus, WorkshopFinding, WorkshopPage

ELSEWHERE = "No area given"


@dataclass
class RaisedNeed:
    """A need, how many times workshops raised it, at how many, and in which areas."""

    name: str
    slug: str
    times: int
    workshops: int
    areas: list


def published_workshops(area=None):
    workshops = WorkshopPage.objects.live().public()
    return workshops.filter(area=area) if area is not None else workshops


def published_ideas(area=None):
    ideas = IdeaPage.objects.live().public()
    return ideas.filter(area=area) if area is not None else ideas


def needs_raised(area=None):
    """RaisedNeeds from published workshops' findings, most often raised first."""
    rows = WorkshopFinding.objects.filter(
        kind=FindingKind.NEED, tag__isnull=False, workshop__in=published_workshops(area)
    ).values_list("tag__name", "tag__slug", "workshop_id", "workshop__area__name")
    times, workshops, areas = defaultdict(int), defaultdict(set), defaultdict(set)
    for name, slug, workshop, area_name in rows:
        times[(name, slug)] += 1
        workshops[(name, slug)].add(workshop)
        areas[(name, slug)].add(area_name or ELSEWHERE)
    needs = [
        RaisedNeed(*key, count, len(workshops[key]), sorted(areas[key]))
        for key, count in times.items()
    ]
    return sorted(needs, key=lambda need: (-need.times, need.name.lower()))


def ideas_by_status(area=None):
    """(status label, count) for every status, in the order ideas move through them."""
    counts = dict(published_ideas(area).order_by().values_list("status").annotate(n=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in IdeaStatus.choices]


def workshops_by_area(area=None):
    """(area name, workshops, people taking part, latest date), busiest area first."""
    rows = (
        published_workshops(area)
        .values("area__name")
        .annotate(n=Count("pk"), people=Sum("participants"), latest=Max("date"))
        .order_by("-n", "area__name")
    )
    return [
        (row["area__name"] or ELSEWHERE, row["n"], row["people"] or 0, row["latest"])
        for row in rows
    ]


def overview_tables(area=None):
    """The three tables, as report Tables (so they print and download like the others)."""
    needs = Table(
        "raised-needs",
        "Needs raised at workshops",
        ["Need", "Times raised", "Workshops", "Where"],
        note="From the needs and challenges recorded at published workshops.",
    )
    for need in needs_raised(area):
        needs.add([need.name, need.times, need.workshops, ", ".join(need.areas)])
    ideas = Table("ideas", "Ideas by status", ["Status", "Ideas"])
    for label, count in ideas_by_status(area):
        ideas.add([label, count])
    workshops = Table(
        "workshops", "Workshops by area", ["Area", "Workshops", "People taking part", "Latest"]
    )
    for name, count, people, latest in workshops_by_area(area):
        workshops.add([name, count, people, latest.strftime("%-d %B %Y") if latest else ""])
    return [needs, ideas, workshops]


def overview_sentences(tables, area_name=None):
    """What the research found, in words."""
    needs, ideas, workshops = tables
    held = sum(row[1] for row in workshops.rows)
    if not held:
        return [f"No workshops have been held{' in ' + area_name if area_name else ''} yet."]
    sentences = [
        f"{counted(held, 'workshop')} {'was' if held == 1 else 'were'} held"
        f"{' in ' + area_name if area_name else ''}, with "
        f"{counted(sum(row[2] for row in workshops.rows), 'person', 'people')} taking part."
    ]
    top = [row[0] for row in needs.rows[:3]]
    if top:
        sentences.append(f"The needs raised most often were {and_words(top)}.")
    counts = {label: count for label, count in ideas.rows}
    total = sum(counts.values())
    if total:
        sentences.append(
            f"{counted(total, 'idea')} so far; "
            f"{counts[IdeaStatus.ADOPTED.label]} adopted as "
            f"{'a project' if counts[IdeaStatus.ADOPTED.label] == 1 else 'projects'}."
        )
    return sentences


def report_section(area):
    """The "What residents raised" section of an area's (or the neighbourhood's) report."""
    tables = overview_tables(area)
    return [
        ReportSection(
            slug="research",
            heading="What residents raised",
            sentences=overview_sentences(tables, area.name if area else None),
            tables=tables,
        )
    ]
