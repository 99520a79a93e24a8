"""The one rule for what the public may see of a listing.

Every public output (pages, search, sitemap, maps, network, exports, feeds, API) asks this
module, either for which listings to show (`ListingQuerySet.publicly_visible()` and
`.publicly_detailed()`) or for which fields of one listing to show (`public_view()`).
"""

from django.db import models


class Visibility(models.TextChoices):
    """How much of a listing the public may see."""

    PUBLIC = "public", "Public: everything on the listing is shown"
    NETWORK_ONLY = "network-only", "Network only: name and connections, no details"
    HIDDEN = "hidden", "Hidden: shown nowhere public"


# Which visibilities appear at all, and which show their details.
SHOWN = (Visibility.PUBLIC, Visibility.NETWORK_ONLY)
DETAILED = (Visibility.PUBLIC,)


class PublicListing:
    """What the public may see of one listing.

    Identity (id, title, kind, url) is always shown. Every detail field reads from the
    listing only when its details are public; otherwise it is empty.
    """

    DETAIL_FIELDS = {
        "summary": "",
        "description": "",
        "image": None,
        "address": "",
        "postcode": "",
        "area": None,
        "website": "",
        "email": "",
        "phone": "",
        "latitude": None,
        "longitude": None,
        "schedule": "",
        "opening_times": "",
        "accessibility": "",
        "interest_list": [],
    }
    RELATED_DETAIL_FIELDS = ("tags", "offers", "needs", "sessions")

    def __init__(self, listing, url, detailed):
        self.listing = listing
        self.id = listing.pk
        self.title = listing.title
        self.kind = listing.kind
        self.kind_label = listing.kind_label
        self.url = url
        self.detailed = detailed

    def __getattr__(self, name):
        if name in self.DETAIL_FIELDS:
            empty = self.DETAIL_FIELDS[name]
            return getattr(self.listing, name, empty) if self.detailed else empty
        if name in self.RELATED_DETAIL_FIELDS:
            # Not every kind has every relation (only activities have sessions).
            related = getattr(self.listing, name, None) if self.detailed else None
            return list(related.all()) if related is not None else []
        raise AttributeError(name)

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


def is_publicly_visible(listing):
    """True if the listing's own page may be shown: live and not hidden.

    Wagtail checks the page's view restrictions (login, password) before serving it; other
    outputs naming listings use public_views(), which checks those too.
    """
    return listing.live and listing.visibility in SHOWN


def public_views(listings, request=None):
    """PublicListings for those of the listings the public may see, in order, in one query."""
    from directory.models import Listing

    listings = list(listings)
    visible = set(
        Listing.objects.publicly_visible()
        .filter(pk__in=[listing.pk for listing in listings])
        .values_list("pk", flat=True)
    )
    return [
        PublicListing(
            listing, listing.get_url(request=request) or "", listing.visibility in DETAILED
        )
        for listing in listings
        if listing.pk in visible
    ]


def public_view(listing, request=None, preview=False):
    """Return the PublicListing for a listing, or None if the public may not see it.

    With preview=True (an editor's preview) a draft or hidden listing is shown as if
    published; a network-only one still shows only what the public would see.
    """
    if not preview and not is_publicly_visible(listing):
        return None
    detailed = listing.visibility in DETAILED or (
        preview and listing.visibility == Visibility.HIDDEN
    )
    return PublicListing(listing, listing.get_url(request=request) or "", detailed)
