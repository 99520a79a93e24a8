"""Suggest a change or a connection: queued as a snippet in the workflow, applied when approved."""

import pytest
from django.core.cache import cache
from wagtail.models import TaskState, WorkflowState

from directory.models import Connection, OrganisationPage, PersonPage, PlacePage
from moderation.models import Suggestion, SuggestionKind
from tests.builders import connect, make_listing, make_user, shown_token


@pytest.fixture
def hall(site_pages):
    cache.clear()
    return make_listing(
        PlacePage, title="Kiln Street Hall", phone="020 7946 0001", postcode="NW5 1DJ"
    )


@pytest.fixture
def moderator(db):
    return make_user("Communication facilitator")


def suggest(client, listing, what="change", **data):
    return client.post(
        f"/suggest/{listing.pk}/{what}/",
        {"your_name": "Pat", "your_email": "pat@example.org", "started": shown_token(), **data},
    )


def change_form(listing, **changes):
    """The change form as shown (the listing's public values), with some of them changed."""
    fields = {
        "title": listing.title,
        "summary": listing.summary,
        "address": listing.address,
        "postcode": listing.postcode,
        "website": listing.website,
        "email": listing.email,
        "phone": listing.phone,
    }
    return {**fields, **changes}


def approve(suggestion, user):
    state = WorkflowState.objects.get(object_id=str(suggestion.pk), status="in_progress")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve")


@pytest.mark.django_db
def test_every_public_listing_links_to_both_forms(client, hall):
    content = client.get(hall.url).content.decode()
    assert f'href="/suggest/{hall.pk}/change/"' in content
    assert f'href="/suggest/{hall.pk}/connection/"' in content


@pytest.mark.django_db
def test_the_change_form_starts_from_what_the_public_sees(client, site_pages):
    person = make_listing(
        PersonPage, title="Joy", email="joy@private.example", visibility="network-only"
    )
    content = client.get(f"/suggest/{person.pk}/change/").content.decode()
    assert 'value="Joy"' in content
    assert "joy@private.example" not in content  # a network-only person's details stay private


@pytest.mark.django_db
def test_a_correction_waits_for_approval_and_is_applied(client, hall, moderator):
    response = suggest(client, hall, **change_form(hall, phone="020 7946 0999"))
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == SuggestionKind.CHANGE and not suggestion.live
    assert suggestion.changes == {"phone": "020 7946 0999"}  # only what changed
    hall.refresh_from_db()
    assert hall.phone == "020 7946 0001"  # nothing changes before approval

    approve(suggestion, moderator)

    hall.refresh_from_db()
    assert hall.phone == "020 7946 0999" and not hall.has_unpublished_changes
    assert hall.get_latest_revision().user == moderator
    suggestion.refresh_from_db()
    assert suggestion.live and suggestion.outcome.startswith("Changed phone")


@pytest.mark.django_db
def test_a_change_on_a_listing_with_its_own_draft_stays_a_draft(client, hall, moderator):
    draft = hall.specific
    draft.summary = "An editor's unpublished summary."
    draft.save_revision()
    suggest(client, hall, **change_form(hall, phone="020 7946 0999"))

    approve(Suggestion.objects.get(), moderator)

    hall.refresh_from_db()
    assert hall.phone == "020 7946 0001"  # the editor's draft is not published for them
    latest = hall.get_latest_revision_as_object()
    assert (latest.phone, latest.summary) == ("020 7946 0999", "An editor's unpublished summary.")


@pytest.mark.django_db
def test_closing_takes_the_listing_off_the_site(client, hall, moderator):
    suggest(client, hall, closed="on", message="The hall shut in May.")
    approve(Suggestion.objects.get(kind=SuggestionKind.CLOSED), moderator)
    hall.refresh_from_db()
    assert not hall.live
    assert client.get("/directory/kiln-street-hall/").status_code == 404


@pytest.mark.django_db
def test_a_connection_is_added_when_approved(client, hall, moderator):
    club = make_listing(OrganisationPage, title="Tenants' Federation")
    from directory.models import RelationType

    meets_at = RelationType.objects.get(name="meets at")
    found = client.get(f"/suggest/{club.pk}/connection/?q=kiln").content.decode()
    assert f'value="{hall.pk}"' in found and "Kiln Street Hall (Place)" in found
    suggest(client, club, "connection", relation_type=meets_at.pk, other_listing=hall.pk)
    assert not Connection.objects.filter(source=club).exists()

    approve(Suggestion.objects.get(), moderator)

    assert Connection.objects.filter(source=club, target=hall, relation_type=meets_at).exists()
    club.refresh_from_db()
    assert not club.has_unpublished_changes


@pytest.mark.django_db
def test_a_connection_already_there_is_refused(client, hall):
    club = make_listing(OrganisationPage, title="Club")
    connect(club, hall, "meets at")
    from directory.models import RelationType

    meets_at = RelationType.objects.get(name="meets at")
    response = suggest(client, club, "connection", relation_type=meets_at.pk, other_listing=hall.pk)
    assert "already on the map" in response.content.decode()


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_records_it(client, hall, moderator):
    suggest(client, hall, **change_form(hall, phone="123"))
    suggestion = Suggestion.objects.get()
    task = WorkflowState.objects.get(object_id=str(suggestion.pk)).current_task_state.task.specific
    assert not task.get_form_for_action("reject")({"comment": ""}).is_valid()
    assert ("reject", "Reject", True) in task.get_actions(suggestion, moderator)

    state = WorkflowState.objects.get(object_id=str(suggestion.pk))
    task.on_action(state.current_task_state, moderator, "reject", comment="Wrong number.")

    hall.refresh_from_db()
    assert hall.phone == "020 7946 0001"
    rejected = TaskState.objects.get(workflow_state=state)
    assert (rejected.status, rejected.comment) == ("rejected", "Wrong number.")


@pytest.mark.django_db
def test_nothing_changed_is_a_clear_error(client, hall):
    response = suggest(client, hall, **change_form(hall))
    assert "Change at least one detail" in response.content.decode()
    assert not Suggestion.objects.exists()


@pytest.mark.django_db
def test_hidden_and_draft_listings_take_no_suggestions(client, site_pages):
    hidden = make_listing(PlacePage, visibility="hidden")
    draft = make_listing(PlacePage, live=False, revision=False)
    for listing in (hidden, draft):
        assert client.get(f"/suggest/{listing.pk}/change/").status_code == 404
        assert suggest(client, listing, closed="on").status_code == 404
    assert client.get("/suggest/999999/connection/").status_code == 404


@pytest.mark.django_db
def test_moderators_see_suggestions_in_the_admin(client, hall, moderator):
    suggest(client, hall, **change_form(hall, phone="020 7946 0999"))
    suggestion = Suggestion.objects.get()
    client.force_login(moderator)
    edit = client.get(f"/admin/snippets/moderation/suggestion/edit/{suggestion.pk}/")
    content = edit.content.decode()
    assert edit.status_code == 200
    assert "020 7946 0999" in content and "pat@example.org" in content
    dashboard = client.get("/admin/").content.decode()
    assert "Kiln Street Hall" in dashboard


@pytest.mark.django_db
def test_the_forms_take_the_same_queries_however_many_listings(
    client, hall, django_assert_max_num_queries
):
    def count_for_both():
        with django_assert_max_num_queries(14):
            change = client.get(f"/suggest/{hall.pk}/change/")
        with django_assert_max_num_queries(14):
            connection = client.get(f"/suggest/{hall.pk}/connection/")
        with django_assert_max_num_queries(14):
            client.get(f"/suggest/{hall.pk}/connection/?q=organisation")
        return change, connection

    count_for_both()
    for n in range(25):
        make_listing(OrganisationPage, title=f"Organisation {n}")
    _change, connection = count_for_both()
    assert "Organisation" not in connection.content.decode()  # nothing until a search
    found = client.get(f"/suggest/{hall.pk}/connection/?q=organisation").content.decode()
    assert found.count("(Organisation)</label>") == 20  # the first 20 matches


@pytest.mark.django_db
def test_nobody_adds_suggestions_or_submissions_in_the_admin(admin_client, site_pages):
    assert admin_client.get("/admin/snippets/moderation/suggestion/add/").status_code == 302
    assert admin_client.get("/admin/group_submissions/new/").status_code == 302
    assert admin_client.get("/admin/snippets/moderation/suggestion/").status_code == 200
    assert admin_client.get("/admin/group_submissions/").status_code == 200


@pytest.mark.django_db
def test_a_search_with_odd_characters_finds_nothing_and_does_not_fail(client, hall):
    response = client.get(f"/suggest/{hall.pk}/connection/", {"q": "kiln\x00%_'\""})
    assert response.status_code == 200
    assert "No listing’s name contains" in response.content.decode()


@pytest.mark.django_db
def test_a_listing_behind_a_login_takes_no_suggestions(client, hall):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=hall, restriction_type="login")
    for what in ("change", "connection", "thanks"):
        response = client.get(f"/suggest/{hall.pk}/{what}/")
        assert response.status_code == 404
        assert "020 7946 0001" not in response.content.decode()


@pytest.mark.django_db
def test_publishing_an_applied_suggestion_again_changes_nothing(client, hall, moderator):
    suggest(client, hall, closed="on")
    suggestion = Suggestion.objects.get()
    approve(suggestion, moderator)
    suggestion.refresh_from_db()
    outcome = suggestion.outcome
    hall.refresh_from_db()
    hall.save_revision().publish()  # an editor puts the hall back

    suggestion.moderator_note = "Reopened in June."
    suggestion.save_revision(user=moderator).publish(user=moderator)

    hall.refresh_from_db()
    suggestion.refresh_from_db()
    assert hall.live and suggestion.outcome == outcome and suggestion.applied_at


@pytest.mark.django_db
def test_an_old_stored_value_does_not_block_a_suggestion(client, site_pages):
    cache.clear()
    hall = make_listing(PlacePage, title="Old Hall", postcode="nw51dj")
    response = suggest(client, hall, **change_form(hall, phone="020 7946 0123"))
    assert response.status_code == 302
    assert Suggestion.objects.get().changes == {"phone": "020 7946 0123"}


@pytest.mark.django_db
def test_searching_inside_the_form_keeps_the_answers(client, hall):
    club = make_listing(OrganisationPage, title="Club")
    response = client.post(
        f"/suggest/{club.pk}/connection/",
        {"find": "1", "q": "kiln", "your_name": "Pat", "message": "They meet there on Fridays."},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "There is a problem" not in content
    assert f'value="{hall.pk}"' in content  # the match is offered
    assert 'value="Pat"' in content and "They meet there on Fridays." in content
    assert not Suggestion.objects.exists()
