"""Every public page type not checked elsewhere passes axe-core and loads without errors."""

# test_accessibility.py, test_add_your_group.py, test_opportunities.py, test_reports.py and
# test_network.py cover the home page, the directory, place, activity, group, project and
# network-only person pages, stories, projects, What's on, the map, the network,
# opportunities, reports and the accessibility statement; this module covers the rest.

import re

import pytest
from playwright.sync_api import expect

from directory.models import Listing
from tests.browser.helpers import listing_path
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser


def listing_id(external_id):
    """The page id of the demo listing with this spreadsheet ID."""
    return Listing.objects.get(external_id=external_id).pk


# Each page, a selector for the state it is meant to show, and the text of its h1.
PAGES = {
    "organisation": (
        lambda: listing_path("org-brickfield-community-association"),
        ".listing-map--ready",
        "Brickfield Community Association",
    ),
    "asset": (
        lambda: listing_path("asset-community-minibus"),
        ".listing-map--ready",
        "Community minibus",
    ),
    "public person, with no map": (
        lambda: listing_path("person-joy-adebayo-marsh"),
        ".connections .connection-list",
        "Joy Adebayo-Marsh",
    ),
    "search results": (lambda: "/directory/?q=larder", ".results .card", "Directory"),
    "directory, A to Z and a kind": (
        lambda: "/directory/?kind=place&letter=B",
        ".az a[aria-current='true']",
        "Directory",
    ),
    "stories about a topic": (lambda: "/stories/?tag=food", ".story-card", "Stories"),
    "stories, nothing found": (
        lambda: f"/stories/?listing={listing_id('org-brickfield-advice-centre')}&tag=sport",
        ".nothing-found",
        "Stories",
    ),
    "projects by status": (lambda: "/projects/?status=active", ".card--project", "Projects"),
    "story with neither map": (
        lambda: "/stories/who-isnt-on-the-map-yet/",
        ".story__body",
        "Who isn't on the map yet?",
    ),
    "what's on, nothing found": (
        lambda: "/whats-on/?tag=sport&area=brickfield-north&week=next",
        ".nothing-found",
        "What's on",
    ),
    "map, nothing found": (
        lambda: "/map/?q=zzyzx-no-such-thing",
        ".public-map--ready",
        "Map",
    ),
    "network around one listing": (
        lambda: f"/network/?focus={listing_id('place-kiln-street-centre')}&depth=2",
        ".network-graph--ready",
        "Network",
    ),
    "opportunities for one need": (
        lambda: "/opportunities/?need=meeting-space",
        ".opportunities .match",
        "Opportunities",
    ),
    "suggest a change": (
        lambda: f"/suggest/{listing_id('place-kiln-street-centre')}/change/",
        "form button[type=submit]",
        "Suggest a change to Kiln Street Community Centre",
    ),
    "suggest a connection": (
        lambda: f"/suggest/{listing_id('place-kiln-street-centre')}/connection/",
        "form button[type=submit]",
        "Suggest a connection for Kiln Street Community Centre",
    ),
    "suggest a connection, with matches": (
        lambda: f"/suggest/{listing_id('place-kiln-street-centre')}/connection/?q=brickfield",
        "input[name=other_listing]",
        "Suggest a connection for Kiln Street Community Centre",
    ),
    "suggestion thanks": (
        lambda: f"/suggest/{listing_id('place-kiln-street-centre')}/thanks/",
        ".confirmation",
        "Thank you for your suggestion",
    ),
    "get involved thanks": (
        lambda: listing_path("proj-good-food-network") + "?thanks=1",
        ".prose",
        "Thank you for offering to help",
    ),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations_and_a_clean_load(name, demo_server, page, traffic):
    """The page shows its state, axe-core finds nothing, and no request or script fails."""
    path, ready, heading = PAGES[name]
    response = page.goto(demo_server.url + path())
    assert response.status == 200, f"{name} answered {response.status}"
    expect(page.locator(ready).first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    violations = axe_violations(page)
    assert not violations, f"axe violations on {name}:\n{describe(violations)}"
    traffic.assert_clean()


def assert_clean_but_for(traffic, status, url):
    """Like traffic.assert_clean(), allowing only the page's own expected error status."""
    expected = [
        f for f in traffic.failures if re.fullmatch(rf"{status} [A-Z]+ {re.escape(url)}", f)
    ]
    assert len(expected) == 1, f"the page did not answer {status}: {traffic.failures}"
    others = [f for f in traffic.failures if f not in expected]
    assert not others, "Failed requests:\n" + "\n".join(others)
    # Chromium reports the page's own error status on the console; nothing else may be there.
    console = [e for e in traffic.console_errors if not (f"status of {status}" in e and url in e)]
    assert not console, "Console errors:\n" + "\n".join(console)


NOT_FOUND = {
    "an unknown address": lambda: "/no-such-page/",
    "a listing that is not there": lambda: "/directory/no-such-listing/",
    "a suggestion for no listing": lambda: "/suggest/999999/change/",
}


@pytest.mark.parametrize("name", list(NOT_FOUND))
def test_the_not_found_page(name, demo_server, page, traffic):
    """A missing page answers 404 with the site's own page, which passes axe-core."""
    url = demo_server.url + NOT_FOUND[name]()
    response = page.goto(url)
    assert response.status == 404
    expect(page).to_have_title(re.compile(r"^Page not found – "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Search the directory").first).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search the directory")).to_be_visible()

    violations = axe_violations(page)
    assert not violations, f"axe violations on the 404 page:\n{describe(violations)}"
    assert_clean_but_for(traffic, 404, url)


def test_the_too_many_attempts_page(settings, demo_server, page, traffic):
    """Past the rate limit a public form answers 429 with a page that passes axe-core."""
    settings.RATELIMIT_PER_MINUTE = 1
    url = f"{demo_server.url}/suggest/{listing_id('place-kiln-street-centre')}/change/"
    page.goto(url)
    # The limit counts per minute: a third post is over it even if a minute turns meanwhile.
    for _ in range(3):
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Send suggestion").click()
        if navigation.value.status == 429:
            break
    else:
        raise AssertionError("the form never answered 429")
    assert navigation.value.headers["retry-after"] == "60"
    expect(page).to_have_title(re.compile(r"^Too many attempts – "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    expect(page.get_by_text("please wait a minute and try again")).to_be_visible()

    violations = axe_violations(page)
    assert not violations, f"axe violations on the 429 page:\n{describe(violations)}"
    assert_clean_but_for(traffic, 429, url)
