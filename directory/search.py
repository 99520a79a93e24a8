"""Directory search and filters: one form, one function, used by the directory page."""

import re
import string

from django import forms
from django.db import connection
from django.db.models import QuerySet, prefetch_related_objects

from directory.models.taxonomy import Area, ResourceTag, TopicTag
from localcommons.cache import cached
from localcommons.forms import FilterForm
from localcommons.pagination import paginate_ids

WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")


class DirectoryFilterForm(FilterForm):
    """The directory's search box and filters; every value lives in the URL."""

    LETTERS = [*string.ascii_uppercase, "#"]

    q = forms.CharField(label="Search", max_length=200, required=False)
    kind = forms.ChoiceField(label="Kind", required=False)
    tag = forms.ChoiceField(label="Topic", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    offers = forms.ChoiceField(label="Offers", required=False)
    needs = forms.ChoiceField(label="Needs", required=False)
    letter = forms.ChoiceField(
        label="Starts with", required=False, choices=[("", "Any")] + [(c, c) for c in LETTERS]
    )

    def __init__(self, *args, **kwargs):
        from directory.models import Listing

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All kinds")] + [
            (m.kind, m.kind_plural) for m in Listing.kinds()
        ]
        choices = cached("filters:directory", {}, directory_filter_choices)
        self.fields["tag"].choices = [("", "All topics"), *choices["tag"]]
        self.fields["area"].choices = [("", "All areas"), *choices["area"]]
        self.fields["offers"].choices = [("", "Anything"), *choices["offers"]]
        self.fields["needs"].choices = [("", "Anything"), *choices["needs"]]

    @property
    def active(self):
        return bool(self.filters())


def _choices(tags):
    return list(tags.distinct().order_by("name").values_list("slug", "name"))


def directory_filter_choices():
    """The (slug, name) choices of the directory's topic, area, offers and needs menus.

    Only words that public listings use: a topic found only on a network-only or hidden
    listing would otherwise name itself in the menu.
    """
    from directory.models import Listing

    public = Listing.objects.publicly_detailed()
    return {
        "tag": _choices(TopicTag.objects.filter(listing_items__content_object__in=public)),
        "area": list(Area.objects.order_by("name").values_list("slug", "name")),
        "offers": _choices(ResourceTag.objects.filter(offer_items__content_object__in=public)),
        "needs": _choices(ResourceTag.objects.filter(need_items__content_object__in=public)),
    }


def filter_listings(listings, filters):
    """Listings narrowed by whichever of kind, tag, area, offers and needs are given."""
    if filters.get("kind"):
        listings = listings.of_kinds([filters["kind"]])
    if filters.get("tag"):
        listings = listings.filter(topic_items__tag__slug=filters["tag"])
    if filters.get("area"):
        listings = listings.filter(area__slug=filters["area"])
    if filters.get("offers"):
        listings = listings.filter(offer_items__tag__slug=filters["offers"])
    if filters.get("needs"):
        listings = listings.filter(need_items__tag__slug=filters["needs"])
    return listings


def search_listings(form, only=()):
    """Public listings matching the form: filtered in SQL, then searched if there is a query.

    With only, the searched listings are loaded with just those fields.
    """
    from directory.models import Listing

    filters = form.filters()
    listings = filter_listings(Listing.objects.publicly_detailed(), filters)
    letter = filters.get("letter")
    if letter == "#":
        listings = listings.exclude(title__iregex=r"^[a-z]")
    elif letter:
        listings = listings.filter(title__istartswith=letter)
    terms = search_terms(filters.get("q", ""))
    if terms:
        # The search backend filters only on indexed fields, so hand it the ids that
        # passed the SQL filters. SQLite's backend re-runs the match for every candidate
        # to rank it, so there results are A–Z; PostgreSQL ranks them cheaply.
        matches = Listing.objects.filter(pk__in=listings.values("pk")).order_by("title")
        if only:
            matches = matches.only(*only)
        return matches.search(terms, order_by_relevance=connection.vendor != "sqlite")
    return listings.order_by("title")


def matching_ids(form):
    """The ids of the public listings matching the form, in the directory's order."""
    results = search_listings(form, only=["pk"])
    if isinstance(results, QuerySet):
        return list(results.values_list("pk", flat=True))
    return [listing.pk for listing in results]


def directory_page_of_cards(request, form, per_page):
    """(page_obj, cards) for the directory: the matches' ids cached until the next publish.

    A search counts and orders every match, the part of the page that grows with the data.
    The page's cards are read again under the visibility rule (see paginate_cached).
    """
    from directory.models import Listing

    page_obj, listings = paginate_ids(
        request,
        lambda: matching_ids(form),
        per_page,
        ("directory", form.filters()),
        lambda page_ids: Listing.objects.publicly_detailed().filter(pk__in=page_ids),
    )
    return page_obj, prefetch_cards(listings)


def search_terms(query):
    """The words of a query, without the punctuation full-text engines read as syntax."""
    return " ".join(WORD_RE.findall(query))


def prefetch_cards(listings):
    """Load what a listing card shows (area, topics) in a fixed number of queries."""
    listings = list(listings)
    prefetch_related_objects(listings, "area", "tags")
    return listings
