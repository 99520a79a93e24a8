"""Bulk loads skip per-save index updates and rebuild the indexes once at the end."""

from contextlib import contextmanager

from django.core.management import call_command
from django.db.models.signals import post_save
from wagtail.search.index import get_indexed_models
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def search_index_paused():
    """Skip search indexing on every save; the caller indexes everything once afterwards."""
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
