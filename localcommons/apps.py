from django.apps import AppConfig


class LocalCommonsConfig(AppConfig):
    """The site package: settings, home page and shared pieces."""

    name = "localcommons"
    verbose_name = "Local Commons"
