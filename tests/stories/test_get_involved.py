"""The get-involved form: stored, emailed, exported; bad input, spam and floods refused."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from wagtail.models import GroupPagePermission

from stories.models import GetInvolvedResponse
from tests.builders import make_project, shown_token

VALID = {
    "name": "Sam Volunteer",
    "email": "sam@example.org",
    "help_with": ["drivers"],
    "other_help": "I have a van licence.",
    "consent": "on",
    "started": shown_token(),
}


@pytest.fixture
def project(site_pages):
    cache.clear()  # the rate limit counts in the cache
    return make_project(
        title="Good Food Network", needs=["drivers", "storage"], email="food@example.org"
    )


@pytest.mark.django_db
def test_the_form_offers_the_projects_needs(client, project):
    content = client.get(project.url).content.decode()
    assert 'name="help_with" value="drivers"' in content
    assert 'name="help_with" value="storage"' in content
    assert 'name="csrfmiddlewaretoken"' in content


@pytest.mark.django_db
def test_a_valid_offer_is_stored_emailed_and_thanked(client, project):
    response = client.post(project.url, VALID)
    assert response.status_code == 302 and response["Location"].endswith("?thanks=1")
    offer = GetInvolvedResponse.objects.get()
    assert (offer.project_id, offer.email, offer.help_with) == (
        project.pk,
        "sam@example.org",
        ["drivers"],
    )
    assert mail.outbox[0].to == ["food@example.org"]
    assert "Sam Volunteer" in mail.outbox[0].body and "van licence" in mail.outbox[0].body
    thanks = client.get(response["Location"])
    assert "Thank you for offering to help" in thanks.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"consent": ""}, "Tick the box so the organisers may contact you."),
        ({"help_with": [], "other_help": ""}, "Choose how you could help, or tell us below."),
        ({"help_with": ["bribes"]}, "Select a valid choice."),
    ],
)
def test_bad_input_shows_field_errors_and_stores_nothing(client, project, change, message):
    response = client.post(project.url, {**VALID, **change})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content and message in content
    assert not GetInvolvedResponse.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_the_honeypot_is_thanked_but_nothing_is_kept(client, project):
    response = client.post(project.url, {**VALID, "homepage": "http://spam.example"})
    assert response.status_code == 302
    assert not GetInvolvedResponse.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_a_flood_from_one_address_gets_429(client, project, settings):
    settings.RATELIMIT_PER_MINUTE = 5
    statuses = [client.post(project.url, VALID).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert GetInvolvedResponse.objects.count() == 5
    too_many = client.post(project.url, VALID)
    assert "Too many attempts" in too_many.content.decode()
    assert too_many["Retry-After"] == "60"
    other_client = client.post(project.url, VALID, REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 302


@pytest.mark.django_db
def test_forwarded_for_counts_only_behind_trusted_proxies(client, project, settings):
    settings.RATELIMIT_PER_MINUTE = 1
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    assert client.post(project.url, VALID, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    assert client.post(project.url, VALID, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    # A spoofed first hop does not help: the address our proxy saw is the last one.
    spoofed = client.post(project.url, VALID, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2")
    assert spoofed.status_code == 429


@pytest.mark.django_db
def test_offers_are_listed_and_exported_for_the_projects_editors_only(
    client, project, django_user_model
):
    other = make_project(title="Meadow", needs=["volunteers"])
    client.post(project.url, VALID)
    client.post(other.url, {**VALID, "help_with": ["volunteers"], "name": "Meadow Helper"})
    cache.clear()

    editors = Group.objects.create(name="Food editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editors.permissions.add(Permission.objects.get(codename="view_getinvolvedresponse"))
    GroupPagePermission.objects.create(
        group=editors, page=project, permission=Permission.objects.get(codename="change_page")
    )
    editor = django_user_model.objects.create_user("ed", password="pw")
    editor.groups.add(editors)
    client.force_login(editor)

    listing = client.get("/admin/snippets/stories/getinvolvedresponse/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Sam Volunteer" in content and "Meadow Helper" not in content
    export = client.get("/admin/snippets/stories/getinvolvedresponse/?export=csv")
    body = b"".join(export.streaming_content).decode()
    assert "sam@example.org" in body and "Meadow Helper" not in body


HOSTILE = {"name": '=HYPERLINK("http://evil.example","Sam")', "email": "-x@example.org"}


def export(admin_client, project, export_format):
    assert admin_client.post(project.url, {**VALID, **HOSTILE}).status_code == 302
    url = "/admin/snippets/stories/getinvolvedresponse/"
    response = admin_client.get(url, {"export": export_format})
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_exported_csv_cells_never_become_formulas(admin_client, project):
    (row,) = csv.DictReader(io.StringIO(export(admin_client, project, "csv").decode()))
    assert row["Name"] == "'" + HOSTILE["name"] and row["Email"] == "'" + HOSTILE["email"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values() if cell)


@pytest.mark.django_db
def test_exported_xlsx_cells_are_text_that_never_runs(admin_client, project):
    sheet = openpyxl.load_workbook(io.BytesIO(export(admin_client, project, "xlsx"))).active
    cells = dict(zip([cell.value for cell in sheet[1]], sheet[2], strict=True))
    for column, value in [("Name", HOSTILE["name"]), ("Email", HOSTILE["email"])]:
        assert (cells[column].value, cells[column].data_type) == (value, "s")
