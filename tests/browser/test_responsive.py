"""Pages fit a small phone's screen and their boxes hold their text."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import listing_path

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
PAGES = {
    "home": (lambda: "/", ".kind-grid"),
    "listing": (
        lambda: listing_path("org-brickfield-community-association"),
        ".listing-map--ready",
    ),
    "what's on": (lambda: "/whats-on/", ".week-tabs"),
    "activity with sessions": (lambda: listing_path("act-cook-and-share"), ".when"),
    "map": (lambda: "/map/", ".public-map--ready"),
    "story with a location": (
        lambda: "/stories/walking-football-on-prescription/",
        ".story__where .listing-map--ready",
    ),
}
OVERFLOWING = """selector => [...document.querySelectorAll(selector)]
    .filter(el => el.scrollWidth > el.clientWidth)
    .map(el => el.textContent.trim())"""


@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scroll_at_375px(name, demo_server, page, traffic):
    path, ready = PAGES[name]
    page.set_viewport_size(PHONE)
    page.goto(demo_server.url + path())
    expect(page.locator(ready)).to_be_visible()

    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["client"] == PHONE["width"]
    assert widths["scroll"] <= widths["client"], f"{name} scrolls sideways: {widths}"
    traffic.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_kind_tiles_hold_their_labels(viewport, demo_server, page, traffic):
    page.set_viewport_size(viewport)
    page.goto(demo_server.url + "/")
    tiles = page.locator(".kind-tile")
    expect(tiles).to_have_count(7)  # six directory kinds and projects
    assert page.evaluate(OVERFLOWING, ".kind-tile") == []
    traffic.assert_clean()
