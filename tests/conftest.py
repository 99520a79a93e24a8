"""Fixtures shared by every test folder."""

import pytest
from django.core.management import call_command

from tests.builders import make_site


@pytest.fixture
def site_pages(db):
    """(home, directory) pages with the default site pointing at home."""
    return make_site()


@pytest.fixture
def demo(db):
    """The Brickfield demo neighbourhood, loaded as `make run` loads it."""
    call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached maps must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
