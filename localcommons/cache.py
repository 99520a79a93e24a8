"""Derived public data kept in the cache until published content changes.

Every entry's key carries a data version; publishing, unpublishing, moving, saving or deleting
a page, or changing a view restriction, starts a new version (localcommons.apps), as does
changing an area or a tag (directory.apps). Entries also expire after a few minutes, which
bounds staleness where the cache is per process (no REDIS_URL).
"""

import hashlib
import time
import uuid

from django.core.cache import cache
from django.db import transaction

from localcommons.batching import once_per_batch

VERSION_KEY = "localcommons:data-version"
ENTRY_TIMEOUT = 300
# How long a request waits for another's build of the same entry, and how often it looks.
BUILD_WAIT, WAIT_STEP = 30, 0.05


def data_version():
    """The current data version (a new one is made if the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


@once_per_batch
def invalidate(**_signal_kwargs):
    """Start a new data version now, and again when the change is committed.

    Signals fire inside the change's transaction: a request between now and the commit
    still reads the old rows and could cache them under the new version, so the version
    moves on once more after the commit.
    """
    new_version()
    transaction.on_commit(new_version)


def invalidate_for_pages(sender, **_signal_kwargs):
    """invalidate() for a save or delete of any page type."""
    from wagtail.models import Page

    if issubclass(sender, Page):
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
