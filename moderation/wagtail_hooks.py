"""Admin wiring for moderation: the suggestions queue, submissions, and public links."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from localcommons.pages import only_live_page
from moderation.models import ListingSubmission, Suggestion
from moderation.permissions import ArrivesFromThePublic

# Registered before the viewsets below ask for their policies.
register_permission_policy(Suggestion, ArrivesFromThePublic(Suggestion))
register_permission_policy(ListingSubmission, ArrivesFromThePublic(ListingSubmission))


@hooks.register("listing_page_context")
def suggestion_links(listing, request):
    """Every public listing page offers "Suggest a change" and "Suggest a connection"."""
    return {
        "suggest_change_url": reverse("suggest_change", args=[listing.pk]),
        "suggest_connection_url": reverse("suggest_connection", args=[listing.pk]),
    }


@hooks.register("suggest_connection_url")
def suggest_connection_between(listing_id, other_id):
    """Opportunities link a need and an offer to "Suggest a connection", the other chosen."""
    return f"{reverse('suggest_connection', args=[listing_id])}?with={other_id}"


@hooks.register("directory_page_context")
def add_listing_link(directory, request):
    """The directory points groups that are missing to "Add your group"."""
    from moderation.models import AddListingPage

    return {"add_listing_page": only_live_page(AddListingPage, public=True)}


@hooks.register("load_demo_data", order=6)
def load_demo_add_listing_page():
    """Add the "Add your group" page."""
    from directory.demo import LoadReport
    from moderation.demo import ensure_add_listing_page
    from moderation.models import AddListingPage

    existed = AddListingPage.objects.exists()
    ensure_add_listing_page()
    return "add-your-group page", LoadReport(created=int(not existed), kept=int(existed))


class SuggestionViewSet(SnippetViewSet):
    """Residents' suggestions: each waits for approval in the workflow, then is applied."""

    model = Suggestion
    icon = "comment"
    menu_label = "Suggestions"
    add_to_admin_menu = True
    menu_order = 160
    list_display = ["__str__", "kind", "name", "created_at", "outcome"]
    list_filter = ["kind"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        # Each row names the listing, the relation and the other listing.
        return Suggestion.objects.select_related("listing", "relation_type", "other_listing")


register_snippet(SuggestionViewSet)


class ListingSubmissionViewSet(ModelViewSet):
    """Who sent each "Add your group" listing: for moderators to reply to, never public."""

    model = ListingSubmission
    icon = "mail"
    menu_label = "Group submissions"
    add_to_admin_menu = True
    menu_order = 170
    list_display = ["listing", "name", "email", "phone", "submitted_at", "told_live_at"]
    inspect_view_enabled = True
    form_fields = ["name", "email", "phone"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return ListingSubmissionViewSet("group_submissions")
