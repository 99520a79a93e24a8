"""Fixtures for the public forms and their moderation."""

import pytest
from django.core.cache import cache

from moderation.demo import ensure_add_listing_page
from tests.builders import make_user, shown_token


@pytest.fixture
def add_page(site_pages):
    cache.clear()  # the rate limit counts in the cache
    return ensure_add_listing_page()


@pytest.fixture
def moderator(db):
    return make_user("Communication facilitator")


def group_form(**overrides):
    """A valid "Add your group" post, shown a minute ago."""
    return {
        "kind": "group",
        "name": "Canal Side Knitters",
        "summary": "We knit for the neighbourhood's newborns every Tuesday.",
        "description": "Beginners welcome; wool provided.",
        "other_topics": "crafts, older people",
        "offers": "knitting lessons, wool",
        "needs": "meeting space",
        "address": "3 Lock Lane, London",
        "postcode": "nw5 3bj",
        "latitude": "51.5512",
        "longitude": "-0.1315",
        "website": "knitters.example.org",
        "public_email": "knit@example.org",
        "public_phone": "",
        "contact_name": "Ada Purl",
        "contact_email": "ada@example.org",
        "contact_phone": "07700 900123",
        "consent": "on",
        "started": shown_token(),
        **overrides,
    }


class BrokenMailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
