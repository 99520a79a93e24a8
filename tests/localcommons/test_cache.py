"""Cached menus, counts and orders follow what is published at once."""

import threading
import time

import pytest
from bs4 import BeautifulSoup

from directory.models import ActivityPage, GroupPage
from directory.visibility import Visibility
from localcommons.cache import data_version
from localcommons.dates import today
from stories.models import ProjectPage, StoryPage
from tests.builders import (
    make_activity,
    make_listing,
    make_project,
    make_story,
    make_story_index,
    make_whats_on,
)


def read(client, url):
    """(titles of the page's result links, topic menu values, main menu labels)."""
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    menu = soup.select_one("nav.site-nav")
    return (
        soup.select_one("main").get_text(" ", strip=True),
        [option["value"] for option in soup.select("select[name=tag] option") if option["value"]],
        [link.get_text(strip=True) for link in menu.select("a")],
    )


def this_weeks_schedule():
    return f"{today().strftime('%A')}s 10:00-11:00"


@pytest.mark.django_db
def test_index_pages_and_menus_change_as_soon_as_pages_are_published(client, site_pages):
    index = make_story_index()
    make_whats_on()
    first_story = make_story(index=index, title="Harvest supper", tags=["food"])
    make_project(title="Canal clean-up", tags=["environment"])
    make_activity(title="Chess club", tags=["games"], schedule=this_weeks_schedule())
    before = {url: read(client, url) for url in ["/stories/", "/projects/", "/whats-on/"]}
    assert "Harvest supper" in before["/stories/"][0] and before["/stories/"][1] == ["food"]
    assert "Canal clean-up" in before["/projects/"][0]
    assert "Chess club" in before["/whats-on/"][0] and before["/whats-on/"][1] == ["games"]

    make_story(index=index, title="Winter coats", tags=["warmth"])
    make_project(title="Tool library", tags=["repair"])
    make_activity(title="Knit and natter", tags=["crafts"], schedule=this_weeks_schedule())
    first_story.refresh_from_db()
    first_story.unpublish()

    stories_text, story_topics, _ = read(client, "/stories/")
    assert "Winter coats" in stories_text and "Harvest supper" not in stories_text
    assert story_topics == ["warmth"]
    projects_text, project_topics, _ = read(client, "/projects/")
    assert "Tool library" in projects_text and project_topics == ["environment", "repair"]
    whats_on_text, activity_topics, _ = read(client, "/whats-on/")
    assert "Knit and natter" in whats_on_text and activity_topics == ["crafts", "games"]


@pytest.mark.django_db
def test_the_main_menu_follows_the_pages_shown_in_menus(client, site_pages):
    index = make_story_index()
    assert "Stories" in read(client, "/stories/")[2]
    index.show_in_menus = False
    index.save_revision().publish()
    assert "Stories" not in read(client, "/stories/")[2]
    index.refresh_from_db()
    index.show_in_menus = True
    index.save_revision().publish()
    assert "Stories" in read(client, "/directory/")[2]
    index.refresh_from_db()
    index.unpublish()
    assert "Stories" not in read(client, "/directory/")[2]


@pytest.mark.django_db
def test_ids_cached_just_before_a_change_never_show_what_is_no_longer_public(client, site_pages):
    """A request between a change and its commit may cache the old matches: none show."""
    index = make_story_index()
    make_whats_on()
    story = make_story(index=index, title="Harvest supper")
    project = make_project(title="Canal clean-up")
    activity = make_activity(
        title="Chess club", address="9 Secret Yard", schedule=this_weeks_schedule()
    )
    activity_only = make_activity(title="Knitting", schedule="see the noticeboard")
    pages = {"/stories/": "Harvest supper", "/projects/": "Canal clean-up", "/whats-on/": "Chess"}
    for url, title in pages.items():
        assert title in read(client, url)[0]  # the ordered ids are now in the cache
    assert "Knitting" in read(client, "/whats-on/")[0]
    # Changed without signals, as if the cache had been filled just before the commit.
    StoryPage.objects.filter(pk=story.pk).update(live=False)
    ProjectPage.objects.filter(pk=project.pk).update(visibility=Visibility.HIDDEN)
    ActivityPage.objects.filter(pk__in=[activity.pk, activity_only.pk]).update(
        visibility=Visibility.NETWORK_ONLY
    )
    for url, title in pages.items():
        assert title not in read(client, url)[0]
    whats_on = read(client, "/whats-on/")[0]
    assert "Knitting" not in whats_on and "Secret Yard" not in whats_on


def test_requests_that_miss_an_entry_together_build_it_once():
    from localcommons.cache import cached

    builds, results = [], []

    def build():
        builds.append(1)
        time.sleep(0.3)  # a slow build: the XLSX download takes seconds at 10,000 listings
        return "workbook"

    def request():
        results.append(cached("test:slow", {"n": 1}, build))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == ["workbook"] * 4
    assert len(builds) == 1


def test_a_failed_build_leaves_the_next_request_free_to_build():
    from localcommons.cache import cached

    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cached("test:flaky", {}, broken)

    assert cached("test:flaky", {}, lambda: "built") == "built"


@pytest.mark.django_db
def test_saving_a_draft_keeps_the_data_version_and_saving_a_live_field_renews_it(site_pages):
    choir = make_listing(GroupPage, title="Canal Choir")
    before = data_version()

    choir.title = "Canal Choir (a draft)"
    choir.save_revision()
    choir.save_revision()  # again, as the editor's autosave does
    choir.locked = True
    choir.save(update_fields=["locked"])
    assert data_version() == before

    choir.visibility = Visibility.HIDDEN
    choir.save(update_fields=["visibility"])
    assert data_version() != before
