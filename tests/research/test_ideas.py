"""Ideas: residents send them for moderation, say they would help, and moderators adopt them."""

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from research.ideas import add_support
from research.models import IdeaPage, IdeaStatus, IdeaSubmission, IdeaSupport
from stories.models import ProjectPage
from stories.models.project import ProjectStatus
from tests.builders import make_user
from tests.research.helpers import idea_data, support_data

pytestmark = pytest.mark.django_db

IDEAS = "/research/ideas/"
NEW = "/research/ideas/new/"
CANAL = "/research/ideas/canal-clean-up-days/"


def test_index_lists_ideas_most_supported_first_and_filters_by_status(demo, client):
    html = client.get(IDEAS).content.decode()
    assert html.index("A tool library") < html.index("Canal clean-up days")
    assert "5 people would help" in html and "3 people would help" in html
    parked = client.get(IDEAS + "?status=parked").content.decode()
    assert "A shared shed for garden groups" in parked and "A tool library" not in parked
    bad = client.get(IDEAS + "?status=bogus")
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()


def test_idea_page_says_where_it_came_from_and_who_would_help(demo, client):
    html = client.get("/research/ideas/a-tool-library/").content.decode()
    assert "Summer open day at St Barnabas" in html
    assert "5 people" in html
    assert 'href="/projects/brickfield-tool-library/"' in html
    # An adopted idea asks for no more offers: the project's own form takes them.
    assert "I’d help with this</button>" not in html
    resident = client.get("/research/ideas/saturday-homework-club/").content.decode()
    assert "by a resident" in resident and "I’d help with this</button>" in resident


def test_a_resident_idea_waits_for_a_moderator(demo, client):
    response = client.post(NEW, idea_data(need="mentoring", area="brickfield-south"))
    assert response.status_code == 302
    assert response["Location"] == "/research/ideas/new/thanks/"
    idea = IdeaPage.objects.get(title="A seed swap")
    assert not idea.live
    assert idea.need.name == "mentoring" and idea.area.name == "Brickfield South"
    assert idea.workflow_in_progress
    submission = IdeaSubmission.objects.get(idea=idea)
    assert (submission.name, submission.email) == ("Robin", "robin.ideas@example.org")
    assert "We have received your idea: A seed swap" in mail.outbox[-1].subject
    thanks = client.get(response["Location"]).content.decode()
    assert "We have received “A seed swap”" in thanks
    assert client.get(f"{IDEAS}a-seed-swap/").status_code == 404
    assert "A seed swap" not in client.get(IDEAS).content.decode()


def test_an_idea_with_errors_keeps_the_answers_and_stores_nothing(demo, client):
    response = client.post(NEW, idea_data(title="", email="not-an-email", area="atlantis"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert html.count('aria-invalid="true"') >= 3 or html.count("field--error") >= 3
    assert "Swap seeds and cuttings every spring" in html
    assert not IdeaSubmission.objects.exists()


def test_honeypot_and_too_fast_ideas_store_nothing(demo, client):
    spam = client.post(NEW, idea_data(homepage="http://spam.example"))
    assert spam.status_code == 302
    fast = client.post(NEW, idea_data(started=""))
    assert "We could not tell whether a person" in fast.content.decode()
    assert not IdeaSubmission.objects.exists()


def test_id_help_counts_once_per_email(demo, client):
    idea = IdeaPage.objects.get(slug="canal-clean-up-days")
    assert client.post(CANAL, support_data()).status_code == 302
    assert idea.supporters.count() == 4
    # The same person again, in other capitals: thanked the same way, counted once.
    again = client.post(CANAL, support_data(email="Alex.Helps@Example.org"))
    assert again.status_code == 302 and again["Location"] == f"{CANAL}?thanks=1"
    assert idea.supporters.count() == 4
    assert "4 people" in client.get(CANAL).content.decode()
    assert add_support(idea, "Alex", "alex.helps@example.org") is False


def test_id_help_errors_are_shown_and_nothing_stored(demo, client):
    response = client.post(CANAL, support_data(name="", email="nope"))
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert IdeaSupport.objects.filter(idea__slug="canal-clean-up-days").count() == 3


def test_supporters_are_never_shown(demo, client):
    html = client.get(CANAL).content.decode() + client.get(IDEAS).content.decode()
    for supporter in IdeaSupport.objects.all():
        assert supporter.email not in html


def adopt_url(idea):
    return f"/admin/research/ideas/{idea.pk}/adopt/"


def test_adopting_makes_a_linked_project(demo, client):
    moderator = make_user("Communication facilitator")
    client.force_login(moderator)
    idea = IdeaPage.objects.get(slug="canal-clean-up-days")
    edit = client.get(f"/admin/pages/{idea.pk}/edit/").content.decode()
    assert adopt_url(idea) in edit
    assert "Adopt as a project" in client.get(adopt_url(idea)).content.decode()

    response = client.post(adopt_url(idea))
    project = ProjectPage.objects.get(title="Canal clean-up days")
    assert response["Location"] == f"/admin/pages/{project.pk}/edit/"
    assert project.live and project.status == ProjectStatus.IDEA
    assert project.area.name == "Canal Side"
    assert list(project.needs.names()) == ["volunteers"]
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ADOPTED and idea.project_id == project.pk
    assert idea.live and not idea.has_unpublished_changes

    client.logout()
    project_html = client.get(project.url).content.decode()
    assert 'href="/research/ideas/canal-clean-up-days/"' in project_html
    assert "3 people said they would help" in project_html
    assert f'href="{project.url}"' in client.get(idea.url).content.decode()


def refused(response):
    """Wagtail's admin answers a permission refusal by sending the user to the dashboard."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_only_moderators_adopt_and_only_once(demo, client):
    idea = IdeaPage.objects.get(slug="canal-clean-up-days")
    client.force_login(make_user("Local researcher"))
    assert refused(client.post(adopt_url(idea)))
    assert adopt_url(idea) not in client.get(f"/admin/pages/{idea.pk}/edit/").content.decode()
    assert not ProjectPage.objects.filter(title="Canal clean-up days").exists()
    client.force_login(make_user("Communication facilitator"))
    adopted = IdeaPage.objects.get(slug="a-tool-library")
    assert refused(client.post(adopt_url(adopted)))
    assert not ProjectPage.objects.filter(title="A tool library").exists()


def test_idea_pages_queries_do_not_grow(demo, client):
    index = IdeaPage.objects.first().get_parent()
    client.get(IDEAS)
    with CaptureQueriesContext(connection) as before:
        client.get(IDEAS)
    idea_before = CaptureQueriesContext(connection)
    with idea_before:
        client.get(CANAL)
    for number in range(15):
        idea = index.add_child(
            instance=IdeaPage(title=f"Idea {number}", description="More.", status="new")
        )
        idea.save_revision().publish()
        add_support(idea, "Someone", f"someone{number}@example.org")
    for number in range(10):
        add_support(IdeaPage.objects.get(slug="canal-clean-up-days"), "X", f"x{number}@example.org")
    client.get(IDEAS)
    with CaptureQueriesContext(connection) as after:
        html = client.get(IDEAS).content.decode()
    assert "Idea 14" in html
    assert len(after) == len(before)
    with CaptureQueriesContext(connection) as idea_after:
        client.get(CANAL)
    assert len(idea_after) == len(idea_before)


@override_settings(RATELIMIT_PER_MINUTE=2)
def test_floods_of_ideas_and_offers_get_429(demo, client):
    statuses = [
        client.post(NEW, idea_data(title="One")).status_code,
        client.post(CANAL, support_data(email="one@example.org")).status_code,
        client.post(NEW, idea_data(title="Three")).status_code,
        client.post(CANAL, support_data(email="four@example.org")).status_code,
    ]
    assert statuses == [302, 302, 429, 429]
    assert not IdeaPage.objects.filter(title="Three").exists()
    assert not IdeaSupport.objects.filter(email="four@example.org").exists()
