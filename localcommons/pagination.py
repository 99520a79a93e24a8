"""Pagination for the public index pages, keeping their filters in the links."""

from django.core.paginator import Paginator
from django.http import QueryDict

from localcommons.cache import cached


def query_without(request, *names, params=None):
    """The request's query string (or the given params') without the given parameters."""
    params = (request.GET if params is None else params).copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def own_params(request, names):
    """The query parameters a page reads (names, in that order) and nothing else.

    A page cached by its query string is keyed on these, so that tracking parameters
    (utm_*, fbclid) neither add cache entries nor end up in links on the page.
    """
    params = QueryDict(mutable=True)
    for name in names:
        if values := request.GET.getlist(name):
            params.setlist(name, values)
    return params


def paginate(request, items, per_page):
    """The page of items that ?page= asks for (the nearest one if out of range)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def paginate_cached(request, items, per_page, cache_as, fetch=None):
    """The page ?page= asks for, and its items in order, with the ordered ids cached.

    Counting and sorting every match is the part of an index page that grows with the
    data, so the matches' ids are kept (cache_as: a name and params) until published content
    changes, and a request reads only its page's items. They are read through the same
    query (or fetch(page_ids), which must apply the same rules), so ids cached a moment
    before a change can only leave an item out, never show one the public may not see.
    """
    return paginate_ids(
        request,
        lambda: list(items.values_list("pk", flat=True)),
        per_page,
        cache_as,
        fetch or (lambda page_ids: items.filter(pk__in=page_ids)),
    )


def paginate_ids(request, matching_ids, per_page, cache_as, fetch):
    """paginate_cached() for matches that are not a queryset, such as search results.

    matching_ids() lists the matches' ids in order (cached under cache_as) and
    fetch(page_ids) reads the page's items under the same rules.
    """
    name, params = cache_as
    ids = cached(name, params, matching_ids)
    page_obj = paginate(request, ids, per_page)
    page_ids = list(page_obj.object_list)
    by_id = {item.pk: item for item in fetch(page_ids)}
    return page_obj, [by_id[pk] for pk in page_ids if pk in by_id]
