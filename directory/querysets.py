"""Query helpers for listings; the public ones apply the visibility rule."""

from django.db.models import Q
from wagtail.models import PageQuerySet, PageViewRestriction

from directory.visibility import DETAILED, SHOWN
from localcommons.cache import cached


def restricted_paths():
    """Tree paths of the pages with a view restriction (login, password, groups).

    There are few, so they are cached under the data version, which a new restriction or
    a moved page renews (localcommons.cache): public lists cost no extra query, and what
    is cached with the old paths is never read after the change is committed.
    """
    return cached(
        "restricted-paths",
        {},
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def unrestricted():
    """A filter for pages with no view restriction on them or on a page above them.

    As Wagtail's PageQuerySet.public(), with the restricted paths read from the cache.
    """
    condition = Q()
    for path in restricted_paths():
        condition &= ~Q(path__startswith=path)
    return condition


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
