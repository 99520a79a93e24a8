"""The directory works from the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import focused, tab_to

pytestmark = pytest.mark.browser


def result_count(page):
    """The number in the results heading."""
    return int(re.match(r"\s*(\d+)", page.locator("#results-heading").inner_text()).group(1))


def test_skip_link_moves_focus_to_main(demo_server, page, traffic):
    page.goto(demo_server.url + "/directory/")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))
    assert focused(page)["id"] == "main"
    # The next Tab continues from inside main, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    traffic.assert_clean()


def test_kind_filter_by_keyboard(demo_server, page, traffic):
    page.goto(demo_server.url + "/directory/")
    everything = result_count(page)
    kind = page.get_by_label("Kind")
    expect(kind).to_have_value("")

    tab_to(page, lambda el: el["id"] == "id_kind")
    # Past it and back again with Shift+Tab.
    tab_to(page, lambda el: el["id"] == "id_tag")
    tab_to(page, lambda el: el["id"] == "id_kind", key="Shift+Tab")
    for _ in range(10):
        if focused(page)["value"] == "place":
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == "place", "arrow keys never selected Places"
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Show results")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/directory/\?(.+&)?kind=place(&|$)"))
    expect(page.get_by_label("Kind")).to_have_value("place")
    places = result_count(page)
    assert 0 < places < everything
    badges = page.locator(".results .card .card__kind .kind-badge")
    expect(badges).to_have_count(min(places, 24))
    assert set(badges.all_inner_texts()) == {"Place"}
    expect(page.get_by_role("link", name="Clear all")).to_be_visible()
    traffic.assert_clean()
