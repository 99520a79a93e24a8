"""A resident reads a story and follows one of the listings it features."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_read_a_story_and_follow_a_featured_listing(demo_server, page, traffic):
    page.goto(demo_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories").click()
    page.wait_for_url(re.compile(r"/stories/$"))
    page.get_by_role("link", name="The larder that asks no questions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The larder that asks no questions")
    places = page.locator("[data-places-map]")
    expect(places.locator(".leaflet-container")).to_be_visible()
    expect(places.locator(".leaflet-interactive")).to_have_count(3)
    expect(places.get_by_role("listitem")).to_have_count(3)

    featured = page.get_by_role("region", name="In this story")
    featured.get_by_role("link", name="Brickfield Advice Centre", exact=True).click()
    page.wait_for_url(re.compile(r"/directory/brickfield-advice-centre/$"))
    stories = page.get_by_role("region", name="Stories about Brickfield Advice Centre")
    expect(stories.get_by_role("link", name="The larder that asks no questions")).to_be_visible()
    assert traffic.outside_hosts() <= {"tiles.test"}
    traffic.assert_clean()
