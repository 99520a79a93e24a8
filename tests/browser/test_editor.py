"""An editor opens a place in the Wagtail admin and moves its pin on the map."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from directory.geo import format_point
from directory.models import PlacePage
from tests.browser.helpers import PASSWORD, log_in

pytestmark = pytest.mark.browser

CDN_HINTS = ("unpkg", "jsdelivr", "cdnjs")


@pytest.fixture
def editor(demo_db):
    """A superuser who can edit every page."""
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def test_geo_widget_uses_local_leaflet_and_saves_a_moved_pin(demo_server, editor, page, traffic):
    place = PlacePage.objects.get(title="Kiln Street Community Centre")
    published_location = place.location
    leaflet_requests = []
    page.on("request", lambda request: leaflet_requests.append(request.url))

    log_in(page, demo_server.url, editor)
    page.goto(f"{demo_server.url}/admin/pages/{place.pk}/edit/")
    expect(page.get_by_role("textbox", name="Name*")).to_have_value("Kiln Street Community Centre")

    lat_lng = page.locator("#id_location_latlng")
    map_element = page.locator("#id_location_map")
    lat_lng.focus()
    expect(map_element).to_have_class(re.compile(r"\bleaflet-container\b"))
    expect(map_element.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(map_element.locator("img.leaflet-tile-loaded").first).to_be_attached()
    expect(lat_lng).to_have_value(re.compile(r"^51\.5589\d*,-0\.1441\d*$"))

    lat_lng.fill("51.5601,-0.1452")
    expect(page.locator("#id_location")).to_have_value("SRID=4326;POINT(-0.1452 51.5601)")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()

    draft = PlacePage.objects.get(pk=place.pk).get_latest_revision_as_object()
    assert draft.location == format_point(51.5601, -0.1452)
    assert (draft.latitude, draft.longitude) == (51.5601, -0.1452)
    live = PlacePage.objects.get(pk=place.pk)
    assert live.has_unpublished_changes
    assert live.location == published_location

    assert not [url for url in leaflet_requests if any(cdn in url for cdn in CDN_HINTS)]
    assert f"{demo_server.url}/static/npm/leaflet/leaflet.js" in leaflet_requests
    assert f"{demo_server.url}/static/npm/leaflet/leaflet.css" in leaflet_requests
    assert traffic.outside_hosts() == {"tiles.test"}
    traffic.assert_clean()
