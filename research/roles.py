"""What each role may do with the research: set up after migrating, idempotently.

The roles themselves are moderation's (moderation.roles); the research adds its page
section and its models' permissions to them, for groups that exist.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from moderation.roles import DRAFTS, MODERATORS

# Who drafts workshops and ideas, under the research page.
RESEARCH_PAGES = {"Local researcher": DRAFTS, "Workshop facilitator": DRAFTS}
# Model permissions, by role.
RESEARCH_PERMISSIONS = {
    MODERATORS: (
        "django_comments_xtd.view_xtdcomment",
        "django_comments_xtd.change_xtdcomment",
        "django_comments_xtd.delete_xtdcomment",
        "research.view_ideasupport",
        "research.view_ideasubmission",
    ),
    "Workshop facilitator": ("django_comments_xtd.view_xtdcomment",),
    "Community organiser": ("research.view_ideasupport",),
}


def grant_research_permissions(**_signal_kwargs):
    """Give the roles the research's model permissions and, once it exists, its pages."""
    groups = {g.name: g for g in Group.objects.filter(name__in=_role_names())}
    for name, dotted in RESEARCH_PERMISSIONS.items():
        if name in groups:
            groups[name].permissions.add(*(_permission(p) for p in dotted))
    from research.models import ResearchIndexPage

    for page in ResearchIndexPage.objects.all():
        grant_research_pages(page, groups)


def grant_research_pages(page, groups=None):
    """Let researchers and workshop facilitators draft pages under this research page."""
    from wagtail.models import GroupPagePermission

    groups = groups or {g.name: g for g in Group.objects.filter(name__in=_role_names())}
    for name, codenames in RESEARCH_PAGES.items():
        if name in groups:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page=page,
                    permission=_permission(f"wagtailcore.{codename}"),
                )


def grant_for_new_research_page(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_research_pages(instance)


def _role_names():
    return {*RESEARCH_PAGES, *RESEARCH_PERMISSIONS}


def _permission(dotted):
    app_label, codename = dotted.split(".")
    if app_label == "wagtailcore":
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    # Made here if missing: post_migrate reaches this app before the library's content types.
    content_type = ContentType.objects.get_for_model(
        apps.get_model(app_label, codename.split("_", 1)[1])
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission
