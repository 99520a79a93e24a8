"""The visibility rule, checked on every public output this part of the site has."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from directory.models import GroupPage, Listing, PersonPage, PlacePage
from directory.visibility import Visibility, public_view
from tests.builders import connect, make_listing

SECRETS = {
    "email": "private.person@example.org",
    "phone": "020 7946 0999",
    "address": "7 Secret Mews, London",
    "postcode": "NW5 9ZZ",
    "summary": "Summary only the network should know",
    "description": "Description only the network should know",
}


@pytest.fixture
def people(site_pages):
    """A public group connected to a network-only person and a hidden place."""
    group = make_listing(GroupPage, title="Open Group", slug="open-group", tags=["food"])
    person = make_listing(
        PersonPage,
        title="Nadia Network",
        slug="nadia-network",
        visibility=Visibility.NETWORK_ONLY,
        lat_lng=(51.551, -0.141),
        tags=["food"],
        **SECRETS,
    )
    hidden = make_listing(
        PlacePage,
        title="Hidden Hall",
        slug="hidden-hall",
        visibility=Visibility.HIDDEN,
        email="hidden@example.org",
        tags=["food"],
    )
    connect(person, group, "volunteers with")
    connect(group, hidden, "meets at")
    return group, person, hidden


def assert_no_secrets(content):
    for value in [*SECRETS.values(), "51.551", "-0.141", "hidden@example.org", "Hidden Hall"]:
        assert value not in content, f"{value!r} leaked"


@pytest.mark.django_db
def test_public_view_decides_what_each_visibility_shows(people):
    group, person, hidden = people
    assert public_view(group).detailed and public_view(group).tags
    network_only = public_view(person)
    assert network_only.title == "Nadia Network" and not network_only.detailed
    for name in ["email", "phone", "address", "postcode", "summary", "description"]:
        assert not getattr(network_only, name)
    assert network_only.latitude is None and not network_only.has_location
    assert network_only.tags == [] and network_only.offers == []
    assert public_view(hidden) is None


@pytest.mark.django_db
def test_querysets_apply_the_same_rule(people):
    group, person, hidden = people
    pks = lambda queryset: set(queryset.values_list("pk", flat=True))  # noqa: E731
    assert pks(Listing.objects.publicly_visible()) == {group.pk, person.pk}
    assert pks(Listing.objects.publicly_detailed()) == {group.pk}
    assert not Listing.objects.publicly_located().filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_network_only_page_shows_a_name_and_connections_only(client, people):
    _group, person, _hidden = people
    response = client.get(person.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nadia Network" in content
    assert "Volunteers with" in content and "Open Group" in content
    assert '<meta name="robots" content="noindex">' in content
    assert "data-listing-map" not in content
    assert_no_secrets(content)


@pytest.mark.django_db
def test_hidden_listing_answers_404_and_appears_on_no_other_page(client, people):
    group, _person, hidden = people
    assert client.get(hidden.url).status_code == 404
    content = client.get(group.url).content.decode()
    assert "Open Group" in content
    assert_no_secrets(content)


@pytest.mark.django_db
def test_draft_listing_is_not_public(client, site_pages):
    draft = make_listing(GroupPage, title="Draft Group", revision=False, live=False)
    assert client.get(f"/directory/{draft.slug}/").status_code == 404
    assert "Draft Group" not in client.get("/directory/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "?q=Nadia", "?q=network", "?q=Hidden", "?tag=food", "?letter=N", "?letter=H"]
)
def test_directory_and_search_show_neither_network_only_nor_hidden(client, people, query):
    content = client.get(f"/directory/{query}").content.decode()
    assert "Nadia Network" not in content
    assert_no_secrets(content)


@pytest.mark.django_db
def test_sitemap_lists_only_fully_public_listings(client, people):
    group, _person, _hidden = people
    content = client.get("/sitemap.xml").content.decode()
    assert group.slug in content
    assert "nadia-network" not in content and "hidden-hall" not in content


@pytest.mark.django_db
def test_home_counts_only_public_listings(client, people):
    response = client.get("/")
    counts = {model.kind: n for model, n in response.context["sections"]["kind_counts"]}
    assert counts == {"group": 1}


@pytest.mark.django_db
def test_editors_preview_a_hidden_listing_in_full(admin_client, people):
    _group, _person, hidden = people
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[hidden.pk]))
    assert response.status_code == 200
    assert "hidden@example.org" in response.content.decode()


@pytest.mark.django_db
def test_a_listing_behind_a_login_is_not_named_by_other_listings(client, people):
    from wagtail.models import PageViewRestriction

    group, _person, _hidden = people
    members_only = make_listing(PlacePage, title="Members Only Room", slug="members-only")
    connect(group, members_only, "uses")
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    assert client.get(members_only.url).status_code == 302  # Wagtail asks for a login
    assert "Members Only Room" not in client.get(group.url).content.decode()
    assert "Members Only Room" not in client.get("/directory/?q=members").content.decode()


@pytest.mark.django_db
def test_promote_fields_of_a_network_only_listing_stay_private(client, site_pages):
    person = make_listing(
        PersonPage,
        title="Pat Private",
        visibility=Visibility.NETWORK_ONLY,
        seo_title="Pat Private, 7 Secret Mews",
        search_description="Lives at 7 Secret Mews",
    )
    content = client.get(person.url).content.decode()
    assert "<title>Pat Private –" in content
    assert "Secret Mews" not in content


@pytest.mark.django_db
def test_public_listing_uses_its_promote_fields(client, site_pages):
    group = make_listing(
        GroupPage, seo_title="Knit and Natter", search_description="Knitting on Tuesdays"
    )
    content = client.get(group.url).content.decode()
    assert "<title>Knit and Natter –" in content
    assert '<meta name="description" content="Knitting on Tuesdays">' in content


@pytest.mark.django_db
def test_filter_menus_offer_only_words_public_listings_use(client, site_pages):
    make_listing(GroupPage, tags=["food"], offers=["meeting space"], needs=["volunteers"])
    make_listing(
        PersonPage,
        visibility=Visibility.NETWORK_ONLY,
        tags=["secret topic"],
        offers=["secret offer"],
        needs=["secret need"],
    )
    make_listing(PlacePage, visibility=Visibility.HIDDEN, tags=["hidden topic"])
    page = BeautifulSoup(client.get("/directory/").content, "html.parser")

    def offered(name):
        options = page.select(f"select[name={name}] option")
        return [option.get_text(strip=True) for option in options]

    assert offered("tag") == ["All topics", "food"]
    assert offered("offers") == ["Anything", "meeting space"]
    assert offered("needs") == ["Anything", "volunteers"]
