from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Public submissions and suggestions, the approval workflow they wait in, and the roles."""

    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from moderation import signals  # noqa: F401 (connects the receivers)
