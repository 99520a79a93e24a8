"""The admin's research overview and the "Adopt as a project" action on ideas."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from research.ideas import adopt_idea
from research.models import IdeaPage, IdeaStatus, ResearchIndexPage
from research.overview import overview_sentences, overview_tables


def can_see_overview(user):
    """Whoever may edit the research pages: researchers, facilitators, moderators."""
    research = ResearchIndexPage.objects.first()
    return research is not None and research.permissions_for_user(user).can_edit()


def overview(request):
    """Needs by how often and where they were raised, ideas by status, workshops by area."""
    if not can_see_overview(request.user):
        raise PermissionDenied
    tables = overview_tables()
    context = {
        "page_title": "Research overview",
        "header_icon": "doc-full",
        "sentences": overview_sentences(tables),
        "tables": tables,
    }
    return TemplateResponse(request, "research/admin/overview.html", context)


def can_adopt(idea, user):
    """Publishing a project and the idea both: moderators (and administrators)."""
    from stories.models import ProjectIndexPage

    projects = ProjectIndexPage.objects.first()
    return (
        projects is not None
        and idea.live
        and idea.status != IdeaStatus.ADOPTED
        and projects.permissions_for_user(user).can_publish_subpage()
        and idea.permissions_for_user(user).can_publish()
    )


def adopt(request, idea_id):
    """Confirm, then make the idea a project at status "idea" and open it for editing."""
    idea = get_object_or_404(IdeaPage, pk=idea_id)
    if not can_adopt(idea, request.user):
        raise PermissionDenied
    if request.method == "POST":
        project, supporters = adopt_idea(idea, request.user)
        messages.success(
            request,
            f"“{idea.title}” is now a project, with its need and area. "
            f"{supporters} {'person' if supporters == 1 else 'people'} offered to help: "
            "see Ideas → Offers to help.",
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[project.pk]))
    context = {
        "page_title": f"Adopt “{idea.title}” as a project",
        "header_icon": "doc-full",
        "idea": idea,
        "supporters": idea.supporters.count(),
    }
    return TemplateResponse(request, "research/admin/adopt.html", context)
