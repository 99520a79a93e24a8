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
from django.core.exceptions import SuspiciousOperation
from django.core.validators import validate_email
from django.utils.html import strip_tags

from localcommons.ratelimit import allow, too_many_requests

LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
# What strip_tags leaves of a tag it cannot see the end of ("<img src=x onerror=…", "a<b",
# "<!--"): a "<" a browser would read as the start of markup.
TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
STARTED_SALT = "localcommons.public-form.started"


class PlainTextField(forms.CharField):
    """Text with any HTML tags taken out, so nothing a visitor types is ever markup."""

    def to_python(self, value):
        try:
            text = strip_tags(super().to_python(value))
        except SuspiciousOperation:
            # Django will not untangle tags nested 50 deep or left open for 1,000 characters;
            # refuse the text with a message rather than a bare "Bad Request" page.
            raise forms.ValidationError(
                "Take out the < and > signs: this box is for plain text.", code="markup"
            ) from None
        # A space after any "<" still left keeps every character typed and none of it markup.
        return TAG_START.sub("< ", text).strip()


class PlainTextArea(PlainTextField):
    """Longer plain text, in a text area."""

    widget = forms.Textarea(attrs={"rows": 5})


class PlainEmailField(forms.EmailField):
    """An email address with no < or > in it.

    Django's EmailField accepts them inside a quoted name ("<script>"@example.org): valid,
    but no one's address, and markup wherever it might be shown unescaped.
    """

    def __init__(self, *args, **kwargs):
        # The models' EmailField holds 254 characters; the form's would let 320 through.
        kwargs.setdefault("max_length", 254)
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if "<" in value or ">" in value:
            raise forms.ValidationError(validate_email.message, code="invalid")


class PlainURLField(forms.URLField):
    """A web address with any < and > percent-encoded, as a browser sends them.

    Django's URLField keeps them in a path (https://example.org/<script>); encoded, it is
    the same address and never markup.
    """

    def to_python(self, value):
        return super().to_python(value).replace("<", "%3C").replace(">", "%3E")


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

    def _limit_links(self, cleaned):
        """Refuse text with more links than settings.PUBLIC_FORM_MAX_LINKS, across the form."""
        linked = {
            name: len(LINK.findall(" ".join(value) if isinstance(value, list) else value))
            for name, value in cleaned.items()
            if isinstance(self.fields[name], PlainTextField) and isinstance(value, str | list)
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


# Every public form counts towards one limit per client: five forms a minute, whichever.
RATE_LIMIT_SCOPE = "public-form"


def handle_public_form(request, *, form, on_valid, on_spam, render):
    """The one path every public form takes: rate limit, honeypot, validation, then save.

    A GET renders the empty form. A POST over the rate limit gets the 429 page; one that
    filled the honeypot is answered as if it worked and nothing is kept.
    """
    if request.method != "POST":
        return render(form)
    if not allow(request, RATE_LIMIT_SCOPE):
        return too_many_requests(request)
    if form.is_spam:
        return on_spam()
    if not form.is_valid():
        return render(form)
    return on_valid(form)
