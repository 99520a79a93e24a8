"""Every public output, crawled from the home page, keeps private people and hidden listings so.

The demo gets a network-only person with every detail filled in (contact, address, location,
topics, offers, needs, in a story) and a hidden listing, both connected to public listings.
The sweep then follows every link a visitor or a script could reach, plus the data endpoints
the pages' scripts and feeds use, and looks for those details in every response.
"""

import io
import zipfile
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from wagtail.models import PageViewRestriction

from directory.models import GroupPage, Listing, PersonPage, PlacePage
from directory.visibility import Visibility
from mapping.network.build import rebuild
from tests.builders import connect, make_listing, make_story

PERSON_SECRETS = {
    "email": "sweep.person@example.org",
    "phone": "020 7946 0998",
    "address": "12 Sweep Secret Row, London",
    "postcode": "NW5 8ZZ",
    "summary": "A summary only the network knows",
    "description": "A description only the network knows",
}
SECRET_COORDINATES = ("51.55432", "-0.14321")  # the person's, and the hidden listing's
HIDDEN_NAME = "Sweep Hidden Hall"
SECRET_WORDS = ("sweep-secret-topic", "sweep-secret-offer", "sweep-secret-need")
# Where the pages' scripts and subscribers fetch data; the crawl finds the rest.
DATA_ENDPOINTS = [
    "/sitemap.xml",
    "/api/map.geojson",
    "/api/network.json",
    "/api/network.gexf",
    "/api/network.graphml",
    "/api/network.kumu.json",
    "/api/export/directory.xlsx",
    "/stories/feed/",
    "/whats-on/calendar.ics",
    "/directory/?q=sweep",
    "/directory/?q=Sweep+Hidden",
]
# A bound on the crawl, well above what the demo has, so a crawl that stops short of it
# has seen everything (the tests check).
MAX_PAGES = 2000


class Links(HTMLParser):
    """The href and src attributes, and data-*-url attributes, of an HTML page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (
                name in ("href", "src") or (name.startswith("data-") and name.endswith("-url"))
            ):
                self.found.append(value)


def readable(response):
    """The response's text, with an XLSX workbook's XML parts read out."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as workbook:
            return "\n".join(workbook.read(name).decode() for name in workbook.namelist())
    return response.content.decode()


def crawl(client):
    """{url: text} of every same-site GET reachable from the home page and DATA_ENDPOINTS."""
    queue, seen, texts = ["/", *DATA_ENDPOINTS], set(), {}
    while queue and len(texts) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        # Filters and pages of a list repeat the same listings: one query string per path,
        # except the data endpoints listed above.
        key = url if url in DATA_ENDPOINTS else parts.path
        if key in seen or parts.netloc or not parts.path.startswith("/"):
            continue
        seen.add(key)
        if parts.path.startswith(("/admin/", "/static/", "/media/", "/documents/")):
            continue
        response = client.get(url, HTTP_ACCEPT_ENCODING="identity")
        assert response.status_code in (200, 301, 302, 404), (url, response.status_code)
        if response.status_code != 200:
            continue
        texts[url] = readable(response)
        if response["Content-Type"].startswith("text/html"):
            parser = Links()
            parser.feed(texts[url])
            queue.extend(urljoin(url, link).split("#")[0] for link in parser.found)
    return texts


def make_person(area, visibility):
    """The sweep's person, with every detail filled in."""
    return make_listing(
        PersonPage,
        title="Sweep Network Person",
        visibility=visibility,
        lat_lng=tuple(map(float, SECRET_COORDINATES)),
        area=area,
        tags=[SECRET_WORDS[0]],
        offers=[SECRET_WORDS[1], "meeting space"],
        needs=[SECRET_WORDS[2], "volunteers"],
        **PERSON_SECRETS,
    )


def private_details(texts):
    """(url, secret) for every secret detail found in the crawled texts."""
    secrets = [
        *PERSON_SECRETS.values(),
        *SECRET_COORDINATES,
        *SECRET_WORDS,
        HIDDEN_NAME,
        "sweep.hidden@example.org",
    ]
    return [(url, secret) for url, text in texts.items() for secret in secrets if secret in text]


def test_no_public_output_shows_what_is_private(demo, client):
    public_group = Listing.objects.get(
        title="Kilnside Estate Tenants' and Residents' Association"
    ).specific
    hall = Listing.objects.get(title="Kiln Street Community Centre")
    person = make_person(hall.specific.area, Visibility.NETWORK_ONLY)
    hidden = make_listing(
        PlacePage,
        title=HIDDEN_NAME,
        visibility=Visibility.HIDDEN,
        email="sweep.hidden@example.org",
        lat_lng=tuple(map(float, SECRET_COORDINATES)),
        offers=["meeting space"],
        needs=["volunteers"],
    )
    connect(person, public_group, "volunteers with")
    connect(public_group, hidden, "meets at")
    make_listing(
        GroupPage, title="Sweep Neighbours", needs=["meeting space"], offers=["volunteers"]
    )
    make_story(title="A sweep story", featured=[person, hall], summary="Who helps at the centre.")
    rebuild()

    texts = crawl(client)

    # The crawl reached every kind of output, and the person by name where names are shown.
    for url in ["/", "/directory/", "/map/", "/network/", "/opportunities/", "/reports/"]:
        assert url in texts, f"{url} was not reached"
    assert any(url.startswith("/reports/") and url.endswith("/csv/needs/") for url in texts)
    assert 150 < len(texts) < MAX_PAGES
    assert "Sweep Network Person" in texts["/api/network.json"]
    assert "Sweep Network Person" in texts[person.url]
    assert not private_details(texts)


def test_details_made_private_leave_every_cached_output(demo, client):
    """Crawled while public, so every cache holds them, then made private: none stays.

    The network and the matches are not computed again after the change, as in production
    until the worker has run, so every read must apply the rule to what was stored.
    """
    hall = Listing.objects.get(title="Kiln Street Community Centre")
    group = Listing.objects.get(title="Kilnside Estate Tenants' and Residents' Association")
    person = make_person(hall.specific.area, Visibility.PUBLIC)
    hidden = make_listing(
        PlacePage, title=HIDDEN_NAME, email="sweep.hidden@example.org", offers=["meeting space"]
    )
    members = make_listing(GroupPage, title="Sweep Members Club", needs=["meeting space"])
    for listing in (person, hidden, members):
        connect(listing, group.specific, "partners with")
    make_story(title="A sweep story", featured=[person, hidden, members, hall])
    rebuild()
    warm = crawl(client)
    assert {secret for _url, secret in private_details(warm)} >= {
        PERSON_SECRETS["email"],
        SECRET_WORDS[1],
        HIDDEN_NAME,
    }
    assert any("Sweep Members Club" in text for text in warm.values())

    person.refresh_from_db()
    person.visibility = Visibility.NETWORK_ONLY
    person.save_revision().publish()
    hidden.refresh_from_db()
    hidden.visibility = Visibility.HIDDEN
    hidden.save_revision().publish()
    PageViewRestriction.objects.create(page=members, restriction_type="login")

    texts = crawl(client)
    assert 150 < len(texts) < MAX_PAGES
    assert "Sweep Network Person" in texts[person.url]
    assert not private_details(texts)
    assert not [url for url, text in texts.items() if "Sweep Members Club" in text]
