"""The network picture: sigma.js draws what the API serves, a search finds and explains a
listing, names stay text, and a network of 10,000 listings is laid out off the page's thread."""

import io
import json
import random
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from directory.models import DirectoryIndexPage, GroupPage, Listing
from mapping.network.build import rebuild
from tests.browser.test_accessibility import axe_violations, describe
from tests.builders import connect, make_listing

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"
API = "/api/network.json"
KILN_STREET = "Kiln Street Community Centre"
KEY_CONNECTORS = ["Joy Adebayo-Marsh", KILN_STREET, "Brickfield Tenants' Federation"]
LAID_OUT = """() => ["settled", "budget", "none"].includes(
    document.querySelector("[data-network]").dataset.layout)"""


def open_network(page, url, timeout=10_000):
    """Open the network page; return the JSON its script fetched and the layout workers."""
    workers = []
    page.on("worker", lambda worker: workers.append(worker))
    with page.expect_response(lambda response: API in response.url) as fetched:
        page.goto(url)
    response = fetched.value
    assert response.ok, f"{response.url} answered {response.status}"
    expect(page.locator(".network-graph--ready")).to_be_visible(timeout=timeout)
    return response.json(), workers


def wait_for_layout(page, timeout=30_000):
    page.wait_for_function(LAID_OUT, polling=100, timeout=timeout)


def graph(page):
    return page.locator("[data-network]")


def panel(page):
    return page.locator("[data-network-panel]")


def search(page, name):
    page.get_by_label("Find by name").fill(name)
    page.get_by_role("button", name="Find", exact=True).click()


def search_status(page):
    return page.locator(".network-search__status")


def hex_colour(value):
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))


def pixels_near(image, colour, tolerance=12):
    """How many pixels of the image are within tolerance of colour, on every channel."""
    return sum(
        count
        for count, pixel in image.getcolors(maxcolors=image.width * image.height)
        if all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))
    )


@pytest.mark.parametrize(
    "query",
    ["", "kind=group", "area=brickfield-north", "relation=meets-at", "tag=food"],
    ids=["everyone", "groups", "an area", "one relation", "a topic"],
)
def test_the_picture_draws_what_the_api_serves(query, demo_server, page, traffic):
    network, workers = open_network(page, f"{demo_server.url}/network/?{query}")
    api = page.request.get(f"{demo_server.url}{API}{'?' + query if query else ''}").json()
    assert network == api
    assert api["nodes"], "the filter should leave something to draw"
    assert int(graph(page).get_attribute("data-node-count")) == len(api["nodes"])
    meta = page.locator(".network-meta").inner_text()
    assert meta.startswith(f"{len(api['nodes'])} listing")

    wait_for_layout(page)
    if len(api["links"]):
        # ForceAtlas2 ran in the layout worker, not on the page's thread.
        assert [w.url for w in workers if "network-layout-worker" in w.url]
        assert graph(page).get_attribute("data-layout") in ("settled", "budget")
    # WebGL drew the nodes: the picture holds each kind's colour.
    picture = Image.open(io.BytesIO(graph(page).screenshot())).convert("RGB")
    colours = page.evaluate(
        """kinds => kinds.map((kind) => getComputedStyle(document.documentElement)
            .getPropertyValue(`--kind-${kind}`).trim())""",
        sorted({node["kind"] for node in api["nodes"]}),
    )
    for colour in colours:
        assert pixels_near(picture, hex_colour(colour)) > 20, f"no {colour} in the picture"
    expect(page.locator("[data-network-controls]")).to_be_visible()
    traffic.assert_clean()


def test_searching_focuses_a_listing_and_its_panel_leads_on(demo_server, page, traffic):
    # Reduced motion: the camera jumps rather than glides, and the layout moves only once.
    page.emulate_media(reduced_motion="reduce")
    kiln = Listing.objects.get(external_id="place-kiln-street-centre")
    network, _workers = open_network(page, f"{demo_server.url}/network/?area=brickfield-north")
    wait_for_layout(page)
    before = graph(page).screenshot()

    search(page, "Kiln Street")
    expect(search_status(page)).to_contain_text(f"Showing {KILN_STREET}")
    expect(graph(page)).to_have_attribute("data-selected-node", str(kiln.pk))
    details = panel(page)
    expect(details).to_be_visible()
    expect(details.get_by_role("heading", level=3)).to_have_text(KILN_STREET)
    expect(details.locator(".network-panel__kind .kind-badge")).to_have_text("Place")
    node = next(n for n in network["nodes"] if n["id"] == kiln.pk)
    expect(details.locator(".network-panel__summary")).to_have_text(node["summary"])
    figures = dict(
        zip(
            details.locator("dt").all_inner_texts(),
            details.locator("dd").all_inner_texts(),
            strict=True,
        )
    )
    assert figures["Connections"] == str(node["degree"])
    assert figures["Betweenness"] == f"{node['betweenness']:.3f}"
    assert figures["Cluster"].startswith(f"{node['community']}: ")
    # The camera moved in on it: the picture changed, with the node in its middle.
    assert graph(page).screenshot() != before
    violations = axe_violations(page)
    assert not violations, f"axe violations with the panel open:\n{describe(violations)}"

    # The selected node sits in the middle of the picture, so a click there selects it again.
    details.get_by_role("button", name="Close the details").click()
    expect(details).to_be_hidden()
    expect(page.get_by_label("Find by name")).to_be_focused()
    graph(page).click(position=centre_of(graph(page)))
    expect(details).to_be_visible()
    expect(details.get_by_role("heading", level=3)).to_have_text(KILN_STREET)

    # Focus keeps the page's filters and asks the server for one step around the listing.
    focus = details.get_by_role("link", name=re.compile(r"^Focus on this"))
    query = parse_qs(urlsplit(focus.get_attribute("href")).query)
    assert query == {"area": ["brickfield-north"], "focus": [str(kiln.pk)], "depth": ["1"]}
    focused, _workers = open_network_by_click(page, focus)
    expect(page.locator(".network-focus")).to_contain_text(f"around {KILN_STREET}")
    api = page.request.get(f"{demo_server.url}{API}?area=brickfield-north&focus={kiln.pk}")
    assert int(graph(page).get_attribute("data-node-count")) == len(api.json()["nodes"])
    assert focused == api.json()

    search(page, KILN_STREET)
    page_link = panel(page).get_by_role("link", name=re.compile(r"^Go to its page"))
    expect(page_link).to_have_attribute("href", kiln.get_url())
    page_link.click()
    page.wait_for_url(re.compile(re.escape(kiln.get_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(KILN_STREET)
    traffic.assert_clean()


def centre_of(locator):
    box = locator.bounding_box()
    return {"x": box["width"] / 2, "y": box["height"] / 2}


def open_network_by_click(page, link):
    """Follow a link to the network page and wait for its picture, as open_network does."""
    workers = []
    page.on("worker", lambda worker: workers.append(worker))
    with page.expect_response(lambda response: API in response.url) as fetched:
        link.click()
    expect(page.locator(".network-graph--ready")).to_be_visible(timeout=10_000)
    return fetched.value.json(), workers


def test_a_panel_leads_to_the_listings_connections(demo_server, page, traffic):
    open_network(page, f"{demo_server.url}/network/")
    search(page, "Joy Adebayo")
    details = panel(page)
    expect(details.get_by_role("heading", level=3)).to_have_text("Joy Adebayo-Marsh")
    neighbour = details.get_by_role("button", name=re.compile(r"Brickfield Tenants' Federation$"))
    expect(neighbour).to_contain_text("supports")
    neighbour.click()
    heading = details.get_by_role("heading", level=3)
    expect(heading).to_have_text("Brickfield Tenants' Federation")
    expect(heading).to_be_focused()
    expect(details.get_by_role("button", name="is supported by Joy Adebayo-Marsh")).to_be_visible()
    page.keyboard.press("Escape")
    expect(details).to_be_hidden()
    expect(graph(page)).not_to_have_attribute("data-selected-node", re.compile(".*"))

    # A network-only person: name, kind and figures, but no page, summary or area to show.
    search(page, "Maureen Callaghan")
    expect(details.get_by_role("heading", level=3)).to_have_text("Maureen Callaghan")
    expect(details.locator(".kind-badge")).to_have_text("Person")
    expect(details.get_by_role("link", name=re.compile(r"^Focus on this"))).to_be_visible()
    expect(details.get_by_role("link", name=re.compile(r"^Go to its page"))).to_have_count(0)
    expect(details.locator(".network-panel__summary, .network-panel__area")).to_have_count(0)
    traffic.assert_clean()


def test_colour_and_size_controls_change_the_picture_and_legend(demo_server, page, traffic):
    page.emulate_media(reduced_motion="reduce")
    network, _workers = open_network(page, f"{demo_server.url}/network/")
    wait_for_layout(page)
    legend = page.locator(".network-legend")
    kinds = {node["kind"] for node in network["nodes"]}
    expect(legend.get_by_role("listitem")).to_have_count(len(kinds))
    expect(legend.get_by_role("heading")).to_have_text("Colours show the kind of listing")
    by_kind = graph(page).screenshot()

    page.get_by_role("radio", name="Cluster").check()
    expect(legend.get_by_role("heading")).to_contain_text("clusters")
    largest = max(network["communities"], key=lambda c: c["size"])
    expect(legend.get_by_role("listitem").first).to_contain_text(
        f"Cluster {largest['id']}: {largest['label']}"
    )
    by_cluster = graph(page).screenshot()
    assert by_cluster != by_kind

    page.get_by_role("radio", name="Betweenness").check()
    assert graph(page).screenshot() != by_cluster
    for name in ["Zoom in", "Zoom out", "Show everything"]:
        page.get_by_role("button", name=name).click()
    traffic.assert_clean()


def test_key_connectors_lead_the_findings_and_the_table(demo_server, page, traffic):
    open_network(page, f"{demo_server.url}/network/")
    connectors = page.get_by_role("region", name="Key connectors")
    names = connectors.get_by_role("listitem").get_by_role("link").all_inner_texts()
    assert names[:3] == KEY_CONNECTORS
    rows = page.locator(".network-table tbody tr th").all_inner_texts()
    assert rows[:3] == KEY_CONNECTORS
    traffic.assert_clean()


def test_a_hostile_name_is_text_in_the_panel_and_the_table(demo_server, page, traffic):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    kiln = Listing.objects.get(external_id="place-kiln-street-centre")
    listing = make_listing(
        GroupPage,
        parent=DirectoryIndexPage.objects.get(),
        title=HOSTILE,
        slug="hostile",
        summary=f"Also {HOSTILE} in the summary.",
    )
    network_friend = Listing.objects.get(title="Brickfield Disabled People's Network")
    connect(listing, kiln, "meets at")
    connect(listing, network_friend, "partners with")
    rebuild()

    network, _workers = open_network(page, f"{demo_server.url}/network/?sort=label")
    assert any(node["label"] == HOSTILE for node in network["nodes"])
    search(page, "onerror")
    details = panel(page)
    expect(details.get_by_role("heading", level=3)).to_have_text(HOSTILE)
    expect(details.locator(".network-panel__summary")).to_have_text(listing.summary)
    expect(search_status(page)).to_have_text(f"Showing {HOSTILE}.")
    expect(details.get_by_role("button", name=f"meets at {KILN_STREET}")).to_be_visible()
    # From the other side, the hostile group is one of its partner's connections, as text.
    details.get_by_role("button", name=f"partners with {network_friend.title}").click()
    expect(details.get_by_role("heading", level=3)).to_have_text(network_friend.title)
    expect(details.get_by_role("button", name=f"partners with {HOSTILE}")).to_be_visible()
    row = page.locator(f'.network-table tr[data-node-id="{listing.pk}"] th')
    expect(row).to_have_text(HOSTILE)
    assert page.locator(".network-picture img, .network-table img").count() == 0
    assert dialogs == []
    traffic.assert_clean()


def big_network(nodes=10_000, links=40_000, clusters=60, seed=7):
    """A network in the API's shape: clusters of listings, mostly linked within them."""
    rng = random.Random(seed)
    kinds = ["organisation", "group", "place", "activity", "person", "asset", "project"]
    rows = [
        {
            "id": i + 1,
            "label": f"Generated listing {i + 1}",
            "kind": kinds[i % len(kinds)],
            "degree": 0,
            "weighted_degree": 0,
            "betweenness": round(rng.random() / 10, 6),
            "community": i % clusters,
            "broker": False,
            "isolated": False,
            "near_isolated": False,
        }
        for i in range(nodes)
    ]
    pairs, edges = set(), []
    while len(edges) < links:
        a = rng.randrange(nodes)
        same_cluster = rng.randrange(nodes // clusters) * clusters + a % clusters
        b = same_cluster if rng.random() < 0.85 else rng.randrange(nodes)
        if a == b or (a, b) in pairs or (b, a) in pairs:
            continue
        pairs.add((a, b))
        strength = rng.randint(1, 3)
        for end in (a, b):
            rows[end]["degree"] += 1
            rows[end]["weighted_degree"] += strength
        edges.append(
            {
                "source": a + 1,
                "target": b + 1,
                "relation": "supports",
                "reverse": "is supported by",
                "directed": True,
                "strength": strength,
            }
        )
    communities = [
        {"id": c, "size": nodes // clusters, "label": f"topic {c}", "tags": [f"topic {c}"]}
        for c in range(clusters)
    ]
    return {"nodes": rows, "links": edges, "communities": communities, "computed_at": None}


def test_ten_thousand_listings_are_laid_out_off_the_page_thread(demo_server, page, traffic):
    body = json.dumps(big_network())
    page.route(
        f"**{API}*",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    page.emulate_media(reduced_motion="reduce")
    page.set_default_timeout(60_000)
    _network, workers = open_network(page, f"{demo_server.url}/network/", timeout=60_000)
    assert graph(page).get_attribute("data-node-count") == "10000"
    expect(page.locator(".network-controls__layout")).to_have_text("Arranging 10,000 listings…")
    assert [w.url for w in workers if "network-layout-worker" in w.url]

    # While ForceAtlas2 runs, the page answers at once: a search works, and the page's
    # thread is never busy for long.
    delays = []
    for _ in range(8):
        started = time.perf_counter()
        page.evaluate("1")
        delays.append(time.perf_counter() - started)
        time.sleep(0.2)
    assert graph(page).get_attribute("data-layout") == "running"
    assert max(delays) < 0.5, f"the page was busy for {max(delays):.2f}s during the layout"
    search(page, "Generated listing 4321")
    heading = panel(page).get_by_role("heading", level=3)
    expect(heading).to_have_text("Generated listing 4321", timeout=30_000)
    expect(graph(page)).to_have_attribute("data-selected-node", "4321")
    traffic.assert_clean()
