"""Importing a Kumu workbook: new listings, updates as revisions, connections, round trips."""

import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from directory.models import (
    ActivityPage,
    Area,
    Connection,
    GroupPage,
    Listing,
    OrganisationPage,
    PersonPage,
    RelationType,
)
from directory.visibility import Visibility
from mapping.exchange.files import csv_pair, xlsx_bytes
from mapping.exchange.importer import ImportOptions, import_workbook
from mapping.exchange.kumu import build_workbook
from mapping.exchange.reader import WorkbookError
from stories.demo import ensure_project_index
from stories.models import ProjectPage
from tests.builders import connect, make_area, make_listing

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "data" / "demo"
SAMPLES = Path(settings.BASE_DIR) / "data" / "samples"


@pytest.fixture
def empty_site(site_pages):
    """The home page, the directory and the project index, with no listings."""
    ensure_project_index()
    return site_pages


@pytest.fixture
def adviser(db):
    return get_user_model().objects.create_superuser("adviser", "adviser@example.org", "pw")


def demo_files():
    return [(name, (DEMO / name).read_bytes()) for name in ("elements.csv", "connections.csv")]


def csv_files(elements, connections=None):
    files = [("elements.csv", elements.encode())]
    if connections is not None:
        files.append(("connections.csv", connections.encode()))
    return files


def publish():
    return ImportOptions(publish=True)


def workbook_content(workbook):
    """Both sheets as sorted rows of (column, value) pairs: the content, order aside."""
    return {
        "elements": sorted(tuple(sorted(row.items())) for row in workbook.elements),
        "connections": sorted(tuple(sorted(row.items())) for row in workbook.connections),
        "columns": (workbook.element_columns, workbook.connection_columns),
    }


def test_the_demo_files_import_into_an_empty_site(empty_site, adviser):
    result = import_workbook(demo_files(), publish(), user=adviser)

    assert (result.count("new"), result.count("updated"), result.count("unchanged")) == (90, 0, 0)
    assert result.connections_added == Connection.objects.count() == 191
    assert Listing.objects.live().count() == 90
    assert ProjectPage.objects.live().count() == 6  # under the project index, not the directory
    assert set(Area.objects.values_list("name", flat=True)) == set(result.new_areas)
    larder = Listing.objects.get(external_id="act-larder-pantry").specific
    assert larder.latitude and larder.area.name == "Brickfield North"
    assert larder.sessions.exists()  # its schedule text was read into sessions
    kiln = Listing.objects.get(external_id="org-brickfield-community-association").specific
    assert sorted(kiln.offers.names()) == ["hall hire", "insurance", "meeting space", "publicity"]
    assert kiln.summary.startswith("The resident-led charity")
    # Every listing was published through a revision recorded against the adviser.
    assert Revision.page_revisions.filter(user=adviser).count() == 90
    assert PageLogEntry.objects.filter(action="wagtail.publish", user=adviser).count() == 90
    # Search finds them, and the admin knows which listings point at which.
    assert larder in [page.specific for page in Listing.objects.live().search("Larder")]
    kiln_centre = Listing.objects.get(external_id="place-kiln-street-centre")
    assert ReferenceIndex.get_references_to(kiln_centre).exists()
    runs = Connection.objects.get(external_id="conn-001")
    assert (runs.relation_type.name, runs.strength, runs.label) == (
        "runs",
        3,
        "Leaseholder and operator",
    )


def test_imported_listings_are_whole_wagtail_pages(empty_site, adviser, client, admin_client):
    import_workbook(demo_files(), publish(), user=adviser)

    # The tree is as treebeard keeps it: paths, depths and child counts.
    assert not any(Page.find_problems())
    larder = Listing.objects.get(external_id="act-larder-pantry").specific
    assert client.get(larder.url).status_code == 200
    assert admin_client.get(f"/admin/pages/{larder.pk}/edit/").status_code == 200
    history = admin_client.get(f"/admin/pages/{larder.pk}/history/").content.decode()
    assert "Published" in history and "adviser" in history
    # The revision holds the whole listing, connections and sessions included.
    restored = larder.live_revision.as_object()
    assert restored.title == larder.title
    assert len(restored.connections.all()) == larder.connections.count() > 0
    assert len(restored.sessions.all()) == larder.sessions.count() > 0
    # Pages added afterwards, by an editor or another import, take the next places.
    directory = larder.get_parent()
    directory.add_child(instance=GroupPage(title="Added Later", slug="added-later"))
    import_workbook(csv_files("ID,Label,Type\nlate,Later Still,Group\n"), publish())
    assert not any(Page.find_problems())
    edited = Listing.objects.get(external_id="late").specific
    edited.description = "Edited after the import."
    edited.save_revision(user=adviser).publish()
    assert Listing.objects.get(external_id="late").description == "Edited after the import."


def test_importing_the_same_files_again_changes_nothing(empty_site, adviser):
    import_workbook(demo_files(), publish(), user=adviser)
    revisions = Revision.objects.count()

    again = import_workbook(demo_files(), publish(), user=adviser)

    assert (again.count("new"), again.count("updated"), again.count("unchanged")) == (0, 0, 90)
    assert (again.connections_added, again.connections_removed) == (0, 0)
    assert Revision.objects.count() == revisions


def test_a_changed_row_updates_its_listing_with_a_revision_that_says_who(empty_site, adviser):
    import_workbook(demo_files(), publish(), user=adviser)
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    elements, connections = demo_files()
    text = elements[1].decode().replace("brickfieldca@example.org", "hello@kiln.example.org", 1)

    result = import_workbook([("elements.csv", text.encode()), connections], publish(), user=editor)

    changed = [row for row in result.rows if row.action == "updated"]
    assert [(row.label, row.changes) for row in changed] == [
        ("Brickfield Community Association", ["Email"])
    ]
    kiln = Listing.objects.get(external_id="org-brickfield-community-association")
    assert kiln.email == "hello@kiln.example.org" and kiln.live
    latest = kiln.latest_revision
    assert latest.user == editor and latest == kiln.live_revision
    assert PageLogEntry.objects.filter(page=kiln, user=editor, action="wagtail.publish").exists()


def test_without_publish_changes_wait_as_drafts(empty_site, adviser):
    import_workbook(demo_files(), publish(), user=adviser)
    text = demo_files()[0][1].decode().replace("brickfieldca@example.org", "new@example.org", 1)
    text += "new-group,New Reading Group,Group,Reads together.,,,,,,,,,,,,,,public\n"

    result = import_workbook([("elements.csv", text.encode())], ImportOptions(), user=adviser)

    assert (result.count("new"), result.count("updated")) == (1, 1)
    kiln = Listing.objects.get(external_id="org-brickfield-community-association")
    # The public still sees the published email; the draft revision holds the new one.
    assert kiln.email == "brickfieldca@example.org" and kiln.has_unpublished_changes
    assert kiln.get_latest_revision_as_object().email == "new@example.org"
    new = Listing.objects.get(external_id="new-group")
    assert not new.live and new.latest_revision.user == adviser


def test_a_connections_sheet_replaces_the_connections_of_the_listings_in_it(empty_site):
    elements = (
        "ID,Label,Type\nhall,Kiln Hall,Place\nclub,Lunch Club,Group\nyoga,Chair Yoga,Activity\n"
    )
    import_workbook(
        csv_files(elements, "From,To,Type\nclub,hall,meets at\nyoga,hall,meets at\n"), publish()
    )
    assert Connection.objects.count() == 2

    result = import_workbook(
        csv_files(elements, "From,To,Type,Strength\nclub,hall|yoga,meets at,3\n"), publish()
    )

    assert (result.connections_added, result.connections_removed) == (2, 2)
    club = Listing.objects.get(external_id="club")
    assert sorted(club.connections.values_list("target__title", "strength")) == [
        ("Chair Yoga", 3),
        ("Kiln Hall", 3),
    ]
    assert not Connection.objects.filter(source__external_id="yoga").exists()
    # Without a connections sheet, connections are left as they are.
    import_workbook(csv_files(elements), publish())
    assert Connection.objects.count() == 2


def test_rows_match_by_label_and_type_when_there_is_no_id_column(empty_site):
    group = make_listing(GroupPage, title="Lunch Club", description="Old text.")
    make_listing(PersonPage, title="Lunch Club", visibility=Visibility.NETWORK_ONLY)

    result = import_workbook(
        csv_files("Label,Type,Description\nlunch club,Group,New text.\n"), publish()
    )

    assert [row.action for row in result.rows] == ["updated"]
    group.refresh_from_db()
    assert group.description == "New text." and group.title == "lunch club"


def test_our_own_ids_match_listings_that_have_no_research_id(empty_site):
    group = make_listing(GroupPage, title="Lunch Club")
    workbook = build_workbook(public=False)
    assert workbook.elements[0]["ID"] == f"listing-{group.pk}"

    result = import_workbook([("directory.xlsx", xlsx_bytes(workbook))], publish())

    assert [row.action for row in result.rows] == ["unchanged"]
    group.refresh_from_db()
    assert group.external_id == ""


def test_other_columns_are_kept_in_extra_and_exported_again(empty_site):
    elements = "ID,Label,Type,Ward code,Image\nclub,Lunch Club,Group,E05013660,https://img.example.org/a.png\n"
    connections = "From,To,Type,Since\nclub,hall,meets at,2019\n"
    import_workbook(csv_files(elements + "hall,Kiln Hall,Place,,\n", connections), publish())

    club = Listing.objects.get(external_id="club")
    assert club.extra == {"Ward code": "E05013660", "Image": "https://img.example.org/a.png"}
    assert Connection.objects.get().extra == {"Since": "2019"}
    workbook = build_workbook(public=False)
    row = next(row for row in workbook.elements if row["ID"] == "club")
    assert (row["Ward code"], row["Image"]) == ("E05013660", "https://img.example.org/a.png")
    assert workbook.connections[0]["Since"] == "2019"
    # The public download keeps to what public pages show.
    public = build_workbook(public=True)
    assert "Ward code" not in public.element_columns
    assert "Since" not in public.connection_columns


def test_kind_fields_and_dates_are_read(empty_site):
    elements = (
        "ID,Label,Type,Status,Start date,End date,Schedule,Interests,Consent date,Consent given\n"
        "garden,Canal Garden,Project,Active,2025-04-01,31/03/2026,,,,\n"
        "yoga,Chair Yoga,Activity,,,,Tuesdays 10:00-11:00,,,\n"
        "sam,Sam Okafor,Person,,,,,gardening|chess,02/01/2026,signed-form\n"
    )
    import_workbook(csv_files(elements), publish())

    garden = ProjectPage.objects.get()
    assert (garden.status, str(garden.start_date), str(garden.end_date)) == (
        "active",
        "2025-04-01",
        "2026-03-31",
    )
    yoga = ActivityPage.objects.get()
    assert [session.weekday for session in yoga.sessions.all()] == [1]
    sam = PersonPage.objects.get()
    assert sam.interests == "gardening, chess"
    assert (str(sam.consent_date), sam.consent_method) == ("2026-01-02", "signed-form")


def test_missing_relation_types_are_created_on_request(empty_site):
    files = csv_files(
        "ID,Label,Type\na,Ann,Group\nb,Bea,Group\nc,Cal,Group\n",
        "From,To,Type,direction\na,b,mentors,directed\nb,c,,\na,c,co-founded with,mutual\n",
    )
    options = ImportOptions(
        create_missing_relation_types=True, default_relation="knows", publish=True
    )

    result = import_workbook(files, options)

    assert result.new_relation_types == ["co-founded with", "knows", "mentors"]
    assert RelationType.objects.get(name="co-founded with").is_mutual
    assert not RelationType.objects.get(name="mentors").is_mutual
    assert Connection.objects.get(source__title="Bea").relation_type.name == "knows"


def test_a_dry_run_reports_the_changes_and_writes_nothing(empty_site):
    before = (Listing.objects.count(), Area.objects.count(), Revision.objects.count())

    result = import_workbook(demo_files(), publish(), dry_run=True)

    assert result.count("new") == 90 and result.dry_run
    assert "would be published" in str(result)
    assert (Listing.objects.count(), Area.objects.count(), Revision.objects.count()) == before


def test_export_then_import_into_an_empty_site_gives_the_same_workbook(demo):
    connect(
        make_listing(GroupPage, title="No Research ID Club", area=make_area("Canal Side")),
        Listing.objects.get(external_id="place-kiln-street-centre").specific,
    )
    first = build_workbook(public=False)
    xlsx, pair = xlsx_bytes(first), csv_pair(first)
    Listing.objects.all().delete()
    Area.objects.all().delete()
    assert Connection.objects.count() == 0

    import_workbook([("directory.xlsx", xlsx)], publish())

    assert workbook_content(build_workbook(public=False)) == workbook_content(first)
    # The CSV pair reads back to the same listings: nothing changes.
    again = import_workbook([(name, text.encode()) for name, text in pair.items()], publish())
    assert again.count("unchanged") == len(first.elements) and again.connections_added == 0


def test_the_kumu_sample_imports_with_a_type_mapping_and_keeps_its_columns(empty_site):
    data = (SAMPLES / "kumu" / "paypal-mafia.xlsx").read_bytes()
    options = ImportOptions(
        type_map={"company": "Organisation"}, create_missing_relation_types=True
    )
    # Its people have no consent on record, so they can come in as drafts only.
    with pytest.raises(WorkbookError, match="column Consent date: Record when and how"):
        import_workbook([("paypal-mafia.xlsx", data)], replace(options, publish=True))

    result = import_workbook([("paypal-mafia.xlsx", data)], options)

    assert result.count("new") == 34
    assert PersonPage.objects.count() > 0 and OrganisationPage.objects.count() > 0
    assert set(result.new_relation_types) == {"Employee/Founder", "Investor"}
    assert result.connections_added == 49 and not result.published
    thiel = Listing.objects.get(title="Peter Thiel")
    assert thiel.extra["Net Worth (Billions)"] == "1.8" and "Attribution" in thiel.extra
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(build_workbook(public=False))))
    header = [cell.value for cell in sheet["Elements"][1]]
    assert {"Attribution", "Net Worth (Billions)", "Region"} <= set(header)
    assert not Listing.objects.live().filter(title="Peter Thiel").exists()


def test_an_export_without_connections_imports(empty_site):
    make_listing(GroupPage, title="Lunch Club", external_id="club")
    data = xlsx_bytes(build_workbook(public=False))

    result = import_workbook([("directory.xlsx", data)], publish())

    assert [row.action for row in result.rows] == ["unchanged"]
