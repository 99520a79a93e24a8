"""Template tags for stories."""

from django import template

from directory.visibility import public_views

register = template.Library()


@register.simple_tag(takes_context=True)
def public_listing(context, listing):
    """What the public may see of a chosen listing, or None (hidden, draft or deleted)."""
    views = public_views([listing] if listing else [], context.get("request"))
    return views[0] if views else None
