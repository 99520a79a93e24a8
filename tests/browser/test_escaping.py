"""User text on maps is shown as text, never run as markup."""

import pytest
from playwright.sync_api import expect

from directory.models import DirectoryIndexPage, GroupPage
from tests.builders import make_listing

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=window.__hacked=1>"


def test_a_hostile_listing_name_is_shown_as_text_on_its_map(demo_server, page, traffic):
    listing = make_listing(
        GroupPage,
        parent=DirectoryIndexPage.objects.get(),
        title=HOSTILE,
        slug="hostile",
        lat_lng=(51.5530, -0.1430),
    )
    page.goto(demo_server.url + listing.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE)
    marker = page.locator("[data-listing-map] .leaflet-interactive")
    marker.hover()
    expect(page.locator(".leaflet-tooltip")).to_have_text(HOSTILE)
    assert page.evaluate("window.__hacked") is None
    assert page.locator(".leaflet-tooltip img").count() == 0
    traffic.assert_clean()
