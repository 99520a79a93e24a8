from django.apps import AppConfig


class LocalCommonsConfig(AppConfig):
    """The site package: settings, home page and shared pieces."""

    name = "localcommons"
    verbose_name = "Local Commons"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.urls import register_converter
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from localcommons.cache import invalidate, invalidate_for_pages
        from localcommons.ids import IdConverter
        from localcommons.page_signals import connect_for_page_models

        # `<id:name>` in URL patterns, registered before any app's URLs are read.
        register_converter(IdConverter, "id")

        # What the public sees changes when a page is published, unpublished or moved, and
        # on any save of a page too but a draft's (code and imports may change live pages
        # without publishing, and a renamed parent changes its children's URLs), when a page
        # is deleted (post_delete comes for each of its descendants), when a view
        # restriction is added, changed or removed, and when a site's host or root changes
        # the links built from it.
        page_published.connect(invalidate, dispatch_uid="cache-published")
        page_unpublished.connect(invalidate, dispatch_uid="cache-unpublished")
        post_page_move.connect(invalidate, dispatch_uid="cache-moved")
        post_save.connect(invalidate_for_pages, dispatch_uid="cache-page-saved")
        connect_for_page_models(post_delete, invalidate_for_pages, "cache-page-deleted")
        for model in (PageViewRestriction, Site):
            for signal in (post_save, post_delete):
                uid = f"cache-{model.__name__}-{id(signal)}"
                signal.connect(invalidate, sender=model, dispatch_uid=uid)
