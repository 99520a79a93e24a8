"""Stories' part in other pages: on listing pages, on the home page, in the demo load."""

from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from localcommons import dates
from localcommons.pages import only_live_page
from localcommons.spreadsheets import NeutralisedExportMixin
from stories.browse import stories_featuring
from stories.models import GetInvolvedResponse


@hooks.register("listing_page_relations")
def stories_about_listing(listing, request):
    """The stories that feature a listing, for its page."""
    return {"featuring_stories": stories_featuring(listing)}


@hooks.register("listing_page_context")
def activity_calendar(listing, request):
    """An activity's next session and its iCal feed, for its page."""
    from directory.models import ActivityPage
    from stories.models import WhatsOnPage

    if not isinstance(listing, ActivityPage):
        return {}
    whats_on = only_live_page(WhatsOnPage, public=True)
    next_session = listing.next_session(dates.today())
    return {
        "whats_on_page": whats_on,
        "next_session": next_session,
        "activity_calendar_url": (
            whats_on.calendar_url(listing, request) if whats_on and next_session else ""
        ),
    }


@hooks.register("home_page_context")
def latest_stories(home_page, request):
    """The three newest stories, for the home page."""
    from stories.models import StoryIndexPage

    index = only_live_page(StoryIndexPage)
    return {"story_index": index, "latest_stories": list(index.stories()[:3]) if index else []}


@hooks.register("home_page_context")
def on_today(home_page, request):
    """Today's first few sessions, for the home page."""
    from stories.models import WhatsOnPage
    from stories.whats_on import sessions_on

    whats_on = only_live_page(WhatsOnPage, public=True)
    return {"whats_on_page": whats_on, "sessions_today": sessions_on(limit=5) if whats_on else []}


@hooks.register("load_demo_data", order=1)
def load_demo_projects():
    """Load the demo projects after the listings they connect to."""
    from stories.demo import load_projects

    return "projects", load_projects()


@hooks.register("load_demo_data", order=2)
def load_demo_stories():
    """Load the demo stories after the listings and projects they feature."""
    from stories.demo import load_stories

    return "stories", load_stories()


@hooks.register("load_demo_data", order=3)
def load_demo_whats_on():
    """Add the What's on page; the activities' sessions come with the listings."""
    from directory.demo import LoadReport
    from stories.demo import ensure_whats_on
    from stories.models import WhatsOnPage

    existed = WhatsOnPage.objects.exists()
    ensure_whats_on()
    return "what's on page", LoadReport(created=int(not existed), kept=int(existed))


class GetInvolvedResponseIndexView(NeutralisedExportMixin, SnippetIndexView):
    """The offers of help, listed and exported with no cell a spreadsheet would run."""


class GetInvolvedResponseViewSet(SnippetViewSet):
    """Offers of help, for the organisers of the projects they are about; exportable."""

    model = GetInvolvedResponse
    index_view_class = GetInvolvedResponseIndexView
    icon = "group"
    menu_label = "Offers of help"
    add_to_admin_menu = True
    list_display = ["name", "email", "project", "help_summary", "consent", "created_at"]
    list_filter = ["project"]
    list_export = ["created_at", "project", "name", "email", "help_summary", "consent"]
    export_filename = "offers-of-help"
    ordering = ["-created_at"]

    def get_queryset(self, request):
        # Editors see offers for the projects they may edit; nobody else's volunteers.
        projects = PagePermissionPolicy().instances_user_has_any_permission_for(
            request.user, ["change"]
        )
        return GetInvolvedResponse.objects.filter(project__in=projects).select_related("project")


register_snippet(GetInvolvedResponseViewSet)
