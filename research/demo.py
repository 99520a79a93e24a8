"""Load the demo neighbourhood's research: workshops, ideas, offers to help, comments.

A second run changes nothing: whatever already exists (by slug, or the same comment on the
same page) is left as it is.
"""

import datetime
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django_comments_xtd.models import XtdComment
from wagtail.rich_text import RichText

from directory.demo import DEMO_DIR, LoadReport, ensure_child_page, ensure_site
from directory.models import Area, Listing, ResourceTag
from research.conversations.threads import on_page
from research.models import (
    IdeaIndexPage,
    IdeaPage,
    IdeaSupport,
    ResearchIndexPage,
    WorkshopFinding,
    WorkshopPage,
)
from stories.models import ProjectPage, StoryPage

RESEARCH_INTRO = (
    "What residents told us at workshops: what Brickfield needs, what it already has, and "
    "the ideas that came out of it."
)
IDEAS_INTRO = (
    "Ideas for Brickfield, raised at workshops or sent by residents. Say if you would help "
    "with one: enough helpers and an idea can become a project."
)
IDEAS_FORM_INTRO = (
    "A good idea says what would happen, who it would help and what it would take. It does "
    "not need to be finished: others can add to it."
)


def read_research(path=None):
    return json.loads((path or DEMO_DIR / "research.json").read_text(encoding="utf-8"))


def ensure_research_pages():
    """The research page and its ideas page."""
    home, _directory = ensure_site()
    research = ensure_child_page(
        home, ResearchIndexPage, title="Research", slug="research", intro=RESEARCH_INTRO
    )
    ideas = ensure_child_page(
        research,
        IdeaIndexPage,
        title="Ideas",
        slug="ideas",
        intro=IDEAS_INTRO,
        form_intro=IDEAS_FORM_INTRO,
    )
    return research, ideas


def _tag(name):
    if not name:
        return None
    return ResourceTag.objects.filter(name=name).first() or ResourceTag.objects.create(name=name)


def _listings(external_ids):
    found = Listing.objects.filter(external_id__in=[i for i in external_ids if i])
    return {listing.external_id: listing for listing in found}


def _new_workshop(row, areas):
    listings = _listings([row["venue"], *row["groups"], *(f[3] for f in row["findings"])])
    workshop = WorkshopPage(
        title=row["title"],
        slug=row["slug"],
        date=datetime.date.fromisoformat(row["date"]),
        venue=listings.get(row["venue"]),
        area=areas.get(row["area"]),
        facilitator=row["facilitator"],
        participants=row["participants"],
        summary=row["summary"],
        notes=[("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in row["notes"]],
    )
    workshop.groups_taking_part = [listings[i] for i in row["groups"] if i in listings]
    workshop.findings = [
        WorkshopFinding(kind=kind, text=text, tag=_tag(tag), listing=listings.get(listing))
        for kind, text, tag, listing in row["findings"]
    ]
    return workshop


def _new_idea(row, areas, workshops):
    idea = IdeaPage(
        title=row["title"],
        slug=row["slug"],
        description=row["description"],
        need=_tag(row["need"]),
        area=areas.get(row["area"]),
        workshop=workshops.get(row["workshop"]),
        status=row["status"],
    )
    if row.get("project"):
        idea.project = ProjectPage.objects.filter(external_id=row["project"]).first()
    return idea


def _add_comments(rows, pages):
    """The demo's comments, approved or held; one already there is not added again."""
    added = 0
    for row in rows:
        page = pages.get(row["page"])
        if page is None or on_page(page).filter(comment=row["text"]).exists():
            continue
        XtdComment.objects.create(
            content_object=page,
            site_id=settings.SITE_ID,
            user_name=row["name"],
            user_email=row["email"],
            comment=row["text"],
            submit_date=timezone.now(),
            is_public=row["public"],
        )
        added += 1
    return added


@transaction.atomic
def load_demo_research(path=None):
    """Create the demo's research pages that are missing, and publish them."""
    data = read_research(path)
    report = LoadReport()
    research, ideas_index = ensure_research_pages()
    areas = {area.name: area for area in Area.objects.all()}

    workshops = {w.slug: w for w in WorkshopPage.objects.all()}
    for row in data["workshops"]:
        if row["slug"] in workshops:
            report.kept += 1
            continue
        workshop = research.add_child(instance=_new_workshop(row, areas))
        workshop.save_revision().publish()
        workshops[row["slug"]] = workshop
        report.created += 1

    ideas = {i.slug: i for i in IdeaPage.objects.all()}
    for row in data["ideas"]:
        if row["slug"] in ideas:
            report.kept += 1
            continue
        idea = ideas_index.add_child(instance=_new_idea(row, areas, workshops))
        idea.save_revision().publish()
        IdeaSupport.objects.bulk_create(
            [IdeaSupport(idea=idea, name=name, email=email) for name, email in row["supporters"]]
        )
        ideas[row["slug"]] = idea
        report.created += 1

    pages = {f"workshop:{slug}": page for slug, page in workshops.items()}
    pages |= {f"idea:{slug}": page for slug, page in ideas.items()}
    pages |= {f"story:{story.slug}": story for story in StoryPage.objects.all()}
    report.created += _add_comments(data["comments"], pages)
    return report
