"""Organisers filter the opportunities, follow and suggest matches, by mouse or keyboard."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Listing
from tests.browser.helpers import focused, tab_to
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

PAGE = "/opportunities/"
AREA, AREA_SLUG = "Brickfield South", "brickfield-south"
FILTERED = re.compile(rf"/opportunities/\?(.+&)?area={AREA_SLUG}(&|$)")
LISTING = "Mount Zion Prayer Fellowship"


def first_meeting_space_need(page):
    """The first listing's need of meeting space, with its matches."""
    group = page.get_by_role("region", name="Meeting space", exact=True)
    return group.locator(".need").first


def expect_only_the_area(page):
    """Every need shown names the chosen area, and there are needs to show."""
    expect(page.get_by_label("Area")).to_have_value(AREA_SLUG)
    needs = page.locator(".opportunities .need")
    expect(needs.first).to_be_visible()
    areas = page.locator(".need__area")
    expect(areas).to_have_count(needs.count())
    assert set(areas.all_inner_texts()) == {AREA}


def test_an_organiser_filters_by_area_and_follows_a_match(demo_server, page, traffic):
    """Choosing an area leaves only its needs; a match's name leads to that listing."""
    page.goto(demo_server.url + PAGE)
    assert len(set(page.locator(".need__area").all_inner_texts())) > 1

    page.get_by_label("Area").select_option(label=AREA)
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(FILTERED)
    expect_only_the_area(page)

    name = first_meeting_space_need(page).locator(".match a.match__name").first
    title = name.inner_text()
    assert title
    name.click()
    page.wait_for_url(demo_server.url + Listing.objects.get(title=title).url)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    traffic.assert_clean()


def test_suggest_this_connection_chooses_the_other_listing(demo_server, page, traffic):
    """The suggestion form opens for the listing in need, with the matched listing checked."""
    page.goto(f"{demo_server.url}{PAGE}?area={AREA_SLUG}")
    need = first_meeting_space_need(page)
    needing_title = need.locator(".need__who a").inner_text()
    match = need.locator(".match").first
    other = Listing.objects.get(title=match.locator("a.match__name").inner_text())
    kind = match.locator(".kind-badge").inner_text()
    suggest = match.locator("a.match__suggest")
    expect(suggest).to_have_attribute("href", re.compile(rf"\?with={other.pk}$"))

    suggest.click()
    page.wait_for_url(re.compile(rf"/connection/\?with={other.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Suggest a connection for {needing_title}"
    )
    chosen = page.get_by_role("radio", name=f"{other.title} ({kind})", exact=True)
    expect(chosen).to_be_checked()
    expect(chosen).to_have_value(str(other.pk))
    expect(page.get_by_role("radio", checked=True)).to_have_count(1)
    traffic.assert_clean()


def test_the_area_filter_by_keyboard(demo_server, page, traffic):
    """Tab reaches Area, arrow keys choose the area, and Enter on Show applies it."""
    page.goto(demo_server.url + PAGE)
    expect(page.get_by_label("Area")).to_have_value("")

    tab_to(page, lambda el: el["id"] == "id_area")
    for _ in range(10):
        if focused(page)["value"] == AREA_SLUG:
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == AREA_SLUG, f"arrow keys never selected {AREA}"
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Show")
    page.keyboard.press("Enter")

    page.wait_for_url(FILTERED)
    expect_only_the_area(page)
    traffic.assert_clean()


PAGES = {
    "opportunities": (lambda: PAGE, ".opportunities .match"),
    "opportunities in an area": (lambda: f"{PAGE}?area={AREA_SLUG}", ".opportunities .match"),
    "listing with matches": (
        lambda: Listing.objects.get(title=LISTING).url,
        ".listing-map--ready",
    ),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(name, demo_server, page, traffic):
    path, ready = PAGES[name]
    page.goto(demo_server.url + path())
    expect(page.locator(ready).first).to_be_visible()
    if name == "listing with matches":
        expect(page.get_by_role("heading", name="Who could help")).to_be_visible()
        expect(page.get_by_role("heading", name=f"Who needs what {LISTING} offers")).to_be_visible()

    violations = axe_violations(page)
    assert not violations, f"axe violations on {name}:\n{describe(violations)}"
    traffic.assert_clean()
