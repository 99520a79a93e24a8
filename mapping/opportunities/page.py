"""The opportunities page: its filters, what is needed, the matches, and the gaps."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber

from directory.models import Area, Listing, ResourceTag
from localcommons.cache import cached
from localcommons.forms import FilterForm
from localcommons.pagination import paginate_cached, query_without
from mapping.geojson import site_root_paths, url_for
from mapping.opportunities.serve import helping_matches, present_needs, public_needs

GAP_NAMES_SHOWN = 10


class OpportunityFilterForm(FilterForm):
    """Filters on who has the need; values live in the URL so a view can be shared."""

    need = forms.ChoiceField(label="What is needed", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    kind = forms.ChoiceField(label="Who needs it", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Everything")] + cached(
            "mapping:opportunity-choices", {}, needed_choices
        )
        self.fields["area"].choices = [("", "All areas")] + list(
            Area.objects.order_by("name").values_list("slug", "name")
        )
        self.fields["kind"].choices = [("", "Anyone")] + [
            (model.kind, model.kind_plural) for model in Listing.kinds()
        ]


def needed_choices():
    """(slug, name) of everything a public listing needs, by name."""
    needed = ResourceTag.objects.filter(pk__in=public_needs().values("tag"))
    return list(needed.order_by("name").values_list("slug", "name"))


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
    """{thing's slug: [{title, url}]}: needs nobody offers, with the first few who have them."""
    rows = (
        needs.filter(offered_by=0)
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("tag")], order_by=[F("listing__title").asc()]
            )
        )
        .filter(position__lte=GAP_NAMES_SHOWN)
        .order_by("tag__name", "listing__title")
        .values_list("tag__slug", "listing__title", "listing__url_path")
    )
    roots = site_root_paths()
    grouped = {}
    for slug, title, url_path in rows:
        grouped.setdefault(slug, []).append({"title": title, "url": url_for(url_path, roots) or ""})
    return grouped


def summary(needs):
    """What is needed, with the gaps named (see needed_things and gaps)."""
    things = needed_things(needs)
    named_gaps = gaps(needs)
    for thing in things:
        thing["gap_listings"] = named_gaps.get(thing["slug"], [])
        thing["more"] = (
            thing["needed_by"] - len(thing["gap_listings"]) if thing["gap_listings"] else 0
        )
    return things


def opportunities_page_context(page, request):
    """The filters, the summary of needs, a page of needs with their matches, and the gaps.

    The summary and the order of the needs are cached until the next publish or matching;
    only the page's own needs and their matches are read on each request, through the
    visibility rule.
    """
    form = OpportunityFilterForm(request.GET or None)
    filters = form.filters()
    needs = filtered_needs(filters)
    things = cached("mapping:opportunities", filters, lambda: summary(needs))
    matched = (
        needs.filter(offered_by__gt=0)
        .select_related("listing__area", "tag")
        .order_by("tag__name", "listing__title", "pk")
    )
    page_obj, page_needs = paginate_cached(
        request,
        matched,
        page.page_size,
        cache_as=("mapping:opportunity-needs", filters),
        fetch=lambda ids: matched.filter(pk__in=ids).prefetch_related(helping_matches()),
    )
    return {
        "form": form,
        "filters": filters,
        "things": things,
        "gap_things": [thing for thing in things if not thing["offered_by"]],
        "page_obj": page_obj,
        "needs": present_needs(page_needs, request),
        "query_without_page": query_without(request, "page"),
    }
