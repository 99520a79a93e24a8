"""Bulk loads skip per-save index updates and rebuild the indexes once at the end."""

from contextlib import contextmanager

from django.core.management import call_command
from django.db.models.signals import post_save
from wagtail.search.index import get_indexed_models
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def search_index_paused():
    """Skip search indexing on every save; the caller indexes everything once afterwards.

    The signal handlers are disconnected for the whole process, so a save in another thread
    meanwhile is not indexed until its next save: for bulk work, not for every request.
    """
    paused = [
        model
        for model in get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        yield
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)


@contextmanager
def index_updates_paused():
    """Skip search and reference index updates on every save, for a bulk load."""
    with disable_reference_index_auto_update(), search_index_paused():
        yield


def rebuild_indexes():
    """Rebuild the search and reference indexes from scratch, after a bulk load."""
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)


def update_indexes(pages):
    """Index these saved pages (search and references) once, after index_updates_paused().

    The references are read from the pages as given, with the child relations they hold in
    memory; the search index reads each page afresh.
    """
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backends

    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    for model, ids in by_model.items():
        indexed = list(model.get_indexed_objects().filter(pk__in=ids))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, indexed)
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
