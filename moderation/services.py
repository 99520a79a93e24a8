"""What happens to a public submission: screened, stored as a draft, queued, applied, told."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction

from directory.demo import unique_slug
from directory.models import Connection, DirectoryIndexPage, Listing
from directory.visibility import public_view
from moderation.models import ListingSubmission, Suggestion, SuggestionKind
from moderation.models.suggestion import CHANGEABLE_FIELDS
from moderation.roles import ensure_workflow

logger = logging.getLogger(__name__)


def start_approval(obj):
    """Start obj in its approval workflow (set up again if it was removed); False if none.

    Called after the object is committed: Wagtail emails the moderators as it starts, and
    a slow mail server must not hold the database. Without a workflow (an administrator
    disabled it) the draft still waits, unpublished, under Suggestions or in the page tree.
    """
    workflow = obj.get_workflow()
    if workflow is None:
        ensure_workflow()
        workflow = obj.get_workflow()
    if workflow is None:
        logger.error("No active approval workflow for %s %s", obj._meta.label, obj.pk)
        return False
    workflow.start(obj, user=None)
    return True


def send_templated_email(to, template, context):
    """Send a plain-text email from templates/<template>.txt (subject first).

    True if it was sent. A mail server that is down is logged: what was submitted is kept.
    """
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    text = render_to_string(f"{template}.txt", context)
    subject, _, body = text.partition("\n")
    try:
        # One line, whatever a visitor typed into the name that is in it.
        send_mail(" ".join(subject.split()), body.strip() + "\n", None, [to])
    except Exception:  # noqa: BLE001 (any mail failure is logged, none loses the submission)
        logger.exception("Could not send the %s email to %s", template, to)
        return False
    return True


def submit_listing(form, page):
    """Draft a listing from an AddListingForm under the directory and queue it for approval.

    page is the "Add your group" page, whose next steps the confirmation email repeats.
    """
    with transaction.atomic():
        listing = _draft_listing(form)
    start_approval(listing)
    data = form.cleaned_data
    send_templated_email(
        data["contact_email"],
        "moderation/email/received",
        {"name": data["contact_name"], "title": listing.title, "page": page},
    )
    return listing


def _draft_listing(form):
    """The draft listing and its private submission record, in the database."""
    # Locked, so two submissions at once take turns for the tree's next path and slug.
    directory = DirectoryIndexPage.objects.select_for_update().order_by("path").first()
    data = form.cleaned_data
    model = next(kind for kind in Listing.kinds() if kind.kind == data["kind"])
    listing = model(
        title=data["name"],
        slug=unique_slug(
            data["name"], set(directory.get_children().values_list("slug", flat=True))
        ),
        summary=data["summary"],
        description=data["description"],
        address=data["address"],
        postcode=data["postcode"],
        website=data["website"],
        email=data["public_email"],
        phone=data["public_phone"],
        live=False,
    )
    listing.set_coordinates(data["latitude"], data["longitude"])
    listing.tags.set(form.all_topics())
    listing.offers.set(data["offers"])
    listing.needs.set(data["needs"])
    listing.full_clean(exclude=["path", "depth", "slug"])
    directory.add_child(instance=listing)
    listing.save_revision(log_action=True)
    ListingSubmission.objects.create(
        listing=listing,
        name=data["contact_name"],
        email=data["contact_email"],
        phone=data["contact_phone"],
        consent_to_publish=data["consent"],
    )
    return listing


def public_values(listing):
    """What the public sees of a listing's changeable fields, for the suggestion form."""
    view = public_view(listing)
    return {
        name: getattr(view, name, None) or "" for name in CHANGEABLE_FIELDS if name != "title"
    } | {"title": listing.title}


def submit_suggestion(listing, kind, form, **fields):
    """Store a resident's suggestion as a draft and queue it for approval."""
    with transaction.atomic():
        suggestion = _draft_suggestion(listing, kind, form, **fields)
    start_approval(suggestion)
    return suggestion


def _draft_suggestion(listing, kind, form, **fields):
    suggestion = Suggestion(
        listing=listing,
        kind=kind,
        name=form.cleaned_data["your_name"],
        email=form.cleaned_data["your_email"],
        message=form.cleaned_data.get("message", ""),
        live=False,
        **fields,
    )
    suggestion.save()
    suggestion.save_revision(log_action=True)
    return suggestion


def apply_suggestion(suggestion, user=None):
    """Make an approved suggestion true on its listing, and record what was done.

    A listing with unpublished changes of its own gets the suggestion as a new draft on top
    of them (an editor's work is never published by someone else's approval); otherwise the
    change is published at once.
    """
    listing = suggestion.listing.specific
    if suggestion.kind == SuggestionKind.CLOSED:
        if listing.live:
            # Approving the suggestion is the permission, as for publishing below.
            UnpublishPageAction(listing, user=user).execute(skip_permission_checks=True)
        return _record(suggestion, "Taken off the site: it has closed.")
    publish = not listing.has_unpublished_changes
    page = listing if publish else listing.get_latest_revision_as_object()
    if suggestion.kind == SuggestionKind.CHANGE:
        for name, value in suggestion.changes.items():
            setattr(page, name, value)
        outcome = "Changed " + ", ".join(suggestion.changes) if suggestion.changes else ""
    else:
        connection = Connection(
            target=suggestion.other_listing, relation_type=suggestion.relation_type
        )
        if Connection.check_set(page, [*page.connections.all(), connection]):
            return _record(suggestion, "Not added: that connection is already there.")
        page.connections.add(connection)
        outcome = f"Connected to {suggestion.other_listing.title} ({suggestion.relation_type})"
    if not outcome:
        return _record(suggestion, "Nothing to change on the listing.")
    try:
        page.full_clean(exclude=["path", "depth"])
    except ValidationError as error:
        return _record(suggestion, f"Not applied: {'; '.join(error.messages)}")
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
        return _record(suggestion, f"{outcome}; published.")
    return _record(suggestion, f"{outcome}; saved as a draft after the listing's own changes.")


def _record(suggestion, outcome):
    Suggestion.objects.filter(pk=suggestion.pk).update(outcome=outcome, applied_at=timezone.now())
    return outcome


def tell_submitter_live(listing):
    """Email the person who submitted a listing, once, after it is published."""
    submission = ListingSubmission.objects.filter(listing=listing, told_live_at=None).first()
    if submission is not None:
        url = listing.get_full_url() or ""
        transaction.on_commit(lambda: _tell_live(submission, url))


def _tell_live(submission, url):
    # Claimed first, so two publishes close together send one email; released if it fails.
    claimed = ListingSubmission.objects.filter(pk=submission.pk, told_live_at=None)
    if not claimed.update(told_live_at=timezone.now()):
        return
    if not send_templated_email(
        submission.email, "moderation/email/live", {"submission": submission, "url": url}
    ):
        ListingSubmission.objects.filter(pk=submission.pk).update(told_live_at=None)
