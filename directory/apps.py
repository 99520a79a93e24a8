from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Who and what is here: listings, connections, areas and the visibility rule."""

    name = "directory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import post_page_move

        from directory.models import Area, RelationType, ResourceTag, TopicTag
        from directory.querysets import forget_restricted_paths
        from localcommons.cache import invalidate

        # The visibility rule reads restricted paths from the cache: drop them when a
        # restriction is added, changed or removed, or a page (and its subtree) moves.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_restricted_paths,
                sender=PageViewRestriction,
                dispatch_uid=f"directory-restrictions-{id(signal)}",
            )
        post_page_move.connect(forget_restricted_paths, dispatch_uid="directory-page-moved")

        # Renaming an area, a tag or a relation type changes every cached menu, map and
        # page fragment that names it.
        for model in (Area, TopicTag, ResourceTag, RelationType):
            for signal in (post_save, post_delete):
                signal.connect(
                    invalidate, sender=model, dispatch_uid=f"cache-{model.__name__}-{id(signal)}"
                )
