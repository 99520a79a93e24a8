"""Admin wiring for the directory: snippets, the listings view and home page figures."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.models import Area, Listing, RelationType
from directory.visibility import Visibility
from localcommons.pages import only_live_page


class ListingFilterSet(WagtailFilterSet):
    """Find listings by kind, area, visibility and whether they have a location."""

    kind = django_filters.ChoiceFilter(label="Kind", method="filter_kind", empty_label="All kinds")
    area = django_filters.ModelChoiceFilter(queryset=Area.objects.all(), empty_label="All areas")
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, empty_label="Any")
    has_location = django_filters.BooleanFilter(
        label="Has a location", field_name="latitude", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Listing
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = [(m.kind, m.kind_label) for m in Listing.kinds()]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(pk__in=Listing.objects.of_kinds([value]).values("pk"))


class ListingViewSet(PageListingViewSet):
    """Every listing in one flat, filterable list."""

    model = Listing
    icon = "list-ul"
    menu_label = "Listings"
    menu_order = 150
    add_to_admin_menu = True
    name = "listings"
    filterset_class = ListingFilterSet


@hooks.register("register_admin_viewset")
def register_listing_viewset():
    return ListingViewSet()


class AreaViewSet(SnippetViewSet):
    """Wards and neighbourhoods."""

    model = Area
    icon = "site"
    list_display = ["name", "kind"]
    search_fields = ["name"]


class RelationTypeViewSet(SnippetViewSet):
    """The controlled list of connection types."""

    model = RelationType
    icon = "link"
    menu_label = "Relation types"
    list_display = ["name", "reverse_name", "direction"]
    search_fields = ["name"]


class DirectorySnippets(SnippetViewSetGroup):
    """The directory's vocabularies, grouped in one admin menu."""

    items = (AreaViewSet, RelationTypeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Vocabularies"
    menu_name = "vocabularies"


register_snippet(DirectorySnippets)


@hooks.register("home_page_context")
def directory_figures(home_page, request):
    """Counts by kind and a link into the directory, for the home page."""
    from django.db.models import Count

    from directory.models import DirectoryIndexPage

    counts = dict(
        Listing.objects.publicly_detailed()
        .order_by()
        .values_list("content_type")
        .annotate(n=Count("pk"))
        .values_list("content_type", "n")
    )
    kinds = [
        (model, counts.get(ContentType.objects.get_for_model(model).pk, 0))
        for model in Listing.kinds()
    ]
    return {
        "kind_counts": [(model, n) for model, n in kinds if n],
        "directory_page": only_live_page(DirectoryIndexPage),
    }
