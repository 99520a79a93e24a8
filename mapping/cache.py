"""Cached map and network responses (see localcommons.cache for when they go stale)."""

import gzip
import hashlib
import json

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from localcommons.cache import cached

CACHE_CONTROL = "public, max-age=0, must-revalidate"


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

    def build_entry():
        body = build()
        return {
            "etag": f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
            "body": body,
            "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        }

    return cached(f"mapping:{name}", params, build_entry)


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
