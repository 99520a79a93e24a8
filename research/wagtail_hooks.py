"""Admin wiring for the research: conversations, offers to help, the overview, adoption;
and the research's part in other pages (opportunities, reports, projects, the demo)."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django_comments_xtd.models import XtdComment
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from moderation.permissions import ArrivesFromThePublic
from research.models import IdeaSubmission, IdeaSupport


@hooks.register("load_demo_data", order=8)
def load_demo_research():
    """Add the research page, three workshops, ideas, supporters and conversations."""
    from research.demo import load_demo_research

    return "research", load_demo_research()


@hooks.register("opportunity_inputs")
def workshop_needs_and_assets():
    """Needs and assets recorded at published workshops take part in the matching."""
    from research.opportunities import finding_pairs

    return finding_pairs()


@hooks.register("area_report_sections")
def research_in_reports(area):
    """Every report says what residents raised at workshops in its area."""
    from research.overview import report_section

    return report_section(area)


@hooks.register("page_sections")
def conversation(page, request):
    """A conversation under every story, project, idea and workshop the public may read."""
    from research.conversations.section import render_conversation

    return render_conversation(page, request)


@hooks.register("page_sections")
def ideas_behind_project(page, request):
    """A project adopted from ideas says which, and how many people offered to help."""
    from research.browse import ideas_behind
    from stories.models import ProjectPage

    if not isinstance(page, ProjectPage):
        return ""
    ideas = ideas_behind(page)
    if not ideas:
        return ""
    return render_to_string("research/includes/ideas_behind.html", {"ideas": ideas}, request)


# Offers to help and idea submissions come only from the public forms.
register_permission_policy(IdeaSupport, ArrivesFromThePublic(IdeaSupport))
register_permission_policy(IdeaSubmission, ArrivesFromThePublic(IdeaSubmission))


class IdeaSupportViewSet(ModelViewSet):
    """Who said "I'd help with this": for organisers to contact, never public."""

    model = IdeaSupport
    icon = "group"
    menu_label = "Offers to help"
    list_display = ["name", "email", "idea", "created_at"]
    list_filter = ["idea"]
    form_fields = ["name", "email"]
    inspect_view_enabled = True
    copy_view_enabled = False


class IdeaSubmissionViewSet(ModelViewSet):
    """Who sent each idea through the public form: for moderators to reply to."""

    model = IdeaSubmission
    icon = "mail"
    menu_label = "Idea submissions"
    list_display = ["idea", "name", "email", "submitted_at"]
    form_fields = ["name", "email"]
    inspect_view_enabled = True
    copy_view_enabled = False


class ConversationViewSet(ModelViewSet):
    """Residents' comments: held ones wait here for a moderator to approve or remove."""

    model = XtdComment
    icon = "comment"
    menu_label = "Comments"
    list_display = ["user_name", "content_object", "submit_date", "is_public", "is_removed"]
    list_filter = ["is_public", "is_removed"]
    ordering = ["is_public", "-submit_date"]
    inspect_view_enabled = True
    inspect_view_fields = ["user_name", "comment", "submit_date", "is_public", "is_removed"]
    copy_view_enabled = False
    add_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("comment", read_only=True, heading="Comment"),
            FieldPanel("is_public", heading="Approved: shown on the site"),
            FieldPanel("is_removed", heading="Removed: hidden, kept for the record"),
        ]
    )

    def get_queryset(self, request):
        # Each row names its page.
        return self.model.objects.select_related("content_type").prefetch_related("content_object")


class ResearchViewSetGroup(ViewSetGroup):
    """The research's admin menu: comments, offers to help, idea submissions."""

    menu_label = "Research"
    menu_icon = "comment"
    menu_order = 175
    items = (
        ConversationViewSet("conversations"),
        IdeaSupportViewSet("idea_supporters"),
        IdeaSubmissionViewSet("idea_submissions"),
    )


@hooks.register("register_admin_viewset")
def register_research_viewsets():
    return ResearchViewSetGroup()


@hooks.register("register_admin_urls")
def research_admin_urls():
    from research import admin_views

    return [
        path("research/overview/", admin_views.overview, name="research_overview"),
        path("research/ideas/<id:idea_id>/adopt/", admin_views.adopt, name="research_adopt"),
    ]


class OverviewMenuItem(MenuItem):
    """Shown to whoever may edit the research pages."""

    def is_shown(self, request):
        from research.admin_views import can_see_overview

        return can_see_overview(request.user)


@hooks.register("register_reports_menu_item")
def research_overview_menu_item():
    return OverviewMenuItem(
        "Research overview", reverse("research_overview"), icon_name="doc-full", order=900
    )


def adopt_button(page, user):
    """ "Adopt as a project", for an idea a moderator may adopt."""
    from research.admin_views import can_adopt
    from research.models import IdeaPage

    page = page.specific_deferred
    if isinstance(page, IdeaPage) and can_adopt(page, user):
        yield Button(
            "Adopt as a project",
            reverse("research_adopt", args=[page.pk]),
            icon_name="doc-full",
            priority=15,
        )


@hooks.register("register_page_header_buttons")
def adopt_header_button(page, user, view_name=None, next_url=None):
    yield from adopt_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def adopt_listing_button(page, user, next_url=None):
    yield from adopt_button(page, user)


class WaitingCommentsPanel(Component):
    """On the dashboard, for moderators: how many comments wait, and where to read them."""

    name = "waiting_comments"
    order = 140

    def render_html(self, parent_context=None):
        waiting = XtdComment.objects.filter(is_public=False, is_removed=False).count()
        return render_to_string(
            "research/admin/waiting_comments_panel.html",
            {"waiting": waiting, "url": reverse("conversations:index") + "?is_public=false"},
        )


@hooks.register("construct_homepage_panels")
def add_waiting_comments_panel(request, panels):
    if request.user.has_perm("django_comments_xtd.change_xtdcomment"):
        panels.append(WaitingCommentsPanel())
