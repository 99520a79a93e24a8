"""From the keyboard alone: main content, search, filters and the list beside each map."""

# test_keyboard.py (the directory), test_whats_on.py, test_opportunities.py, test_map.py,
# test_reports.py (an area's report) and test_add_your_group.py cover their own pages; this
# module covers the rest.

import re

import pytest
from playwright.sync_api import expect

from directory.models import Listing
from tests.browser.helpers import focused, listing_path, tab_to

pytestmark = pytest.mark.browser

KILN_STREET = "Kiln Street Community Centre"
# What is focused, whatever it is: an element's tag, classes and accessible text.
ACTIVE = """() => {
    const el = document.activeElement;
    return {tag: el.tagName.toLowerCase(), classes: [...el.classList],
            text: (el.getAttribute("aria-label") || el.textContent).trim(),
            inMain: document.getElementById("main").contains(el),
            afterMain: Boolean(document.getElementById("main").compareDocumentPosition(el)
                & Node.DOCUMENT_POSITION_FOLLOWING)};
}"""


def tab_until(page, predicate, limit=60):
    """Press Tab until predicate(ACTIVE) holds; return the stops passed on the way."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if predicate(active):
            return passed
        passed.append(active)
    raise AssertionError(f"Tab never got there; passed {[p['text'][:30] for p in passed]}")


def choose_with_arrows(page, value):
    """Press ArrowDown on the focused menu until it holds value."""
    for _ in range(60):
        if focused(page)["value"] == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never chose {value}; the menu holds {focused(page)}")


# Each page and what shows it is ready.
PAGES = {
    "home": (lambda: "/", ".kind-grid"),
    "organisation": (
        lambda: listing_path("org-brickfield-community-association"),
        ".listing-map--ready",
    ),
    "project": (lambda: listing_path("proj-good-food-network"), ".project-facts"),
    "stories": (lambda: "/stories/", ".story-card"),
    "story": (
        lambda: "/stories/the-larder-that-asks-no-questions/",
        ".places-map .leaflet-container",
    ),
    "projects": (lambda: "/projects/", ".card--project"),
    "what's on": (lambda: "/whats-on/", ".session"),
    "map": (lambda: "/map/", ".public-map--ready"),
    "network": (lambda: "/network/", ".network-graph--ready"),
    "opportunities": (lambda: "/opportunities/", ".opportunities .match"),
    "reports": (lambda: "/reports/", ".public-map--ready"),
    "accessibility statement": (lambda: "/accessibility/", ".information__reviewed"),
    "add your group": (lambda: "/add-your-group/", ".pin-picker__map .leaflet-tile-loaded"),
    "suggest a change": (
        lambda: f"/suggest/{Listing.objects.get(title=KILN_STREET).pk}/change/",
        "form button[type=submit]",
    ),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_the_skip_link_reaches_the_main_content(name, demo_server, page, traffic):
    """The first Tab shows the skip link; Enter moves focus, and the next Tab, into main."""
    path, ready = PAGES[name]
    page.goto(demo_server.url + path())
    expect(page.locator(ready).first).to_be_attached()
    skip = page.get_by_role("link", name="Skip to main content")

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    if page.locator("#main").locator("a[href], button, input, select, textarea").count():
        assert active["inMain"], f"the Tab after the skip link left main: {active}"
    else:
        # Nothing to focus in main: the next Tab goes on to the footer, not back to the header.
        assert active["afterMain"], f"the Tab after the skip link went back: {active}"
    traffic.assert_clean()


def test_the_site_search_from_a_listing_by_keyboard(demo_server, page, traffic):
    """Tab to the header's search box, type, Enter; then Tab to a result and open it."""
    page.goto(demo_server.url + listing_path("asset-community-minibus"))
    tab_to(page, lambda el: el["id"] == "site-search-q")
    page.keyboard.type("larder")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/directory/\?q=larder$"))
    heading = page.locator("#results-heading")
    expect(heading).to_have_text(re.compile(r"^\s*\d+ listings? for “larder”\s*$"))
    expect(page.get_by_role("textbox", name="Search", exact=True)).to_have_value("larder")
    expect(page.get_by_role("searchbox", name="Search the directory")).to_have_value("larder")
    tab_until(page, lambda el: el["tag"] == "a" and el["text"] == "Brickfield Larder", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/directory/brickfield-larder/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Brickfield Larder")
    traffic.assert_clean()


def test_the_home_page_search_by_keyboard(demo_server, page, traffic):
    """The home page's own search box is reached by Tab and sent with its button."""
    page.goto(demo_server.url + "/")
    tab_to(page, lambda el: el["id"] == "home-search-q")
    page.keyboard.type("yoga")
    page.keyboard.press("Tab")
    assert focused(page) == {"tag": "button", "id": "", "text": "Search", "value": ""}
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/directory/\?q=yoga$"))
    expect(page.locator(".results .card").first).to_be_visible()
    expect(page.locator(".results").get_by_role("link", name="Chair yoga")).to_be_visible()
    traffic.assert_clean()


def test_the_network_search_by_keyboard(demo_server, page, traffic):
    """Find by name opens the listing's details; Escape closes them and returns to the box."""
    page.goto(demo_server.url + "/network/")
    expect(page.locator(".network-graph--ready")).to_be_visible()
    tab_to(page, lambda el: el["id"] == "network-search")
    page.keyboard.type("Kiln Street")
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Find")
    page.keyboard.press("Enter")

    expect(page.locator(".network-search__status")).to_contain_text(f"Showing {KILN_STREET}")
    details = page.locator("[data-network-panel]")
    expect(details.get_by_role("heading", level=3)).to_have_text(KILN_STREET)
    tab_to(page, lambda el: el["tag"] == "a" and el["text"].startswith("Go to its page"))
    page.keyboard.press("Escape")
    expect(details).to_be_hidden()
    expect(page.get_by_label("Find by name")).to_be_focused()
    traffic.assert_clean()


def test_the_connection_search_by_keyboard(demo_server, page, traffic):
    """On "Suggest a connection", Enter in the search box lists matches to choose with arrows."""
    listing = Listing.objects.get(title=KILN_STREET)
    page.goto(f"{demo_server.url}/suggest/{listing.pk}/connection/")
    tab_to(page, lambda el: el["id"] == "id_q")
    page.keyboard.type("larder")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    matches = page.get_by_role("group", name="Which listing?")
    expect(matches.get_by_role("radio")).to_have_count(2)
    expect(page.get_by_role("alert")).to_have_count(0)
    tab_to(page, lambda el: el["id"] == "id_other_listing_0")
    page.keyboard.press("Space")
    expect(matches.get_by_role("radio", name="Brickfield Larder (Organisation)")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(matches.get_by_role("radio", checked=True)).to_have_count(1)
    expect(matches.get_by_role("radio", name="Brickfield Larder pantry (Activity)")).to_be_checked()
    traffic.assert_clean()


def only_kind_in_the_map_list(page, value):
    badges = page.locator("#map-list .map-list__item .kind-badge")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {value.capitalize()}


def only_kind_in_the_network_table(page, value):
    kinds = page.locator(".network-table tbody tr td:nth-of-type(1)")
    expect(kinds.first).to_be_visible()
    assert set(kinds.all_inner_texts()) == {value.capitalize()}


def only_stories_about(page, value):
    cards = page.locator(".story-card")
    expect(cards.first).to_be_visible()
    for card in cards.all():
        expect(card.get_by_role("list", name="Topics")).to_contain_text(value)


def only_projects_with_status(page, value):
    badges = page.locator(".card--project .status-badge")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {value.capitalize()}


# Each page's filter: its path, the menu's id and label, a value, the button, and a check
# that the results shown are what the filter chose.
FILTERS = {
    "map": ("/map/", "id_kind", "Kind", "group", "Show on the map", only_kind_in_the_map_list),
    "network": ("/network/", "id_kind", "Kind", "place", "Show", only_kind_in_the_network_table),
    "stories": ("/stories/", "id_tag", "Topic", "food", "Show stories", only_stories_about),
    "projects": (
        "/projects/",
        "id_status",
        "Status",
        "active",
        "Show projects",
        only_projects_with_status,
    ),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_a_filter_by_keyboard(name, demo_server, page, traffic):
    """Tab to the menu, choose with the arrow keys, Tab to the button and press Enter."""
    path, field_id, label, value, button, check = FILTERS[name]
    page.goto(demo_server.url + path)
    menu = page.get_by_role("combobox", name=label, exact=True)
    expect(menu).to_have_value("")

    tab_to(page, lambda el: el["id"] == field_id)
    choose_with_arrows(page, value)
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == button)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(rf"{re.escape(path)}\?(.+&)?{field_id[3:]}={value}(&|$)"))
    expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(value)
    check(page, value)
    traffic.assert_clean()


def test_a_listings_map_leads_on_to_its_address_link(demo_server, page, traffic):
    """Tab passes through the listing's small map in a few stops, to "Open in OpenStreetMap"."""
    page.goto(demo_server.url + listing_path("asset-community-minibus"))
    expect(page.locator(".listing-map--ready")).to_be_visible()
    where = page.locator(".listing__aside .panel").filter(has=page.locator(".listing-map"))
    expect(where.locator(".address")).not_to_be_empty()

    tab_until(page, lambda el: "listing-map" in el["classes"], limit=120)
    inside = tab_until(page, lambda el: el["text"] == "Open in OpenStreetMap", limit=8)
    assert {"Zoom in", "Zoom out"} <= {stop["text"] for stop in inside}
    link = where.get_by_role("link", name="Open in OpenStreetMap")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", re.compile(r"^https://www\.openstreetmap\.org/\?mlat="))
    traffic.assert_clean()


def test_a_storys_places_map_leads_on_to_its_list(demo_server, page, traffic):
    """Past the story's map, Tab reaches the list of its places, which lead to their pages."""
    page.goto(demo_server.url + "/stories/the-larder-that-asks-no-questions/")
    places = page.locator("[data-places-map]")
    expect(places.locator(".leaflet-container")).to_be_visible()
    listed = places.locator(".places-map__list a").all_inner_texts()
    assert len(listed) == 3

    tab_until(page, lambda el: "story-map" in el["classes"])
    tab_until(page, lambda el: el["tag"] == "a" and el["text"] == listed[0], limit=10)
    expect(places.get_by_role("link", name=listed[0], exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/directory/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(listed[0])
    traffic.assert_clean()


def test_the_network_table_is_reached_and_sorted_by_keyboard(demo_server, page, traffic):
    """Tab skips the picture and reaches the table, whose column headings sort it."""
    page.goto(demo_server.url + "/network/")
    expect(page.locator(".network-graph--ready")).to_be_visible()
    passed = tab_until(page, lambda el: el["tag"] == "a" and el["text"] == "Name")
    assert not [stop for stop in passed if "network-graph" in stop["classes"]]
    name = page.get_by_role("columnheader", name="Name")
    expect(name.get_by_role("link")).to_be_focused()
    expect(name).not_to_have_attribute("aria-sort", re.compile(".*"))

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/network/\?sort=label$"))
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute(
        "aria-sort", "ascending"
    )
    rows = page.locator(".network-table tbody th[scope=row]").all_inner_texts()
    assert rows == sorted(rows, key=str.lower)
    # Network-only people have no page: the first row with a link is the first reached.
    first = page.locator(".network-table tbody th[scope=row] a").first.inner_text()
    tab_until(page, lambda el: el["tag"] == "a" and el["text"] == first)
    expect(page.get_by_role("link", name=first, exact=True).first).to_be_focused()
    traffic.assert_clean()


def test_the_neighbourhood_reports_skip_link_moves_focus_to_the_list(demo_server, page, traffic):
    """On /reports/, "Skip the map" leads past the markers to the table of listings."""
    page.goto(demo_server.url + "/reports/")
    expect(page.locator(".public-map--ready")).to_be_visible()
    tab_to(page, lambda el: el["text"] == "Skip the map and go to the list")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#table-listings$"))
    table = page.locator("#table-listings")
    expect(table).to_be_focused()
    expect(table).to_be_in_viewport()
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    assert active["tag"] == "a" and "leaflet-marker-icon" not in active["classes"]
    first = page.get_by_role("region", name="Listings on the map").locator("tbody tr a").first
    expect(first).to_be_focused()
    traffic.assert_clean()
