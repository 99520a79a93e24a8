"""Cached derived data (map GeoJSON, network), dropped whenever published content changes.

Every cached entry's key carries a data version; publishing, unpublishing, deleting or
restricting a page, or renaming an area or topic, starts a new version. Entries also expire
after a few minutes, which bounds staleness where the cache is per process (no REDIS_URL).
"""

import gzip
import hashlib
import json
import uuid

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

VERSION_KEY = "mapping:data-version"
ENTRY_TIMEOUT = 300
CACHE_CONTROL = "public, max-age=0, must-revalidate"


def data_version():
    """The current data version (a new one is made if the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate(**_signal_kwargs):
    """Start a new data version: every cached map and network is rebuilt on next use."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def cached_json(name, params, build):
    """The entry for build()'s data as compact JSON (see cached_body)."""
    return cached_body(
        name,
        params,
        lambda: json.dumps(build(), separators=(",", ":"), ensure_ascii=False).encode(),
    )


def cached_body(name, params, build):
    """The entry for these params, from the cache or built (bytes) and cached now.

    An entry holds the body, its gzip and an ETag, so a warm request only copies bytes.
    """
    fingerprint = hashlib.sha256(repr(sorted(params.items())).encode()).hexdigest()[:32]
    key = f"mapping:{name}:{data_version()}:{fingerprint}"
    entry = cache.get(key)
    if entry is None:
        body = build()
        entry = {
            "etag": f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
            "body": body,
            "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        }
        cache.set(key, entry, timeout=ENTRY_TIMEOUT)
    return entry


def cached_response(request, entry, content_type="application/json"):
    """The entry as a response: 304 if the client has it, gzipped if the client takes it."""
    if_none_match = request.headers.get("If-None-Match", "")
    if entry["etag"] in parse_etags(if_none_match) or if_none_match.strip() == "*":
        response = HttpResponseNotModified()
    else:
        accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "").lower()
        response = HttpResponse(
            entry["gzip"] if accepts_gzip else entry["body"], content_type=content_type
        )
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = entry["etag"]
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
