"""Posting to the research's public forms as a browser would, some time after showing them."""

import time

from django_comments import get_form

from tests.builders import shown_token


def comment_data(page, *, seconds_ago=60, reply_to=0, **answers):
    """A valid comment post for page, as if its form was shown seconds_ago."""
    form = get_form()(page)
    timestamp = str(int(time.time() - seconds_ago))
    content_type, object_pk = form.initial["content_type"], form.initial["object_pk"]
    return {
        "content_type": content_type,
        "object_pk": object_pk,
        "timestamp": timestamp,
        "security_hash": form.generate_security_hash(content_type, object_pk, timestamp),
        "reply_to": str(reply_to),
        "honeypot": "",
        "name": "Sam",
        "email": "sam.comments@example.org",
        "comment": "Count me in for the first one.",
        **answers,
    }


def idea_data(**answers):
    """A valid "Add your idea" post."""
    return {
        "started": shown_token(),
        "title": "A seed swap",
        "description": "Swap seeds and cuttings every spring at the allotments.",
        "need": "",
        "area": "",
        "name": "Robin",
        "email": "robin.ideas@example.org",
        **answers,
    }


def support_data(**answers):
    """A valid "I'd help with this" post."""
    return {"started": shown_token(), "name": "Alex", "email": "alex.helps@example.org", **answers}
