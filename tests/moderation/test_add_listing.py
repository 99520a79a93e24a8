"""Add your group: a valid form drafts a listing in the approval workflow, and nothing public."""

import io

import openpyxl
import pytest
from django.core import mail
from wagtail.models import WorkflowState

from directory.models import GroupPage, Listing
from mapping.network.build import rebuild
from moderation.models import ListingSubmission
from tests.builders import shown_token
from tests.moderation.conftest import group_form


def post(client, page, **overrides):
    return client.post(page.url, group_form(**overrides))


@pytest.mark.django_db
def test_the_form_is_at_add_your_group(client, add_page):
    response = client.get("/add-your-group/")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'name="homepage"' in content and 'name="started"' in content
    assert "data-pin-picker" in content  # the map pin, hidden until its script runs


@pytest.mark.django_db
def test_a_valid_group_becomes_a_draft_waiting_for_approval(client, add_page, moderator):
    response = post(client, add_page)

    assert response.status_code == 302
    assert response["Location"] == "/add-your-group/thanks/"
    listing = GroupPage.objects.get(title="Canal Side Knitters")
    assert not listing.live and listing.get_parent().slug == "directory"
    assert listing.postcode == "NW5 3BJ"
    assert (listing.latitude, listing.longitude) == (51.5512, -0.1315)
    assert listing.website == "https://knitters.example.org"
    assert sorted(t.name for t in listing.tags.all()) == ["crafts", "older people"]
    assert sorted(t.name for t in listing.offers.all()) == ["knitting lessons", "wool"]
    state = WorkflowState.objects.get(object_id=str(listing.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Communication facilitator approval"
    submission = ListingSubmission.objects.get(listing=listing)
    assert (submission.name, submission.email, submission.phone) == (
        "Ada Purl",
        "ada@example.org",
        "07700 900123",
    )
    assert submission.consent_to_publish


@pytest.mark.django_db
def test_the_submitter_and_the_moderators_are_emailed(client, add_page, moderator):
    post(client, add_page)

    recipients = {tuple(message.to): message for message in mail.outbox}
    assert "We have received Canal Side Knitters" in recipients[("ada@example.org",)].subject
    to_moderator = recipients[(moderator.email,)]
    assert "Canal Side Knitters" in to_moderator.subject + to_moderator.body


@pytest.mark.django_db
def test_the_confirmation_says_what_happens_next(client, add_page):
    response = client.get(post(client, add_page)["Location"])
    content = response.content.decode()
    assert "we have Canal Side Knitters" in content
    assert add_page.next_steps.split(".")[0] in content


@pytest.mark.django_db
def test_the_submission_is_shown_nowhere_public(client, add_page):
    from tests.builders import make_listing

    # A published group beside it shows each output does list what is public.
    make_listing(GroupPage, title="Lock Lane Knitters", slug="lock-lane", lat_lng=(51.55, -0.14))
    post(client, add_page)
    listing = Listing.objects.get(title="Canal Side Knitters")
    rebuild()  # the network's figures, as publishing would have them rebuilt

    assert client.get(f"/directory/{listing.slug}/").status_code == 404
    for url in [
        "/directory/",
        "/directory/?q=knitters",
        "/api/map.geojson",
        "/api/network.json",
        "/api/network.gexf",
        "/sitemap.xml",
    ]:
        content = client.get(url).content.decode()
        assert "lock-lane" in content or "Lock Lane Knitters" in content, url
        assert "Canal Side Knitters" not in content and listing.slug not in content, url
    download = client.get("/api/export/directory.xlsx")
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    cells = {str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row}
    assert "Lock Lane Knitters" in cells and "Canal Side Knitters" not in cells


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("kind", "person", "Select a valid choice."),
        ("contact_email", "not-an-email", "Enter a valid email address."),
        ("postcode", "12345", "Enter a UK postcode"),
        ("consent", "", "Tick the box so we may publish your listing."),
        ("summary", "x" * 301, "Ensure this value has at most 300 characters"),
        ("latitude", "151.5", "The map pin could not be read"),
        ("longitude", "", "The map pin could not be read"),
    ],
)
def test_bad_answers_are_shown_with_the_form_kept(client, add_page, field, value, message):
    response = post(client, add_page, **{field: value})

    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content and message in content
    assert "Canal Side Knitters" in content or field == "name"  # what was typed is kept
    assert not Listing.objects.filter(title="Canal Side Knitters").exists()


@pytest.mark.django_db
def test_html_is_stripped_from_text(client, add_page):
    post(client, add_page, name="<b>Bold</b> Knitters", description="<script>x()</script>Hi")
    listing = Listing.objects.get(title="Bold Knitters")
    assert listing.description == "x()Hi"


@pytest.mark.django_db
def test_too_many_links_are_refused(client, add_page):
    links = "https://a.example https://b.example www.c.example"
    response = post(client, add_page, description=links)
    assert "Take out some web links" in response.content.decode()
    assert not Listing.objects.filter(title="Canal Side Knitters").exists()


@pytest.mark.django_db
def test_the_honeypot_is_thanked_and_nothing_is_kept(client, add_page):
    response = post(client, add_page, homepage="http://spam.example")
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    assert not Listing.objects.filter(title="Canal Side Knitters").exists()
    assert not ListingSubmission.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("started", ["just now", "", "forged"])
def test_a_form_sent_too_fast_is_shown_again(client, add_page, started):
    if started == "just now":
        started = shown_token(seconds_ago=0)
    response = post(client, add_page, started=started)
    content = response.content.decode()
    assert response.status_code == 200
    assert "We could not tell whether a person or a program sent this form" in content
    assert 'value="Canal Side Knitters"' in content
    assert not Listing.objects.filter(title="Canal Side Knitters").exists()


@pytest.mark.django_db
def test_the_sixth_post_in_a_minute_gets_429(client, add_page):
    for n in range(5):
        assert post(client, add_page, name=f"Group {n}").status_code == 302
    response = post(client, add_page, name="Group 6")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not Listing.objects.filter(title="Group 6").exists()


@pytest.mark.django_db
def test_the_rate_limit_counts_the_client_behind_our_proxy(client, add_page, settings):
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    for n in range(5):
        post(client, add_page, name=f"Group {n}", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = client.post(add_page.url, group_form(name="Other"), HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_name_already_listed_points_to_suggest_a_change(client, add_page):
    post(client, add_page)
    listing = Listing.objects.get(title="Canal Side Knitters").specific
    listing.save_revision().publish()
    response = post(client, add_page)
    assert "is already in the directory" in response.content.decode()


@pytest.mark.django_db
def test_approval_publishes_it_and_tells_the_submitter(
    client, add_page, moderator, django_capture_on_commit_callbacks
):
    post(client, add_page)
    listing = Listing.objects.get(title="Canal Side Knitters").specific
    task_state = listing.current_workflow_state.current_task_state
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, moderator, "approve")

    listing.refresh_from_db()
    assert listing.live
    page = client.get(listing.url).content.decode()
    assert "Canal Side Knitters" in page and "knit@example.org" in page
    # The submitter's own details are for moderators only.
    assert "ada@example.org" not in page and "07700 900123" not in page and "Ada Purl" not in page
    assert "Canal Side Knitters" in client.get("/api/map.geojson").content.decode()
    (told,) = [message for message in mail.outbox if message.to == ["ada@example.org"]]
    assert "is now in the directory" in told.subject and listing.url in told.body


@pytest.mark.django_db
def test_rejection_leaves_it_unpublished_with_the_reason(client, add_page, moderator):
    post(client, add_page)
    listing = Listing.objects.get(title="Canal Side Knitters").specific
    task_state = listing.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject", comment="Not local.")
    listing.refresh_from_db()
    assert not listing.live
    task_state.refresh_from_db()
    assert task_state.comment == "Not local."


@pytest.mark.django_db
def test_the_form_page_takes_the_same_queries_however_big_the_directory(
    client, add_page, django_assert_max_num_queries
):
    from tests.builders import make_listing

    client.get(add_page.url)  # warm the cached topic list
    with django_assert_max_num_queries(12):
        client.get(add_page.url)
    for n in range(15):
        make_listing(GroupPage, title=f"Group {n}", tags=[f"topic {n}"])
    client.get(add_page.url)
    with django_assert_max_num_queries(12):
        assert "topic 14" in client.get(add_page.url).content.decode()


@pytest.mark.django_db
def test_the_confirmation_email_repeats_the_pages_next_steps(client, add_page):
    add_page.next_steps = "We meet to check listings on the first Monday."
    add_page.save_revision().publish()
    post(client, add_page)
    (received,) = [m for m in mail.outbox if m.to == ["ada@example.org"]]
    assert "We meet to check listings on the first Monday." in received.body


@pytest.mark.django_db
def test_a_mail_server_that_is_down_loses_nothing(client, add_page, settings, caplog):
    settings.EMAIL_BACKEND = "tests.moderation.conftest.BrokenMailBackend"
    response = post(client, add_page)
    assert response.status_code == 302
    listing = Listing.objects.get(title="Canal Side Knitters")
    assert listing.specific.current_workflow_state is not None
    assert "Could not send the moderation/email/received email" in caplog.text


@pytest.mark.django_db
def test_a_hidden_listing_with_the_name_is_not_revealed(client, add_page):
    from tests.builders import make_listing

    make_listing(GroupPage, title="Canal Side Knitters", visibility="hidden")
    response = post(client, add_page)
    assert response.status_code == 302
