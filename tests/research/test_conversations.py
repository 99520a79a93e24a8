"""Conversations: held for a moderator, shown once approved, emails never shown."""

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from research.conversations.threads import on_page
from research.models import IdeaPage, WorkshopPage
from stories.models import ProjectPage, StoryPage
from tests.builders import make_user
from tests.research.helpers import comment_data

pytestmark = pytest.mark.django_db

POST = "/comments/post/"
STORY = "/stories/a-tonne-of-things-mended/"


@pytest.fixture
def story(demo):
    return StoryPage.objects.get(slug="a-tonne-of-things-mended")


@pytest.fixture
def moderator(demo):
    return make_user("Communication facilitator")


def test_every_commentable_page_type_has_a_conversation(demo, client):
    pages = [
        StoryPage.objects.live().first(),
        ProjectPage.objects.live().first(),
        IdeaPage.objects.live().first(),
        WorkshopPage.objects.live().first(),
    ]
    for page in pages:
        html = client.get(page.url).content.decode()
        assert 'id="conversation"' in html, page
        assert 'action="/comments/post/"' in html
    assert 'id="conversation"' not in client.get("/directory/").content.decode()


def test_a_comment_is_held_then_shown_once_approved(story, moderator, client):
    response = client.post(POST, comment_data(story))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{STORY}?comment=sent")
    comment = on_page(story).get(user_email="sam.comments@example.org")
    assert not comment.is_public
    html = client.get(response["Location"]).content.decode()
    assert "once a moderator has read it" in html
    assert "Count me in for the first one." not in html
    # The moderators are told, without the comment's text.
    told = [m for m in mail.outbox if moderator.email in m.to]
    assert told and "Count me in" not in told[-1].body
    assert "/admin/conversations/?is_public=false" in told[-1].body

    client.force_login(moderator)
    edit = client.get(f"/admin/conversations/edit/{comment.pk}/")
    assert edit.status_code == 200 and "Approved: shown on the site" in edit.content.decode()
    saved = client.post(
        f"/admin/conversations/edit/{comment.pk}/", {"is_public": "on", "comment": "ignored"}
    )
    assert saved.status_code == 302
    comment.refresh_from_db()
    assert comment.is_public and comment.comment == "Count me in for the first one."
    client.logout()
    html = client.get(STORY).content.decode()
    assert "Count me in for the first one." in html
    assert "sam.comments@example.org" not in html


def test_removed_comments_disappear(story, client):
    comment = on_page(story).get(is_public=True)
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True)
    assert comment.comment not in client.get(STORY).content.decode()


def test_a_facilitators_reply_is_shown_at_once_and_marked(story, moderator, client):
    parent = on_page(story).get(is_public=True)
    facilitator = make_user("Workshop facilitator")
    client.force_login(facilitator)
    reply_form = client.get(f"/comments/reply/{parent.pk}/")
    assert reply_form.status_code == 200
    data = comment_data(story, reply_to=parent.pk, comment="Glad it helped!")
    assert client.post(POST, data).status_code == 302
    reply = on_page(story).get(comment="Glad it helped!")
    assert reply.is_public and reply.parent_id == parent.pk and reply.level == 1
    client.logout()
    html = client.get(STORY).content.decode()
    assert "comment--level-1 comment--facilitator" in html
    assert '<span class="badge">Facilitator</span>' in html


def test_replies_only_to_published_comments_one_level_deep(story, client):
    held = XtdComment.objects.create(
        content_object=story,
        site_id=1,
        user_name="H",
        user_email="h@example.org",
        comment="Held one",
        is_public=False,
    )
    assert client.get(f"/comments/reply/{held.pk}/").status_code == 404
    response = client.post(POST, comment_data(story, reply_to=held.pk))
    assert "That comment cannot be replied to." in response.content.decode()
    assert not on_page(story).filter(user_email="sam.comments@example.org").exists()
    assert client.get("/comments/reply/999999/").status_code == 404


def test_the_form_refuses_what_other_public_forms_refuse(story, client):
    cases = {
        "comment": comment_data(story, comment=""),
        "links": comment_data(story, comment="https://a.example https://b.example www.c.example"),
        "too fast": comment_data(story, seconds_ago=0),
        "email": comment_data(story, email="not-an-email"),
        "long": comment_data(story, comment="x" * 2001),
    }
    messages = {
        "comment": "This field is required.",
        "links": "Take out some web links",
        "too fast": "We could not tell whether a person",
        "email": "Enter a valid email address.",
        "long": "Ensure this value has at most 2000 characters",
    }
    for name, data in cases.items():
        response = client.post(POST, data)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "There is a problem" in html and messages[name] in html, name
    assert not on_page(story).filter(user_email="sam.comments@example.org").exists()


def test_markup_is_kept_as_plain_text(story, client):
    client.post(POST, comment_data(story, comment="<script>alert(1)</script>Nice <b>one</b>"))
    comment = on_page(story).get(user_email="sam.comments@example.org")
    assert comment.comment == "alert(1)Nice one"


def test_honeypot_is_answered_as_if_sent_and_keeps_nothing(story, client):
    response = client.post(POST, comment_data(story, honeypot="http://spam.example"))
    assert response.status_code == 302
    assert not on_page(story).filter(user_email="sam.comments@example.org").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"content_type": "auth.user", "object_pk": "1"},
        {"content_type": "directory.listing"},
        {"object_pk": "999999"},
        {"object_pk": "abc"},
        {"security_hash": "0" * 40},
        {"content_type": ""},
    ],
)
def test_bad_targets_get_a_400_with_a_message(story, client, change):
    response = client.post(POST, {**comment_data(story), **change})
    assert response.status_code == 400
    assert not on_page(story).filter(user_email="sam.comments@example.org").exists()


def test_unpublished_pages_take_no_comments(story, client):
    data = comment_data(story)
    story.unpublish()
    assert client.post(POST, data).status_code == 400
    assert client.get("/comments/post/").status_code == 405


@override_settings(RATELIMIT_PER_MINUTE=2)
def test_floods_get_429(story, client):
    statuses = [
        client.post(POST, comment_data(story, comment=f"Hello {n}")).status_code for n in range(4)
    ]
    assert statuses[:2] == [302, 302] and statuses[2:] == [429, 429]


@override_settings(CONVERSATIONS_TRUST_RETURNING_COMMENTERS=True)
def test_returning_commenters_can_be_trusted(story, client):
    # Jo's comment on this story was approved (demo): a second one goes straight up.
    client.post(POST, comment_data(story, email="jo.menders@example.org", comment="Again!"))
    assert on_page(story).get(comment="Again!").is_public
    client.post(POST, comment_data(story, comment="First time"))
    assert not on_page(story).get(comment="First time").is_public


def test_demo_has_approved_comments_and_one_held(demo, client):
    assert XtdComment.objects.filter(is_public=True).count() >= 3
    held = XtdComment.objects.get(is_public=False)
    page = held.content_object
    assert held.comment not in client.get(page.url).content.decode()


def test_moderators_see_comments_waiting_on_the_dashboard(demo, moderator, client):
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "1 comment is waiting for a moderator" in html
    listing = client.get("/admin/conversations/?is_public=false").content.decode()
    assert "Pat" in listing and "pat.held@example.org" not in listing


def add_comments(story, count, user, start=0):
    for number in range(start, start + count):
        XtdComment.objects.create(
            content_object=story,
            site_id=1,
            user_name=f"N{number}",
            user_email=f"n{number}@example.org",
            comment=f"Comment {number}",
            is_public=True,
            user=user if number % 2 else None,
        )


def test_story_queries_do_not_grow_with_comments(story, client):
    facilitator = make_user("Workshop facilitator")
    add_comments(story, 2, facilitator)
    client.get(STORY)
    with CaptureQueriesContext(connection) as before:
        client.get(STORY)
    add_comments(story, 12, facilitator, start=2)
    client.get(STORY)
    with CaptureQueriesContext(connection) as after:
        html = client.get(STORY).content.decode()
    assert "Comment 13" in html
    assert len(after) == len(before)
