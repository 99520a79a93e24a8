"""Derived public data kept in the cache until published content changes.

Every entry's key carries a data version; publishing, unpublishing, moving, saving or deleting
a page, or changing a restriction, an area or a tag, starts a new version (see
mapping.signals). Entries also expire after a few minutes, which bounds staleness where the
cache is per process (no REDIS_URL).
"""

import hashlib
import uuid

from django.core.cache import cache

VERSION_KEY = "localcommons:data-version"
ENTRY_TIMEOUT = 300


def data_version():
    """The current data version (a new one is made if the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate(**_signal_kwargs):
    """Start a new data version: every cached entry is rebuilt on next use."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def version_key(name, params):
    """The cache key for an entry built from params under the current data version."""
    fingerprint = hashlib.sha256(repr(sorted(params.items())).encode()).hexdigest()[:32]
    return f"{name}:{data_version()}:{fingerprint}"


def cached(name, params, build):
    """build()'s value for these params, from the cache or built and cached now."""
    key = version_key(name, params)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=ENTRY_TIMEOUT)
    return value
