"""What happens to a public submission: screened, stored as a draft, queued, applied, told."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from directory.demo import unique_slug
from directory.models import Connection, DirectoryIndexPage, Listing
from directory.visibility import public_view
from localcommons.ratelimit import allow, too_many_requests
from moderation.models import ListingSubmission, Suggestion, SuggestionKind
from moderation.roles import ensure_workflow

logger = logging.getLogger(__name__)

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


def _workflow_for(obj):
    """The approval workflow obj starts in; set up again if an administrator removed it."""
    workflow = obj.get_workflow()
    if workflow is None:
        ensure_workflow()
        workflow = obj.get_workflow()
    return workflow


def _email(to, template, context):
    """Send a plain-text email from templates/moderation/email/<template>.txt (subject first)."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    text = render_to_string(f"moderation/email/{template}.txt", context)
    subject, _, body = text.partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


@transaction.atomic
def submit_listing(form, request):
    """Draft a listing from an AddListingForm under the directory and queue it for approval."""
    directory = DirectoryIndexPage.objects.get()
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
    _workflow_for(listing).start(listing, user=None)
    transaction.on_commit(
        lambda: _email(
            data["contact_email"],
            "received",
            {"name": data["contact_name"], "title": listing.title, "page": form_page(request)},
        )
    )
    return listing


def form_page(request):
    """The "Add your group" page the request came through, for its next-steps text."""
    return getattr(request, "routable_page", None) or getattr(request, "wagtail_page", None)


def public_values(listing):
    """What the public sees of a listing's changeable fields, for the suggestion form."""
    from moderation.models.suggestion import CHANGEABLE_FIELDS

    view = public_view(listing)
    return {
        name: getattr(view, name, None) or "" for name in CHANGEABLE_FIELDS if name != "title"
    } | {"title": listing.title}


@transaction.atomic
def submit_suggestion(listing, kind, form, **fields):
    """Store a resident's suggestion as a draft and queue it for approval."""
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
    _workflow_for(suggestion).start(suggestion, user=None)
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
            listing.unpublish(user=user, log_action=True)
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


def tell_submitter_live(listing, request=None):
    """Email the person who submitted a listing that it is now live, once."""
    submission = ListingSubmission.objects.filter(listing=listing, told_live_at=None).first()
    if submission is None:
        return
    ListingSubmission.objects.filter(pk=submission.pk).update(told_live_at=timezone.now())
    url = listing.get_full_url(request=request) or ""
    transaction.on_commit(
        lambda: _email(submission.email, "live", {"submission": submission, "url": url})
    )
