"""Load the demo neighbourhood's stories; a second run changes nothing."""

import datetime
import json

from django.db import transaction
from django.utils.html import escape
from wagtail.rich_text import RichText

from directory.demo import (
    DEMO_DIR,
    LoadReport,
    apply_element,
    check_connections,
    demo_areas,
    demo_connections,
    ensure_child_page,
    ensure_site,
    read_csv,
    unique_slug,
)
from directory.models import Connection, Listing, RelationType
from stories.models import (
    ProjectIndexPage,
    ProjectOutcome,
    ProjectPage,
    StoryFeaturedListing,
    StoryIndexPage,
    StoryPage,
    WhatsOnPage,
)
from stories.models.project import ProjectStatus

PROJECTS_INTRO = (
    "What people in Brickfield are working on together, from first ideas to finished "
    "projects, and where you can help."
)
WHATS_ON_INTRO = (
    "Regular clubs, classes, sessions and drop-ins in Brickfield this week and next. Add "
    "them to your own calendar, or check an activity's page before you go."
)
STORIES_INTRO = (
    "What happens when people in Brickfield get together: stories told by residents, "
    "volunteers and the groups they run."
)


def ensure_story_index():
    """The story index under the home page."""
    home, _directory = ensure_site()
    return ensure_child_page(
        home, StoryIndexPage, title="Stories", slug="stories", intro=STORIES_INTRO
    )


def ensure_whats_on():
    """The What's on page under the home page."""
    home, _directory = ensure_site()
    return ensure_child_page(
        home, WhatsOnPage, title="What's on", slug="whats-on", intro=WHATS_ON_INTRO
    )


def _body(paragraphs, has_places):
    blocks = [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in paragraphs]
    if has_places:
        blocks.append(("places_map", {"heading": "Where this happens"}))
    return blocks


@transaction.atomic
def load_stories(path=None):
    """Add the demo stories that are missing (matched on slug); existing ones are left alone."""
    index = ensure_story_index()
    with open(path or DEMO_DIR / "stories.json", encoding="utf-8") as handle:
        rows = json.load(handle)
    listing_ids = dict(Listing.objects.values_list("external_id", "pk"))
    existing = set(StoryPage.objects.child_of(index).values_list("slug", flat=True))
    report = LoadReport()
    for row in rows:
        if row["slug"] in existing:
            report.kept += 1
            continue
        # Features not loaded yet (projects come with their own pages) are skipped.
        featured = [listing_ids[fid] for fid in row["features"] if fid in listing_ids]
        story = StoryPage(
            title=row["title"],
            slug=row["slug"],
            date=datetime.date.fromisoformat(row["date"]),
            summary=row["summary"],
            location=row["location"] or "",
            body=_body(row["body"], has_places=bool(featured)),
            live=False,
        )
        story.tags.set(row["tags"])
        story.featured_listings = [StoryFeaturedListing(listing_id=pk) for pk in featured]
        index.add_child(instance=story)
        story.save_revision().publish()
        report.created += 1
    return report


def ensure_project_index():
    """The project index under the home page."""
    home, _directory = ensure_site()
    return ensure_child_page(
        home, ProjectIndexPage, title="Projects", slug="projects", intro=PROJECTS_INTRO
    )


def _new_project(row, detail, areas, taken_slugs):
    project = ProjectPage(
        slug=unique_slug(row["Label"], taken_slugs),
        external_id=row["ID"],
        live=False,
        status=detail.get("status") or ProjectStatus.IDEA,
        start_date=_date(detail.get("start_date")),
        end_date=_date(detail.get("end_date")),
        body=_body(detail.get("body", []), has_places=False),
    )
    apply_element(project, row, areas)
    project.summary = detail.get("summary") or project.summary
    if detail.get("needs"):
        project.needs.set(detail["needs"])
    project.outcomes = [ProjectOutcome(statement=text) for text in detail.get("outcomes", [])]
    return project


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


@transaction.atomic
def load_projects(elements_path=None, connections_path=None, projects_path=None):
    """Add the demo projects that are missing, with their partners and connections."""
    index = ensure_project_index()
    elements = [
        row
        for row in read_csv(elements_path or DEMO_DIR / "elements.csv")
        if row["Type"].strip() == ProjectPage.kind_label
    ]
    with open(projects_path or DEMO_DIR / "projects.json", encoding="utf-8") as handle:
        details = {project["id"]: project for project in json.load(handle)}
    connection_rows = read_csv(connections_path or DEMO_DIR / "connections.csv")
    targets = dict(Listing.objects.values_list("external_id", "pk"))
    areas = demo_areas(elements)
    taken_slugs = set(index.get_children().values_list("slug", flat=True))
    report, created = LoadReport(), {}
    for row in elements:
        if row["ID"] in targets:
            report.kept += 1
            continue
        project = _new_project(row, details.get(row["ID"], {}), areas, taken_slugs)
        project.full_clean(exclude=["path", "depth", "slug"])
        index.add_child(instance=project)
        created[row["ID"]] = project
        targets[row["ID"]] = project.pk

    outgoing = demo_connections(connection_rows, created, targets)
    partners_with = RelationType.objects.filter(name="partners with").first()
    linked = {(row["From"], row["To"]) for row in connection_rows}
    for external_id, project in created.items():
        connections = outgoing[external_id]
        # A partner named in projects.json with no connection yet becomes one.
        for partner in details.get(external_id, {}).get("partners", []):
            known = (external_id, partner) in linked or (partner, external_id) in linked
            if partner in targets and not known and partners_with:
                connections.append(
                    Connection(target_id=targets[partner], relation_type=partners_with)
                )
        check_connections(project, external_id, connections)
        project.connections = connections
        project.save_revision().publish()
        report.created += 1
    _add_incoming(connection_rows, created, targets)
    return report


def _add_incoming(rows, created, targets):
    """Connections from listings already there to the projects just created."""
    incoming = {}
    for row in rows:
        if row["To"] in created and row["From"] not in created and row["From"] in targets:
            incoming.setdefault(row["From"], []).append(row)
    for source_id, source_rows in incoming.items():
        source = Listing.objects.get(pk=targets[source_id]).specific
        new = demo_connections(source_rows, {source_id: source}, targets)[source_id]
        connections = [*source.connections.all(), *new]
        check_connections(source, source_id, connections)
        source.connections = connections
        source.save_revision().publish()
