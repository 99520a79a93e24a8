"""Pagination for the public index pages, keeping their filters in the links."""

from django.core.paginator import Paginator


def query_without(request, *names):
    """The request's query string without the given parameters."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def paginate(request, items, per_page):
    """The page of items that ?page= asks for (the nearest one if out of range)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
