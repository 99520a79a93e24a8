"""Finding the site's one page of a type."""


def only_live_page(model, public=False):
    """The live page of a type the site has at most one of (max_count = 1), or None.

    With public, not one behind a login or password. Ordered by id rather than by tree
    path as Wagtail orders pages: with one page either order finds it, and ordering by path
    makes SQLite walk every page of the tree (the listings among them) to find a page
    that sits after them.
    """
    pages = model.objects.live()
    if public:
        pages = pages.public()
    return pages.order_by("pk").first()
