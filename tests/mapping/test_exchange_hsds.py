"""The HSDS 3.0 data package: checked against the descriptor's own schema, on the demo."""

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import GroupPage, Listing, PersonPage, PlacePage
from directory.visibility import Visibility
from mapping.exchange.hsds import DESCRIPTOR, RESOURCES, hsds_zip_bytes
from tests.builders import connect, make_activity, make_listing

pytestmark = pytest.mark.django_db


def unpack(data):
    """(descriptor, {resource name: (columns, rows)}) from the zip's bytes."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    package = json.loads(archive.read("datapackage.json"))
    tables = {}
    for resource in package["resources"]:
        reader = csv.DictReader(io.StringIO(archive.read(resource["path"]).decode("utf-8")))
        tables[resource["name"]] = (reader.fieldnames, list(reader))
    return package, tables


@pytest.fixture
def package(demo):
    return unpack(hsds_zip_bytes(public=True))


def test_every_resource_has_every_column_its_schema_requires(package):
    descriptor, tables = package
    shipped = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    assert descriptor["version"] == shipped["version"] == "3.0.0"
    assert {r["name"] for r in descriptor["resources"]} == set(RESOURCES)
    schemas = {r["name"]: r["schema"] for r in shipped["resources"]}
    for name in RESOURCES:
        columns, _rows = tables[name]
        required = [
            f["name"] for f in schemas[name]["fields"] if f.get("constraints", {}).get("required")
        ]
        assert set(required) <= set(columns), name


def test_every_row_meets_its_schema_and_every_reference_resolves(package):
    descriptor, tables = package
    ids = {name: {row["id"] for row in rows} for name, (_columns, rows) in tables.items()}
    for resource in descriptor["resources"]:
        name = resource["name"]
        _columns, rows = tables[name]
        assert len(ids[name]) == len(rows), f"{name}: ids repeat"
        for row in rows:
            for field in resource["schema"]["fields"]:
                value, constraints = row.get(field["name"], ""), field.get("constraints", {})
                if constraints.get("required"):
                    assert value, f"{name}.{field['name']} is empty in {row}"
                if value and field.get("format") == "uuid":
                    assert str(uuid.UUID(value)) == value
                if value and "enum" in constraints:
                    assert value in constraints["enum"], f"{name}.{field['name']}: {value}"
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            for row in rows:
                if row[key["fields"]] and target in ids:
                    assert row[key["fields"]] in ids[target], f"{name}.{key['fields']}"


def test_the_demo_maps_onto_organisations_services_places_and_schedules(package):
    _descriptor, tables = package
    names = {name: {row.get("name") for row in rows} for name, (_c, rows) in tables.items()}
    assert "Brickfield Community Association" in names["organization"]
    assert "Brickfield Good Food Network" in names["service"]
    assert "Kiln Street Community Centre" in names["location"]
    # The Larder's pantry is run by the Larder and meets at the centre.
    services = {row["name"]: row for row in tables["service"][1]}
    organizations = {row["id"]: row["name"] for row in tables["organization"][1]}
    pantry = services["Brickfield Larder pantry"]
    assert organizations[pantry["organization_id"]] == "Brickfield Larder"
    locations = {row["id"]: row["name"] for row in tables["location"][1]}
    at = [
        locations[r["location_id"]]
        for r in tables["service_at_location"][1]
        if r["service_id"] == pantry["id"]
    ]
    assert at == ["Kiln Street Community Centre"]
    schedules = [r for r in tables["schedule"][1] if r["service_id"] == pantry["id"]]
    assert schedules and {r["freq"] for r in tables["schedule"][1]} == {"WEEKLY", "MONTHLY"}
    assert all(r["opens_at"] < r["closes_at"] for r in tables["schedule"][1])


def test_people_and_private_listings_are_never_in_it(package):
    _descriptor, tables = package
    text = json.dumps(tables)
    for person in PersonPage.objects.all():
        assert person.title not in text
    for listing in Listing.objects.exclude(visibility=Visibility.PUBLIC):
        assert listing.title not in text


def test_ids_are_the_same_from_one_export_to_the_next(package):
    _descriptor, tables = package
    _again, tables_again = unpack(hsds_zip_bytes(public=True))
    assert tables_again == tables


def test_the_command_and_the_admin_write_the_package(demo, admin_client, tmp_path):
    out = io.StringIO()
    call_command("export_workbook", str(tmp_path / "hsds.zip"), "--format", "hsds", stdout=out)
    assert "HSDS 3.0 data package (everything)" in out.getvalue()
    assert "organizations.csv" in zipfile.ZipFile(tmp_path / "hsds.zip").namelist()
    response = admin_client.get("/admin/spreadsheets/public/hsds/")
    assert response["Content-Type"] == "application/zip"
    assert unpack(response.content)[1] == unpack(hsds_zip_bytes(public=True))[1]


def test_the_package_costs_the_same_queries_at_any_size(site_pages):
    hall = make_listing(PlacePage, title="Hall", address="1 Kiln Street, London", postcode="NW5")

    def add(number):
        for _ in range(number):
            group = make_listing(GroupPage, revision=False, phone="020 7946 0000")
            activity = make_activity(revision=False, schedule="Mondays 10:00-11:00")
            connect(group, activity, "runs")
            connect(activity, hall, "meets at")

    def count():
        with CaptureQueriesContext(connection) as queries:
            hsds_zip_bytes(public=True)
        return len(queries)

    add(2)
    hsds_zip_bytes(public=True)  # content types and site root paths, cached per process
    small = count()
    add(20)
    assert count() == small
    tables = unpack(hsds_zip_bytes(public=True))[1]
    assert len(tables["schedule"][1]) == 22 and len(tables["service_at_location"][1]) == 22
