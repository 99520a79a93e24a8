"""The site's main navigation: the home page's children marked "show in menus"."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = site.root_page.get_children().live().public().in_menu() if site else []
    return {"items": items, "current_path": request.path if request else ""}
