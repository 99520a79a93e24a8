"""Fixtures shared by every test folder."""

import io
import time
import types

import pytest
from django.core.management import call_command

from tests import snapshots
from tests.builders import make_site


@pytest.fixture(autouse=True)
def rate_limit_clock(monkeypatch):
    """The rate limit's minute stays the one the test started in.

    Its windows are whole minutes, so a test that floods a form would otherwise pass or
    fail depending on whether its posts straddle a minute's end.
    """
    started = time.time()
    monkeypatch.setattr("localcommons.ratelimit.time", types.SimpleNamespace(time=lambda: started))


@pytest.fixture
def site_pages(db):
    """(home, directory) pages with the default site pointing at home."""
    return make_site()


@pytest.fixture(scope="session", autouse=True)
def migrated_snapshot(django_db_setup, django_db_blocker):
    """On PostgreSQL, the tables as the migrations left them, copied at the session's start."""
    if not snapshots.supported():
        return None
    snapshot = snapshots.TableSnapshot("migrated")
    with django_db_blocker.unblock():
        snapshot.take()
    return snapshot


@pytest.fixture(scope="session")
def demo_snapshot(migrated_snapshot, django_db_blocker):
    """On PostgreSQL, the tables right after load_demo, copied once for every test that asks."""
    if migrated_snapshot is None:
        return None
    snapshot = snapshots.TableSnapshot("demo")
    with django_db_blocker.unblock():
        migrated_snapshot.restore()
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        snapshot.take()
        migrated_snapshot.restore()
    return snapshot


@pytest.fixture
def demo(db, demo_snapshot):
    """The Brickfield demo neighbourhood as `make run` loads it (on PostgreSQL, a copy).

    The copy replaces every table, so ask for it before fixtures that add rows (a test's
    `demo, admin_client`, not `admin_client, demo`).
    """
    if demo_snapshot is None:
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    else:
        demo_snapshot.restore()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: cached maps must not leak between tests."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
