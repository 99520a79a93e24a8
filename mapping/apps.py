from django.apps import AppConfig


class MappingConfig(AppConfig):
    """Where and how connected: maps, the network, spreadsheets, reports."""

    name = "mapping"

    def ready(self):
        from mapping import signals

        signals.connect()
