"""The conversation under a page: its published comments, a notice, and the form."""

from django.template.loader import render_to_string
from django_comments import get_form

from research.conversations.threads import is_commentable, thread_for


def render_conversation(page, request):
    """The conversation's HTML, or "" for a page without one (or a draft or preview)."""
    if not is_commentable(page) or getattr(request, "is_preview", False):
        return ""
    context = {
        "page": page,
        "comments": thread_for(page),
        "form": get_form()(page),
        "sent": request.GET.get("comment") == "sent",
    }
    return render_to_string("research/conversations/conversation.html", context, request)
