"""The research's public forms, fed generated input: never a server error, never published.

"Add your idea", "I'd help with this" and the comment form get hypothesis-made posts built
from valid ones (the strategies of tests.moderation.test_public_forms_property): answers
replaced with hostile text, dropped, repeated or added. Whatever comes in, the answer is the
form again with its problems (200), the thanks (302), a refusal (400, for a comment on
something that takes none), or 429 once a client sends too many; no live page changes,
and whatever is stored is plain text, waiting for a moderator.
"""

import pytest
from django_comments_xtd.models import XtdComment
from hypothesis import example, given
from hypothesis import strategies as st

from research.demo import ensure_research_pages
from research.models import IdeaPage, IdeaSubmission, IdeaSupport
from tests.builders import make_story
from tests.moderation.test_public_forms_property import (
    EMAILS,
    FUZZ,
    LIFTED,
    WORDS,
    assert_plain,
    hostile_text,
    in_workflow,
    is_spam,
    last,
    post_data,
    published,
    send,
)
from tests.research.helpers import comment_data, idea_data, support_data

IDEA_FIELDS = {
    "title": st.sampled_from(WORDS),
    "description": hostile_text,
    "need": st.sampled_from(["", "storage", "bogus"]),
    "area": st.sampled_from(["", "brickfield-north", "atlantis"]),
    "name": hostile_text,
    "email": st.sampled_from(EMAILS),
}
SUPPORT_FIELDS = {"name": hostile_text, "email": st.sampled_from(EMAILS)}
COMMENT_FIELDS = {
    "name": hostile_text,
    "email": st.sampled_from(EMAILS),
    "comment": hostile_text,
    "reply_to": st.sampled_from(["0", "1", "-1", "abc", "99999"]),
    "content_type": st.sampled_from(["stories.storypage", "auth.user", "research.ideapage", ""]),
    "object_pk": st.sampled_from(["1", "abc", "0", "99999999999999999999"]),
    "timestamp": st.sampled_from(["0", "abc", "9999999999", "-1"]),
    "honeypot": st.sampled_from(["", "http://spam.example"]),
}


@pytest.fixture
def research(site_pages, settings):
    settings.RATELIMIT_PER_MINUTE = LIFTED
    _research, ideas = ensure_research_pages()
    idea = ideas.add_child(instance=IdeaPage(title="Seed swap", description="Swap seeds."))
    idea.save_revision().publish()
    return ideas, idea, make_story(title="A story to talk about")


@pytest.mark.django_db
def test_add_your_idea_never_fails_and_never_publishes(client, research):
    ideas, _idea, _story = research
    stored = []

    @FUZZ
    @given(post_data(idea_data(), IDEA_FIELDS))
    @example((idea_data(), True))
    def check(sent):
        data, multipart = sent
        before, submissions = published(), set(IdeaSubmission.objects.values_list("pk", flat=True))
        response = send(client, f"{ideas.url}new/", data, multipart)
        assert response.status_code in (200, 302)
        assert published() == before
        created = list(IdeaSubmission.objects.exclude(pk__in=submissions))
        if response.status_code == 200:
            assert "There is a problem" in response.content.decode()
        if response.status_code == 200 or is_spam(data):
            assert created == []
            return
        (submission,) = created
        stored.append(submission)
        idea = submission.idea
        assert not idea.live and in_workflow(idea)
        assert_plain(idea.title, idea.description, submission.name, submission.email)

    check()


@pytest.mark.django_db
def test_id_help_never_fails_and_counts_an_email_once(client, research):
    _ideas, idea, _story = research

    @FUZZ
    @given(post_data(support_data(), SUPPORT_FIELDS))
    @example((support_data(), True))
    def check(sent):
        data, multipart = sent
        before = published()
        response = send(client, idea.url, data, multipart)
        assert response.status_code in (200, 302)
        assert published() == before
        emails = [e.lower() for e in IdeaSupport.objects.values_list("email", flat=True)]
        assert len(emails) == len(set(emails))
        if response.status_code == 302 and not is_spam(data):
            email = last(data, "email").strip().lower()
            assert email in emails
        for support in IdeaSupport.objects.all():
            assert_plain(support.name, support.email)

    check()
    assert IdeaSupport.objects.exists()


@pytest.mark.django_db
def test_comments_never_fail_and_are_held(client, research):
    _ideas, _idea, story = research
    stored = []

    @FUZZ
    @given(post_data(st.builds(lambda: comment_data(story)), COMMENT_FIELDS))
    @example((comment_data(story), True))
    def check(sent):
        data, multipart = sent
        before, comments = published(), set(XtdComment.objects.values_list("pk", flat=True))
        response = send(client, "/comments/post/", data, multipart)
        assert response.status_code in (200, 302, 400)
        assert published() == before
        created = list(XtdComment.objects.exclude(pk__in=comments))
        if response.status_code != 302 or last(data, "honeypot"):
            assert created == []
            return
        stored.extend(created)
        for comment in created:
            assert not comment.is_public
            assert comment.content_object == story
            assert_plain(comment.user_name, comment.user_email, comment.comment)

    check()
    assert stored
