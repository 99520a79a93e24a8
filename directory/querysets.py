"""Query helpers for listings; the public ones apply the visibility rule."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageQuerySet, PageViewRestriction

from directory.visibility import DETAILED, SHOWN


def unrestricted():
    """A filter for pages with no view restriction (login, password, groups) on them or above.

    Wagtail's PageQuerySet.public() first reads every restriction in a query of its own;
    this asks the same in a subquery, so a public list costs one query.
    """
    restricted_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_above)


class ListingQuerySet(PageQuerySet):
    """Listings, with the public subsets every output uses."""

    def publicly_visible(self):
        """Listings the public may see at all: live, not hidden, not behind a login."""
        return self.live().filter(unrestricted(), visibility__in=SHOWN)

    def publicly_detailed(self):
        """Listings whose details (text, tags, contacts, location) the public may see."""
        return self.live().filter(unrestricted(), visibility__in=DETAILED)

    def publicly_located(self):
        """Publicly detailed listings that have a location."""
        return self.publicly_detailed().filter(latitude__isnull=False, longitude__isnull=False)

    def of_kinds(self, kinds):
        """Listings of the given kind slugs ("group", "place", ...)."""
        from django.contrib.contenttypes.models import ContentType

        from directory.models import Listing

        models = [m for m in Listing.kinds() if m.kind in set(kinds)]
        return self.filter(content_type__in=ContentType.objects.get_for_models(*models).values())
