from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Residents' stories and project pages."""

    name = "stories"
