"""Sections other apps add to a page (a conversation, where a project came from), by hook.

A template says where they go with `{% page_sections page %}`; each app registers a
`page_sections` hook taking (page, request) and returning HTML, or "" to add nothing. The
page's own app does not need to know which apps take part.
"""

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, page):
    """Every page_sections hook's HTML for this page, in hook order."""
    request = context.get("request")
    parts = [render(page, request) for render in hooks.get_hooks("page_sections")]
    # Each hook renders its own template, which escapes what it shows.
    return mark_safe("".join(part for part in parts if part))  # noqa: S308
