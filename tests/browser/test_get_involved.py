"""A volunteer offers help on a project; an organiser finds the offer in the admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.helpers import listing_path
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser


def test_volunteer_offers_help_and_an_editor_finds_it(demo_server, page, traffic):
    cache.clear()
    page.goto(demo_server.url + listing_path("proj-good-food-network"))
    form = page.get_by_role("region", name="Get involved")

    form.get_by_role("button", name="Send my offer of help").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Tick the box so the organisers may contact you.")
    violations = axe_violations(page)
    assert not violations, f"axe violations on the form's errors:\n{describe(violations)}"

    form = page.get_by_role("region", name="Get involved")
    form.get_by_label("Your name").fill("Sam Volunteer")
    form.get_by_label("Your email address").fill("sam@example.org")
    form.get_by_label("drivers").check()
    form.get_by_label("I agree to the project's organisers contacting me").check()
    page.wait_for_timeout(3500)  # public forms refuse what is sent within 3 s of showing
    form.get_by_role("button", name="Send my offer of help").click()
    page.wait_for_url(re.compile(r"\?thanks=1(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for offering to help")

    get_user_model().objects.create_superuser("organiser", "o@example.org", "pw-organiser-1")
    page.goto(demo_server.url + "/admin/login/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill("pw-organiser-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(demo_server.url + "/admin/snippets/stories/getinvolvedresponse/")
    row = page.get_by_role("row", name=re.compile("Sam Volunteer"))
    expect(row).to_contain_text("sam@example.org")
    expect(row).to_contain_text("Brickfield Good Food Network")
