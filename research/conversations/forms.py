"""The comment form: django-comments-xtd's, with the defences every public form has."""

import time

from django import forms
from django.conf import settings
from django_comments_xtd.forms import XtdCommentForm

from localcommons.public_forms import LINK, PlainEmailField, PlainTextArea, PlainTextField

# Older forms are refused, as the library does, so a copied form cannot be replayed for ever.
STALE_SECONDS = 2 * 60 * 60
STALE = "This form was open for over two hours. Send your comment again."
TOO_FAST = (
    "We could not tell whether a person or a program sent this comment. Check it and send it again."
)


class ConversationForm(XtdCommentForm):
    """Name, email (never shown) and a plain-text comment; optionally a reply to another.

    The library's security hash and timestamp stop forged and stale forms; its honeypot
    field catches bots. Here: plain text, a minimum time to fill in, a limit on links, and
    replies only to published comments on the same page, one level deep.
    """

    def __init__(self, *args, **kwargs):
        # Its own ids: it shares pages with other forms (a project's "get involved").
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)
        self.fields["name"] = PlainTextField(label="Your name", max_length=50)
        self.fields["email"] = PlainEmailField(
            label="Your email address",
            help_text="Never shown. A moderator may use it to ask you about your comment.",
        )
        self.fields["comment"] = PlainTextArea(
            label="Your comment", max_length=settings.CONVERSATION_MAX_LENGTH
        )
        self.fields["honeypot"].label = "Leave this empty"
        # No web address (a favourite of spammers) and no follow-up emails to opt into.
        del self.fields["url"]
        del self.fields["followup"]

    def clean_timestamp(self):
        timestamp = self.cleaned_data["timestamp"]
        elapsed = time.time() - timestamp
        if elapsed < settings.PUBLIC_FORM_MIN_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        if elapsed > STALE_SECONDS:
            raise forms.ValidationError(STALE, code="stale")
        return timestamp

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        limit = settings.PUBLIC_FORM_MAX_LINKS
        if len(LINK.findall(comment)) > limit:
            raise forms.ValidationError(f"Take out some web links: a comment may hold {limit}.")
        return comment

    def clean_reply_to(self):
        from research.conversations.threads import replyable

        reply_to = self.cleaned_data["reply_to"]
        if reply_to and replyable(self.target_object).filter(pk=reply_to).first() is None:
            raise forms.ValidationError("That comment cannot be replied to.")
        return reply_to

    def security_errors(self):
        # A form sent too soon or left open too long is the person's to fix, not a forgery
        # (the security hash covers the timestamp): shown as an error, with a fresh form.
        errors = super().security_errors()
        errors.pop("timestamp", None)
        return errors

    def get_comment_create_data(self, site_id=None):
        self.cleaned_data.update(url="", followup=False)
        return super().get_comment_create_data(site_id=site_id)

    @property
    def general_errors(self):
        """The errors not tied to a visible field: the form's own, and its timing."""
        return [*self.non_field_errors(), *self.errors.get("timestamp", [])]
