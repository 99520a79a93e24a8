"""Posting a comment, and the reply form: guarded before the library sees the request."""

from django.apps import apps
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from django_comments import get_form
from django_comments.views.comments import post_comment as library_post_comment

from localcommons.ids import as_id
from localcommons.public_forms import RATE_LIMIT_SCOPE
from localcommons.ratelimit import allow, too_many_requests
from research.conversations.threads import COMMENTABLE, is_commentable, replyable

NOT_COMMENTABLE = "Comments can only be added to published stories, projects, ideas and workshops."


def target_of(data):
    """The page a posted comment is for, if it may have comments; else None."""
    label = data.get("content_type", "")
    app_label, _, model_name = label.partition(".")
    if (app_label, model_name) not in COMMENTABLE:
        return None
    model = apps.get_model(app_label, model_name)
    pk = as_id(data.get("object_pk", ""))
    if pk is None:
        return None
    page = model.objects.filter(pk=pk).first()
    return page if page is not None and is_commentable(page) else None


def sent_url(page):
    return f"{page.url}?comment=sent#conversation"


@require_POST
def post_comment(request):
    """Rate limit, check the page, answer a bot as if it worked, then let the library post."""
    if not allow(request, RATE_LIMIT_SCOPE):
        return too_many_requests(request)
    page = target_of(request.POST)
    if page is None:
        return HttpResponseBadRequest(NOT_COMMENTABLE)
    if request.POST.get("honeypot"):
        return HttpResponseRedirect(sent_url(page))
    # "next" is always the page: never an address someone put in the form.
    request.POST = request.POST.copy()
    request.POST["next"] = sent_url(page)
    return library_post_comment(request, next=sent_url(page))


def reply(request, comment_id):
    """The form to reply to one published comment on a page the public may read."""
    model = apps.get_model("django_comments_xtd", "XtdComment")
    comment = get_object_or_404(model, pk=comment_id, is_public=True, is_removed=False)
    page = comment.content_object
    if page is None or not is_commentable(page) or not replyable(page).filter(pk=comment.pk):
        raise Http404("This comment cannot be replied to.")
    form = get_form()(page, comment=comment)
    context = {"comment": comment, "form": form, "page": page}
    return TemplateResponse(request, "research/conversations/reply.html", context)
