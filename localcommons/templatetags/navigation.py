"""The site's navigation: the home page's children marked "show in menus", and, in the
footer, its information pages (the accessibility statement)."""

from django import template
from wagtail.models import Site

from localcommons.cache import cached

register = template.Library()


def site_links(site, request):
    """{"menu": [(title, url)], "footer": [(title, url)]} from one query, in tree order."""
    from localcommons.models import InformationPage

    pages = list(site.root_page.get_children().live().public())
    return {
        "menu": [(page.title, page.get_url(request)) for page in pages if page.show_in_menus],
        "footer": [
            (page.title, page.get_url(request))
            for page in pages
            if issubclass(page.specific_class, InformationPage)
        ],
    }


def cached_links(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if not site:
        return {"menu": [], "footer": []}
    # Every public page shows them; they change only when pages are published or moved.
    return cached("site-links", {"site": site.pk}, lambda: site_links(site, request))


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    return {
        "links": cached_links(context)["menu"],
        "current_path": request.path if request else "",
    }


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    return {"links": cached_links(context)["footer"]}
