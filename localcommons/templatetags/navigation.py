"""The site's main navigation: the home page's children marked "show in menus"."""

from django import template
from wagtail.models import Site

from localcommons.cache import cached

register = template.Library()


def menu_links(site, request):
    """(title, url) of the site's live public menu pages, in the tree's order."""
    pages = site.root_page.get_children().live().public().in_menu()
    return [(page.title, page.get_url(request)) for page in pages]


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    links = []
    if site:
        # Every public page shows the menu; it changes only when pages are published or moved.
        links = cached("main-menu", {"site": site.pk}, lambda: menu_links(site, request))
    return {"links": links, "current_path": request.path if request else ""}
