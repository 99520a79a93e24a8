"""Pagination for the public index pages, keeping their filters in the links."""

from django.core.paginator import Paginator

from localcommons.cache import cached


def query_without(request, *names):
    """The request's query string without the given parameters."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def paginate(request, items, per_page):
    """The page of items that ?page= asks for (the nearest one if out of range)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def paginate_cached(request, items, per_page, cache_as, fetch=None):
    """The page ?page= asks for, and its items in order, with the ordered ids cached.

    Counting and sorting every match is the part of an index page that grows with the
    data, so the matches' ids are kept (cache_as: a name and params) until published content
    changes, and a request reads only its page's items: fetch(ids) if given, else by id.
    """
    name, params = cache_as
    ids = cached(name, params, lambda: list(items.values_list("pk", flat=True)))
    page_obj = paginate(request, ids, per_page)
    fetch = fetch or items.model._default_manager.filter
    found = {item.pk: item for item in fetch(pk__in=page_obj.object_list)}
    return page_obj, [found[pk] for pk in page_obj.object_list if pk in found]
