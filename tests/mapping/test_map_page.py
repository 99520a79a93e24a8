"""The map page, its list alternative and coverage figure, mini maps, and the admin panel."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data

from directory.models import GroupPage, PersonPage, PlacePage
from directory.visibility import Visibility
from localcommons.models import HomePage
from mapping.demo import ensure_map_page
from mapping.models import MapPage
from tests.builders import make_listing, make_project, make_site, make_story

KILN = (51.5589, -0.1441)


@pytest.fixture
def map_page(site_pages):
    return ensure_map_page()


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


class MapPageTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.home, _directory = make_site()
        self.login()

    def test_lives_once_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(MapPage, {HomePage})
        self.assertAllowedSubpageTypes(MapPage, set())
        self.assertEqual(MapPage.max_count, 1)

    def test_editors_set_where_it_starts(self):
        data = nested_form_data(
            {
                "title": "Map",
                "slug": "map",
                "intro": "Where things are.",
                "location": "SRID=4326;POINT(-0.1312 51.5484)",
                "zoom": 14,
            }
        )
        self.assertCanCreate(self.home, MapPage, data)
        page = MapPage.objects.get()
        self.assertEqual((page.centre, page.zoom), ((51.5484, -0.1312), 14))

    def test_a_zoom_out_of_range_is_a_field_error(self):
        page = MapPage(title="Map", slug="map", zoom=25)
        with self.assertRaises(Exception) as error:
            page.full_clean(exclude=["path", "depth"])
        self.assertIn("zoom", error.exception.message_dict)


def test_the_list_shows_what_the_markers_show(client, map_page):
    for n in range(3):
        make_listing(PlacePage, title=f"Hall {n}", lat_lng=KILN, tags=["food"])
    make_listing(GroupPage, title="Walkers", lat_lng=KILN, tags=["health"])
    make_story(title="A day at the hall", location="51.5590, -0.1440")
    for query in ["", "?tag=food", "?kind=story"]:
        soup = soup_of(client, f"/map/{query}")
        listed = {int(li["data-feature-id"]) for li in soup.select(".map-list__item")}
        geojson_url = soup.select_one("[data-public-map]")["data-geojson-url"]
        collection = json.loads(client.get(geojson_url).content)
        assert listed == {f["properties"]["id"] for f in collection["features"]}, query
        count = soup.select_one("#map-results-heading").get_text(strip=True)
        assert count.startswith(f"{len(listed)} place"), count


def test_invalid_filters_are_reported_and_kept_out_of_the_map_data(client, map_page):
    make_listing(PlacePage, title="Hall", lat_lng=KILN, tags=["food"])
    soup = soup_of(client, "/map/?kind=dragon&tag=food")
    assert "Kind" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("[data-public-map]")["data-geojson-url"] == "/api/map.geojson?tag=food"


def test_coverage_counts_public_listings_without_a_location(client, map_page):
    make_listing(PlacePage, title="Mapped", lat_lng=KILN)
    make_listing(GroupPage, title="Online group")
    make_listing(GroupPage, title="Another online group")
    make_listing(PersonPage, title="Private person", visibility=Visibility.NETWORK_ONLY)
    make_listing(PersonPage, title="Public person")  # People are never on the map.
    soup = soup_of(client, "/map/")
    assert (
        soup.select_one(".map-coverage")
        .get_text(" ", strip=True)
        .startswith("2 public listings have no location yet")
    )


def test_map_script_and_style_load_only_on_map_pages(client, map_page):
    unlocated = make_listing(GroupPage, title="Online group")
    map_html = client.get("/map/").content.decode()
    assert "leaflet.markercluster" in map_html and "js/public-map" in map_html
    for url in ["/", "/directory/", unlocated.url]:
        html = client.get(url).content.decode()
        assert "leaflet" not in html, url


def test_mini_maps_on_every_page_with_a_location_and_none_without(client, map_page):
    located = [
        make_listing(PlacePage, title="Hall", lat_lng=KILN),
        make_project(title="Food project", lat_lng=KILN),
        make_story(title="Story with a place", location="51.5590, -0.1440"),
    ]
    unlocated = [make_listing(GroupPage, title="Online"), make_story(title="Anywhere story")]
    for page in located:
        soup = soup_of(client, page.url)
        mini_map = soup.select_one("[data-listing-map]")
        assert mini_map is not None, page.title
        assert mini_map["data-title"] == page.title
        assert soup.find("script", src=lambda src: src and "listing-map" in src)
    for page in unlocated:
        assert soup_of(client, page.url).select_one("[data-listing-map]") is None, page.title


def test_map_page_queries_do_not_grow_with_the_listings(client, map_page):
    def add(number):
        for _ in range(number):
            make_listing(PlacePage, revision=False, lat_lng=KILN, tags=["food"])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(5)
    client.get("/map/")
    urls = ["/map/", "/map/?tag=food", "/map/?kind=place&page=2"]
    small = {url: count(url) for url in urls}
    add(120)
    client.get("/map/")
    assert {url: count(url) for url in urls} == small


def test_the_admin_dashboard_shows_coverage_and_links_to_the_gaps(admin_client, map_page):
    make_listing(PlacePage, title="Mapped", lat_lng=KILN)
    make_listing(GroupPage, title="Needs a pin")
    make_listing(PersonPage, title="A person")
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.select_one("#map-coverage-heading").parent
    assert "1 of 3 public listings have no location" in panel.get_text(" ", strip=True)
    listing_url = panel.a["href"]
    listed = admin_client.get(listing_url).content.decode()
    assert "Needs a pin" in listed
    assert "Mapped" not in listed
