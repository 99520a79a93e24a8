"""Query helpers for listings; the public ones apply the visibility rule."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from wagtail.models import PageQuerySet, PageViewRestriction

from directory.visibility import DETAILED, SHOWN
from localcommons.cache import new_version

RESTRICTED_PATHS_KEY = "directory:restricted-paths"


def restricted_paths():
    """Tree paths of the pages with a view restriction (login, password, groups).

    There are few, so they are kept in the cache until a restriction or a page moves
    (directory.apps connects forget_restricted_paths), and public lists cost no extra query.
    """
    paths = cache.get(RESTRICTED_PATHS_KEY)
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        cache.set(RESTRICTED_PATHS_KEY, paths, timeout=None)
    return paths


def forget_restricted_paths(**_signal_kwargs):
    """Drop the cached paths now, and after the commit drop them and start a new data version.

    A request before the commit reads the old rows, so the paths are dropped again then. The
    version moves on after that: the site's own new version (localcommons.cache) comes
    first, and what a request cached under it with the old paths must never be read.
    """
    cache.delete(RESTRICTED_PATHS_KEY)
    transaction.on_commit(forget_then_renew)


def forget_then_renew():
    cache.delete(RESTRICTED_PATHS_KEY)
    new_version()


def unrestricted(prefix=""):
    """A filter for pages with no view restriction on them or on a page above them.

    As Wagtail's PageQuerySet.public(), with the restricted paths read from the cache.
    prefix reaches the pages through a relation ("listing__").
    """
    condition = Q()
    for path in restricted_paths():
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


def shown_at(levels, prefix=""):
    """The visibility rule: live listings of these visibility levels, not behind a login.

    With a prefix it applies to the listings a relation reaches ("need__listing__"), which
    the database joins; `listing__in=Listing.objects.publicly_detailed()` instead makes
    SQLite list every public listing for each query.
    """
    levels = list(levels)
    return Q(**{f"{prefix}live": True, f"{prefix}visibility__in": levels}) & unrestricted(prefix)


def publicly_detailed_through(prefix):
    """publicly_detailed() for the listings reached through prefix ("offer_listing__")."""
    return shown_at(DETAILED, prefix)


class ListingQuerySet(PageQuerySet):
    """Listings, with the public subsets every output uses."""

    def publicly_visible(self):
        """Listings the public may see at all: live, not hidden, not behind a login."""
        return self.filter(shown_at(SHOWN))

    def publicly_detailed(self):
        """Listings whose details (text, tags, contacts, location) the public may see."""
        return self.filter(shown_at(DETAILED))

    def publicly_located(self):
        """Publicly detailed listings that have a location."""
        return self.publicly_detailed().filter(latitude__isnull=False, longitude__isnull=False)

    def of_kinds(self, kinds):
        """Listings of the given kind slugs ("group", "place", ...)."""
        from django.contrib.contenttypes.models import ContentType

        from directory.models import Listing

        models = [m for m in Listing.kinds() if m.kind in set(kinds)]
        return self.filter(content_type__in=ContentType.objects.get_for_models(*models).values())
