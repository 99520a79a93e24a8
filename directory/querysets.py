"""Query helpers for listings; the public ones apply the visibility rule."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from wagtail.models import PageQuerySet, PageViewRestriction

from directory.visibility import DETAILED, SHOWN
from localcommons.cache import current_version, new_version, renew_version

RESTRICTIONS = "restrictions"


def restricted_paths():
    """Tree paths of the pages with a view restriction (login, password, groups).

    There are few, so they are kept in the cache, under a version of their own that a new,
    changed or removed restriction or a moved page renews (forget_restricted_paths): public
    lists cost no extra query after a publish.
    """
    # The version is read before the rows: paths read from rows older than a change can
    # only be stored under the version from before it, which is never read again.
    key = f"directory:restricted-paths:{current_version(RESTRICTIONS)}"
    paths = cache.get(key)
    if paths is None:
        paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        cache.set(key, paths, timeout=None)
    return paths


def forget_restricted_paths(**_signal_kwargs):
    """Renew the paths' version now, and again after the commit followed by the data version.

    Now, for the transaction that made the change; other requests until the commit read
    the old rows, so the version moves on once more after it. The data version moves on
    after that: the site's own new version (localcommons.cache) comes first, and what a
    request cached under it with the old paths must never be read.
    """
    renew_version(RESTRICTIONS)
    transaction.on_commit(renew_restrictions)


def renew_restrictions():
    renew_version(RESTRICTIONS)
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

    With a prefix it applies to the listing a foreign key reaches ("need__listing__"), which
    the database joins; `listing__in=Listing.objects.publicly_detailed()` instead makes
    SQLite list every public listing for each query. Only through foreign keys to one
    listing: across a many-valued relation the negated path conditions would mean "no
    related listing is restricted".
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
