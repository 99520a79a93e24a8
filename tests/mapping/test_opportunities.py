"""Opportunities on the demo: gaps, nearest offers, visibility, links, filters, query counts."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from directory.models import Connection, GroupPage, Listing, PersonPage, PlacePage, RelationType
from directory.visibility import Visibility
from localcommons.models import HomePage
from mapping.demo import ensure_opportunity_pages
from mapping.models import Match, Need, OpportunitiesPage
from mapping.network.build import rebuild
from stories.models import ProjectPage
from tests.builders import connect, make_area, make_listing

HALL = (51.5474, -0.1460)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def matches_for(soup, title):
    """The names in the match list of the need of the listing called title."""
    for need in soup.select("li.need"):
        who = need.select_one(".need__who a")
        if who and who.get_text() == title:
            return [a.get_text() for a in need.select(".match__name")]
    raise AssertionError(f"{title} is not among the needs shown")


def test_trustees_is_a_need_nobody_offers(demo, client):
    soup = soup_of(client, "/opportunities/")
    gaps = {li.strong.get_text(): li for li in soup.select(".gap-list li")}
    assert list(gaps) == ["Trustees"]
    assert [a.get_text() for a in gaps["Trustees"].select("a")] == [
        "Brickfield Community Association",
        "The Kilnworkers' Charitable Trust",
    ]
    trustees = Need.objects.filter(tag__name="trustees")
    assert trustees.count() == 2 and not Match.objects.filter(need__in=trustees).exists()


def test_meeting_space_is_matched_with_halls_nearest_first(demo, client):
    soup = soup_of(client, "/opportunities/?need=meeting-space")
    assert matches_for(soup, "Brickfield Advice Centre")[0] == "St Barnabas Church and Hall"
    advice = Need.objects.get(tag__name="meeting space", listing__title="Brickfield Advice Centre")
    ranked = list(advice.matches.filter(need_rank__isnull=False).order_by("need_rank"))
    # All in the same area and not yet connected: the score orders them by distance alone.
    assert all(m.same_area and m.steps != 1 for m in ranked)
    assert [m.distance_m for m in ranked] == sorted(m.distance_m for m in ranked)
    offered = {m.offer_listing.title for m in Match.objects.filter(need__tag__name="meeting space")}
    assert {"St Barnabas Church and Hall", "Kiln Street Community Centre"} <= offered
    why = soup.select_one(".match__why").get_text()
    assert "m away" in why and "not yet connected" in why


def test_each_listing_page_says_who_could_help_and_who_needs_its_offers(demo, client):
    page = Listing.objects.get(title="Mount Zion Prayer Fellowship")
    soup = soup_of(client, page.url)
    section = soup.select_one(".listing-opportunities")
    text = section.get_text(" ", strip=True)
    assert "With funding: The Kilnworkers' Charitable Trust" in text
    assert "Who needs what Mount Zion Prayer Fellowship offers" in text
    assert "Brickfield Tigrinya Parents' Group" in text  # it needs childcare
    suggest = section.select_one(".match__suggest")["href"]
    trust = Listing.objects.get(title="The Kilnworkers' Charitable Trust")
    assert suggest == f"/suggest/{page.pk}/connection/?with={trust.pk}"
    form = soup_of(client, suggest)
    chosen = form.select_one(f'input[name="other_listing"][value="{trust.pk}"]')
    assert chosen.has_attr("checked")


def test_completed_projects_needs_are_not_opportunities(demo, client):
    completed = ProjectPage.objects.filter(status="completed", needs__isnull=False).first()
    assert completed is not None
    assert not Need.objects.filter(listing=completed).exists()


def test_filters_by_area_kind_and_need_and_report_bad_values(demo, client):
    soup = soup_of(client, "/opportunities/?area=brickfield-south")
    areas = {span.get_text() for span in soup.select(".need__area")}
    assert areas == {"Brickfield South"}
    soup = soup_of(client, "/opportunities/?kind=project")
    kinds = {span.get_text() for span in soup.select(".need__who .kind-badge")}
    assert kinds == {"Project"}
    soup = soup_of(client, "/opportunities/?need=nothing-like-this&kind=spaceship")
    assert soup.select_one(".error-summary")
    assert soup.select(".need")  # The bad filters are ignored, the page still answers.


@pytest.fixture
def private_offers(site_pages):
    """A group needing a room; a hall, a network-only person and a hidden place offer one."""
    area = make_area()
    needing = make_listing(
        GroupPage, title="Needs a Room", needs=["meeting space"], lat_lng=HALL, area=area
    )
    hall = make_listing(
        PlacePage, title="Open Hall", offers=["meeting space"], lat_lng=HALL, area=area
    )
    person = make_listing(
        PersonPage,
        title="Private Person",
        offers=["meeting space"],
        visibility=Visibility.NETWORK_ONLY,
        email="private@example.org",
        address="1 Private Road",
        lat_lng=HALL,
        area=area,
    )
    hidden = make_listing(
        PlacePage,
        title="Hidden Place",
        offers=["meeting space"],
        visibility=Visibility.HIDDEN,
        lat_lng=HALL,
    )
    connect(person, needing, "volunteers with")
    ensure_opportunity_pages()
    rebuild()
    return {"needing": needing, "hall": hall, "person": person, "hidden": hidden}


def test_only_listings_whose_details_are_public_are_matched(client, private_offers):
    offered = set(Match.objects.values_list("offer_listing__title", flat=True))
    assert offered == {"Open Hall"}
    html = client.get("/opportunities/").content.decode()
    assert "Private Person" not in html and "Hidden Place" not in html
    # The person is among the group's connections by name; never among who could help.
    for listing in (private_offers["needing"], private_offers["hall"]):
        section = soup_of(client, listing.url).select_one(".listing-opportunities")
        names = [a.get_text() for a in section.select(".match__name")]
        assert names == ["Open Hall" if listing.title == "Needs a Room" else "Needs a Room"]


def test_a_listing_hidden_since_the_matching_is_left_out_at_once(client, private_offers):
    hall = private_offers["hall"]
    hall.visibility = Visibility.HIDDEN
    hall.save_revision().publish()
    for url in ("/opportunities/", private_offers["needing"].url):
        assert "Open Hall" not in client.get(url).content.decode()


def test_a_network_only_shared_contact_is_named_as_in_the_network_without_details(
    client, private_offers
):
    hall, needing = private_offers["hall"], private_offers["needing"]
    connect(private_offers["person"], hall, "volunteers with")
    rebuild()
    match = Match.objects.get(offer_listing=hall)
    assert match.steps == 2 and match.via_id == private_offers["person"].pk
    soup = soup_of(client, needing.url)
    assert "Both know Private Person" in soup.select_one(".match__via").get_text(" ", strip=True)
    html = str(soup)
    assert "1 Private Road" not in html and "private@example.org" not in html


def test_a_listing_offering_what_it_needs_does_not_meet_its_own_need(client, site_pages):
    ensure_opportunity_pages()
    make_listing(GroupPage, title="Self Reliant", needs=["volunteers"], offers=["volunteers"])
    rebuild()
    need = Need.objects.get(listing__title="Self Reliant")
    assert need.offered_by == 0 and not need.matches.exists()
    gaps = soup_of(client, "/opportunities/").select_one(".gap-list").get_text(" ", strip=True)
    assert gaps == "Volunteers , needed by Self Reliant"


def grow(count, area, start=0):
    """count located groups that need and offer things, in a chain of partnerships."""
    created = [
        make_listing(
            GroupPage,
            revision=False,
            title=f"Group {n}",
            needs=["meeting space", "volunteers"],
            offers=["volunteers" if n % 2 else "meeting space"],
            lat_lng=(HALL[0] + n / 100_000, HALL[1]),
            area=area,
        )
        for n in range(start, start + count)
    ]
    partners = RelationType.objects.get(name="partners with")
    Connection.objects.bulk_create(
        Connection(source=first, target=second, relation_type=partners, sort_order=0)
        for first, second in zip(created, created[1:], strict=False)
    )
    rebuild()
    return created[-1]


def test_query_counts_stay_flat_from_fifteen_to_a_thousand_listings(client, site_pages):
    from localcommons.cache import invalidate

    ensure_opportunity_pages()
    area = make_area()
    last = grow(15, area)  # 30 needs: two pages of them
    urls = [
        "/opportunities/",
        "/opportunities/?area=brickfield-north&need=meeting-space",
        "/opportunities/?kind=group&page=2",
        last.url,
        "/reports/brickfield-north/",
        "/reports/",
        "/reports/brickfield-north/csv/needs/",
    ]

    def counts():
        found = {}
        for url in urls:
            invalidate()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found[url] = len(queries)
        return found

    counts()  # Warm up: Django caches content types on first use.
    small = counts()
    grow(985, area, start=15)
    assert counts() == small


class OpportunityPageTreeTests(WagtailPageTestCase):
    def test_lives_once_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(OpportunitiesPage, {HomePage})
        self.assertAllowedSubpageTypes(OpportunitiesPage, set())
        self.assertEqual(OpportunitiesPage.max_count, 1)


def test_the_demo_has_the_pages(demo):
    assert OpportunitiesPage.objects.live().get().url == "/opportunities/"


def test_stored_matches_are_deleted_without_loading_them(private_offers):
    # Page signals are connected per page model, so Django can delete matches in bulk.
    assert Match.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        Need.objects.all().delete()
    statements = [query["sql"] for query in queries]
    assert not any(sql.startswith("SELECT") and "mapping_match" in sql for sql in statements)
    assert not Match.objects.exists()
