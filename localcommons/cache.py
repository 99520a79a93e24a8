"""Derived public data kept in the cache until published content changes.

Every entry's key carries a data version; publishing, unpublishing, moving, saving or deleting
a page, or changing a view restriction or a site, starts a new version (localcommons.apps), as
does changing an area, a tag or a relation type (directory.apps). Saving a draft does not.
Entries also expire after a few minutes, which bounds staleness where the cache is per
process (no REDIS_URL). The version lives in the "versions" cache, which holds only such
versions, so culling a full cache of entries never loses it.
"""

import hashlib
import time
import uuid

from django.core.cache import cache, caches
from django.db import transaction

from localcommons.batching import once_per_batch

DATA = "data"
ENTRY_TIMEOUT = 300
# How long a request waits for another's build of the same entry, and how often it looks.
BUILD_WAIT, WAIT_STEP = 30, 0.05
# Page fields that only a draft, a lock or the admin's comments change: saving them alone
# (as every save_revision() does) changes nothing the public sees.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)


def _version_key(name):
    return f"localcommons:version:{name}"


def current_version(name):
    """The current version of what name keeps (a new one is made if there is none).

    Keys built with it are left behind, never read again, when renew_version(name) runs.
    """
    versions, key = caches["versions"], _version_key(name)
    version = versions.get(key)
    if version is None:
        versions.add(key, uuid.uuid4().hex, timeout=None)
        version = versions.get(key)
    return version


def renew_version(name):
    """Start a new version of what name keeps, so keys built with the old one go unread."""
    caches["versions"].set(_version_key(name), uuid.uuid4().hex, timeout=None)


def data_version():
    """The current data version, which every entry's key carries."""
    return current_version(DATA)


def new_version():
    renew_version(DATA)


@once_per_batch
def invalidate(**_signal_kwargs):
    """Start a new data version now, and again when the change is committed.

    Signals fire inside the change's transaction: a request between now and the commit
    still reads the old rows and could cache them under the new version, so the version
    moves on once more after the commit.
    """
    new_version()
    transaction.on_commit(new_version)


def invalidate_for_pages(sender, update_fields=None, **_signal_kwargs):
    """invalidate() for a save or delete of any page type, except a save of its draft only."""
    from wagtail.models import Page

    if not issubclass(sender, Page):
        return
    if update_fields is not None and DRAFT_ONLY_FIELDS.issuperset(update_fields):
        return
    invalidate()


def version_key(name, params):
    """The cache key for an entry built from params under the current data version."""
    fingerprint = hashlib.sha256(repr(sorted(params.items())).encode()).hexdigest()[:32]
    return f"{name}:{data_version()}:{fingerprint}"


def cached(name, params, build):
    """build()'s value for these params, from the cache or built and cached now.

    One request builds a missing entry; requests that miss it meanwhile wait for that
    build rather than repeat it (after a publish, every visitor would otherwise rebuild
    the same map or download at once). Waiting is per cache: across processes with a
    shared cache (REDIS_URL), within one process otherwise.
    """
    key = version_key(name, params)
    value = cache.get(key)
    if value is not None:
        return value
    building = f"{key}:building"
    if not cache.add(building, True, timeout=BUILD_WAIT):
        value = _wait_for(key, building)
        if value is not None:
            return value
    try:
        value = build()
        cache.set(key, value, timeout=ENTRY_TIMEOUT)
    finally:
        cache.delete(building)
    return value


def _wait_for(key, building):
    """The entry another request is building, once it is there; None if it never comes."""
    deadline = time.monotonic() + BUILD_WAIT
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        value = cache.get(key)
        if value is not None or cache.get(building) is None:
            return value  # built, or the build failed and its marker is gone
    return None
