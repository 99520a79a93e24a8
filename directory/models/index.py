"""The directory index: search and filters over every public listing."""

from functools import partial

from django.conf import settings
from django.db import models
from django.utils.functional import SimpleLazyObject
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from directory.search import DirectoryFilterForm, directory_page_of_cards
from localcommons.pagination import own_params, query_without


class DirectoryIndexPage(Page):
    """The directory at /directory/: search, filter and browse listings A–Z."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = [
        "directory.OrganisationPage",
        "directory.GroupPage",
        "directory.PlacePage",
        "directory.ActivityPage",
        "directory.PersonPage",
        "directory.AssetPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "directory"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Built only when the page's cached content, which varies on the directory's own
        # query parameters, is rendered again ({% wagtailpagecache %} in the template).
        context["results_key"] = self.query(request).urlencode()
        context["results"] = SimpleLazyObject(partial(self.results, request))
        return context

    @staticmethod
    def query(request):
        """The request's filters and page number, without any other parameter."""
        return own_params(request, [*DirectoryFilterForm.base_fields, "page"])

    def results(self, request):
        """The filter form, the page of matching cards and the links around them."""
        query = self.query(request)
        form = DirectoryFilterForm(query or None)
        page_obj, listings = directory_page_of_cards(request, form, settings.DIRECTORY_PAGE_SIZE)
        results = {
            "form": form,
            "page_obj": page_obj,
            "listings": listings,
            "result_count": page_obj.paginator.count,
            "letters": DirectoryFilterForm.LETTERS,
            "query_without_page": query_without(request, "page", params=query),
            "query_without_letter": query_without(request, "page", "letter", params=query),
        }
        # Other apps add their parts (a link to "Add your group") without being imported.
        for add_context in hooks.get_hooks("directory_page_context"):
            results.update(add_context(self, request))
        return results
