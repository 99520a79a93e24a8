"""What every public form shares: spam defences that cost residents nothing, and plain text.

No CAPTCHA (GOV.UK advises against them): a hidden field people never fill, a minimum time
between the form being shown and sent, a per-client rate limit (localcommons.ratelimit),
length and link limits, and text stripped of any HTML.
"""

import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import strip_tags

LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
STARTED_SALT = "localcommons.public-form.started"


class PlainTextField(forms.CharField):
    """Text with any HTML tags taken out, so nothing a visitor types is ever markup."""

    def to_python(self, value):
        return strip_tags(super().to_python(value)).strip()


class PlainTextArea(PlainTextField):
    """Longer plain text, in a text area."""

    widget = forms.Textarea(attrs={"rows": 5})


def started_token(shown_at=None):
    """A signed note of when a form was shown (now, unless a time is given)."""
    return signing.dumps(time.time() if shown_at is None else shown_at, salt=STARTED_SALT)


def seconds_since(token):
    """How long ago a started_token() was made; None if it is missing or forged."""
    try:
        return time.time() - float(signing.loads(token or "", salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class PublicForm(forms.Form):
    """A form anyone may send: honeypot, minimum fill time and a limit on links.

    Templates include "includes/public_form_guards.html" for the hidden parts.
    """

    # A field people never see (it is hidden by CSS and skipped by keyboard); bots fill
    # every field they find.
    HONEYPOT = "homepage"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A fresh token on every render: a form sent back with errors starts the clock again.
        self.started_token = started_token()

    @property
    def is_spam(self):
        """True when the honeypot was filled: answer as if it worked, keep nothing."""
        return bool(self.data.get(self.HONEYPOT))

    def clean(self):
        cleaned = super().clean()
        elapsed = seconds_since(self.data.get("started"))
        if elapsed is None or elapsed < settings.PUBLIC_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                "We could not tell whether a person or a program sent this form. Check your "
                "answers and send it again.",
                code="too_fast",
            )
        self._limit_links(cleaned)
        return cleaned

    @property
    def was_too_fast(self):
        return any(error.code == "too_fast" for error in self.non_field_errors().as_data())

    def _limit_links(self, cleaned):
        """Refuse text with more links than settings.PUBLIC_FORM_MAX_LINKS, across the form."""
        linked = {
            name: len(LINK.findall(value))
            for name, value in cleaned.items()
            if isinstance(self.fields[name], PlainTextField) and isinstance(value, str)
        }
        limit = settings.PUBLIC_FORM_MAX_LINKS
        if sum(linked.values()) <= limit:
            return
        for name, count in linked.items():
            if count:
                self.add_error(
                    name,
                    f"Take out some web links: the form may hold {limit} at most"
                    f"{' (a website has its own box)' if 'website' in self.fields else ''}.",
                )
