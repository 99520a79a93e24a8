"""What the research pages show: workshops, their findings, ideas and who would help.

Every listing named on these pages goes through the directory's visibility rule: a hidden
venue or group is left out, a network-only one is named without details.
"""

from django import forms
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from directory.visibility import public_view, public_views
from localcommons.forms import FilterForm
from localcommons.pagination import paginate, query_without
from research.models import (
    FindingKind,
    IdeaIndexPage,
    IdeaPage,
    IdeaStatus,
    IdeaSupport,
    WorkshopPage,
)


def with_supporters(ideas):
    """Ideas with supporter_count, their need, area and workshop read in the same query."""
    # Counted in a subquery per idea: joining the offers and grouping by every column of the
    # idea and its workshop took ten times as long (bench/research.py, 500 ideas).
    supporters = (
        IdeaSupport.objects.filter(idea=OuterRef("pk"))
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return ideas.select_related("need", "area", "workshop").annotate(
        supporter_count=Coalesce(Subquery(supporters), 0)
    )


def live_ideas(index):
    """The index's published ideas the public may see."""
    return IdeaPage.objects.live().public().child_of(index)


def research_index_context(index, request):
    """A page of workshops, newest first, and how many ideas are at each status."""
    workshops = (
        WorkshopPage.objects.live()
        .public()
        .child_of(index)
        .select_related("area")
        .annotate(finding_count=Count("findings"))
        .order_by("-date")
    )
    ideas_index = IdeaIndexPage.objects.live().public().child_of(index).first()
    by_status = {}
    if ideas_index:
        counts = live_ideas(ideas_index).order_by().values("status").annotate(n=Count("pk"))
        by_status = {row["status"]: row["n"] for row in counts}
    page_obj = paginate(request, workshops, index.page_size)
    return {
        "workshops": list(page_obj.object_list),
        "page_obj": page_obj,
        "query_without_page": query_without(request, "page"),
        "ideas_index": ideas_index,
        "ideas_by_status": [
            (value, label, by_status.get(value, 0)) for value, label in IdeaStatus.choices
        ],
    }


def workshop_context(workshop, request):
    """A workshop's venue, groups, findings (with their listings) and ideas."""
    findings = list(workshop.findings.select_related("tag", "listing"))
    named = public_views(
        [f.listing for f in findings if f.listing] + list(workshop.groups_taking_part.all()),
        request,
    )
    by_id = {view.id: view for view in named}
    for finding in findings:
        finding.public_listing = by_id.get(finding.listing_id)
    groups = [
        by_id[pk] for pk in workshop.groups_taking_part.values_list("pk", flat=True) if pk in by_id
    ]
    return {
        "venue": public_view(workshop.venue, request) if workshop.venue else None,
        "groups": groups,
        "needs_raised": [f for f in findings if f.kind == FindingKind.NEED],
        "assets_found": [f for f in findings if f.kind == FindingKind.ASSET],
        "ideas": list(with_supporters(workshop.ideas.live().public()).order_by("title")),
    }


class IdeaFilterForm(FilterForm):
    """Filter ideas by status; the value lives in the URL."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *IdeaStatus.choices]
    )


def idea_index_context(index, request):
    """The ideas, most supported first, filtered by status and paginated."""
    form = IdeaFilterForm(request.GET or None)
    filters = form.filters()
    ideas = with_supporters(live_ideas(index))
    if filters.get("status"):
        ideas = ideas.filter(status=filters["status"])
    page_obj = paginate(request, ideas.order_by("-supporter_count", "title"), index.page_size)
    return {
        "form": form,
        "page_obj": page_obj,
        "ideas": list(page_obj.object_list),
        "result_count": page_obj.paginator.count,
        "query_without_page": query_without(request, "page"),
        "new_idea_url": index.url + index.reverse_subpage("new"),
    }


def idea_context(idea, request):
    """An idea's supporters' count, where it came from, what it became, and the form."""
    from research.forms import SupportForm
    from stories.models import ProjectPage

    project = None
    if idea.project_id:
        project = ProjectPage.objects.live().public().filter(pk=idea.project_id).first()
    workshop = None
    if idea.workshop_id:
        workshop = WorkshopPage.objects.live().public().filter(pk=idea.workshop_id).first()
    return {
        "supporter_count": idea.supporters.count(),
        "workshop": workshop,
        "project": public_view(project, request) if project else None,
        "support_form": SupportForm(),
        "ideas_index": idea.get_parent(),
    }


def ideas_behind(project):
    """The published ideas a project grew from, with their supporters counted."""
    return list(with_supporters(IdeaPage.objects.live().public().filter(project=project)))
