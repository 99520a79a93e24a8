"""Area reports: read one on screen, print it, download its tables, by mouse or keyboard."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import focused, tab_to
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

PAGE = "/reports/"
AREA, AREA_SLUG = "Brickfield South", "brickfield-south"
REPORT = f"{PAGE}{AREA_SLUG}/"
ISOLATED = "Isolated groups and who could reach them"
LISTING = "Mount Zion Prayer Fellowship"
SKIP = "Skip the map and go to the list"
CSV_TABLE, CSV_SLUG = "Offers and needs", "needs"
MORE = re.compile(r"And (\d+) more in the CSV download\.")
# Counts calls to window.print, which would otherwise open the print dialog.
STUB_PRINT = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


def report_table(page, title):
    """The section of the report that holds the table with this title."""
    return page.get_by_role("region", name=title, exact=True)


def wait_for_map(page):
    """Wait until the report's map has its markers, and return how many it has."""
    ready = page.locator("[data-public-map].public-map--ready")
    expect(ready).to_be_visible()
    expect(ready).to_have_attribute("data-marker-count", re.compile(r"^\d+$"))
    return int(ready.get_attribute("data-marker-count"))


def listed_on_the_map(page):
    """Every listing the "Listings on the map" table stands for, with those left to the CSV."""
    listings = report_table(page, "Listings on the map")
    shown = listings.locator("tbody tr").count()
    more = listings.get_by_text(MORE)
    hidden = int(MORE.fullmatch(more.inner_text()).group(1)) if more.count() else 0
    assert hidden == 0 or shown == 100, f"{shown} rows shown and {hidden} more"
    return shown + hidden


def test_a_report_shows_the_map_its_list_and_the_isolated_groups(demo_server, page, traffic):
    """The report the list leads to has the map's markers as a table, and who is isolated."""
    page.goto(demo_server.url + PAGE)
    page.get_by_role("link", name=AREA, exact=True).click()
    page.wait_for_url(demo_server.url + REPORT)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{AREA}: area report")

    markers = wait_for_map(page)
    assert markers > 0
    assert markers == listed_on_the_map(page)

    isolated = report_table(page, ISOLATED)
    group = isolated.locator(".isolated-list > li").filter(has_text=LISTING)
    expect(group).to_have_count(1)
    expect(group.get_by_text("Could be reached by:", exact=True)).to_be_visible()
    reach = group.locator(".reach-list > li")
    expect(reach.first).to_be_visible()
    assert all(", who " in entry for entry in reach.all_inner_texts())
    traffic.assert_clean()


def test_the_report_prints_without_the_map_or_the_links(demo_server, page, traffic):
    """The button calls the print dialog; the print keeps the tables and drops the rest."""
    page.add_init_script(STUB_PRINT)
    page.goto(demo_server.url + REPORT)
    wait_for_map(page)
    button = page.get_by_role("button", name="Print or save as PDF")
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1

    left_out = {
        "the map": page.locator("[data-public-map]"),
        "the print button": page.locator("[data-print]"),
        "a CSV link": page.locator(".report-table__download a"),
        "the site header": page.locator(".site-header"),
    }
    tables = page.locator(".report table")
    assert tables.count() > 1
    assert left_out["a CSV link"].count() >= tables.count()
    for locator in [*left_out.values(), tables]:
        for element in locator.all():
            expect(element).to_be_visible()

    page.emulate_media(media="print")
    for name, locator in left_out.items():
        for element in locator.all():
            expect(element, f"{name} is printed").to_be_hidden()
    for table in tables.all():
        expect(table).to_be_visible()
    expect(page.get_by_role("heading", name=ISOLATED)).to_be_visible()
    expect(page.locator(".isolated-list")).to_be_visible()
    traffic.assert_clean()


def test_a_table_downloads_as_csv(demo_server, page, traffic):
    """The CSV link downloads the table on the page: the same header, the same rows."""
    page.goto(demo_server.url + REPORT)
    table = report_table(page, CSV_TABLE)
    header = [text.strip() for text in table.locator("thead th").all_text_contents()]
    assert header
    shown = [
        [text.strip() for text in row.locator("th, td").all_text_contents()]
        for row in table.locator("tbody tr").all()
    ]
    assert shown

    with page.expect_download() as started:
        table.get_by_role("link", name=f"Download “{CSV_TABLE}” as CSV").click()
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename == f"{AREA_SLUG}-{CSV_SLUG}.csv"
    with open(download.path(), encoding="utf-8", newline="") as file:
        text = file.read()
    assert text.splitlines()[0] == ",".join(header)
    header_row, *rows = csv.reader(io.StringIO(text))
    assert header_row == header
    assert rows == shown
    traffic.assert_clean()


def test_the_skip_link_moves_focus_to_the_list(demo_server, page, traffic):
    """Enter on "Skip the map" leaves the markers behind and lands on the listings table."""
    page.goto(demo_server.url + REPORT)
    wait_for_map(page)
    skip = page.get_by_role("link", name=SKIP)
    tab_to(page, lambda el: el["text"] == SKIP)
    expect(skip).to_be_focused()

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#table-listings$"))
    target = page.locator("#table-listings")
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    # The next Tab is the table's first link, not a marker on the map.
    page.keyboard.press("Tab")
    first = report_table(page, "Listings on the map").locator("tbody tr a").first
    expect(first).to_be_focused()
    assert focused(page)["tag"] == "a"
    traffic.assert_clean()


PAGES = {
    "whole neighbourhood, with the areas": (PAGE, ".public-map--ready"),
    "area report": (REPORT, ".public-map--ready"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(name, demo_server, page, traffic):
    path, ready = PAGES[name]
    page.goto(demo_server.url + path)
    expect(page.locator(ready).first).to_be_visible()

    violations = axe_violations(page)
    assert not violations, f"axe violations on {name}:\n{describe(violations)}"
    traffic.assert_clean()
