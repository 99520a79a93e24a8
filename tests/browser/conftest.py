"""Headless Chromium against the live server, with every outside host stubbed."""

import base64
import io
import os
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TRANSPARENT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="
)
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


@pytest.fixture(scope="session", autouse=True)
def _allow_async_unsafe():
    """Let Django use the database while Playwright's sync API marks an event loop running.

    Set for the browser tests only, which run last, so that subprocesses started by other
    tests (manage.py check --deploy) do not inherit it.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium; no browser is ever downloaded."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@dataclass
class Traffic:
    """What a page did that a test may want to assert on: outside requests and problems."""

    server_url: str
    outside: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def is_local(self, url):
        """True if the URL points at the live server."""
        parts, server = urlsplit(url), urlsplit(self.server_url)
        return parts.hostname in LOCAL_HOSTS and parts.port == server.port

    def handle_route(self, route):
        """Let live-server requests through; answer every other host with an empty 200."""
        url = route.request.url
        if self.is_local(url):
            route.continue_()
            return
        self.outside.append(url)
        if urlsplit(url).path.endswith(".png"):
            route.fulfill(status=200, content_type="image/png", body=TRANSPARENT_PNG)
        else:
            route.fulfill(status=200, body="")

    def on_console(self, message):
        """Record console errors."""
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error):
        """Record uncaught exceptions."""
        self.console_errors.append(f"uncaught: {error}")

    def on_request_failed(self, request):
        """Record requests that never got a response.

        Requests the browser gives up on when the page moves on are not the page's doing: a
        favicon (Wagtail's admin links one) or a map tile from the stubbed outside hosts,
        still in flight when a test saves a form and the page navigates away.
        """
        aborted = "ERR_ABORTED" in (request.failure or "")
        if aborted and ("favicon" in urlsplit(request.url).path or not self.is_local(request.url)):
            return
        self.failures.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(self, response):
        """Record error responses from the live server."""
        if response.status >= 400 and self.is_local(response.url):
            self.failures.append(f"{response.status} {response.request.method} {response.url}")

    def outside_hosts(self):
        """The set of outside hosts the page asked for."""
        return {urlsplit(url).hostname for url in self.outside}

    def assert_clean(self):
        """Fail on any console error, failed request or error response."""
        assert not self.console_errors, "Console errors:\n" + "\n".join(self.console_errors)
        assert not self.failures, "Failed requests:\n" + "\n".join(self.failures)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests after all others.

    They are transactional, so each one ends by emptying the database; pytest groups tests
    by Playwright's session-scoped browser parameter, which can put them before tests that
    expect the database as the migrations left it.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def _migrated_contents(django_db_setup):
    """The test database's data as the migrations left it, serialized by Django.

    Read before Playwright starts: its sync API leaves the test thread in a new context,
    whose connection objects lack the `_test_serialized_contents` Django keeps.
    """
    return getattr(connection, "_test_serialized_contents", None)


_demo_snapshots = {}


def _is_in_memory_sqlite():
    """True if the test database is SQLite in memory, which the backup API can copy."""
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _restore_migrated_data(contents):
    """Put back the migrations' data if an earlier transactional test emptied the tables."""
    from wagtail.models import Page

    if Page.objects.exists() or contents is None:
        return
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(contents)
    # The restored rows keep their ids, so sequences (PostgreSQL) must move past them.
    statements = connection.ops.sequence_reset_sql(
        no_style(), apps.get_models(include_auto_created=True)
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def demo_db(django_db_serialized_rollback, transactional_db, _migrated_contents, demo_snapshot):
    """The demo neighbourhood in a database the live server's thread can read.

    load_demo runs once: on PostgreSQL each test restores the session's demo snapshot; on
    SQLite in memory, each later test gets an exact copy of the freshly loaded database
    through SQLite's backup API instead of loading it again.
    """
    snapshot = _demo_snapshots.get("demo")
    if demo_snapshot is not None:
        demo_snapshot.restore()
    elif snapshot is not None and _is_in_memory_sqlite():
        connection.ensure_connection()
        snapshot.backup(connection.connection)
    else:
        _restore_migrated_data(_migrated_contents)
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        if _is_in_memory_sqlite():
            connection.ensure_connection()
            snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(snapshot)
            _demo_snapshots["demo"] = snapshot
    # Wagtail caches the site's root paths; page ids in a previous test's cache are stale.
    cache.clear()


@pytest.fixture
def demo_server(demo_db, live_server):
    """The live server, serving the demo neighbourhood."""
    return live_server


@pytest.fixture
def traffic(page, live_server):
    """Stub outside hosts for the test's page and record its errors."""
    recorder = Traffic(live_server.url)
    page.context.route("**/*", recorder.handle_route)
    page.on("console", recorder.on_console)
    page.on("pageerror", recorder.on_page_error)
    page.on("requestfailed", recorder.on_request_failed)
    page.on("response", recorder.on_response)
    page.set_default_timeout(10_000)
    return recorder
