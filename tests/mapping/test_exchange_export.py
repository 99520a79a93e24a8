"""The directory written as a Kumu workbook: sheets, columns, privacy, formulas, downloads."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from directory.models import ActivityPage, GroupPage, PersonPage, PlacePage
from directory.visibility import Visibility
from localcommons.spreadsheets import restore
from mapping.exchange.files import XLSX_TYPE, csv_pair, xlsx_bytes
from mapping.exchange.kumu import CONNECTION_COLUMNS, ELEMENT_COLUMNS, build_workbook
from tests.builders import connect, make_area, make_listing, make_project

pytestmark = pytest.mark.django_db

SECRETS = ["Hidden Club", "secret@example.org", "1 Private Road", "51.4321", "Draft Group"]


@pytest.fixture
def neighbourhood(site_pages):
    """A public group and place, a network-only person, a hidden, a draft and a restricted one."""
    area = make_area("Canal Side")
    group = make_listing(
        GroupPage,
        title="Lunch Club",
        tags=["food", "older people"],
        offers=["hot meals"],
        needs=["drivers", "volunteers"],
        email="lunch@example.org",
        area=area,
        lat_lng=(51.55, -0.14),
        interests="cooking, dominoes",
        extra={"Founded": "1998", "Tags": "not a column of its own"},
    )
    hall = make_listing(PlacePage, title="Kiln Street Hall", opening_times="Mon–Fri 9–5")
    person = make_listing(
        PersonPage,
        title="Pat Connector",
        visibility=Visibility.NETWORK_ONLY,
        email="secret@example.org",
        address="1 Private Road",
        lat_lng=(51.4321, -0.1234),
        tags=["secret-interest"],
    )
    hidden = make_listing(GroupPage, title="Hidden Club", visibility=Visibility.HIDDEN)
    make_listing(GroupPage, title="Draft Group", live=False, revision=False)
    restricted = make_listing(GroupPage, title="Members Only")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    connect(
        group, hall, "meets at", label="Main hall", strength=3, description="Upstairs, by the lift"
    )
    connect(person, group, "volunteers with")
    connect(hidden, hall, "meets at")
    return {"group": group, "hall": hall, "person": person, "hidden": hidden}


def by_label(rows):
    return {row["Label"]: row for row in rows}


def test_the_public_workbook_applies_the_visibility_rule(neighbourhood):
    workbook = build_workbook(public=True)
    rows = by_label(workbook.elements)
    assert set(rows) == {"Lunch Club", "Kiln Street Hall", "Pat Connector"}
    pat = rows["Pat Connector"]
    assert pat["Type"] == "Person" and pat["Visibility"] == "network-only"
    assert all(
        pat[column] == ""
        for column in ELEMENT_COLUMNS
        if column not in ("ID", "Label", "Type", "Visibility")
    )
    # Connections only between listings in the sheet: the hidden club's is left out.
    assert {(c["From"], c["To"], c["Type"]) for c in workbook.connections} == {
        (rows["Lunch Club"]["ID"], rows["Kiln Street Hall"]["ID"], "meets at"),
        (pat["ID"], rows["Lunch Club"]["ID"], "volunteers with"),
    }


def test_every_column_of_a_public_listing_is_filled_as_kumu_reads_it(neighbourhood):
    workbook = build_workbook(public=True)
    lunch = by_label(workbook.elements)["Lunch Club"]
    assert lunch["Type"] == "Group" and lunch["Area"] == "Canal Side"
    assert lunch["Tags"] == "food|older people" and lunch["Offers"] == "hot meals"
    assert lunch["Needs"] == "drivers|volunteers" and lunch["Interests"] == "cooking|dominoes"
    assert lunch["Location"] == "51.55000, -0.14000"
    assert lunch["Email"] == "lunch@example.org"
    # No public page shows extra columns or what a connection's description says.
    assert workbook.element_columns == ELEMENT_COLUMNS
    assert all(connection["Description"] == "" for connection in workbook.connections)
    assert by_label(workbook.elements)["Kiln Street Hall"]["Opening times"] == "Mon–Fri 9–5"
    (meets_at,) = [c for c in workbook.connections if c["Type"] == "meets at"]
    assert (meets_at["Label"], meets_at["Strength"], meets_at["direction"]) == (
        "Main hall",
        3,
        "directed",
    )


def test_the_editors_workbook_holds_everything(neighbourhood):
    workbook = build_workbook(public=False)
    rows = by_label(workbook.elements)
    assert {"Hidden Club", "Draft Group", "Members Only"} <= set(rows)
    assert rows["Pat Connector"]["Email"] == "secret@example.org"
    assert rows["Hidden Club"]["Visibility"] == "hidden"
    assert len(workbook.connections) == 3
    # Extra columns come back as columns; one named like ours does not overwrite ours.
    assert workbook.element_columns == [*ELEMENT_COLUMNS, "Founded"]
    assert rows["Lunch Club"]["Founded"] == "1998"
    assert rows["Lunch Club"]["Tags"] == "food|older people"
    assert {c["Description"] for c in workbook.connections} == {"", "Upstairs, by the lift"}


def test_projects_carry_their_status_and_dates(site_pages):
    make_project(title="Canal clean-up", status="active", start_date="2026-03-01")
    (row,) = build_workbook(public=True).elements
    assert (row["Type"], row["Status"], row["Start date"], row["End date"]) == (
        "Project",
        "active",
        "2026-03-01",
        "",
    )


def test_no_cell_can_become_a_formula(site_pages):
    hostile = '=HYPERLINK("http://evil.example","click")'
    make_listing(GroupPage, title=hostile, phone="+44 20 7946 0000", description="@SUM(A1)")
    workbook = build_workbook(public=True)
    # XLSX: every string is a text cell, shown as it is and never run.
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(workbook)))
    assert book.sheetnames == ["Elements", "Connections"]
    header, row = book["Elements"].iter_rows(values_only=True)
    cells = dict(zip(header, row, strict=True))
    assert (cells["Label"], cells["Phone"]) == (hostile, "+44 20 7946 0000")
    assert all(cell.data_type == "s" for cell in book["Elements"][2] if cell.value is not None)
    # CSV has no cell types: such cells start with an apostrophe.
    (element,) = csv.DictReader(io.StringIO(csv_pair(workbook)["elements.csv"]))
    assert element["Label"] == "'" + hostile and element["Description"] == "'@SUM(A1)"
    assert element["Phone"] == "'+44 20 7946 0000"


def test_the_xlsx_and_csv_pair_hold_the_same_rows(neighbourhood):
    workbook = build_workbook(public=False)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(workbook)))
    pair = csv_pair(workbook)
    for sheet, file_name, columns in [
        ("Elements", "elements.csv", workbook.element_columns),
        ("Connections", "connections.csv", CONNECTION_COLUMNS),
    ]:
        header, *xlsx_rows = book[sheet].iter_rows(values_only=True)
        csv_rows = list(csv.reader(io.StringIO(pair[file_name])))
        assert list(header) == columns == csv_rows[0]
        as_text = [["" if cell is None else str(cell) for cell in row] for row in xlsx_rows]
        assert as_text == [[restore(cell) for cell in row] for row in csv_rows[1:]]


def test_the_public_download_is_private_cached_and_revalidated(client, neighbourhood):
    response = client.get("/api/export/directory.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="directory.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    text = " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert "Pat Connector" in text and "Lunch Club" in text
    for secret in SECRETS + ["Members Only", "secret-interest", "Upstairs", "1998"]:
        assert secret not in text
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/export/directory.xlsx", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and len(queries) == 0


def test_the_download_changes_when_a_listing_is_published(client, neighbourhood):
    first = client.get("/api/export/directory.xlsx")
    make_listing(ActivityPage, title="Chess Club", schedule="Thursdays 12:00-14:00")
    second = client.get("/api/export/directory.xlsx")
    assert second["ETag"] != first["ETag"]
    book = openpyxl.load_workbook(io.BytesIO(second.content))
    labels = [row[1] for row in book["Elements"].iter_rows(min_row=2, values_only=True)]
    assert "Chess Club" in labels


def test_the_export_costs_the_same_queries_at_any_size(site_pages):
    hall = make_listing(PlacePage, title="Hall")

    def add(number):
        for n in range(number):
            group = make_listing(GroupPage, revision=False, tags=["food"], needs=[f"n{n % 3}"])
            make_listing(PlacePage, revision=False, extra={f"column {n % 4}": "x"})
            make_listing(ActivityPage, revision=False, schedule="Mondays 10:00-11:00")
            connect(group, hall, "uses")

    def count():
        with CaptureQueriesContext(connection) as queries:
            workbook = build_workbook(public=True)
        return len(queries), workbook

    add(2)
    build_workbook(public=True)  # content types and site root paths, cached per process
    small, _ = count()
    add(20)
    large, workbook = count()
    assert large == small
    assert len(workbook.elements) == 67 and len(workbook.connections) == 22


def test_the_command_writes_a_workbook_or_a_csv_pair(neighbourhood, tmp_path):
    out = io.StringIO()
    call_command("export_workbook", str(tmp_path / "all.xlsx"), stdout=out)
    assert "Wrote 6 listings and 3 connections (everything)" in out.getvalue()
    assert openpyxl.load_workbook(tmp_path / "all.xlsx").sheetnames == ["Elements", "Connections"]
    call_command(
        "export_workbook", str(tmp_path / "pair"), "--format", "csv", "--public-only", stdout=out
    )
    elements = (tmp_path / "pair" / "elements.csv").read_text(encoding="utf-8")
    assert "Lunch Club" in elements and "Hidden Club" not in elements
    assert (tmp_path / "pair" / "connections.csv").read_text().count("\n") == 3
    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_workbook", str(tmp_path / "pair"))
    with pytest.raises(CommandError, match="is a file"):
        call_command("export_workbook", str(tmp_path / "all.xlsx"), "--format", "csv")


def test_editors_download_everything_from_the_admin(admin_client, neighbourhood):
    page = admin_client.get("/admin/spreadsheets/")
    assert page.status_code == 200
    assert b"/admin/spreadsheets/all/xlsx/" in page.content
    everything = admin_client.get("/admin/spreadsheets/all/xlsx/")
    assert everything["Content-Type"] == XLSX_TYPE
    labels = [
        row[1]
        for row in openpyxl.load_workbook(io.BytesIO(everything.content))["Elements"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert "Hidden Club" in labels and "Draft Group" in labels
    archive = zipfile.ZipFile(
        io.BytesIO(admin_client.get("/admin/spreadsheets/public/csv/").content)
    )
    assert sorted(archive.namelist()) == ["connections.csv", "elements.csv"]
    assert "Hidden Club" not in archive.read("elements.csv").decode()
    assert admin_client.get("/admin/spreadsheets/all/pdf/").status_code == 404


def test_only_those_who_may_edit_the_directory_may_download_everything(
    client, neighbourhood, django_user_model
):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    for url in ["/admin/spreadsheets/", "/admin/spreadsheets/all/xlsx/"]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert b"/admin/spreadsheets/" not in client.get("/admin/").content


def test_the_directory_page_links_to_the_download(client, neighbourhood):
    content = client.get("/directory/").content.decode()
    assert 'href="/api/export/directory.xlsx"' in content
