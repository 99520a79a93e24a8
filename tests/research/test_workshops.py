"""Workshops and the research page: where they sit, what they show, what they feed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from directory.models import Listing
from directory.visibility import Visibility
from localcommons.models import HomePage
from mapping.models import Match, Need
from mapping.network.build import rebuild
from research.models import (
    FindingKind,
    IdeaIndexPage,
    IdeaPage,
    ResearchIndexPage,
    WorkshopFinding,
    WorkshopPage,
)

pytestmark = pytest.mark.django_db

SUMMER = "/research/summer-open-day-at-st-barnabas/"


def test_page_hierarchy():
    assert ResearchIndexPage.parent_page_types == ["localcommons.HomePage"]
    assert "research.ResearchIndexPage" in HomePage.subpage_types
    assert set(ResearchIndexPage.subpage_types) == {
        "research.WorkshopPage",
        "research.IdeaIndexPage",
    }
    assert WorkshopPage.parent_page_types == ["research.ResearchIndexPage"]
    assert IdeaIndexPage.parent_page_types == ["research.ResearchIndexPage"]
    assert IdeaPage.parent_page_types == ["research.IdeaIndexPage"]
    assert WorkshopPage.subpage_types == [] and IdeaPage.subpage_types == []


def test_demo_has_a_workshop_each_season(demo):
    workshops = WorkshopPage.objects.live().order_by("date")
    assert [w.season for w in workshops] == ["Spring 2026", "Summer 2026", "Autumn 2026"]
    assert all(w.findings.filter(kind=FindingKind.NEED).exists() for w in workshops)
    assert all(w.findings.filter(kind=FindingKind.ASSET).exists() for w in workshops)


def test_research_page_lists_workshops_newest_first(demo, client):
    html = client.get("/research/").content.decode()
    autumn, summer, spring = (
        html.index("Autumn walkabout along the canal"),
        html.index("Summer open day at St Barnabas"),
        html.index("Spring listening session at Kiln Street"),
    )
    assert autumn < summer < spring
    assert "31 people took part" in html
    assert 'href="/research/ideas/?status=adopted"' in html


def test_workshop_page_shows_venue_groups_findings_and_ideas(demo, client):
    response = client.get(SUMMER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "11 July 2026" in html
    assert "St Barnabas Church and Hall" in html
    assert "31 people, from" in html and "Brickfield Community Choir" in html
    assert "The choir needs a PA system for its summer concerts." in html
    assert "The Brickmakers Arms lends its PA for community events." in html
    assert 'href="/research/ideas/a-tool-library/"' in html
    assert "5 people would help" in html
    assert 'id="conversation"' in html


def test_workshop_names_only_listings_the_public_may_see(demo, client):
    choir = Listing.objects.get(external_id="grp-community-choir").specific
    choir.visibility = Visibility.HIDDEN
    choir.save_revision().publish()
    html = client.get(SUMMER).content.decode()
    assert "Brickfield Community Choir" not in html
    # The finding itself stays: it is the residents' words, not the listing.
    assert "The choir needs a PA system for its summer concerts." in html


def test_workshop_needs_and_assets_take_part_in_the_matching(demo):
    trust = Listing.objects.get(external_id="grp-friends-of-tanners-green")
    choir = Listing.objects.get(external_id="grp-community-choir")
    workshop = WorkshopPage.objects.get(slug="autumn-walkabout-along-the-canal")
    finding = workshop.findings.get(text__startswith="Tigrinya")
    # A need nobody had on their listing: the workshop's finding alone brings it in.
    WorkshopFinding.objects.filter(pk=finding.pk).update(listing=trust)
    rebuild()
    need = Need.objects.get(listing=trust, tag__name="meeting space")
    assert Match.objects.filter(need=need).exists()
    # An asset found at a workshop offers what its finding says (the pub's PA for the choir).
    pa_need = Need.objects.get(listing=choir, tag__name="PA system")
    offered = set(
        Match.objects.filter(need=pa_need).values_list("offer_listing__external_id", flat=True)
    )
    assert "place-brickmakers-arms" in offered


def test_an_unpublished_workshop_feeds_nothing(demo):
    trust = Listing.objects.get(external_id="grp-friends-of-tanners-green")
    workshop = WorkshopPage.objects.get(slug="autumn-walkabout-along-the-canal")
    WorkshopFinding.objects.filter(workshop=workshop, text__startswith="Tigrinya").update(
        listing=trust
    )
    workshop.unpublish()
    rebuild()
    assert not Need.objects.filter(listing=trust, tag__name="meeting space").exists()


def test_area_report_has_what_residents_raised(demo, client):
    html = client.get("/reports/canal-side/").content.decode()
    assert "What residents raised" in html
    assert "1 workshop was held in Canal Side, with 17 people taking part." in html
    csv = client.get("/reports/canal-side/csv/raised-needs/").content.decode()
    assert csv.splitlines()[0] == "Need,Times raised,Workshops,Where"
    assert "storage,1,1,Canal Side" in csv
    whole = client.get("/reports/csv/raised-needs/").content.decode()
    # Storage was raised at all three workshops.
    assert "storage,3,3" in whole


def test_workshop_page_queries_do_not_grow_with_findings(demo, client):
    workshop = WorkshopPage.objects.get(slug="summer-open-day-at-st-barnabas")
    client.get(SUMMER)
    with CaptureQueriesContext(connection) as before:
        client.get(SUMMER)
    listings = list(Listing.objects.publicly_visible()[:20])
    for listing in listings:
        WorkshopFinding.objects.create(
            workshop=workshop, kind=FindingKind.NEED, text=f"More {listing.title}", listing=listing
        )
    workshop.groups_taking_part.add(*listings)
    workshop.save_revision().publish()
    client.get(SUMMER)
    with CaptureQueriesContext(connection) as after:
        response = client.get(SUMMER)
    assert response.content.decode().count("More ") >= 20
    assert len(after) == len(before)


def test_research_index_is_in_the_menu(demo, client):
    research = ResearchIndexPage.objects.get()
    assert research.show_in_menus
    assert Page.objects.live().filter(pk=research.pk).exists()
    assert 'href="/research/"' in client.get("/").content.decode()


def test_research_page_pages_its_workshops(demo, client, monkeypatch):
    monkeypatch.setattr(ResearchIndexPage, "page_size", 2)
    first = client.get("/research/").content.decode()
    second = client.get("/research/?page=2").content.decode()
    assert "Autumn walkabout along the canal" in first and "Page 1 of 2" in first
    assert "Spring listening session at Kiln Street" in second
    assert "Autumn walkabout along the canal" not in second
