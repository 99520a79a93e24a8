"""The front page keeps its content as a cached fragment until a publish or a new day."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import GroupPage
from localcommons.models import HomePage
from tests.builders import make_listing


def front_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def sections_built(monkeypatch):
    """How many times the front page has built its sections."""
    calls = []
    build = HomePage.sections

    def counting(home, request):
        calls.append(home.pk)
        return build(home, request)

    monkeypatch.setattr(HomePage, "sections", counting)
    return calls


@pytest.mark.django_db
def test_a_second_visit_reads_the_content_from_the_cache(client, site_pages, sections_built):
    make_listing(GroupPage, title="Canal Choir")
    first, cold = front_page(client)
    second, warm = front_page(client)
    assert second == first
    assert len(sections_built) == 1
    assert warm < cold


@pytest.mark.django_db
def test_a_publish_renews_the_counts(client, site_pages):
    make_listing(GroupPage, title="Canal Choir")
    assert 'kind-tile__count">1</span>' in front_page(client)[0]
    make_listing(GroupPage, title="Kiln Street Knitters")
    assert 'kind-tile__count">2</span>' in front_page(client)[0]


@pytest.mark.django_db
def test_a_new_day_renews_the_content(client, site_pages, sections_built, monkeypatch):
    front_page(client)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr("localcommons.dates.today", lambda: tomorrow)
    front_page(client)
    assert len(sections_built) == 2
