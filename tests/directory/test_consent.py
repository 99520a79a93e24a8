"""A person is published only with their consent on record: when, and how it was given."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from directory.models import PersonPage
from mapping.exchange.importer import ImportOptions, import_workbook
from mapping.exchange.kumu import build_workbook
from mapping.exchange.reader import WorkbookError
from tests.builders import make_listing

FORM = {
    "title": "Joy Adebayo",
    "slug": "joy-adebayo",
    "visibility": "network-only",
    "connections-TOTAL_FORMS": "0",
    "connections-INITIAL_FORMS": "0",
    "connections-MIN_NUM_FORMS": "0",
    "connections-MAX_NUM_FORMS": "1000",
}


@pytest.mark.django_db
def test_publishing_a_person_without_consent_is_refused(site_pages):
    person = make_listing(
        PersonPage, live=False, revision=False, consent_date=None, consent_method=""
    )
    person.live = True
    with pytest.raises(ValidationError) as error:
        person.save_revision().publish()
    assert "consent_date" in error.value.message_dict
    person.refresh_from_db()
    assert not person.live


@pytest.mark.django_db
def test_the_admin_asks_for_consent_before_publishing(admin_client, site_pages):
    directory = site_pages[1]
    url = f"/admin/pages/add/directory/personpage/{directory.pk}/"

    refused = admin_client.post(url, {**FORM, "action-publish": "publish"})
    assert refused.status_code == 200
    assert "Record when and how this person agreed to be listed" in refused.content.decode()
    assert not PersonPage.objects.exists()

    draft = admin_client.post(url, FORM)  # a draft may wait for consent
    assert draft.status_code == 302 and not PersonPage.objects.get().live

    person = PersonPage.objects.get()
    published = admin_client.post(
        f"/admin/pages/{person.pk}/edit/",
        {**FORM, "consent_date": "2026-03-01", "consent_method": "email", "action-publish": "1"},
    )
    assert published.status_code == 302
    person.refresh_from_db()
    assert person.live and person.consent_date == datetime.date(2026, 3, 1)


@pytest.mark.django_db
def test_consent_cannot_be_in_the_future(site_pages):
    person = PersonPage(
        title="Later", consent_date=datetime.date(2999, 1, 1), consent_method="email"
    )
    with pytest.raises(ValidationError, match="future"):
        person.clean()


@pytest.mark.django_db
def test_an_import_publishing_a_person_needs_consent_columns(site_pages):
    elements = b"ID,Label,Type\np1,Joy,Person\n"
    with pytest.raises(WorkbookError) as refused:
        import_workbook([("elements.csv", elements)], ImportOptions(publish=True))
    assert "row 2, column Consent date: Record when and how this person agreed" in str(
        refused.value
    )
    assert not PersonPage.objects.exists()

    with_consent = "ID,Label,Type,Consent date,Consent given\np1,Joy,Person,2026-02-01,in-person\n"
    import_workbook([("elements.csv", with_consent.encode())], ImportOptions(publish=True))
    assert PersonPage.objects.get().consent_method == "in-person"


@pytest.mark.django_db
def test_consent_is_in_the_full_export_only(site_pages):
    make_listing(PersonPage, title="Joy", consent_method="signed-form")
    everything = build_workbook(public=False).elements
    public = build_workbook(public=True).elements
    assert everything[0]["Consent given"] == "signed-form"
    assert all(not row.get("Consent given") for row in public)
