"""A listing page keeps its sections about other listings as cached fragments until a publish."""

import pytest
from django.core.cache import cache
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from directory.models import ActivityPage, Connection, GroupPage, Listing, PlacePage, RelationType
from directory.querysets import RESTRICTIONS, restricted_paths
from directory.visibility import Visibility
from localcommons.cache import current_version, data_version
from tests.builders import connect, make_listing


@pytest.fixture
def hall(site_pages):
    """A hall that chair yoga meets at, sharing a topic with a family group."""
    place = make_listing(PlacePage, title="Kiln Street Hall", tags=["families"])
    yoga = make_listing(ActivityPage, title="Chair Yoga")
    make_listing(GroupPage, title="Family Group", tags=["families"])
    connect(yoga, place, "meets at")
    return Listing.objects.get(pk=place.pk).specific, yoga


@pytest.fixture
def relations_built(monkeypatch):
    """How many times a listing page has built its relations."""
    calls = []
    build = Listing.relations

    def counting(listing, *args, **kwargs):
        calls.append(listing.pk)
        return build(listing, *args, **kwargs)

    monkeypatch.setattr(Listing, "relations", counting)
    return calls


def page_text(client, listing):
    response = client.get(listing.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_second_visit_reads_the_sections_from_the_cache(client, hall, relations_built):
    place, _yoga = hall
    with CaptureQueriesContext(db_connection) as first:
        first_text = page_text(client, place)
    with CaptureQueriesContext(db_connection) as second:
        second_text = page_text(client, place)

    assert relations_built == [place.pk]
    assert second_text == first_text
    assert "Chair Yoga" in second_text and "Family Group" in second_text
    assert len(second) < len(first) - 3


@pytest.mark.django_db
def test_publishing_another_listing_renews_the_sections(client, hall, relations_built):
    place, _yoga = hall
    assert "Canal Choir" not in page_text(client, place)

    choir = make_listing(GroupPage, title="Canal Choir")
    connect(choir, place, "meets at")  # publishes the choir; the hall is unchanged

    assert "Canal Choir" in page_text(client, place)
    assert relations_built == [place.pk, place.pk]


@pytest.mark.django_db
def test_hiding_a_connected_listing_takes_it_off_the_cached_page(client, hall):
    place, yoga = hall
    assert "Chair Yoga" in page_text(client, place)

    yoga.visibility = Visibility.HIDDEN
    yoga.save_revision().publish()

    text = page_text(client, place)
    assert "Chair Yoga" not in text
    assert "No connections recorded yet." in text


@pytest.mark.django_db
def test_a_preview_neither_reads_nor_fills_the_cache(client, hall):
    place, _yoga = hall
    choir = make_listing(GroupPage, title="Canal Choir")
    assert "Canal Choir" not in page_text(client, place)

    draft = place.get_latest_revision_as_object()
    draft.connections.add(
        Connection(target=choir, relation_type=RelationType.objects.get(name="partners with"))
    )
    preview = draft.make_preview_request().render().content.decode()

    assert "Canal Choir" in preview
    assert "Canal Choir" not in page_text(client, place)


@pytest.mark.django_db
def test_restricting_a_connected_listing_takes_it_off_the_cached_page(client, hall):
    place, yoga = hall
    assert "Chair Yoga" in page_text(client, place)

    PageViewRestriction.objects.create(page=yoga, restriction_type="login")

    assert "Chair Yoga" not in page_text(client, place)


@pytest.mark.django_db
def test_a_related_listing_made_network_only_leaves_the_cached_page(client, hall):
    place, _yoga = hall
    assert "Family Group" in page_text(client, place)

    family = GroupPage.objects.get(title="Family Group")
    family.visibility = Visibility.NETWORK_ONLY
    family.save_revision().publish()

    assert "Family Group" not in page_text(client, place)


@pytest.mark.django_db
def test_renaming_a_relation_type_renews_the_sections(client, hall):
    place, _yoga = hall
    assert "Hosts" in page_text(client, place)

    meets_at = RelationType.objects.get(name="meets at")
    meets_at.reverse_name = "is home to"
    meets_at.save()

    text = page_text(client, place)
    assert "Is home to" in text and "Hosts" not in text


@pytest.mark.django_db
def test_saving_a_draft_keeps_the_cached_sections(client, hall, relations_built):
    place, _yoga = hall
    page_text(client, place)

    draft = GroupPage.objects.get(title="Family Group")
    draft.title = "Family Group (renamed in a draft)"
    draft.save_revision()

    assert "renamed in a draft" not in page_text(client, place)
    assert relations_built == [place.pk]


SECTIONS = ["Who could help", "Connections within two steps", "Stories about", "Related listings"]


def test_every_section_comes_back_whole_from_the_cache(demo, client, relations_built):
    """On the demo, a listing page with every section renders the same when cached."""
    listings = Listing.objects.publicly_detailed().order_by("title")
    for listing in listings:
        first = page_text(client, listing)
        if all(section in first for section in SECTIONS):
            break
    else:
        pytest.fail("no demo listing shows every section")
    built = len(relations_built)

    assert page_text(client, listing) == first
    assert len(relations_built) == built


@pytest.mark.django_db
def test_what_was_cached_with_the_old_restrictions_is_never_read_after_the_commit(
    hall, django_capture_on_commit_callbacks
):
    """Whatever a request caches while a restriction commits, the final versions see it."""
    _place, yoga = hall
    with django_capture_on_commit_callbacks() as callbacks:
        PageViewRestriction.objects.create(page=yoga, restriction_type="login")
    # A request during the change's transaction read the version and the rows from before
    # the change, and stores what it read.
    stale_key = f"directory:restricted-paths:{current_version(RESTRICTIONS)}"
    cache.set(stale_key, [])

    seen = []
    for callback in callbacks:
        callback()
        # A request between the callbacks caches what it finds under the version it sees.
        seen.append((data_version(), yoga.path in restricted_paths()))
    cache.set(stale_key, [])  # the request from before the commit, storing late

    final = data_version()
    under_final = [restricted for version, restricted in seen if version == final]
    assert under_final and all(under_final)
    assert yoga.path in restricted_paths()
