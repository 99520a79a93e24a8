"""Every public page type and endpoint, asked with generated query strings: never a 500.

Filters live in URLs that people share, shorten and mistype, and scripts probe them: any
query string must get a page, a redirect, a 4xx with a message or a 404, never an error.
"""

from urllib.parse import urlencode

from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from directory.models import Listing
from localcommons.ids import MAX_ID
from stories.models import ProjectPage, StoryPage

FUZZ = hypothesis_settings(
    max_examples=400,
    deadline=None,
    database=None,  # no .hypothesis folder left in the project
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Every parameter some page or endpoint reads, and a few it never heard of.
KNOWN_KEYS = [
    "q", "tag", "area", "kind", "offers", "needs", "need", "page", "sort", "focus",
    "depth", "relation", "bbox", "letter", "status", "with", "about", "when", "from",
    "featured", "has_location", "format", "utm_source",
]  # fmt: skip
AWKWARD = st.sampled_from(
    [
        "", "0", "-1", "1e309", "nan", "99999999999999999999999", "２", "\x00", "%00",
        "'; DROP TABLE x;--", "<script>alert(1)</script>", "../../etc/passwd", "a" * 3000,
        "-180,-90,180,90", "1,2,3", "west,south,east,north", "Brickfield South",
        "brickfield-south", "meeting-space", "group", "story", "-degree", "2026-13-45",
    ]
)  # fmt: skip
VALUES = st.one_of(AWKWARD, st.text(max_size=40), st.integers().map(str))
PARAMS = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=10)), VALUES),
    max_size=6,
)


def public_paths():
    """One URL of every public page type and endpoint in the demo."""
    listing = Listing.objects.publicly_detailed().filter(needs__isnull=False).first()
    return [
        "/", "/directory/", "/map/", "/network/", "/opportunities/", "/reports/",
        "/reports/canal-side/", "/reports/csv/needs/", "/reports/canal-side/csv/listings/",
        "/stories/", "/stories/feed/", "/projects/", "/whats-on/", "/whats-on/calendar.ics",
        "/api/map.geojson", "/api/network.json", "/api/network.gexf", "/api/network.graphml",
        "/api/network.kumu.json", "/api/export/directory.xlsx", "/sitemap.xml",
        "/add-your-group/", f"/suggest/{listing.pk}/change/",
        f"/suggest/{listing.pk}/connection/", f"/suggest/{listing.pk}/thanks/", listing.url,
        StoryPage.objects.live().first().url, ProjectPage.objects.live().first().url,
    ]  # fmt: skip


def test_no_query_string_makes_a_public_url_fail(demo, client):
    paths = public_paths()

    @FUZZ
    @given(path=st.sampled_from(paths), params=PARAMS)
    def ask(path, params):
        query = urlencode(params)
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, params)

    ask()


# Every public URL with an id in its path; the comment form posts one too.
ID_PATHS = [
    "/suggest/{}/change/", "/suggest/{}/connection/", "/suggest/{}/thanks/",
    "/comments/reply/{}/", "/whats-on/calendar/{}.ics",
]  # fmt: skip
IDS = st.one_of(
    st.integers(min_value=0, max_value=10**30),
    st.sampled_from([MAX_ID, MAX_ID + 1, 10**19 - 1, 10**19]),
)


def test_no_id_makes_a_public_url_fail(demo, client):
    """Ids too large for the database name nothing: 404 (SQLite cannot even be asked)."""

    @FUZZ
    @given(path=st.sampled_from(ID_PATHS), id_=IDS)
    @example(path="/comments/reply/{}/", id_=MAX_ID + 1)
    @example(path="/whats-on/calendar/{}.ics", id_=10**22)
    def ask(path, id_):
        response = client.get(path.format(id_))
        assert response.status_code < 500, (path, id_)
        if id_ > MAX_ID:
            assert response.status_code == 404, (path, id_)

    ask()


def test_a_comment_for_an_id_too_large_is_refused(demo, client):
    for object_pk in [str(MAX_ID + 1), "9" * 40, "١٢", "²"]:
        response = client.post(
            "/comments/post/",
            {"content_type": "stories.storypage", "object_pk": object_pk, "comment": "Hello"},
        )
        assert response.status_code == 400, object_pk
