"""The demo neighbourhood loads completely, and loading it again changes nothing."""

import csv
import shutil

import pytest
from django.core.management import call_command
from wagtail.models import Revision, Site

from directory.demo import DEMO_DIR, load_demo
from directory.models import Area, Connection, Listing, PersonPage
from directory.visibility import Visibility

NON_PROJECT_ROWS = 84


@pytest.mark.django_db
def test_demo_builds_the_page_tree_and_every_listing(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert Listing.objects.live().count() == NON_PROJECT_ROWS
    assert Area.objects.count() == 4
    larder = Listing.objects.get(external_id="org-brickfield-larder")
    assert larder.url == "/directory/brickfield-larder/"
    assert larder.specific.offers.filter(name="food surplus").exists()
    assert (round(larder.latitude, 4), round(larder.longitude, 4)) == (51.5498, -0.1329)
    assert Connection.objects.filter(source=larder).exists()
    assert larder.revisions.count() == 1
    network_only = PersonPage.objects.filter(visibility=Visibility.NETWORK_ONLY)
    assert network_only.count() == 8
    assert client.get("/directory/?q=larder").context["result_count"] >= 1


@pytest.mark.django_db
def test_connections_between_loaded_listings_are_all_loaded(demo):
    with open(DEMO_DIR / "connections.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    loaded = set(Listing.objects.values_list("external_id", flat=True))
    expected = {row["ID"] for row in rows if row["From"] in loaded and row["To"] in loaded}
    assert set(Connection.objects.values_list("external_id", flat=True)) == expected


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo):
    revisions = Revision.objects.count()
    pages = Listing.objects.count()
    connections = list(Connection.objects.order_by("pk").values_list("pk", flat=True))
    report = load_demo()
    assert (report.created, report.updated, report.unchanged) == (0, 0, NON_PROJECT_ROWS)
    assert Revision.objects.count() == revisions
    assert Listing.objects.count() == pages
    assert list(Connection.objects.order_by("pk").values_list("pk", flat=True)) == connections


@pytest.mark.django_db
def test_a_changed_row_gets_one_new_revision(demo, tmp_path):
    elements = tmp_path / "elements.csv"
    shutil.copy(DEMO_DIR / "elements.csv", elements)
    text = elements.read_text(encoding="utf-8")
    elements.write_text(
        text.replace("A membership food pantry rather", "A members-only food pantry rather"),
        encoding="utf-8",
    )
    report = load_demo(elements_path=elements)
    assert (report.created, report.updated) == (0, 1)
    larder = Listing.objects.get(external_id="org-brickfield-larder")
    assert larder.description.startswith("A members-only food pantry")
    assert larder.revisions.count() == 2


@pytest.mark.django_db
def test_load_demo_command_reports_what_it_did(db, capsys):
    call_command("load_demo")
    assert f"{NON_PROJECT_ROWS} created" in capsys.readouterr().out
