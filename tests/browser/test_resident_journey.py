"""A resident searches from the home page and follows a listing's connection."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_open_listing_and_follow_a_connection(demo_server, page, traffic):
    page.goto(demo_server.url + "/")
    search = page.get_by_role("searchbox", name="What are you looking for?")
    search.fill("larder")
    search.press("Enter")

    page.wait_for_url(re.compile(r"/directory/\?q=larder$"))
    count = page.locator("#results-heading")
    expect(count).to_have_text(re.compile(r"^\s*\d+ listings? for “larder”\s*$"))
    cards = page.locator(".results .card")
    shown = int(re.match(r"\s*(\d+)", count.inner_text()).group(1))
    assert shown >= 1
    expect(cards).to_have_count(shown)
    result = cards.get_by_role("link", name="Brickfield Larder", exact=True)
    expect(result).to_be_visible()

    result.click()
    page.wait_for_url(re.compile(r"/directory/brickfield-larder/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Brickfield Larder")
    connections = page.get_by_role("region", name="Connections", exact=True)
    expect(connections).to_be_visible()
    link = connections.get_by_role("link", name="Brickfield Islamic Centre", exact=True)
    expect(link.locator("xpath=..")).to_contain_text("Is supported by")
    expect(link.locator("xpath=..")).to_contain_text("Place")

    link.click()
    page.wait_for_url(re.compile(r"/directory/brickfield-islamic-centre/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Brickfield Islamic Centre")
    # The reverse connection leads back to where the resident came from.
    back = page.get_by_role("region", name="Connections", exact=True).get_by_role(
        "link", name="Brickfield Larder", exact=True
    )
    expect(back.locator("xpath=..")).to_contain_text("Supports")

    listing_map = page.locator("[data-listing-map]")
    expect(listing_map.locator(".leaflet-map-pane")).to_be_attached()
    expect(page.locator("[data-listing-map].leaflet-container.listing-map--ready")).to_have_count(1)
    expect(listing_map.locator(".leaflet-interactive")).to_have_count(1)
    expect(listing_map.locator("img.leaflet-tile-loaded").first).to_be_attached()
    assert traffic.outside_hosts() == {"tiles.test"}
    traffic.assert_clean()
