"""A listing page keeps its sections about other listings as cached fragments until a publish."""

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from directory.models import ActivityPage, Connection, GroupPage, Listing, PlacePage, RelationType
from directory.visibility import Visibility
from tests.builders import connect, make_listing


@pytest.fixture
def hall(site_pages):
    """A hall that chair yoga meets at, sharing a topic with a family group."""
    place = make_listing(PlacePage, title="Kiln Street Hall", tags=["families"])
    yoga = make_listing(ActivityPage, title="Chair Yoga")
    make_listing(GroupPage, title="Family Group", tags=["families"])
    connect(yoga, place, "meets at")
    return Listing.objects.get(pk=place.pk).specific, yoga


@pytest.fixture
def relations_built(monkeypatch):
    """How many times a listing page has built its relations."""
    calls = []
    build = Listing.relations

    def counting(listing, *args, **kwargs):
        calls.append(listing.pk)
        return build(listing, *args, **kwargs)

    monkeypatch.setattr(Listing, "relations", counting)
    return calls


def page_text(client, listing):
    response = client.get(listing.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_second_visit_reads_the_sections_from_the_cache(client, hall, relations_built):
    place, _yoga = hall
    with CaptureQueriesContext(db_connection) as first:
        first_text = page_text(client, place)
    with CaptureQueriesContext(db_connection) as second:
        second_text = page_text(client, place)

    assert relations_built == [place.pk]
    assert second_text == first_text
    assert "Chair Yoga" in second_text and "Family Group" in second_text
    assert len(second) < len(first) - 3


@pytest.mark.django_db
def test_publishing_another_listing_renews_the_sections(client, hall, relations_built):
    place, _yoga = hall
    assert "Canal Choir" not in page_text(client, place)

    choir = make_listing(GroupPage, title="Canal Choir")
    connect(choir, place, "meets at")  # publishes the choir; the hall is unchanged

    assert "Canal Choir" in page_text(client, place)
    assert relations_built == [place.pk, place.pk]


@pytest.mark.django_db
def test_hiding_a_connected_listing_takes_it_off_the_cached_page(client, hall):
    place, yoga = hall
    assert "Chair Yoga" in page_text(client, place)

    yoga.visibility = Visibility.HIDDEN
    yoga.save_revision().publish()

    text = page_text(client, place)
    assert "Chair Yoga" not in text
    assert "No connections recorded yet." in text


@pytest.mark.django_db
def test_a_preview_neither_reads_nor_fills_the_cache(client, hall):
    place, _yoga = hall
    choir = make_listing(GroupPage, title="Canal Choir")
    assert "Canal Choir" not in page_text(client, place)

    draft = place.get_latest_revision_as_object()
    draft.connections.add(
        Connection(target=choir, relation_type=RelationType.objects.get(name="partners with"))
    )
    preview = draft.make_preview_request().render().content.decode()

    assert "Canal Choir" in preview
    assert "Canal Choir" not in page_text(client, place)
