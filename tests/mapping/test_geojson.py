"""The map's GeoJSON API: shape, filters, privacy, caching and bad parameters."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from directory.models import ActivityPage, GroupPage, PersonPage, PlacePage
from directory.visibility import Visibility
from tests.builders import make_area, make_listing, make_project, make_story

URL = "/api/map.geojson"
KILN = (51.5589, -0.1441)
CANAL = (51.5484, -0.1312)


def features(client, query=""):
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def titles(client, query=""):
    return sorted(feature["properties"]["title"] for feature in features(client, query))


@pytest.fixture
def neighbourhood(site_pages):
    """A few located listings and a story, in two areas, with topics, offers and needs."""
    north, canal = make_area("Brickfield North"), make_area("Canal Side")
    centre = make_listing(
        PlacePage,
        title="Kiln Street Centre",
        summary="A community centre with a hall and a kitchen.",
        lat_lng=KILN,
        area=north,
        tags=["food", "older people"],
        offers=["meeting space"],
    )
    make_listing(
        GroupPage,
        title="Canal Clean-up Crew",
        summary="Litter picks along the towpath.",
        lat_lng=CANAL,
        area=canal,
        tags=["environment"],
        needs=["volunteers"],
    )
    make_listing(ActivityPage, title="Lunch Club", lat_lng=KILN, area=north, tags=["food"])
    make_project(title="Good Food Network", lat_lng=(51.55, -0.14), area=north, tags=["food"])
    make_listing(GroupPage, title="Online Readers", area=north, tags=["food"])  # no location
    make_story(title="The larder", slug="the-larder", location="51.5590, -0.1440", tags=["food"])
    return centre


def test_features_carry_the_documented_shape(client, neighbourhood):
    feature = next(f for f in features(client) if f["properties"]["title"] == "Kiln Street Centre")
    assert feature == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-0.1441, 51.5589]},
        "properties": {
            "id": neighbourhood.pk,
            "title": "Kiln Street Centre",
            "kind": "place",
            "url": neighbourhood.url,
            "summary": "A community centre with a hall and a kitchen.",
            "tags": ["food", "older people"],
            "area": "Brickfield North",
        },
    }


def test_listings_projects_and_stories_with_a_location_are_on_the_map(client, neighbourhood):
    kinds = {f["properties"]["title"]: f["properties"]["kind"] for f in features(client)}
    assert kinds == {
        "Kiln Street Centre": "place",
        "Canal Clean-up Crew": "group",
        "Lunch Club": "activity",
        "Good Food Network": "project",
        "The larder": "story",
    }
    story = next(f for f in features(client) if f["properties"]["kind"] == "story")
    assert story["properties"]["url"] == "/stories/the-larder/"
    assert story["properties"]["area"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=group", ["Canal Clean-up Crew"]),
        ("kind=story", ["The larder"]),
        ("kind=project", ["Good Food Network"]),
        ("tag=food", ["Good Food Network", "Kiln Street Centre", "Lunch Club", "The larder"]),
        ("area=canal-side", ["Canal Clean-up Crew"]),
        ("offers=meeting-space", ["Kiln Street Centre"]),
        ("needs=volunteers", ["Canal Clean-up Crew"]),
        ("q=kitchen", ["Kiln Street Centre"]),
        ("q=towpath litter", ["Canal Clean-up Crew"]),
        ("q=older", ["Kiln Street Centre"]),  # a topic's name
        ("q=larder", ["The larder"]),
        ("bbox=-0.135,51.545,-0.125,51.550", ["Canal Clean-up Crew"]),
        ("kind=place&tag=food&area=brickfield-north", ["Kiln Street Centre"]),
        (
            "tag=food&bbox=-0.145,51.558,-0.143,51.560",
            ["Kiln Street Centre", "Lunch Club", "The larder"],
        ),
        ("tag=no-such-topic", []),
        ("kind=person", []),
    ],
)
def test_every_filter_and_their_combinations(client, neighbourhood, query, expected):
    assert titles(client, query) == expected


def test_only_what_the_public_may_see_is_on_the_map(client, site_pages):
    make_listing(PlacePage, title="Open Hall", lat_lng=KILN)
    make_listing(
        PersonPage,
        title="Maureen Private",
        visibility=Visibility.NETWORK_ONLY,
        lat_lng=KILN,
        address="1 Secret Street",
    )
    make_listing(GroupPage, title="Hidden Group", visibility=Visibility.HIDDEN, lat_lng=KILN)
    make_listing(GroupPage, title="Draft Group", live=False, revision=False, lat_lng=KILN)
    members = make_listing(PlacePage, title="Members Room", lat_lng=KILN)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    restricted_story = make_story(title="Private story", location="51.5590, -0.1440")
    PageViewRestriction.objects.create(page=restricted_story, restriction_type="login")
    make_story(title="Draft story", location="51.5590, -0.1440", live=False, revision=False)
    body = json.dumps(features(client))
    assert titles(client) == ["Open Hall"]
    for secret in ["Maureen", "Secret Street", "Hidden", "Draft", "Members", "Private story"]:
        assert secret not in body


def test_a_warm_request_runs_no_query_and_a_cold_one_runs_one(client, site_pages):
    from localcommons.cache import invalidate

    for n in range(3):
        make_listing(PlacePage, title=f"Place {n}", lat_lng=KILN, tags=["food"])
    client.get(URL)  # Fills Django's own caches (content types, site root paths).
    invalidate()
    for query in ["", "tag=food", "kind=story", "q=place&bbox=-1,51,1,52"]:
        with CaptureQueriesContext(connection) as cold:
            features(client, query)
        with CaptureQueriesContext(connection) as warm:
            features(client, query)
        assert (len(cold), len(warm)) == (1, 0), query


def test_one_query_at_ten_and_at_a_thousand_listings(client, site_pages):
    from localcommons.cache import invalidate

    def add(number):
        for n in range(number):
            make_listing(
                PlacePage,
                revision=False,
                lat_lng=(51.55 + n / 100000, -0.14),
                tags=["food", "health"],
            )

    def cold_queries(query):
        invalidate()
        with CaptureQueriesContext(connection) as queries:
            found = features(client, query)
        return len(queries), len(found)

    add(10)
    client.get(URL)
    assert [cold_queries(q) for q in ["", "tag=food"]] == [(1, 10), (1, 10)]
    add(90)
    assert [cold_queries(q) for q in ["", "tag=food"]] == [(1, 100), (1, 100)]


def test_etag_cache_control_and_304(client, neighbourhood):
    response = client.get(URL)
    etag = response["ETag"]
    assert etag.startswith('W/"')
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    not_modified = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(URL, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200
    assert client.get(f"{URL}?kind=group", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_gzip_when_the_client_accepts_it(client, neighbourhood):
    plain = client.get(URL)
    zipped = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert "Content-Encoding" not in plain


def test_publishing_unpublishing_deleting_and_restricting_refresh_the_map(client, neighbourhood):
    etag = client.get(URL)["ETag"]
    neighbourhood.title = "Kiln Street Community Centre"
    neighbourhood.save_revision().publish()
    assert "Kiln Street Community Centre" in titles(client)
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200
    lunch = ActivityPage.objects.get(title="Lunch Club")
    lunch.unpublish()
    assert "Lunch Club" not in titles(client)
    GroupPage.objects.get(title="Canal Clean-up Crew").delete()
    assert "Canal Clean-up Crew" not in titles(client)
    PageViewRestriction.objects.create(page=neighbourhood, restriction_type="login")
    assert "Kiln Street Community Centre" not in titles(client)


def test_renaming_an_area_or_topic_refreshes_the_map(client, neighbourhood):
    from directory.models import Area, TopicTag

    features(client)
    area = Area.objects.get(name="Canal Side")
    area.name = "Canalside"
    area.save()
    crew = next(f for f in features(client) if f["properties"]["title"] == "Canal Clean-up Crew")
    assert crew["properties"]["area"] == "Canalside"
    tag = TopicTag.objects.get(name="environment")
    tag.name = "green spaces"
    tag.save()
    crew = next(f for f in features(client) if f["properties"]["title"] == "Canal Clean-up Crew")
    assert crew["properties"]["tags"] == ["green spaces"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=-0.1,51.6,-0.2,51.5", "bbox"),  # west of east, north of south: swapped
        ("bbox=-200,0,10,10", "bbox"),
        ("bbox=nan,nan,nan,nan", "bbox"),
        ("kind=dragon", "kind"),
        ("tag=not a slug!", "tag"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, site_pages, query, field):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["error"] == "Some query parameters could not be used."
    assert list(body["fields"]) == [field]
    assert body["fields"][field][0]


def test_only_get_is_allowed(client, site_pages):
    assert client.post(URL).status_code == 405


def test_hostile_text_is_data_not_markup(client, site_pages):
    make_listing(PlacePage, title="<img src=x onerror=alert(1)>", lat_lng=KILN)
    response = client.get(URL)
    assert json.loads(response.content)["features"][0]["properties"]["title"] == (
        "<img src=x onerror=alert(1)>"
    )
    assert response["Content-Type"] == "application/geo+json"
