"""A small per-client rate limit for public forms, kept in the cache."""

import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse


def client_ip(request):
    """The client's address; behind RATELIMIT_TRUSTED_PROXIES proxies, taken from X-Forwarded-For.

    Only the hops our own proxies added are trusted: a client can put anything in the
    header, but not after the address our proxy saw.
    """
    proxies = getattr(settings, "RATELIMIT_TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope, limit=None, period=60):
    """Count one use of scope by this client; False once it is over limit in the period."""
    limit = limit or getattr(settings, "RATELIMIT_PER_MINUTE", 5)
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=period * 2)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period * 2)
        return True


def too_many_requests(request):
    """The 429 page: say plainly what happened and when to try again."""
    response = TemplateResponse(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
