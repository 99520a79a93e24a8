"""The "Suggest a change" and "Suggest a connection" pages for a listing."""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from directory.models import Listing
from directory.visibility import public_view
from localcommons.ids import as_id
from localcommons.public_forms import handle_public_form
from moderation.forms import SuggestChangeForm, SuggestConnectionForm
from moderation.models import SuggestionKind
from moderation.services import public_values, submit_suggestion


def _posted(request):
    return request.POST if request.method == "POST" else None


def _public_listing(listing_id):
    """The listing if the public may see it (live, not hidden, not restricted), else 404."""
    listing = Listing.objects.publicly_visible().filter(pk=listing_id).first()
    if listing is None:
        raise Http404("No such listing.")
    return listing.specific


def _render(request, listing, form, template, title):
    return TemplateResponse(
        request,
        f"moderation/{template}.html",
        {
            "listing": listing,
            "public": public_view(listing, request),
            "form": form,
            "page_title": title,
        },
    )


def suggest_change(request, listing_id):
    """A correction to a listing, or news that it has closed."""
    listing = _public_listing(listing_id)
    current = public_values(listing)
    form = SuggestChangeForm(_posted(request), current=current)
    thanks = reverse("suggestion_thanks", args=[listing.pk])

    def save(form):
        changes = form.changes()
        kind = SuggestionKind.CLOSED if form.cleaned_data["closed"] else SuggestionKind.CHANGE
        submit_suggestion(
            listing, kind, form, changes=changes if kind == SuggestionKind.CHANGE else {}
        )
        return redirect(thanks)

    return handle_public_form(
        request,
        form=form,
        on_valid=save,
        on_spam=lambda: redirect(thanks),
        render=lambda form: _render(
            request, listing, form, "suggest_change", f"Suggest a change to {listing.title}"
        ),
    )


def suggest_connection(request, listing_id):
    """This listing → another listing, with a relation type."""
    listing = _public_listing(listing_id)
    query = request.POST.get("q") or request.GET.get("q") or ""
    thanks = reverse("suggestion_thanks", args=[listing.pk])
    title = f"Suggest a connection for {listing.title}"
    if request.method == "POST" and "find" in request.POST:
        # "Search" inside the form: show the matches, keeping what was typed, unchecked.
        answers = {name: request.POST.get(name, "") for name in SuggestConnectionForm.KEPT}
        form = SuggestConnectionForm(initial=answers, listing=listing, query=query)
        return _render(request, listing, form, "suggest_connection", title)
    # An opportunity links here with the other listing chosen: ?with=<id>.
    chosen = as_id(request.GET.get("with", ""))
    initial = {"other_listing": chosen} if chosen is not None else {}
    form = SuggestConnectionForm(_posted(request), listing=listing, query=query, initial=initial)

    def save(form):
        submit_suggestion(
            listing,
            SuggestionKind.CONNECTION,
            form,
            relation_type=form.cleaned_data["relation_type"],
            other_listing=form.cleaned_data["other_listing"],
        )
        return redirect(thanks)

    return handle_public_form(
        request,
        form=form,
        on_valid=save,
        on_spam=lambda: redirect(thanks),
        render=lambda form: _render(request, listing, form, "suggest_connection", title),
    )


def suggestion_thanks(request, listing_id):
    """What happens to a suggestion now."""
    listing = _public_listing(listing_id)
    return TemplateResponse(
        request,
        "moderation/suggestion_thanks.html",
        {"listing": listing, "public": public_view(listing, request)},
    )
