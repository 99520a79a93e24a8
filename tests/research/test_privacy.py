"""No public output shows who offered to help, who sent an idea, or commenters' emails."""

from urllib.parse import urlsplit

import pytest
from django_comments_xtd.models import XtdComment

from research.models import IdeaSubmission, IdeaSupport, WorkshopPage
from tests.localcommons.test_privacy_sweep import MAX_PAGES, crawl
from tests.research.helpers import comment_data, idea_data

pytestmark = pytest.mark.django_db


def test_the_research_keeps_its_people_private(demo, client):
    client.post("/research/ideas/new/", idea_data(title="A secret seed swap"))
    workshop = WorkshopPage.objects.get(slug="summer-open-day-at-st-barnabas")
    client.post("/comments/post/", comment_data(workshop, comment="A held sweep comment"))
    held = XtdComment.objects.get(comment="A held sweep comment")
    approved = XtdComment.objects.filter(is_public=True).first()

    texts = crawl(client)

    assert len(texts) < MAX_PAGES, "the crawl stopped before it had seen everything"

    # One query string per path is crawled: compare paths.
    reached = {urlsplit(url).path: text for url, text in texts.items()}
    for path in ["/research/", "/research/ideas/", workshop.url, approved.content_object.url]:
        assert path in reached, f"{path} was not reached"
    assert approved.comment in reached[approved.content_object.url]
    secrets = [
        *IdeaSupport.objects.values_list("email", flat=True),
        *IdeaSubmission.objects.values_list("email", flat=True),
        *XtdComment.objects.values_list("user_email", flat=True),
        "A secret seed swap",
        held.comment,
        "before Christmas",  # the demo's held comment
    ]
    assert len(secrets) > 10
    leaks = [(url, secret) for url, text in texts.items() for secret in secrets if secret in text]
    assert not leaks, leaks
