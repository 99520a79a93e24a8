"""The opportunities page: its filters, what is needed, the matches, and the gaps."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber

from directory.models import Area, Listing, ResourceTag
from localcommons.forms import FilterForm
from localcommons.pagination import paginate, query_without
from mapping.opportunities.serve import needs_with_matches, public_needs

GAP_NAMES_SHOWN = 10


class OpportunityFilterForm(FilterForm):
    """Filters on who has the need; values live in the URL so a view can be shared."""

    need = forms.ChoiceField(label="What is needed", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    kind = forms.ChoiceField(label="Who needs it", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needed = ResourceTag.objects.filter(pk__in=public_needs().values("tag"))
        self.fields["need"].choices = [("", "Everything")] + list(
            needed.order_by("name").values_list("slug", "name")
        )
        self.fields["area"].choices = [("", "All areas")] + list(
            Area.objects.order_by("name").values_list("slug", "name")
        )
        self.fields["kind"].choices = [("", "Anyone")] + [
            (model.kind, model.kind_plural) for model in Listing.kinds()
        ]


def filtered_needs(filters):
    """The public needs the filters select."""
    needs = public_needs()
    if filters.get("need"):
        needs = needs.filter(tag__slug=filters["need"])
    if filters.get("area"):
        needs = needs.filter(listing__area__slug=filters["area"])
    if filters.get("kind"):
        model = next(m for m in Listing.kinds() if m.kind == filters["kind"])
        needs = needs.filter(listing__content_type=ContentType.objects.get_for_model(model))
    return needs


def needed_things(needs):
    """Each thing needed: its name, slug, how many need it and how many offer it."""
    return list(
        needs.values(name=F("tag__name"), slug=F("tag__slug"))
        .annotate(needed_by=Count("pk"), offered_by=Max("offered_by"))
        .order_by("-needed_by", "name")
    )


def gaps(needs):
    """[(thing, [listing titles and urls])]: needs nobody offers, with who has them."""
    rows = (
        needs.filter(offered_by=0)
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("tag")], order_by=[F("listing__title").asc()]
            )
        )
        .filter(position__lte=GAP_NAMES_SHOWN)
        .select_related("listing", "tag")
        .order_by("tag__name", "listing__title")
    )
    grouped = {}
    for need in rows:
        grouped.setdefault(need.tag.slug, []).append(need.listing)
    return grouped


def opportunities_page_context(page, request):
    """The filters, the summary of needs, a page of needs with their matches, and the gaps."""
    form = OpportunityFilterForm(request.GET or None)
    filters = form.filters()
    needs = filtered_needs(filters)
    things = needed_things(needs)
    named_gaps = gaps(needs)
    for thing in things:
        thing["gap_listings"] = named_gaps.get(thing["slug"], [])
        thing["more"] = (
            thing["needed_by"] - len(thing["gap_listings"]) if thing["gap_listings"] else 0
        )
    matched = (
        needs.filter(offered_by__gt=0)
        .select_related("listing__area", "tag")
        .order_by("tag__name", "listing__title", "pk")
    )
    page_obj = paginate(request, matched, page.page_size)
    return {
        "form": form,
        "filters": filters,
        "things": things,
        "gap_things": [thing for thing in things if not thing["offered_by"]],
        "page_obj": page_obj,
        "needs": needs_with_matches(page_obj.object_list, request),
        "query_without_page": query_without(request, "page"),
    }
