"""Bad input gets a clear field error in the admin and in clean(), and loses nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.geo import parse_point, validate_coordinates
from directory.models import (
    ActivityPage,
    ActivitySession,
    Connection,
    GroupPage,
    PlacePage,
    RelationType,
)
from tests.builders import connect, make_listing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SRID=4326;POINT(-0.1441 51.5589)", (51.5589, -0.1441)),
        ("POINT(-0.1441 51.5589)", (51.5589, -0.1441)),
        ("51.55890, -0.14410", (51.5589, -0.1441)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_point_reads_widget_text_and_lat_lon_pairs(text, expected):
    assert parse_point(text) == expected


def test_parse_point_rejects_text_that_is_not_a_location():
    with pytest.raises(ValidationError, match="latitude, longitude"):
        parse_point("12 Kiln Street")


@pytest.mark.parametrize(
    ("lat", "lng", "message"),
    [
        (91, -0.14, "Latitude 91 is outside -90 to 90"),
        (51.5, 181, "Longitude 181 is outside -180 to 180"),
        (-0.143, 51.553, "look swapped"),
    ],
)
def test_validate_coordinates_explains_the_problem(lat, lng, message):
    with pytest.raises(ValidationError, match=message):
        validate_coordinates(lat, lng)


@pytest.mark.django_db
def test_coordinates_abroad_are_allowed(site_pages):
    # Paris: outside the UK's bounds but not swapped, so it is accepted as it is.
    listing = make_listing(GroupPage, lat_lng=(48.8566, 2.3522))
    assert (listing.latitude, listing.longitude) == (48.8566, 2.3522)


@pytest.mark.django_db
def test_listing_clean_puts_location_errors_on_the_location_field(site_pages):
    listing = GroupPage(title="Swapped", slug="swapped", location="POINT(51.553 -0.143)")
    with pytest.raises(ValidationError) as error:
        listing.full_clean(exclude=["path", "depth"])
    assert "look swapped" in " ".join(error.value.message_dict["location"])


@pytest.mark.django_db
def test_latitude_and_longitude_follow_the_location(site_pages):
    listing = make_listing(GroupPage, lat_lng=(51.55, -0.14))
    assert (listing.latitude, listing.longitude) == (51.55, -0.14)
    listing.location = "SRID=4326;POINT(-0.15 51.56)"
    listing.save()
    listing.refresh_from_db()
    assert (listing.latitude, listing.longitude) == (51.56, -0.15)
    listing.location = ""
    listing.save()
    listing.refresh_from_db()
    assert listing.latitude is None and listing.longitude is None


@pytest.mark.django_db
def test_a_connection_to_itself_is_rejected_by_clean(site_pages):
    listing = make_listing(GroupPage)
    connection = Connection(
        source=listing, target=listing, relation_type=RelationType.objects.get(name="runs")
    )
    with pytest.raises(ValidationError, match="cannot be connected to itself"):
        connection.full_clean()


@pytest.mark.django_db
def test_a_mutual_connection_already_recorded_the_other_way_is_rejected(site_pages):
    first, second = make_listing(GroupPage), make_listing(GroupPage)
    connect(first, second, "partners with")
    reverse_connection = Connection(
        source=second, target=first, relation_type=RelationType.objects.get(name="partners with")
    )
    with pytest.raises(ValidationError, match="already records"):
        reverse_connection.full_clean()


def edit_form_data(listing, connections=(), **overrides):
    """The admin edit form's data for a listing, with its connections as given."""
    data = {
        "title": listing.title,
        "slug": listing.slug,
        "summary": listing.summary,
        "description": listing.description,
        "tags": "",
        "offers": "",
        "needs": "",
        "address": "",
        "postcode": "",
        "location": listing.location,
        "website": "",
        "email": "",
        "phone": "",
        "visibility": listing.visibility,
        "external_id": "",
        "connections": inline_formset(list(connections)),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def post_edit(client, listing, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[listing.pk]), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("POINT(-0.14 95)", "Latitude 95.0 is outside -90 to 90"),
        ("POINT(200 51.5)", "Longitude 200.0 is outside -180 to 180"),
        ("POINT(51.553 -0.143)", "look swapped"),
    ],
)
def test_admin_shows_location_errors_and_saves_nothing(
    editor_client, site_pages, location, message
):
    listing = make_listing(PlacePage, lat_lng=(51.55, -0.14))
    revisions = listing.revisions.count()
    response = post_edit(editor_client, listing, edit_form_data(listing, location=location))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert listing.revisions.count() == revisions


@pytest.mark.django_db
def test_admin_rejects_a_connection_to_itself(editor_client, site_pages):
    listing = make_listing(GroupPage)
    runs = RelationType.objects.get(name="runs")
    data = edit_form_data(
        listing, [{"relation_type": runs.pk, "target": listing.pk, "strength": 2}]
    )
    response = post_edit(editor_client, listing, data)
    assert response.status_code == 200
    assert "cannot be connected to itself" in response.content.decode()
    assert not Connection.objects.filter(source=listing).exists()


@pytest.mark.django_db
def test_admin_rejects_the_same_connection_twice(editor_client, site_pages):
    listing, venue = make_listing(GroupPage), make_listing(PlacePage)
    meets_at = RelationType.objects.get(name="meets at")
    row = {"relation_type": meets_at.pk, "target": venue.pk, "strength": 2}
    response = post_edit(editor_client, listing, edit_form_data(listing, [row, dict(row)]))
    assert response.status_code == 200
    assert "already listed above with the same type" in response.content.decode()
    assert not Connection.objects.filter(source=listing).exists()


@pytest.mark.django_db
def test_admin_accepts_a_valid_edit(editor_client, site_pages):
    listing, venue = make_listing(GroupPage), make_listing(PlacePage)
    meets_at = RelationType.objects.get(name="meets at")
    data = edit_form_data(
        listing,
        [{"relation_type": meets_at.pk, "target": venue.pk, "strength": 3}],
        location="SRID=4326;POINT(-0.1441 51.5589)",
        **{"action-publish": "publish"},
    )
    response = post_edit(editor_client, listing, data)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.latitude, listing.longitude) == (51.5589, -0.1441)
    assert Connection.objects.get(source=listing).strength == 3


@pytest.mark.django_db
def test_saving_text_that_is_not_a_location_fails_and_keeps_nothing(site_pages):
    listing = make_listing(GroupPage, lat_lng=(51.55, -0.14))
    listing.location = "somewhere near the canal"
    with pytest.raises(ValidationError):
        listing.save()
    listing.refresh_from_db()
    assert (listing.latitude, listing.longitude) == (51.55, -0.14)


@pytest.mark.django_db
def test_admin_rejects_a_session_that_ends_before_it_starts(editor_client, site_pages):
    activity = make_listing(ActivityPage, schedule="Thursdays 12:00-14:30")
    revisions = activity.revisions.count()
    sessions = inline_formset(
        [{"weekday": 3, "week_of_month": 0, "starts_at": "14:30", "ends_at": "12:00"}]
    )
    response = post_edit(editor_client, activity, edit_form_data(activity, sessions=sessions))
    assert response.status_code == 200
    assert "A session must end after it starts." in response.content.decode()
    assert activity.revisions.count() == revisions
    assert not ActivitySession.objects.exists()


@pytest.mark.django_db
def test_admin_saves_valid_sessions(editor_client, site_pages):
    activity = make_listing(ActivityPage, schedule="Thursdays 12:00-14:30")
    sessions = inline_formset(
        [{"weekday": 3, "week_of_month": 0, "starts_at": "12:00", "ends_at": "14:30"}]
    )
    data = edit_form_data(activity, sessions=sessions, **{"action-publish": "publish"})
    response = post_edit(editor_client, activity, data)
    assert response.status_code == 302
    assert [str(s) for s in ActivitySession.objects.filter(page=activity)] == [
        "Thursdays 12:00–14:30"
    ]
