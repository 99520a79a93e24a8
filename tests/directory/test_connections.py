"""Connections read both ways on listing pages, with the relation type's reverse name."""

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from directory.connections import connections_for
from directory.models import ActivityPage, GroupPage, OrganisationPage, PlacePage
from tests.builders import connect, make_area, make_listing


@pytest.fixture
def centre(site_pages):
    """A community centre hosting chair yoga and run by an association."""
    place = make_listing(PlacePage, title="Kiln Street Community Centre", tags=["community space"])
    yoga = make_listing(ActivityPage, title="Chair Yoga")
    association = make_listing(OrganisationPage, title="Brickfield Community Association")
    connect(yoga, place, "meets at", label="Small hall")
    connect(association, place, "runs", strength=3)
    connect(place, association, "partners with")
    return place, yoga, association


@pytest.mark.django_db
def test_outgoing_connections_use_the_relation_name(client, centre):
    place, yoga, _association = centre
    content = client.get(yoga.url).content.decode()
    assert "Meets at" in content and "Kiln Street Community Centre" in content
    assert "(Small hall)" in content


@pytest.mark.django_db
def test_incoming_connections_use_the_reverse_name(client, centre):
    place, _yoga, _association = centre
    outgoing, incoming = connections_for(place)
    assert [(c.phrase, c.other.title) for c in outgoing] == [
        ("partners with", "Brickfield Community Association")
    ]
    assert [(c.phrase, c.other.title) for c in incoming] == [
        ("hosts", "Chair Yoga"),
        ("is run by", "Brickfield Community Association"),
    ]
    content = client.get(place.url).content.decode()
    assert "Hosts" in content and "Chair Yoga" in content
    assert "Is run by" in content


@pytest.mark.django_db
def test_related_listings_share_topics(client, site_pages):
    hall = make_listing(PlacePage, title="Hall", tags=["community space", "families"])
    make_listing(GroupPage, title="Family Group", tags=["families"])
    make_listing(GroupPage, title="Unrelated", tags=["sport"])
    related = client.get(hall.url).context["relations"]["related"]
    assert [listing.title for listing in related] == ["Family Group"]


@pytest.mark.django_db
def test_related_listings_stay_in_the_listings_area(client, site_pages):
    north, south = make_area("Brickfield North"), make_area("Brickfield South")
    hall = make_listing(PlacePage, title="Hall", area=north, tags=["families"])
    make_listing(GroupPage, title="North Families", area=north, tags=["families"])
    make_listing(GroupPage, title="South Families", area=south, tags=["families"])
    assert [listing.title for listing in hall.related_listings()] == ["North Families"]


def _listing_page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(db_connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_listing_page_queries_do_not_grow_with_connections(client, site_pages):
    hub = make_listing(PlacePage, title="Hub", lat_lng=(51.55, -0.14), tags=["food"])

    def add_neighbours(n):
        for _ in range(n):
            neighbour = make_listing(GroupPage, tags=["food"], offers=["volunteers"])
            connect(neighbour, hub, "meets at")
            connect(hub, neighbour, "supports")

    add_neighbours(2)
    few = _listing_page_queries(client, hub.url)
    add_neighbours(20)
    many = _listing_page_queries(client, hub.url)
    assert many == few
