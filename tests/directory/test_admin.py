"""The admin: the geo widget with local Leaflet, and listings findable by kind, area, visibility."""

import pytest
from django.urls import reverse

from directory.models import GroupPage, PlacePage
from directory.visibility import Visibility
from tests.builders import make_area, make_listing


@pytest.mark.django_db
def test_edit_page_has_the_geo_widget_with_local_leaflet(admin_client, site_pages):
    place = make_listing(PlacePage, lat_lng=(51.5589, -0.1441), address="12 Kiln Street")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[place.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-controller="leaflet-field"' in content
    assert "/static/npm/leaflet/leaflet.js" in content
    assert "/static/npm/leaflet/leaflet.css" in content
    assert "unpkg.com" not in content and "cdn" not in content.lower().replace("cdnjs", "cdn")


@pytest.mark.django_db
def test_local_leaflet_is_served(client):
    response = client.get("/static/npm/leaflet/leaflet.js")
    assert response.status_code == 200
    assert b"Leaflet" in b"".join(response.streaming_content)


@pytest.fixture
def mixed_listings(site_pages):
    canal = make_area("Canal Side")
    make_listing(GroupPage, title="Located Group", area=canal, lat_lng=(51.55, -0.14))
    make_listing(GroupPage, title="Online Group")
    make_listing(PlacePage, title="Canal Hall", area=canal, lat_lng=(51.55, -0.14))
    make_listing(GroupPage, title="Quiet Group", visibility=Visibility.HIDDEN)
    return canal


def listed_titles(admin_client, query):
    response = admin_client.get(f"{reverse('listings:index')}?{query}")
    assert response.status_code == 200
    return sorted(page.title for page in response.context["pages"])


@pytest.mark.django_db
def test_listings_view_filters_by_kind_area_visibility_and_location(admin_client, mixed_listings):
    everything = ["Canal Hall", "Located Group", "Online Group", "Quiet Group"]
    assert listed_titles(admin_client, "") == everything
    assert listed_titles(admin_client, "kind=place") == ["Canal Hall"]
    assert listed_titles(admin_client, f"area={mixed_listings.pk}") == [
        "Canal Hall",
        "Located Group",
    ]
    assert listed_titles(admin_client, "visibility=hidden") == ["Quiet Group"]
    assert listed_titles(admin_client, "has_location=false") == ["Online Group", "Quiet Group"]
    assert listed_titles(admin_client, "has_location=true&kind=group") == ["Located Group"]


def widget_options(content):
    """The geo widget's options, as rendered into the edit page."""
    import html
    import json
    import re

    match = re.search(r'data-leaflet-field-options-value="([^"]*)"', content)
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.django_db
@pytest.mark.parametrize(("lat_lng", "map_waits"), [((51.5589, -0.1441), False), (None, True)])
def test_map_shows_at_once_when_located_and_waits_when_empty(
    admin_client, site_pages, lat_lng, map_waits
):
    # An empty location must stay empty until an editor asks for the map, rather than
    # silently taking the default centre.
    listing = make_listing(GroupPage, lat_lng=lat_lng)
    content = admin_client.get(reverse("wagtailadmin_pages:edit", args=[listing.pk])).content
    options = widget_options(content.decode())
    assert options["showEmptyLocation"] is map_waits
    if lat_lng:
        located = options["defaultLocation"]
        assert (float(located["lat"]), float(located["lng"])) == lat_lng


@pytest.mark.django_db
def test_lat_lng_box_has_a_label(admin_client, site_pages):
    listing = make_listing(PlacePage)
    content = admin_client.get(reverse("wagtailadmin_pages:edit", args=[listing.pk])).content
    assert (
        'id="id_location_latlng" aria-label="Location as latitude, longitude"' in content.decode()
    )
