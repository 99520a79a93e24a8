"""axe-core finds no WCAG 2.2 AA violations on the public pages."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.helpers import listing_path

pytestmark = pytest.mark.browser

AXE_SOURCE = (settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js").read_text()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}}


def axe_violations(page):
    """Run axe-core on the page and return its violations."""
    # Evaluated through the browser's debugging protocol: the site's Content-Security-Policy
    # rightly refuses an inline script tag.
    page.evaluate(AXE_SOURCE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert results["passes"], "axe ran no checks at all"
    return results["violations"]


def describe(violations):
    """The violations as readable lines: rule, help text and the nodes affected."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


# Each page, and a selector for the state it is meant to show, so axe checks that state.
PAGES = {
    "home": (lambda: "/", ".kind-grid"),
    "directory": (lambda: "/directory/", ".results .card"),
    "nothing found": (lambda: "/directory/?q=zzyzx-no-such-thing", ".nothing-found"),
    "invalid filter": (lambda: "/directory/?kind=bogus", ".error-summary"),
    "listing with a map": (
        lambda: listing_path("place-kiln-street-centre"),
        ".listing-map--ready",
    ),
    "network-only person": (lambda: listing_path("person-maureen-callaghan"), ".notice"),
    "stories": (lambda: "/stories/", ".story-card"),
    "projects": (lambda: "/projects/", ".card--project"),
    "project": (lambda: listing_path("proj-good-food-network"), ".project-facts"),
    "story with a map": (
        lambda: "/stories/the-larder-that-asks-no-questions/",
        ".places-map .leaflet-container",
    ),
    "what's on": (lambda: "/whats-on/", ".session"),
    "accessibility statement": (lambda: "/accessibility/", ".information__reviewed"),
    "what's on, next week, filtered": (
        lambda: "/whats-on/?week=next&area=brickfield-north",
        ".session",
    ),
    "activity with sessions": (lambda: listing_path("act-cook-and-share"), ".when"),
    "map": (lambda: "/map/", ".public-map--ready"),
    "map filtered": (
        lambda: "/map/?kind=group&area=brickfield-north",
        ".public-map--ready",
    ),
    "story with a location": (
        lambda: "/stories/walking-football-on-prescription/",
        ".story__where .listing-map--ready",
    ),
    "network": (lambda: "/network/", ".network-graph--ready"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(name, demo_server, page, traffic):
    path, ready = PAGES[name]
    page.goto(demo_server.url + path())
    expect(page.locator(ready).first).to_be_visible()

    violations = axe_violations(page)
    assert not violations, f"axe violations on {name}:\n{describe(violations)}"
    traffic.assert_clean()


def test_error_summary_leads_to_each_bad_filter(demo_server, page, traffic):
    page.goto(demo_server.url + "/directory/?kind=bogus&letter=zz")
    summary = page.get_by_role("alert")
    expect(summary).to_have_accessible_name("Some filters could not be used")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    for href in [link.get_attribute("href") for link in links.all()]:
        assert href.startswith("#") and page.locator(href).count() == 1, f"{href} leads nowhere"

    error = "Select a valid choice. bogus is not one of the available choices."
    summary.get_by_role("link", name=f"Kind: {error}").focus()
    page.keyboard.press("Enter")
    kind = page.get_by_role("combobox", name="Kind")
    expect(kind).to_be_focused()
    expect(kind).to_have_attribute("aria-invalid", "true")
    expect(kind).to_have_accessible_description(error)

    letter = summary.get_by_role("link", name=re.compile(r"^Starts with: "))
    letters = page.get_by_role("navigation", name="Browse A to Z")
    assert page.locator(letter.get_attribute("href")).evaluate(
        "(target, nav) => target === nav", letters.element_handle()
    )
    # The bad values are ignored rather than hiding every listing.
    expect(page.locator(".results .card").first).to_be_visible()
    traffic.assert_clean()
