"""The import from the command line and the admin: upload, preview, options, confirm."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from directory.models import Listing
from mapping.models import SpreadsheetImport
from stories.demo import ensure_project_index

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "data" / "demo"
KUMU_SAMPLE = Path(settings.BASE_DIR) / "data" / "samples" / "kumu" / "paypal-mafia.xlsx"
DEMO_FILES = [str(DEMO / "elements.csv"), str(DEMO / "connections.csv")]


@pytest.fixture
def empty_site(site_pages):
    ensure_project_index()
    return site_pages


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_workbook", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def upload(client, *paths, **options):
    files = [SimpleUploadedFile(Path(p).name, Path(p).read_bytes()) for p in paths]
    data = {"files": files, "default_relation": "is connected to", **options}
    return client.post("/admin/spreadsheets/import/", data)


def test_the_command_imports_and_reports(empty_site):
    out, err = run(*DEMO_FILES, "--publish")

    assert "Imported: 90 new, 0 updated and 0 unchanged listings" in out
    assert "191 connections added" in out and "were published" in out
    assert "Checking listings (90)" in err and "Adding new listings (90)" in err
    assert Listing.objects.live().count() == 90


def test_the_command_dry_run_writes_nothing(empty_site):
    out, _err = run(*DEMO_FILES, "--dry-run", "-v", "2")

    assert out.startswith("  row 2: Brickfield Community Association, new")
    assert "Dry run, nothing written: 90 new" in out
    assert not Listing.objects.exists()


def test_the_command_lists_every_problem_and_writes_nothing(empty_site):
    with pytest.raises(CommandError, match=r"Nothing was imported: \d+ problem"):
        run(str(KUMU_SAMPLE))

    assert not Listing.objects.exists()


def test_the_command_takes_a_type_mapping(empty_site):
    out, _err = run(
        str(KUMU_SAMPLE),
        "--map-type",
        "Company=Organisation",
        "--create-missing-relation-types",
    )

    assert "34 new" in out and "New relation types: Employee/Founder, Investor" in out
    assert "49 connections added" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map-type", "Company"], "is not THEIR TYPE=OUR TYPE"),
        (["--user", "nobody"], 'There is no user "nobody"'),
        (["/nowhere/elements.csv"], "No such file or directory"),
    ],
)
def test_the_command_refuses_bad_arguments(empty_site, args, message):
    files = [] if args[0].startswith("/") else DEMO_FILES
    with pytest.raises(CommandError, match=message):
        run(*files, *args)


def test_an_adviser_uploads_checks_and_confirms_an_import(empty_site, admin_client):
    spreadsheets = admin_client.get("/admin/spreadsheets/")
    assert b'href="/admin/spreadsheets/import/"' in spreadsheets.content

    uploaded = upload(admin_client, *DEMO_FILES, publish="on")

    stored = SpreadsheetImport.objects.get()
    assert uploaded.status_code == 302
    assert uploaded.url == f"/admin/spreadsheets/import/{stored.pk}/"
    preview = admin_client.get(uploaded.url)
    text = preview.content.decode()
    assert "<b>90</b> new listings" in text and "<b>191</b> connections added" in text
    assert "Brickfield Community Association" in text and "Import and publish" in text
    assert not Listing.objects.exists()  # a preview writes nothing

    done = admin_client.post(
        uploaded.url, {"default_relation": "is connected to", "publish": "on", "import": ""}
    )

    assert done.status_code == 302 and done.url == "/admin/spreadsheets/"
    assert Listing.objects.live().count() == 90
    stored.refresh_from_db()
    assert stored.status == "imported" and not stored.files.exists()
    assert "90 new" in stored.summary
    after = admin_client.get("/admin/spreadsheets/").content.decode()
    assert "Recent imports" in after and "90 new" in after


def test_the_preview_lists_problems_and_offers_a_type_mapping(empty_site, admin_client):
    preview_url = upload(admin_client, str(KUMU_SAMPLE)).url

    refused = admin_client.get(preview_url).content.decode()
    assert "Nothing can be imported yet" in refused
    assert "Import “Company” as" in refused
    assert "<td>paypal-mafia.xlsx</td><td>Elements</td><td>13</td><td>Type</td>" in refused
    assert "Import as drafts" not in refused

    # Confirming anyway writes nothing.
    admin_client.post(preview_url, {"default_relation": "is connected to", "import": ""})
    assert not Listing.objects.exists()

    checked = admin_client.post(
        preview_url,
        {
            "default_relation": "is connected to",
            "type_0": "Organisation",
            "create_missing_relation_types": "on",
            "check": "",
        },
    ).content.decode()
    assert "<b>34</b> new listings" in checked and "Import as drafts" in checked
    assert SpreadsheetImport.objects.get().options["type_map"] == {"company": "Organisation"}


def test_uploads_are_checked_before_they_are_stored(empty_site, admin_client, settings):
    settings.SPREADSHEET_MAX_BYTES = 1000

    response = upload(admin_client, DEMO_FILES[0])

    assert response.status_code == 200
    assert "elements.csv is 43.7\xa0KB; the limit is 1000\xa0bytes" in response.content.decode()
    assert not SpreadsheetImport.objects.exists()
    three = upload(admin_client, *DEMO_FILES, DEMO_FILES[0])
    assert "at most two .csv files" in three.content.decode()


def test_only_the_uploader_sees_an_upload_and_only_editors_import(empty_site, admin_client, client):
    preview_url = upload(admin_client, *DEMO_FILES).url
    other = get_user_model().objects.create_superuser("other", "o@example.org", "pw")
    client.force_login(other)
    assert client.get(preview_url).status_code == 404

    visitor = get_user_model().objects.create_user("visitor", "v@example.org", "pw")
    client.force_login(visitor)
    assert client.get("/admin/spreadsheets/import/").status_code == 302
