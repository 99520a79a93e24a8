"""Stories: where they live, how they render, their index, feed and demo data."""

import datetime

import pytest
from defusedxml.ElementTree import fromstring
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from directory.models import GroupPage, PersonPage, PlacePage
from directory.visibility import Visibility
from localcommons.cache import invalidate
from localcommons.models import HomePage
from stories.demo import load_stories
from stories.models import StoryIndexPage, StoryPage
from tests.builders import make_listing, make_site, make_story, make_story_index


class StoryTreeTests(WagtailPageTestCase):
    """Stories live under the one story index, which lives under home."""

    def test_hierarchy(self):
        self.assertAllowedParentPageTypes(StoryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedParentPageTypes(StoryPage, {StoryIndexPage})
        self.assertAllowedSubpageTypes(StoryPage, set())

    def test_index_and_story_render(self):
        make_site()
        index = make_story_index()
        story = make_story(index=index, body=[("paragraph", "<p>Once upon a time</p>")])
        self.assertPageIsRenderable(index)
        self.assertPageIsRenderable(story)
        self.assertContains(self.client.get(story.url), "Once upon a time")


@pytest.fixture
def larder_story(site_pages):
    larder = make_listing(
        GroupPage, title="Brickfield Larder", lat_lng=(51.5498, -0.1329), tags=["food"]
    )
    helper = make_listing(
        PersonPage,
        title="Nadia Network",
        visibility=Visibility.NETWORK_ONLY,
        email="nadia@example.org",
        summary="Private summary",
    )
    hidden = make_listing(PlacePage, title="Hidden Hall", visibility=Visibility.HIDDEN)
    story = make_story(
        title="The larder that asks no questions",
        date=datetime.date(2025, 3, 14),
        featured=[larder, helper, hidden],
        tags=["food"],
        teller_name="Denise",
        teller_consent=True,
        consent_note="Agreed by phone on 2 March",
        body=[
            ("paragraph", "<p>Members pay four pounds a week.</p>"),
            ("quote", {"text": "It is not small.", "attribution": "Denise"}),
            ("listing_card", {"listing": larder}),
            ("listing_card", {"listing": hidden}),
            ("places_map", {"heading": "Where this happens"}),
        ],
    )
    return story, larder, helper, hidden


@pytest.mark.django_db
def test_story_shows_its_blocks_and_public_featured_listings(client, larder_story):
    story, larder, _helper, _hidden = larder_story
    content = client.get(story.url).content.decode()
    assert "Members pay four pounds a week." in content
    assert "It is not small." in content
    assert "Told by Denise" in content
    assert f'href="{larder.url}"' in content
    assert "Nadia Network" in content  # a network-only person is named ...
    assert "nadia@example.org" not in content and "Private summary" not in content  # ... only
    assert "Hidden Hall" not in content
    assert "Agreed by phone" not in content
    assert 'data-lat="51.549800"' in content


@pytest.mark.django_db
def test_teller_is_anonymous_without_consent(client, site_pages):
    story = make_story(teller_name="Bev", teller_consent=False)
    assert "Bev" not in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_listing_page_shows_the_stories_that_feature_it(client, larder_story):
    story, larder, _helper, _hidden = larder_story
    content = client.get(larder.url).content.decode()
    assert "Stories about Brickfield Larder" in content
    assert story.title in content


@pytest.mark.django_db
def test_index_is_newest_first_and_filters_by_topic_and_listing(client, larder_story):
    story, larder, _helper, _hidden = larder_story
    newer = make_story(title="Newer story", date=datetime.date(2025, 6, 1), tags=["sport"])
    index_url = story.get_parent().url

    def titles(query=""):
        return [s.title for s in client.get(index_url + query).context["stories"]]

    assert titles() == ["Newer story", story.title]
    assert titles("?tag=food") == [story.title]
    assert titles(f"?listing={larder.pk}") == [story.title]
    assert titles("?tag=sport") == [newer.title]


@pytest.mark.django_db
def test_listing_filter_offers_only_public_listings(client, larder_story):
    story, _larder, _helper, hidden = larder_story
    response = client.get(story.get_parent().url)
    offered = dict(response.context["form"].fields["listing"].choices)
    assert "Brickfield Larder" in offered.values()
    assert "Hidden Hall" not in offered.values()
    invalid = client.get(story.get_parent().url + f"?listing={hidden.pk}")
    assert invalid.status_code == 200
    assert "Some filters could not be used" in invalid.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?page=99", "?page=x", "?listing=abc", "?tag=%00"])
def test_index_never_fails_on_odd_input(client, larder_story, query):
    story = larder_story[0]
    assert client.get(story.get_parent().url + query).status_code == 200


@pytest.mark.django_db
def test_feed_is_valid_rss_with_absolute_links(client, larder_story):
    story = larder_story[0]
    make_story(title="Draft story", live=False, revision=False)
    response = client.get(story.get_parent().url + "feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [story.title]
    assert items[0].findtext("link") == f"http://testserver{story.url}"
    assert items[0].findtext("category") == "food"


@pytest.mark.django_db
def test_story_index_query_count_does_not_grow(client, site_pages):
    index = make_story_index()
    listing = make_listing(GroupPage)

    def add(n):
        for i in range(n):
            make_story(
                index=index,
                tags=["food", f"topic {i % 5}"],
                featured=[listing],
                revision=False,
                live=True,
            )

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def count(url):
        """Queries with an empty cache (as after a publish), then with the page's entries warm."""
        invalidate()
        return queries(url), queries(url)

    urls = [index.url, index.url + "?tag=food", index.url + f"?listing={listing.pk}", "/"]
    add(10)
    for url in urls:
        client.get(url)  # warm the per-process caches (content types, site root paths)
    small = {url: count(url) for url in urls}
    add(90)
    assert {url: count(url) for url in urls} == small


@pytest.mark.django_db
def test_demo_stories_load_once(demo, client):
    assert StoryPage.objects.live().count() == 8
    report = load_stories()
    assert (report.created, report.kept) == (0, 8)
    larder_story = StoryPage.objects.get(slug="the-larder-that-asks-no-questions")
    assert larder_story.featured_listings.count() == 3
    assert client.get(larder_story.url).status_code == 200
