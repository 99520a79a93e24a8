from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Who and what is here: listings, connections, areas and the visibility rule."""

    name = "directory"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from directory.models import Area, RelationType, ResourceTag, TopicTag
        from localcommons.cache import invalidate

        # Renaming an area, a tag or a relation type changes every cached menu, map and
        # page fragment that names it.
        for model in (Area, TopicTag, ResourceTag, RelationType):
            for signal in (post_save, post_delete):
                signal.connect(
                    invalidate, sender=model, dispatch_uid=f"cache-{model.__name__}-{id(signal)}"
                )
