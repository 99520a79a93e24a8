"""The directory index: search, combinable filters in the URL, A–Z, pagination."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import (
    ActivityPage,
    DirectoryIndexPage,
    GroupPage,
    Listing,
    OrganisationPage,
    PlacePage,
)
from directory.visibility import Visibility
from localcommons.cache import invalidate
from tests.builders import make_area, make_listing


def titles(response):
    """The titles of the cards the page shows."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [title.get_text(strip=True) for title in soup.select(".card__title")]


@pytest.fixture
def listings(site_pages):
    north, canal = make_area("Brickfield North"), make_area("Canal Side")
    make_listing(
        OrganisationPage,
        title="Brickfield Larder",
        area=canal,
        tags=["food"],
        offers=["fresh produce"],
        needs=["drivers"],
        description="A membership food pantry.",
    )
    make_listing(ActivityPage, title="Chair Yoga", area=north, tags=["health"], offers=["exercise"])
    make_listing(GroupPage, title="Allotment Society", area=canal, tags=["food", "environment"])
    make_listing(PlacePage, title="1st Scout Hut", area=north, offers=["meeting space"])


@pytest.mark.django_db
def test_lists_everything_a_to_z_with_a_count(client, listings):
    response = client.get("/directory/")
    assert titles(response) == [
        "1st Scout Hut",
        "Allotment Society",
        "Brickfield Larder",
        "Chair Yoga",
    ]
    assert "4 listings" in response.content.decode()


@pytest.mark.django_db
def test_search_finds_words_in_the_description(client, listings):
    response = client.get("/directory/?q=pantry")
    assert titles(response) == ["Brickfield Larder"]
    assert "1 listing for “pantry”" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=group", ["Allotment Society"]),
        ("tag=food", ["Allotment Society", "Brickfield Larder"]),
        ("area=canal-side", ["Allotment Society", "Brickfield Larder"]),
        ("area=canal-side&tag=environment", ["Allotment Society"]),
        ("offers=meeting-space", ["1st Scout Hut"]),
        ("needs=drivers", ["Brickfield Larder"]),
        ("q=food&kind=organisation", ["Brickfield Larder"]),
        ("letter=C", ["Chair Yoga"]),
        ("letter=%23", ["1st Scout Hut"]),
    ],
)
def test_filters_combine_and_live_in_the_url(client, listings, query, expected):
    assert sorted(titles(client.get(f"/directory/?{query}"))) == expected


@pytest.mark.django_db
def test_nothing_found_is_said_plainly(client, listings):
    response = client.get("/directory/?q=zzzzzz")
    assert "0 listings" in response.content.decode()
    assert "Nothing found" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_filter_value_is_reported_and_ignored(client, listings):
    response = client.get("/directory/?kind=bogus&tag=food")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Some filters could not be used" in content
    assert "bogus is not one of the available choices" in content
    assert sorted(titles(response)) == ["Allotment Society", "Brickfield Larder"]


@pytest.mark.django_db
@pytest.mark.parametrize("page_number", ["2", "999", "abc", "-1"])
def test_pagination_never_fails(client, settings, listings, page_number):
    settings.DIRECTORY_PAGE_SIZE = 3
    response = client.get(f"/directory/?tag=food&page={page_number}")
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Allotment Society", "Brickfield Larder"]
    assert 'class="pagination' not in response.content.decode()


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, settings, listings):
    settings.DIRECTORY_PAGE_SIZE = 1
    response = client.get("/directory/?tag=food")
    assert titles(response) == ["Allotment Society"]
    assert 'href="?tag=food&amp;page=2"' in response.content.decode()
    assert titles(client.get("/directory/?tag=food&page=2")) == ["Brickfield Larder"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _count_queries(client, url):
    """Queries with an empty cache (as after a publish), then with the page's entries warm."""
    invalidate()
    return _queries(client, url), _queries(client, url)


def _add_listings(n, area):
    for i in range(n):
        make_listing(
            GroupPage,
            title=f"Group {i:04d}",
            area=area,
            tags=["food", f"topic {i % 7}"],
            offers=["volunteers"],
            revision=False,
        )


QUERY_COUNT_URLS = [
    "/",
    "/directory/",
    "/directory/?tag=food",
    "/directory/?q=group&area=canal-side",
    "/directory/?letter=G&offers=volunteers",
]


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_directory(client, site_pages):
    area = make_area("Canal Side")
    _add_listings(10, area)
    for url in QUERY_COUNT_URLS:
        client.get(url)  # warm the per-process caches (content types, site root paths)
    small = {url: _count_queries(client, url) for url in QUERY_COUNT_URLS}
    _add_listings(90, area)
    large = {url: _count_queries(client, url) for url in QUERY_COUNT_URLS}
    assert large == small


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ['"', '"unterminated', "'", "*", "-", "NEAR(", "a OR", "AND", "(", ")", "^", "foo:bar"]
    + ["\\", "%", "😀", "a" * 199, "a" * 201, "NOT", "-food", "+food", "\x00"],
)
def test_search_syntax_characters_never_break_the_page(client, listings, query):
    response = client.get("/directory/", {"q": query})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_ignores_punctuation_around_words(client, listings):
    assert titles(client.get("/directory/", {"q": '"pantry"'})) == ["Brickfield Larder"]


# Sorted: PostgreSQL orders a search's matches by relevance, SQLite A–Z.
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/directory/?tag=food", "/directory/?q=food"])
def test_a_repeated_search_reads_its_matches_from_the_cache(client, listings, url):
    cold, warm = _count_queries(client, url)
    assert warm < cold
    assert sorted(titles(client.get(url))) == ["Allotment Society", "Brickfield Larder"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/directory/?tag=food", "/directory/?q=food"])
def test_a_publish_renews_the_cached_matches(client, listings, url):
    assert sorted(titles(client.get(url))) == ["Allotment Society", "Brickfield Larder"]
    make_listing(GroupPage, title="Food Bank", tags=["food"], description="Food for all.")
    assert sorted(titles(client.get(url))) == [
        "Allotment Society",
        "Brickfield Larder",
        "Food Bank",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/directory/?tag=food", "/directory/?q=food"])
def test_cached_matches_never_show_a_listing_hidden_since(client, listings, url):
    assert sorted(titles(client.get(url))) == ["Allotment Society", "Brickfield Larder"]
    # Changed behind Wagtail's back, so no publish renews the cache. Another address for
    # the same filters renders the page again from the cached matches: their cards are
    # still read under the visibility rule.
    Listing.objects.filter(title="Allotment Society").update(visibility=Visibility.HIDDEN)
    assert sorted(titles(client.get(f"{url}&page=1"))) == ["Brickfield Larder"]


@pytest.fixture
def results_built(monkeypatch):
    """The query strings the directory has built its results for."""
    built = []
    build = DirectoryIndexPage.results

    def counting(page, request):
        built.append(request.GET.urlencode())
        return build(page, request)

    monkeypatch.setattr(DirectoryIndexPage, "results", counting)
    return built


@pytest.mark.django_db
def test_a_repeated_query_is_served_from_the_cached_page(client, listings, results_built):
    first = client.get("/directory/?tag=food").content
    assert client.get("/directory/?tag=food").content == first
    assert results_built == ["tag=food"]

    assert titles(client.get("/directory/?tag=health")) == ["Chair Yoga"]
    assert results_built == ["tag=food", "tag=health"]


@pytest.mark.django_db
def test_tracking_parameters_share_the_cached_page_and_stay_out_of_its_links(
    client, settings, listings, results_built
):
    settings.DIRECTORY_PAGE_SIZE = 1
    first = client.get("/directory/?utm_source=newsletter&tag=food&fbclid=abc").content.decode()
    assert 'href="?tag=food&amp;page=2"' in first
    assert "newsletter" not in first and "fbclid" not in first
    assert client.get("/directory/?tag=food&utm_source=leaflet").content.decode() == first
    assert len(results_built) == 1


@pytest.mark.django_db
def test_a_publish_renews_the_cached_page(client, listings, results_built):
    assert "Food Bank" not in titles(client.get("/directory/"))
    make_listing(GroupPage, title="Food Bank", tags=["food"])
    assert "Food Bank" in titles(client.get("/directory/"))
    hidden = Listing.objects.get(title="Chair Yoga").specific
    hidden.visibility = Visibility.HIDDEN
    hidden.save_revision().publish()
    assert "Chair Yoga" not in titles(client.get("/directory/"))
    assert len(results_built) == 3
