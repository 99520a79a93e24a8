from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """Who and what is here: listings, connections, areas and the visibility rule."""

    name = "directory"
