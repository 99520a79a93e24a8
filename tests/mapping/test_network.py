"""The network: figures on the demo, privacy in every format, filters, exports, recomputing."""

import io
import json

import networkx as nx
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from directory.models import GroupPage, Listing, PersonPage, PlacePage
from directory.visibility import Visibility
from localcommons.models import HomePage
from mapping.models import NetworkNeighbourhood, NetworkPage, NetworkSnapshot
from mapping.network import metrics
from mapping.network.build import rebuild
from tests.builders import connect, make_listing

HUBS = ["Joy Adebayo-Marsh", "Kiln Street Community Centre", "Brickfield Tenants' Federation"]
FORMATS = ["json", "gexf", "graphml", "kumu.json"]


def network(client, query=""):
    response = client.get(f"/api/network.json?{query}" if query else "/api/network.json")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def labels(data):
    return sorted(node["label"] for node in data["nodes"])


@pytest.fixture
def small_network(site_pages):
    """A hall, two groups that meet there, a network-only person and a hidden group."""
    hall = make_listing(PlacePage, title="Hall", tags=["food"], summary="A hall.")
    lunch = make_listing(GroupPage, title="Lunch Club", tags=["food", "older people"])
    choir = make_listing(GroupPage, title="Choir", tags=["arts"])
    person = make_listing(
        PersonPage,
        title="Pat Connector",
        visibility=Visibility.NETWORK_ONLY,
        tags=["secret-interest"],
        summary="Private summary",
        address="1 Private Road",
    )
    hidden = make_listing(GroupPage, title="Hidden Group", visibility=Visibility.HIDDEN)
    connect(lunch, hall, "meets at")
    connect(choir, hall, "meets at")
    connect(person, lunch, "volunteers with")
    connect(hidden, hall, "meets at")
    make_listing(GroupPage, title="Alone")
    rebuild()
    return {"hall": hall, "lunch": lunch, "choir": choir, "person": person, "hidden": hidden}


def test_the_demo_s_hubs_lead_and_the_prayer_fellowship_sits_alone(demo, client):
    data = network(client)
    by_degree = sorted(data["nodes"], key=lambda n: (-n["degree"], n["label"]))
    assert [n["label"] for n in by_degree[:3]] == HUBS
    isolated = [n["label"] for n in data["nodes"] if n["isolated"]]
    assert isolated == ["Mount Zion Prayer Fellowship"]
    assert len(data["nodes"]) == 90 and len(data["links"]) == 191


def test_communities_are_the_same_run_to_run(demo):
    first = NetworkSnapshot.current().data
    second = rebuild().data
    assert first["communities"] == second["communities"]
    assert first["nodes"] == second["nodes"]
    assert len(first["communities"]) > 1


def test_betweenness_is_exact_for_small_graphs_and_sampled_repeatably_for_large():
    small = nx.path_graph(5)
    exact, is_exact = metrics.betweenness(small)
    assert is_exact and exact[2] == pytest.approx(2 / 3)
    large = nx.barabasi_albert_graph(metrics.EXACT_BETWEENNESS_UP_TO + 50, 2, seed=1)
    first, is_exact = metrics.betweenness(large)
    second, _ = metrics.betweenness(large)
    assert not is_exact and first == second


def test_figures_find_bridges_brokers_and_near_isolates():
    # Two triangles joined through node 3, and a lone pair 7–8.
    links = [(1, 2, 1, 1), (2, 3, 1, 1), (1, 3, 1, 1), (3, 4, 1, 2), (4, 5, 1, 1)]
    links += [(5, 6, 1, 1), (4, 6, 1, 1), (7, 8, 1, 3)]
    data = metrics.compute([1, 2, 3, 4, 5, 6, 7, 8, 9], links)
    assert data["bridges"] == [[3, 4], [7, 8]]
    assert data["isolates"] == [9]
    assert data["near_isolates"] == [7, 8]
    assert data["nodes"]["4"]["weighted_degree"] == 4
    assert data["component_sizes"] == [6, 2, 1]


def test_network_only_is_a_name_and_kind_and_hidden_is_absent(client, small_network):
    data = network(client)
    person = next(n for n in data["nodes"] if n["label"] == "Pat Connector")
    assert set(person) == {
        "id",
        "label",
        "kind",
        "degree",
        "weighted_degree",
        "betweenness",
        "community",
        "component",
        "broker",
        "isolated",
        "near_isolated",
    }
    assert "Hidden Group" not in labels(data)
    hidden_id = small_network["hidden"].pk
    assert all(hidden_id not in (link["source"], link["target"]) for link in data["links"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_keeps_private_things_private(client, small_network, fmt):
    body = client.get(f"/api/network.{fmt}").content.decode()
    assert "Pat Connector" in body
    for secret in ["Hidden Group", "secret-interest", "Private summary", "1 Private Road"]:
        assert secret not in body


def test_a_listing_that_stops_being_public_leaves_before_the_figures_are_recomputed(
    client, small_network
):
    choir = small_network["choir"]
    PageViewRestriction.objects.create(page=choir, restriction_type="login")
    lunch = small_network["lunch"]
    lunch.visibility = Visibility.NETWORK_ONLY
    lunch.save_revision().publish()
    data = network(client)  # The stored figures still include both; the output does not.
    assert "Choir" not in labels(data)
    assert all(choir.pk not in (link["source"], link["target"]) for link in data["links"])
    lunch_node = next(n for n in data["nodes"] if n["label"] == "Lunch Club")
    assert "tags" not in lunch_node and "url" not in lunch_node


def test_publishing_recomputes_the_figures(
    client, small_network, django_capture_on_commit_callbacks
):
    before = NetworkSnapshot.current()
    hall, alone = small_network["hall"], Listing.objects.get(title="Alone").specific
    with django_capture_on_commit_callbacks(execute=True):
        connect(alone, hall, "uses")
    after = NetworkSnapshot.current()
    assert after.pk != before.pk and after.started_at > before.started_at
    alone_node = next(n for n in network(client)["nodes"] if n["label"] == "Alone")
    assert alone_node["degree"] == 1


def test_a_request_older_than_the_latest_computation_is_skipped(small_network):
    latest = NetworkSnapshot.current()
    with CaptureQueriesContext(connection) as queries:
        assert rebuild(requested_at=latest.started_at) == latest
    assert NetworkSnapshot.objects.count() == 1
    # A bulk publish asks once per page: skipping must not read the stored figures.
    assert len(queries) == 1 and '"data"' not in queries[0]["sql"]


def test_old_snapshots_are_pruned(small_network):
    for _ in range(5):
        rebuild()
    assert NetworkSnapshot.objects.count() == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=group", ["Alone", "Choir", "Lunch Club"]),
        ("tag=food", ["Hall", "Lunch Club"]),
        ("relation=volunteers-with", ["Lunch Club", "Pat Connector"]),
        ("relation=meets-at&kind=group", []),
    ],
)
def test_filters(client, small_network, query, expected):
    assert labels(network(client, query)) == expected


def test_focus_one_and_two_steps(client, small_network):
    person = small_network["person"].pk
    assert labels(network(client, f"focus={person}&depth=1")) == ["Lunch Club", "Pat Connector"]
    assert labels(network(client, f"focus={person}&depth=2")) == [
        "Hall",
        "Lunch Club",
        "Pat Connector",
    ]
    links = network(client, f"focus={person}&depth=2")["links"]
    assert len(links) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [("kind=dragon", "kind"), ("depth=3&focus=1", "depth"), ("focus=abc", "focus")],
)
def test_bad_parameters_get_a_400(client, small_network, query, field):
    response = client.get(f"/api/network.json?{query}")
    assert response.status_code == 400
    assert field in json.loads(response.content)["fields"]


def test_focus_on_a_hidden_listing_is_refused(client, small_network):
    response = client.get(f"/api/network.json?focus={small_network['hidden'].pk}")
    assert response.status_code == 400
    assert "focus" in json.loads(response.content)["fields"]


def test_gexf_and_graphml_round_trip_through_networkx(client, small_network):
    served = network(client)
    for fmt, read in [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)]:
        response = client.get(f"/api/network.{fmt}")
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="network.{fmt}"'
        graph = read(io.BytesIO(response.content))
        assert graph.number_of_nodes() == len(served["nodes"])
        assert graph.number_of_edges() == len(served["links"])
        hall = next(attrs for _n, attrs in graph.nodes(data=True) if attrs["label"] == "Hall")
        assert hall["kind"] == "place"
        assert hall["url"] == f"http://testserver{small_network['hall'].url}"
        assert int(hall["degree"]) == 2


def test_kumu_blueprint_has_elements_and_connections_by_label(client, small_network):
    blueprint = json.loads(client.get("/api/network.kumu.json").content)
    elements = {e["label"]: e for e in blueprint["elements"]}
    assert elements["Hall"]["type"] == "Place"
    assert elements["Lunch Club"]["tags"] == ["food", "older people"]
    assert {"from": "Pat Connector", "to": "Lunch Club"}.items() <= next(
        c for c in blueprint["connections"] if c["type"] == "volunteers with"
    ).items()
    assert all(c["from"] in elements and c["to"] in elements for c in blueprint["connections"])


def test_etag_and_304_for_the_network(client, small_network):
    response = client.get("/api/network.json")
    again = client.get("/api/network.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_network_endpoint_is_cached_and_costs_the_same_at_any_size(client, small_network):
    from localcommons.cache import invalidate

    def cold_queries():
        invalidate()
        with CaptureQueriesContext(connection) as queries:
            network(client)
        return len(queries)

    network(client)
    small = cold_queries()
    with CaptureQueriesContext(connection) as warm:
        network(client)
    assert len(warm) == 0
    for n in range(40):
        make_listing(GroupPage, title=f"Group {n}", revision=False)
    rebuild()
    assert cold_queries() == small


def test_listing_pages_show_connections_within_two_steps(client, small_network):
    person = small_network["person"]
    soup = BeautifulSoup(client.get(person.url).content, "html.parser")
    section = soup.select_one(".network-nearby")
    text = section.get_text(" ", strip=True)
    assert "Directly connected to 1 listing, and 1 more is two steps away" in text
    named = [a.get_text() for a in section.select(".tag-list a")]
    assert named == ["Hall", "Lunch Club"]  # The choir is three steps away.
    assert NetworkNeighbourhood.objects.get(listing=person).two_steps == 1


def test_network_page_says_what_organisers_look_for(client, demo):
    soup = BeautifulSoup(client.get("/network/").content, "html.parser")
    connectors = [li.a.get_text() for li in soup.select("#connectors-heading + ol li")]
    assert connectors[:3] == HUBS
    assert soup.select("#clusters-heading + ul li")
    rows = soup.select(".network-table tbody tr")
    assert rows[0].th.get_text(strip=True) == HUBS[0]
    sorted_by_name = BeautifulSoup(client.get("/network/?sort=label").content, "html.parser")
    names = [tr.th.get_text(strip=True) for tr in sorted_by_name.select(".network-table tbody tr")]
    assert names == sorted(names, key=str.lower)
    assert sorted_by_name.select_one("th[aria-sort]")["aria-sort"] == "ascending"


class NetworkPageTreeTests(WagtailPageTestCase):
    def test_lives_once_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(NetworkPage, {HomePage})
        self.assertAllowedSubpageTypes(NetworkPage, set())
        self.assertEqual(NetworkPage.max_count, 1)
