"""The public map: markers for what the filters select, popups that lead on, and a list twin."""

import csv
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from directory.models import DirectoryIndexPage, GroupPage
from tests.browser.conftest import Traffic
from tests.browser.helpers import focused, tab_to
from tests.builders import make_listing

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"
NARROWEST = {"width": 320, "height": 640}
DEMO = settings.BASE_DIR / "data" / "demo"
GEOJSON = "/api/map.geojson"

# Records when anything inside the map last changed, so a test can wait for it to settle.
WATCH_MAP = """
window.__mapChangedAt = performance.now();
new MutationObserver((mutations) => {
  if (mutations.some((m) => m.target.closest && m.target.closest(".public-map"))) {
    window.__mapChangedAt = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
# The map is drawn, no zoom or cluster animation is running and nothing moved for 400 ms.
SETTLED = """() => document.querySelector(".public-map--ready")
    && !document.querySelector(".public-map .leaflet-zoom-anim, .public-map .leaflet-cluster-anim")
    && performance.now() - window.__mapChangedAt > 400"""
# What the map shows: the number on each cluster, and the single markers.
DRAWN = """() => ({
    clusters: [...document.querySelectorAll(".public-map .marker-cluster")]
        .map((el) => Number(el.querySelector("span").textContent.trim())),
    markers: [...document.querySelectorAll(".public-map .map-marker")]
        .map((el) => ({title: el.title, kind: [...el.classList]
            .find((name) => name.startsWith("map-marker--")).slice("map-marker--".length)})),
})"""
STICKING_OUT = """selector => [...document.querySelectorAll(selector)]
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth)
    .map(el => `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}: `
        + `${el.textContent.trim().replace(/\\s+/g, " ").slice(0, 60)}`)"""


def demo_located_count(kind=None):
    """Public located rows of the demo spreadsheet (of one Type), plus located stories."""
    with (DEMO / "elements.csv").open(newline="") as rows:
        listings = sum(
            1
            for row in csv.DictReader(rows)
            if row["Visibility"] == "public"
            and row["Location"].strip()
            and kind in (None, row["Type"].lower())
        )
    stories = json.loads((DEMO / "stories.json").read_text())
    located_stories = sum(1 for story in stories if story["location"])
    if kind is None:
        return listings + located_stories
    return located_stories if kind == "story" else listings


def open_map(page, url):
    """Open the map page and return the GeoJSON features its script fetched."""
    page.add_init_script(WATCH_MAP)
    with page.expect_response(lambda response: GEOJSON in response.url) as fetched:
        page.goto(url)
    response = fetched.value
    assert response.ok, f"{response.url} answered {response.status}"
    wait_for_map(page)
    return response, response.json()["features"]


def wait_for_map(page):
    """Wait until the markers are drawn and the map has stopped moving."""
    expect(page.locator(".public-map--ready")).to_be_visible()
    page.wait_for_function(SETTLED, polling=50)


def act_on_map(page, action):
    """Do something that moves the map, then wait for it to settle."""
    page.evaluate("window.__mapChangedAt = performance.now()")
    action()
    page.wait_for_function(SETTLED, polling=50)


def heading_count(page):
    """The number in the "N places on the map" heading."""
    text = page.locator("#map-results-heading").inner_text()
    match = re.fullmatch(r"(\d+) places? on the map", text.strip())
    assert match, f"unexpected results heading: {text!r}"
    return int(match.group(1))


def marker_count(page):
    return int(page.locator(".public-map").get_attribute("data-marker-count"))


def listed_ids(page):
    """The feature ids of the list, following its pages to the end."""
    ids = []
    while True:
        items = page.locator("#map-list .map-list__item")
        ids += [int(item.get_attribute("data-feature-id")) for item in items.all()]
        following = page.locator("#map-list .pagination a[rel=next]")
        if not following.count():
            return ids
        with page.expect_navigation():
            following.click()


def feature_ids(features):
    return [feature["properties"]["id"] for feature in features]


def inside_the_map(page, locator):
    """The elements of locator whose whole box lies inside the visible map."""
    area = page.locator(".public-map").bounding_box()
    inside = []
    for element in locator.all():
        box = element.bounding_box()
        if (
            box
            and box["x"] >= area["x"]
            and box["y"] >= area["y"]
            and box["x"] + box["width"] <= area["x"] + area["width"]
            and box["y"] + box["height"] <= area["y"] + area["height"]
        ):
            inside.append(element)
    return inside


def zoom_to_a_marker(page):
    """Click clusters until a single marker shows inside the map, and return it."""
    markers = page.locator(".public-map .map-marker")
    for _ in range(6):
        if inside_the_map(page, markers):
            return inside_the_map(page, markers)[0]
        clusters = inside_the_map(page, page.locator(".public-map .marker-cluster"))
        assert clusters, "neither markers nor clusters left to click"
        act_on_map(page, clusters[0].click)
    raise AssertionError(f"still no single marker after zooming: {page.evaluate(DRAWN)}")


def assert_no_errors(traffic):
    """No console errors, uncaught exceptions or failed requests.

    Leaflet cancels the tile images it no longer needs when the map zooms (the stubbed tile
    host answers at once, but not always before that), so those cancellations are allowed
    here; test_tiles_are_fetched_for_one_view_only checks the first view's.
    """
    assert not traffic.console_errors, "Console errors:\n" + "\n".join(traffic.console_errors)
    failures = [
        failure
        for failure in traffic.failures
        if not (failure.startswith("GET https://tiles.test/") and "ERR_ABORTED" in failure)
    ]
    assert not failures, "Failed requests:\n" + "\n".join(failures)


def test_the_map_draws_every_place_in_clusters(demo_server, page, traffic):
    response, features = open_map(page, demo_server.url + "/map/")
    assert urlsplit(response.url).query == ""

    expected = demo_located_count()
    assert len(features) == expected
    assert marker_count(page) == expected
    assert heading_count(page) == expected
    drawn = page.evaluate(DRAWN)
    assert drawn["clusters"], "no clusters drawn"
    # Every feature is inside the bounds the map fitted: in a cluster or on its own.
    assert sum(drawn["clusters"]) + len(drawn["markers"]) == expected, drawn
    expect(page.locator(".map-legend li")).to_have_count(8)  # seven listing kinds and stories
    expect(page.locator(".map-coverage")).to_contain_text("not on the map")
    assert traffic.outside_hosts() <= {"tiles.test"}
    assert_no_errors(traffic)


def test_a_kind_filter_changes_the_markers_url_and_list(demo_server, page, traffic):
    _response, everything = open_map(page, demo_server.url + "/map/")
    groups = demo_located_count("group")
    assert 0 < groups < len(everything)

    page.get_by_label("Kind").select_option("group")
    with page.expect_response(lambda response: GEOJSON in response.url) as fetched:
        page.get_by_role("button", name="Show on the map").click()
    page.wait_for_url(re.compile(r"/map/\?(.+&)?kind=group(&|$)"))
    assert parse_qs(urlsplit(fetched.value.url).query) == {"kind": ["group"]}
    wait_for_map(page)

    features = fetched.value.json()["features"]
    assert {feature["properties"]["kind"] for feature in features} == {"group"}
    assert len(features) == groups
    assert marker_count(page) == groups
    assert heading_count(page) == groups
    drawn = page.evaluate(DRAWN)
    assert sum(drawn["clusters"]) + len(drawn["markers"]) == groups
    assert {marker["kind"] for marker in drawn["markers"]} <= {"group"}
    expect(page.get_by_label("Kind")).to_have_value("group")
    badges = page.locator("#map-list .map-list__item .kind-badge")
    expect(badges).to_have_count(groups)
    assert set(badges.all_inner_texts()) == {"Group"}
    assert sorted(listed_ids(page)) == sorted(feature_ids(features))
    assert_no_errors(traffic)


def test_a_cluster_opens_to_a_marker_whose_popup_leads_to_its_page(demo_server, page, traffic):
    _response, features = open_map(page, demo_server.url + "/map/")
    by_title = {feature["properties"]["title"]: feature["properties"] for feature in features}
    marker = zoom_to_a_marker(page)
    title = marker.get_attribute("title")
    place = by_title[title]

    act_on_map(page, marker.click)
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup).to_be_visible()
    expect(popup.locator(".map-popup__kind")).to_have_text(place["kind"].capitalize())
    expect(popup.locator(".map-popup__title")).to_have_text(title)
    expect(popup.locator(".map-popup__summary")).to_have_text(place["summary"])

    popup.get_by_role("link", name=title).click()
    page.wait_for_url(demo_server.url + place["url"])
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_no_errors(traffic)


def test_a_marker_opens_its_popup_from_the_keyboard(demo_server, page, traffic):
    _response, features = open_map(
        page, demo_server.url + "/map/?kind=group&area=gospel-oak-fields"
    )
    # Three groups far enough apart that none is clustered.
    assert len(features) == 3
    assert page.evaluate(DRAWN)["clusters"] == []

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.public-map .map-marker')"):
            break
    else:
        raise AssertionError(f"Tab never reached a marker; focus ended on {focused(page)}")
    title = page.evaluate("document.activeElement.title")
    assert title in {feature["properties"]["title"] for feature in features}
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup.locator(".map-popup__title")).to_have_text(title)
    tab_to(page, lambda el: el["tag"] == "a" and el["text"] == title)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/directory/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_no_errors(traffic)


def test_a_hostile_title_is_text_in_its_popup_and_card(demo_server, page, traffic):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _response, before = open_map(page, demo_server.url + "/map/")

    # Published after the map's GeoJSON was cached: publishing must drop that entry.
    listing = make_listing(
        GroupPage,
        parent=DirectoryIndexPage.objects.get(),
        title=HOSTILE,
        slug="hostile",
        summary=f"Also {HOSTILE} in the summary.",
        lat_lng=(51.5530, -0.1430),
    )
    _response, after = open_map(page, demo_server.url + "/map/")
    assert sorted(feature_ids(after)) == sorted([*feature_ids(before), listing.pk])
    assert marker_count(page) == len(before) + 1
    card = page.locator(f'#map-list .map-list__item[data-feature-id="{listing.pk}"]')
    expect(card.locator(".card__title")).to_have_text(HOSTILE)
    expect(card.locator(".card__summary")).to_have_text(listing.summary)

    page.get_by_role("textbox", name="Search", exact=True).fill("onerror")
    page.get_by_role("button", name="Show on the map").click()
    page.wait_for_url(re.compile(r"[?&]q=onerror(&|$)"))
    wait_for_map(page)
    assert marker_count(page) == 1
    marker = page.locator(".public-map .map-marker")
    expect(marker).to_have_attribute("title", HOSTILE)
    act_on_map(page, marker.click)
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup.locator(".map-popup__title a")).to_have_text(HOSTILE)
    expect(popup.locator(".map-popup__summary")).to_have_text(listing.summary)
    assert popup.locator("img").count() == 0
    assert page.locator(".public-map img:not(.leaflet-tile)").count() == 0
    assert page.locator("#map-list img").count() == 0
    assert dialogs == []
    assert_no_errors(traffic)


@pytest.mark.parametrize(
    "query",
    ["", "kind=story", "kind=group&area=brickfield-north", "tag=food", "q=garden"],
    ids=["everything", "stories", "groups in an area", "a topic", "a search"],
)
def test_the_list_holds_the_same_places_as_the_markers(query, demo_server, page, traffic):
    response, features = open_map(page, demo_server.url + "/map/?" + query)
    assert parse_qs(urlsplit(response.url).query) == parse_qs(query)
    assert features, "the filters should select something in the demo"
    assert marker_count(page) == len(features) == heading_count(page)

    ids = listed_ids(page)
    assert len(ids) == len(set(ids)), "a place is listed twice"
    assert set(ids) == set(feature_ids(features))
    assert_no_errors(traffic)


def test_no_console_errors_while_using_the_map(demo_server, page, traffic):
    open_map(page, demo_server.url + "/map/")
    act_on_map(page, page.get_by_role("button", name="Zoom in", exact=True).click)
    act_on_map(page, page.get_by_role("button", name="Zoom out").click)
    act_on_map(page, zoom_to_a_marker(page).click)
    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    act_on_map(page, popup.get_by_role("button", name="Close popup").click)
    expect(popup).to_have_count(0)
    assert traffic.console_errors == []
    assert_no_errors(traffic)


def test_a_bad_filter_is_reported_and_left_out_of_the_markers(demo_server, page, traffic):
    response, features = open_map(page, demo_server.url + "/map/?kind=bogus&tag=food")
    expect(page.get_by_role("alert")).to_be_visible()
    # The API would refuse kind=bogus: the map asks only for the valid filter.
    assert parse_qs(urlsplit(response.url).query) == {"tag": ["food"]}
    assert features
    assert marker_count(page) == len(features) == heading_count(page)
    assert set(listed_ids(page)) == set(feature_ids(features))
    assert_no_errors(traffic)


def test_tiles_are_fetched_for_one_view_only(demo_server, page, traffic):
    """The map asks the tile server only for the view it shows, not a view it then leaves."""
    open_map(page, demo_server.url + "/map/")
    zooms = {int(urlsplit(url).path.split("/")[1]) for url in traffic.outside}
    assert len(zooms) == 1, f"tiles were fetched at zoom levels {sorted(zooms)}"
    traffic.assert_clean()


def test_the_map_is_still_when_it_says_it_is_ready(demo_server, page, traffic):
    """Once .public-map--ready is set, the markers are where they will stay."""
    page.add_init_script(
        """
        window.__afterReady = [];
        new MutationObserver((mutations) => {
          const map = document.querySelector(".public-map");
          if (!map || !map.classList.contains("public-map--ready")) return;
          for (const {target} of mutations) {
            if (/\\bleaflet-(zoom|cluster)-anim\\b/.test(target.className)) {
              window.__afterReady.push(target.className);
            }
          }
        }).observe(document, {subtree: true, attributes: true, attributeFilter: ["class"]});
        """
    )
    open_map(page, demo_server.url + "/map/")
    assert page.evaluate("window.__afterReady") == []
    assert_no_errors(traffic)


def test_the_list_and_count_work_without_javascript(demo_server, new_context):
    context = new_context(java_script_enabled=False)
    recorder = Traffic(demo_server.url)
    context.route("**/*", recorder.handle_route)
    page = context.new_page()
    page.on("requestfailed", recorder.on_request_failed)
    page.on("response", recorder.on_response)
    page.goto(demo_server.url + "/map/")
    expected = demo_located_count()
    assert heading_count(page) == expected
    expect(page.locator("#map-list .map-list__item")).to_have_count(min(expected, 50))
    expect(page.locator(".public-map")).not_to_have_class(re.compile(r"leaflet-container"))
    assert len(set(listed_ids(page))) == expected

    page.goto(demo_server.url + "/map/")
    page.get_by_label("Kind").select_option("story")
    page.get_by_role("button", name="Show on the map").click()
    page.wait_for_url(re.compile(r"[?&]kind=story(&|$)"))
    stories = demo_located_count("story")
    assert heading_count(page) == stories
    badges = page.locator("#map-list .map-list__item .kind-badge")
    expect(badges).to_have_count(stories)
    assert set(badges.all_inner_texts()) == {"Story"}
    assert recorder.outside == []
    recorder.assert_clean()


def test_the_skip_link_moves_focus_to_the_list(demo_server, page, traffic):
    open_map(page, demo_server.url + "/map/")
    skip = page.get_by_role("link", name="Skip the map and go to the list")
    tab_to(page, lambda el: el["text"] == "Skip the map and go to the list")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#map-list$"))
    assert focused(page)["id"] == "map-list"
    expect(page.locator("#map-list")).to_be_in_viewport()
    # The next Tab is the list's first link, not a marker.
    page.keyboard.press("Tab")
    first = page.locator("#map-list .map-list__item .card__title a").first
    expect(first).to_be_focused()
    assert_no_errors(traffic)


def test_the_map_page_fits_the_narrowest_phone(demo_server, page, traffic):
    """WCAG 1.4.10 Reflow: at 320 CSS pixels nothing needs scrolling sideways."""
    page.set_viewport_size(NARROWEST)
    open_map(page, demo_server.url + "/map/")

    for selector in [".filters", ".public-map", ".map-legend", ".map-coverage", "#map-list"]:
        assert page.evaluate(STICKING_OUT, selector) == [], f"{selector} is wider than the screen"
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["client"] == NARROWEST["width"]
    assert widths["scroll"] <= widths["client"], (
        f"the map page scrolls sideways: {widths}; past the right edge: "
        f"{page.evaluate(STICKING_OUT, 'body *')}"
    )
    assert_no_errors(traffic)
