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
