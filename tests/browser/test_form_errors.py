"""Every public form sent with bad answers says what is wrong, field by field, and passes axe."""

# Public forms refuse what is sent within PUBLIC_FORM_MIN_SECONDS of showing, so each test
# waits that long first: the errors shown are then the answers' own. Filter forms live in
# the URL, so their error state is a URL with values they cannot use.

import re

import pytest
from playwright.sync_api import expect

from directory.models import Listing
from tests.browser.helpers import listing_path
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

# Public forms refuse a post sent sooner than settings.PUBLIC_FORM_MIN_SECONDS (3) after showing.
FILL_TIME_MS = 3_500
REQUIRED = "This field is required."
BAD_EMAIL = "Enter a valid email address."
BAD_URL = "Enter a valid URL."
BAD_POSTCODE = "Enter a UK postcode, like NW5 1DJ."
TOO_FAST = "a person or a program"
PLACE = "place-kiln-street-centre"
NAME = "Canal Side Knitters"


def send(page, button):
    """Wait out the minimum fill time, then press the form's button."""
    page.wait_for_timeout(FILL_TIME_MS)
    with page.expect_navigation():
        button.click()


def error_summary(page, title="There is a problem", focused=True):
    """The error summary, checked to be shown and named, and focused if the form was sent."""
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_have_accessible_name(title)
    if focused:
        expect(summary).to_be_focused()
    return summary


def assert_summary_links_lead_somewhere(page, summary):
    """Each link in the summary points at exactly one element of the page."""
    links = summary.get_by_role("link")
    assert links.count(), "the summary links to no field"
    for href in [link.get_attribute("href") for link in links.all()]:
        assert href.startswith("#") and page.locator(href).count() == 1, f"{href} leads nowhere"


def expect_field_error(field, message):
    """The field is marked invalid and its error is read with it."""
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message) + r"$"))


def assert_no_violations(page, name):
    violations = axe_violations(page)
    assert not violations, f"axe violations on {name}:\n{describe(violations)}"


def test_add_your_group_with_bad_answers(demo_server, page, traffic):
    """Bad postcode, web address and emails, and no kind: each is named and marked."""
    page.goto(demo_server.url + "/add-your-group/")
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("In a sentence, what do you do?").fill("We knit.")
    page.get_by_label(re.compile(r"^Postcode")).fill("not a postcode")
    page.get_by_label(re.compile(r"^Website")).fill("not a web address")
    page.get_by_label(re.compile(r"^Email address for the public")).fill("knitters@")
    page.get_by_label("Your name").fill("Ada Purl")
    page.get_by_label("Your email address").fill("ada at example.org")
    send(page, page.get_by_role("button", name="Send for checking"))

    summary = error_summary(page)
    for message in [REQUIRED, BAD_POSTCODE, BAD_URL, BAD_EMAIL, "Tick the box"]:
        expect(summary).to_contain_text(message)
    expect(summary).not_to_contain_text(TOO_FAST)
    expect(summary.get_by_role("link")).to_have_count(6)
    assert_summary_links_lead_somewhere(page, summary)
    expect(page).to_have_title(re.compile(r"^Error: "))

    expect_field_error(page.get_by_label(re.compile(r"^Postcode")), BAD_POSTCODE)
    expect_field_error(page.get_by_label(re.compile(r"^Website")), BAD_URL)
    expect_field_error(page.get_by_label(re.compile(r"^Email address for the public")), BAD_EMAIL)
    expect_field_error(page.get_by_label("Your email address"), BAD_EMAIL)
    kinds = page.get_by_role("group", name="What are you adding?")
    expect(kinds).to_have_accessible_description(f"Error: {REQUIRED}")
    expect(kinds.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    expect_field_error(
        page.get_by_label("I am allowed to share these details"),
        "Tick the box so we may publish your listing.",
    )
    # What was typed is kept.
    expect(page.get_by_label("Name", exact=True)).to_have_value(NAME)
    assert_no_violations(page, "add your group's errors")
    traffic.assert_clean()


def test_suggest_a_change_with_bad_answers(demo_server, page, traffic):
    """A bad postcode, web address and emails, and no name, on a listing's suggestion form."""
    listing = Listing.objects.get(external_id=PLACE)
    page.goto(f"{demo_server.url}/suggest/{listing.pk}/change/")
    expect(page.get_by_label(re.compile(r"^Name"))).to_have_value(listing.title)
    page.get_by_label(re.compile(r"^Postcode")).fill("NW5 ZZZ")
    page.get_by_label(re.compile(r"^Website")).fill("not a web address")
    page.get_by_label(re.compile(r"^Public email")).fill("centre@")
    page.get_by_label("Your email address").fill("me@@example.org")
    send(page, page.get_by_role("button", name="Send suggestion"))

    summary = error_summary(page)
    for message in [BAD_POSTCODE, BAD_URL, BAD_EMAIL, REQUIRED]:
        expect(summary).to_contain_text(message)
    expect(summary).not_to_contain_text(TOO_FAST)
    expect(summary.get_by_role("link")).to_have_count(5)
    assert_summary_links_lead_somewhere(page, summary)
    expect(page).to_have_title(re.compile(r"^Error: Suggest a change to "))

    expect_field_error(page.get_by_label(re.compile(r"^Postcode")), BAD_POSTCODE)
    expect_field_error(page.get_by_label(re.compile(r"^Website")), BAD_URL)
    expect_field_error(page.get_by_label(re.compile(r"^Public email")), BAD_EMAIL)
    expect_field_error(page.get_by_label("Your name"), REQUIRED)
    expect_field_error(page.get_by_label("Your email address"), BAD_EMAIL)
    expect(page.get_by_label(re.compile(r"^Postcode"))).to_have_value("NW5 ZZZ")
    assert_no_violations(page, "suggest a change's errors")
    traffic.assert_clean()


def test_suggest_a_connection_with_nothing_chosen(demo_server, page, traffic):
    """With no search yet, the missing listing's error sits where the matches would be."""
    listing = Listing.objects.get(external_id=PLACE)
    page.goto(f"{demo_server.url}/suggest/{listing.pk}/connection/")
    page.get_by_label("Your email address").fill("not an email")
    send(page, page.get_by_role("button", name="Send suggestion"))

    summary = error_summary(page)
    expect(summary).to_contain_text("Choose how they are connected.")
    expect(summary).to_contain_text("Search for the other listing by name, then choose it.")
    expect(summary).not_to_contain_text(TOO_FAST)
    expect(summary.get_by_role("link")).to_have_count(4)
    assert_summary_links_lead_somewhere(page, summary)
    expect(page).to_have_title(re.compile(r"^Error: Suggest a connection for "))

    expect_field_error(
        page.get_by_role("combobox", name="How are they connected?"),
        "Choose how they are connected.",
    )
    expect_field_error(page.get_by_label("Your name"), REQUIRED)
    expect_field_error(page.get_by_label("Your email address"), BAD_EMAIL)
    # The summary's link to "Which listing?" moves focus to where it is chosen.
    summary.get_by_role("link", name=re.compile(r"^Search for the other listing")).click()
    expect(page.locator("#id_other_listing_0")).to_be_focused()
    expect(page.locator("#id_other_listing_0")).to_contain_text("Search for the other listing")
    assert_no_violations(page, "suggest a connection's errors")
    traffic.assert_clean()


def test_suggest_a_connection_with_matches_but_none_chosen(demo_server, page, traffic):
    """After a search, the matches are a group of radios marked invalid together."""
    listing = Listing.objects.get(external_id=PLACE)
    page.goto(f"{demo_server.url}/suggest/{listing.pk}/connection/?q=brickfield")
    page.get_by_role("combobox", name="How are they connected?").select_option(index=1)
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Your email address").fill("sam@")
    send(page, page.get_by_role("button", name="Send suggestion"))

    summary = error_summary(page)
    expect(summary.get_by_role("link")).to_have_count(2)
    assert_summary_links_lead_somewhere(page, summary)
    matches = page.get_by_role("group", name="Which listing?")
    expect(matches).to_have_accessible_description(
        "Error: Search for the other listing by name, then choose it."
    )
    radios = matches.get_by_role("radio")
    assert radios.count() > 1
    for radio in radios.all():
        expect(radio).to_have_attribute("aria-invalid", "true")
        expect(radio).not_to_be_checked()
    expect_field_error(page.get_by_label("Your email address"), BAD_EMAIL)
    assert_no_violations(page, "suggest a connection's errors, with matches")
    traffic.assert_clean()


def test_get_involved_with_bad_answers(demo_server, page, traffic):
    """No name, a bad email, nothing offered and no consent, on a project's page."""
    page.goto(demo_server.url + listing_path("proj-good-food-network"))
    form = page.get_by_role("region", name="Get involved")
    form.get_by_label("Your email address").fill("sam@example")
    send(page, form.get_by_role("button", name="Send my offer of help"))

    summary = error_summary(page)
    for message in [
        REQUIRED,
        BAD_EMAIL,
        "Choose how you could help, or tell us below.",
        "Tick the box so the organisers may contact you.",
    ]:
        expect(summary).to_contain_text(message)
    expect(summary).not_to_contain_text(TOO_FAST)
    expect(summary.get_by_role("link")).to_have_count(4)
    assert_summary_links_lead_somewhere(page, summary)

    form = page.get_by_role("region", name="Get involved")
    expect_field_error(form.get_by_label("Your name"), REQUIRED)
    expect_field_error(form.get_by_label("Your email address"), BAD_EMAIL)
    expect(form.get_by_label("Your email address")).to_have_value("sam@example")
    offers = form.get_by_role("group", name="How could you help?")
    expect(offers).to_have_accessible_description(
        re.compile(r"Choose how you could help, or tell us below\.$")
    )
    expect(offers.get_by_role("checkbox").first).to_have_attribute("aria-invalid", "true")
    expect_field_error(
        form.get_by_label("I agree to the project's organisers contacting me"),
        "Tick the box so the organisers may contact you.",
    )
    assert_no_violations(page, "get involved's errors")
    traffic.assert_clean()


def test_the_site_search_with_too_long_a_query(demo_server, page, traffic):
    """The header's search box sends 201 characters; the directory says so and marks its box."""
    page.goto(demo_server.url + "/")
    search = page.get_by_role("searchbox", name="Search the directory")
    search.fill("a" * 201)
    with page.expect_navigation():
        search.press("Enter")

    summary = error_summary(page, "Some filters could not be used", focused=False)
    expect(summary).to_contain_text("Ensure this value has at most 200 characters")
    assert_summary_links_lead_somewhere(page, summary)
    expect_field_error(
        page.get_by_role("textbox", name="Search", exact=True),
        "Ensure this value has at most 200 characters (it has 201).",
    )
    expect(page.locator(".results .card").first).to_be_visible()
    assert_no_violations(page, "the directory's search error")
    traffic.assert_clean()


# Filter forms in their error state: a URL, what shows the page is ready, and the fields
# (by label) that must be marked invalid.
FILTERS = {
    "map": ("/map/?kind=bogus&tag=food", ".public-map--ready", ["Kind"]),
    "what's on": ("/whats-on/?tag=bogus&area=nowhere", ".session", ["Topic", "Area"]),
    "opportunities": (
        "/opportunities/?need=bogus&kind=bogus",
        ".match",
        [
            "What is needed",
            "Who needs it",
        ],
    ),
    "network": (
        "/network/?kind=bogus&relation=bogus",
        ".network-graph--ready",
        ["Kind", "Connection"],
    ),
    "stories": ("/stories/?tag=bogus&listing=0", ".story-card", ["Topic", "About"]),
    "projects": ("/projects/?status=bogus&need=bogus", ".card--project", ["Status", "Needs"]),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_filters_with_values_they_cannot_use(name, demo_server, page, traffic):
    """The bad filters are summarised and marked; the page still shows its results."""
    path, ready, labels = FILTERS[name]
    page.goto(demo_server.url + path)
    expect(page.locator(ready).first).to_be_visible()

    summary = error_summary(page, "Some filters could not be used", focused=False)
    expect(summary.get_by_role("listitem")).to_have_count(len(labels))
    assert_summary_links_lead_somewhere(page, summary)
    for label in labels:
        field = page.get_by_role("combobox", name=label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(r"Select a valid choice\."))
        link = summary.get_by_role("link", name=re.compile(rf"^{re.escape(label)}: "))
        assert page.locator(link.get_attribute("href")).evaluate(
            "(target, field) => target === field", field.element_handle()
        )
    assert_no_violations(page, f"{name}'s filter errors")
    traffic.assert_clean()


# Values of filters kept in hidden fields: nothing on the page to lead to.
HIDDEN_FILTERS = {
    "what's on, a week": ("/whats-on/?week=bogus", ".session", "Week: Select a valid choice."),
    "network, a focus": ("/network/?focus=abc", ".network-graph--ready", "Focus: Enter a whole"),
}


@pytest.mark.parametrize("name", list(HIDDEN_FILTERS))
def test_a_bad_hidden_filter_is_named_without_a_dead_link(name, demo_server, page, traffic):
    """The summary names the value it could not use, with no link to an input nobody sees."""
    path, ready, message = HIDDEN_FILTERS[name]
    page.goto(demo_server.url + path)
    expect(page.locator(ready).first).to_be_visible()

    summary = error_summary(page, "Some filters could not be used", focused=False)
    expect(summary.get_by_role("listitem")).to_have_count(1)
    expect(summary.get_by_role("listitem")).to_contain_text(message)
    expect(summary.get_by_role("link")).to_have_count(0)
    assert_no_violations(page, f"{name}'s filter error")
    traffic.assert_clean()
