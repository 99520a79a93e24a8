"""The demo neighbourhood loads completely, and loading it again changes nothing."""

import csv

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.models import Revision, Site

from directory.demo import DEMO_DIR, load_demo
from directory.models import Area, Connection, DirectoryIndexPage, Listing, PersonPage
from directory.visibility import Visibility

NON_PROJECT_ROWS = 84


@pytest.mark.django_db
def test_demo_builds_the_page_tree_and_every_listing(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    directory = DirectoryIndexPage.objects.get()
    assert directory.get_children().live().count() == NON_PROJECT_ROWS
    assert Area.objects.count() == 4
    larder = Listing.objects.get(external_id="org-brickfield-larder")
    assert larder.url == "/directory/brickfield-larder/"
    assert larder.specific.offers.filter(name="food surplus").exists()
    assert (round(larder.latitude, 4), round(larder.longitude, 4)) == (51.5498, -0.1329)
    assert Connection.objects.filter(source=larder).exists()
    # Published through revisions; a second one adds its connections to demo projects.
    assert larder.live_revision_id == larder.latest_revision_id is not None
    network_only = PersonPage.objects.filter(visibility=Visibility.NETWORK_ONLY)
    assert network_only.count() == 8
    assert "Brickfield Larder" in client.get("/directory/?q=larder").content.decode()


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
    assert (report.created, report.kept) == (0, NON_PROJECT_ROWS)
    assert Revision.objects.count() == revisions
    assert Listing.objects.count() == pages
    assert list(Connection.objects.order_by("pk").values_list("pk", flat=True)) == connections


@pytest.mark.django_db
def test_loading_again_keeps_editors_changes(demo):
    larder = Listing.objects.get(external_id="org-brickfield-larder").specific
    larder.visibility = Visibility.HIDDEN
    larder.phone = "020 7946 0999"
    larder.save_revision().publish()
    revisions = larder.revisions.count()
    load_demo()
    larder.refresh_from_db()
    assert (larder.visibility, larder.phone) == (Visibility.HIDDEN, "020 7946 0999")
    assert larder.revisions.count() == revisions


@pytest.mark.django_db
def test_a_deleted_demo_listing_is_added_again_with_its_connections(demo):
    Listing.objects.get(external_id="act-chair-yoga").delete()
    report = load_demo()
    assert (report.created, report.kept) == (1, NON_PROJECT_ROWS - 1)
    yoga = Listing.objects.get(external_id="act-chair-yoga")
    assert yoga.connections.filter(relation_type__name="meets at").exists()


@pytest.mark.django_db
def test_bad_demo_connections_are_refused_and_nothing_is_written(site_pages, tmp_path):
    connections = tmp_path / "connections.csv"
    connections.write_text(
        "ID,From,To,Type,direction,Label,Description,Strength\n"
        "c1,org-brickfield-larder,org-brickfield-larder,supports,directed,,,2\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="cannot be connected to itself"):
        load_demo(connections_path=connections)
    assert not Listing.objects.exists()


@pytest.mark.django_db
def test_load_demo_command_reports_what_it_did(db, capsys):
    call_command("load_demo")
    assert f"{NON_PROJECT_ROWS} created" in capsys.readouterr().out
