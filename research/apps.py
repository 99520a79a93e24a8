from django.apps import AppConfig


class ResearchConfig(AppConfig):
    """Workshops, ideas and the conversations under stories, projects, ideas and workshops."""

    name = "research"
    verbose_name = "Research and conversations"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from research import signals  # noqa: F401 (connects the receivers)
        from research.conversations.moderation import register_moderation
        from research.models import ResearchIndexPage
        from research.roles import grant_for_new_research_page, grant_research_permissions

        register_moderation()
        # After every app's migrations, so the roles and the library's models exist.
        post_migrate.connect(grant_research_permissions, sender=self, dispatch_uid="research-roles")
        post_save.connect(
            grant_for_new_research_page,
            sender=ResearchIndexPage,
            dispatch_uid="research-section-roles",
        )
