"""A resident adds their group; it stays hidden until a communication facilitator approves it."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import PageLogEntry

from directory.models import Listing
from tests.browser.helpers import PASSWORD, focused, log_in, tab_to
from tests.browser.test_accessibility import axe_violations, describe
from tests.builders import make_user

pytestmark = pytest.mark.browser

FORM = "/add-your-group/"
NAME = "Canal Side Knitters"
CONTACT_EMAIL = "ada@example.org"
# Public forms refuse a post sent sooner than settings.PUBLIC_FORM_MIN_SECONDS (3) after showing.
FILL_TIME_MS = 3_500


def open_form(page, server_url):
    """Open the form and wait for its map to be drawn."""
    page.goto(server_url + FORM)
    expect(pin_map(page).locator(".leaflet-tile-loaded").first).to_be_attached()


def pin_map(page):
    """The map the pin is placed on."""
    return page.get_by_role("application", name="Map for placing your pin")


def pin_inputs(page):
    """The hidden latitude and longitude inputs."""
    return page.locator('input[name="latitude"]'), page.locator('input[name="longitude"]')


def pin_status(page):
    """The live region that says where the pin is."""
    return page.locator("[data-pin-status]")


def fill_in_the_group(page):
    """Fill every field a resident would, except the pin."""
    page.get_by_role("radio", name=re.compile(r"^Group:")).check()
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("In a sentence, what do you do?").fill(
        "We knit for the neighbourhood's newborns every Tuesday."
    )
    topics = page.get_by_role("group", name="Topics")
    topics.get_by_label("arts", exact=True).check()
    topics.get_by_label("environment", exact=True).check()
    page.get_by_label(re.compile(r"^Address")).fill("3 Lock Lane, London")
    page.get_by_label(re.compile(r"^Postcode")).fill("nw5 3bj")
    page.get_by_label("Your name").fill("Ada Purl")
    page.get_by_label("Your email address").fill(CONTACT_EMAIL)
    page.get_by_label("I am allowed to share these details").check()


def send(page):
    """Wait out the minimum fill time, then send the form."""
    page.wait_for_timeout(FILL_TIME_MS)
    page.get_by_role("button", name="Send for checking").click()


def feature_titled(page, server_url, title):
    """The map GeoJSON's feature with this title, or None."""
    response = page.request.get(server_url + "/api/map.geojson")
    assert response.ok
    features = response.json()["features"]
    return next((f for f in features if f["properties"]["title"] == title), None)


def search_the_directory(page, server_url):
    """Search the directory for knitters and return its results section."""
    page.goto(server_url + "/directory/?q=knitters")
    return page.get_by_role("region", name=re.compile("listings? for “knitters”"))


def test_a_resident_adds_a_group_that_a_facilitator_approves(demo_server, page, traffic):
    """The pinned group is hidden until approved in the admin, then listed and mapped."""
    facilitator = make_user("Communication facilitator", password=PASSWORD)
    open_form(page, demo_server.url)
    fill_in_the_group(page)

    box = pin_map(page).bounding_box()
    pin_map(page).click(position={"x": box["width"] / 3, "y": box["height"] / 3})
    latitude, longitude = pin_inputs(page)
    expect(latitude).to_have_value(re.compile(r"^51\.\d{6}$"))
    expect(longitude).to_have_value(re.compile(r"^-0\.\d{6}$"))
    lat, lng = float(latitude.input_value()), float(longitude.input_value())
    expect(pin_status(page)).to_have_text(
        f"Pin placed at {latitude.input_value()}, {longitude.input_value()}."
    )
    expect(pin_map(page).locator(".leaflet-marker-icon")).to_have_count(1)
    # A third of the way across and down the map is north-west of its middle.
    centre = settings.MAP_DEFAULT_CENTRE
    assert lat > centre["lat"] and lng < centre["lng"]

    send(page)
    page.wait_for_url(demo_server.url + FORM + "thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Thank you: we have {NAME}")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_text("A communication facilitator checks every new listing")).to_be_visible()

    listing = Listing.objects.get(title=NAME)
    assert not listing.live
    assert (listing.latitude, listing.longitude) == (lat, lng)
    hidden = page.request.get(f"{demo_server.url}/directory/{listing.slug}/")
    assert hidden.status == 404
    results = search_the_directory(page, demo_server.url)
    expect(results.get_by_role("heading", level=2)).to_have_text("0 listings for “knitters”")
    expect(results.get_by_role("link", name=NAME)).to_have_count(0)
    assert feature_titled(page, demo_server.url, NAME) is None

    log_in(page, demo_server.url, facilitator)
    awaiting = page.get_by_role("region", name="Awaiting your review")
    awaiting.get_by_role("link", name=NAME).click()
    page.wait_for_url(f"{demo_server.url}/admin/pages/{listing.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_url(f"{demo_server.url}/admin/pages/{listing.get_parent().pk}/")
    expect(page.get_by_role("status")).to_contain_text(f"Page '{NAME}' has been updated.")

    listing.refresh_from_db()
    assert listing.live
    published = PageLogEntry.objects.filter(page=listing, action="wagtail.publish")
    assert [entry.user for entry in published] == [facilitator]
    public = page.request.get(demo_server.url + listing.url)
    assert public.ok and NAME in public.text()
    results = search_the_directory(page, demo_server.url)
    expect(results.get_by_role("heading", level=2)).to_have_text("1 listing for “knitters”")
    expect(results.get_by_role("link", name=NAME)).to_have_attribute("href", listing.url)
    feature = feature_titled(page, demo_server.url, NAME)
    assert feature is not None
    assert feature["properties"]["url"] == listing.url
    assert feature["geometry"]["coordinates"] == [
        pytest.approx(lng, abs=1e-5),
        pytest.approx(lat, abs=1e-5),
    ]
    subjects = [message.subject for message in mail.outbox if message.to == [CONTACT_EMAIL]]
    assert subjects == [f"We have received {NAME}", f"{NAME} is now in the directory"]
    traffic.assert_clean()


def test_the_form_its_errors_and_its_confirmation_have_no_axe_violations(
    demo_server, page, traffic
):
    """The form, its errors and the thanks pass axe-core, and hints are read with their fields."""
    open_form(page, demo_server.url)
    contact_email = page.get_by_label("Your email address")
    expect(contact_email).to_have_accessible_description(
        "So we can tell you when it is live. It is never published."
    )
    expect(pin_map(page)).to_have_accessible_description(re.compile(r"^Optional: click or tap"))
    violations = axe_violations(page)
    assert not violations, f"axe violations on the form:\n{describe(violations)}"

    send(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Tick the box so we may publish your listing.")
    expect(summary).not_to_contain_text("a person or a program")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(contact_email).to_have_accessible_description(
        re.compile(r"It is never published\.\s+Error: This field is required\.$")
    )
    violations = axe_violations(page)
    assert not violations, f"axe violations on the form's errors:\n{describe(violations)}"

    fill_in_the_group(page)
    send(page)
    page.wait_for_url(demo_server.url + FORM + "thanks/")
    expect(page.get_by_role("status")).to_contain_text(f"Thank you: we have {NAME}")
    violations = axe_violations(page)
    assert not violations, f"axe violations on the confirmation:\n{describe(violations)}"
    traffic.assert_clean()


def test_the_middle_of_the_map_is_pinned_from_the_keyboard(demo_server, page, traffic):
    """Tab reaches "Pin the middle of the map", Enter pins, and "Remove the pin" clears it."""
    open_form(page, demo_server.url)
    latitude, longitude = pin_inputs(page)
    expect(latitude).to_have_value("")

    page.get_by_label(re.compile(r"^Postcode")).focus()
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Pin the middle of the map")
    page.keyboard.press("Enter")
    expect(latitude).to_have_value(re.compile(r"^51\.\d{6}$"))
    expect(longitude).to_have_value(re.compile(r"^-0\.\d{6}$"))
    centre = settings.MAP_DEFAULT_CENTRE
    assert float(latitude.input_value()) == pytest.approx(centre["lat"], abs=1e-4)
    assert float(longitude.input_value()) == pytest.approx(centre["lng"], abs=1e-4)
    expect(pin_status(page)).to_have_text(
        f"Pin placed at {latitude.input_value()}, {longitude.input_value()}."
    )

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Remove the pin"
    page.keyboard.press("Enter")
    expect(latitude).to_have_value("")
    expect(longitude).to_have_value("")
    expect(pin_status(page)).to_have_text("No pin: a moderator will place it from the address.")
    traffic.assert_clean()
