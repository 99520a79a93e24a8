"""An adviser imports a Kumu workbook through the admin: upload, fix the types, publish."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect
from wagtail.models import PageLogEntry, Revision

from directory.models import (
    Connection,
    Listing,
    OrganisationPage,
    PersonPage,
    RelationType,
)
from mapping.models import SpreadsheetImport
from tests.browser.helpers import PASSWORD, log_in
from tests.builders import make_drafter

pytestmark = pytest.mark.browser

KUMU_SAMPLE = settings.BASE_DIR / "data" / "samples" / "kumu" / "paypal-mafia.xlsx"


@pytest.fixture
def adviser(demo_db):
    """A superuser who may add and publish listings."""
    return get_user_model().objects.create_superuser("adviser", "adviser@example.org", PASSWORD)


@pytest.fixture
def drafter(demo_db):
    """An editor who may add and change listings but not publish them or add relation types."""
    return make_drafter(password=PASSWORD)


def test_adviser_maps_a_foreign_type_and_imports_a_kumu_workbook(
    demo_server, adviser, page, traffic
):
    """The whole import journey in the admin: its people may not be published without
    consent on record, so the workbook comes in as drafts."""
    listings_before = Listing.objects.count()
    connections_before = Connection.objects.count()

    log_in(page, demo_server.url, adviser)
    page.get_by_role("link", name="Spreadsheets").click()
    expect(page).to_have_url(demo_server.url + "/admin/spreadsheets/")
    page.get_by_role("link", name="Import a workbook").click()
    expect(page).to_have_url(demo_server.url + "/admin/spreadsheets/import/")

    page.get_by_label("Workbook*", exact=True).set_input_files(KUMU_SAMPLE)
    page.get_by_role("button", name="Upload and check").click()
    expect(page).to_have_url(re.compile(r"/admin/spreadsheets/import/\d+/$"))
    preview_url = page.url

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing can be imported yet")
    problems = page.get_by_role("table", name="Problems, in file order")
    company_row = problems.get_by_role("row").filter(has_text='"Company" is not one of our types')
    expect(company_row.first).to_contain_text("paypal-mafia.xlsx")
    expect(company_row.first).to_contain_text("Elements")
    expect(company_row).to_have_count(17)
    expect(page.get_by_role("button", name="Import as drafts")).to_have_count(0)
    expect(page.get_by_role("button", name="Import and publish")).to_have_count(0)
    assert Listing.objects.count() == listings_before

    page.get_by_label("Import “Company” as").select_option("Organisation")
    page.get_by_label("Add relation types the workbook uses that the site does not have").check()
    page.get_by_label("Publish new and changed listings").check()
    page.get_by_role("button", name="Check again with these options").click()

    # The workbook records no consent for its people, so they cannot be published.
    problems = page.get_by_role("table", name="Problems, in file order")
    roelof_problem = problems.get_by_role("row").filter(has_text="Consent date")
    expect(roelof_problem.first).to_contain_text("Record when and how this person agreed")
    expect(page.get_by_role("button", name="Import and publish")).to_have_count(0)
    page.get_by_label("Publish new and changed listings").uncheck()
    page.get_by_role("button", name="Check again with these options").click()

    expect(page.get_by_role("heading", name="What the import will do")).to_be_visible()
    expect(page).to_have_url(preview_url)
    expect(page.get_by_role("alert")).to_have_count(0)
    summary = page.locator("ul", has_text="new listings")
    expect(summary.get_by_role("listitem").nth(0)).to_have_text("34 new listings")
    expect(summary.get_by_role("listitem").nth(1)).to_have_text("0 updated")
    expect(summary.get_by_role("listitem").nth(2)).to_have_text("0 unchanged")
    expect(summary).to_contain_text("Employee/Founder, Investor")
    changed = page.get_by_role("table", name="New and updated listings")
    roelof = changed.get_by_role("row").filter(has_text="Roelof Botha")
    expect(roelof).to_contain_text("Person")
    expect(roelof).to_contain_text("new")
    expect(changed.get_by_role("row").filter(has_text="PayPal")).to_contain_text("Organisation")
    expect(page.get_by_label("Import “Company” as")).to_have_value("Organisation")
    assert Listing.objects.count() == listings_before

    page.get_by_role("button", name="Import as drafts").click()
    expect(page).to_have_url(demo_server.url + "/admin/spreadsheets/")
    expect(page.get_by_role("status")).to_have_text(
        re.compile(r"^\s*Imported\. 34 new, 0 updated and 0 unchanged listings; 49 connections")
    )
    recent = page.get_by_role("table", name="Recent imports")
    expect(recent.get_by_role("row").nth(1)).to_contain_text("adviser")
    expect(recent.get_by_role("row").nth(1)).to_contain_text("34 new")

    assert Listing.objects.count() == listings_before + 34
    # The drafts' connections wait in their revisions, like the rest of a draft.
    assert Connection.objects.count() == connections_before
    stored = SpreadsheetImport.objects.get()
    assert stored.status == SpreadsheetImport.Status.IMPORTED and not stored.files.exists()
    roelof_page = PersonPage.objects.get(title="Roelof Botha")
    assert not roelof_page.live and roelof_page.latest_revision.user == adviser
    assert not OrganisationPage.objects.get(title="PayPal").live
    assert Revision.page_revisions.filter(user=adviser).count() == 34
    assert not PageLogEntry.objects.filter(action="wagtail.publish", user=adviser).exists()
    assert page.request.get(demo_server.url + "/directory/").ok
    assert page.request.get(demo_server.url + roelof_page.url).status == 404

    traffic.assert_clean()


def test_drafter_who_may_not_publish_imports_a_kumu_workbook_as_drafts(
    demo_server, drafter, page, traffic
):
    """Without publish permission the import offers drafts only and nothing goes live."""
    RelationType.objects.create(name="Employee/Founder", reverse_name="employs or was founded by")
    RelationType.objects.create(name="Investor", reverse_name="is backed by")
    listings_before = Listing.objects.count()
    live_before = Listing.objects.live().count()

    log_in(page, demo_server.url, drafter)
    page.get_by_role("link", name="Spreadsheets").click()
    page.get_by_role("link", name="Import a workbook").click()
    expect(page).to_have_url(demo_server.url + "/admin/spreadsheets/import/")
    expect(page.get_by_label("Publish new and changed listings")).to_have_count(0)

    page.get_by_label("Workbook*", exact=True).set_input_files(KUMU_SAMPLE)
    page.get_by_role("button", name="Upload and check").click()
    expect(page).to_have_url(re.compile(r"/admin/spreadsheets/import/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text("Nothing can be imported yet")

    page.get_by_label("Import “Company” as").select_option("Organisation")
    page.get_by_role("button", name="Check again with these options").click()
    expect(page.get_by_role("heading", name="What the import will do")).to_be_visible()
    expect(page.locator("ul", has_text="new listings")).to_contain_text("34 new listings")
    expect(page.get_by_label("Publish new and changed listings")).to_have_count(0)
    expect(page.get_by_role("button", name="Import and publish")).to_have_count(0)

    page.get_by_role("button", name="Import as drafts").click()
    expect(page).to_have_url(demo_server.url + "/admin/spreadsheets/")
    expect(page.get_by_role("status")).to_contain_text("Changed listings were saved as drafts.")

    assert Listing.objects.count() == listings_before + 34
    assert Listing.objects.live().count() == live_before
    roelof = PersonPage.objects.get(title="Roelof Botha")
    assert not roelof.live
    assert roelof.latest_revision.user == drafter
    assert not PageLogEntry.objects.filter(action="wagtail.publish", user=drafter).exists()
    assert Client().get(roelof.get_url()).status_code == 404

    traffic.assert_clean()
