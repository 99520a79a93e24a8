"""The five roles of the community platform process, as Wagtail groups, and the approval workflow.

ensure_roles() is idempotent and takes an app registry, so the data migration and the running
site share it: the migration sets up what exists then, and each section page (directory,
stories, projects, the home page) gets its page permissions when it is created.
"""

from dataclasses import dataclass, field

from django.apps import apps as global_apps

WORKFLOW_NAME = "Communication facilitator approval"
MODERATORS = "Communication facilitator"

# Sections of the site: where page permissions are granted, by the page model that heads them.
SECTIONS = {
    "site": ("localcommons", "HomePage"),
    "directory": ("directory", "DirectoryIndexPage"),
    "stories": ("stories", "StoryIndexPage"),
    "projects": ("stories", "ProjectIndexPage"),
}
DRAFTS = ("add_page", "change_page")
EVERYTHING = (*DRAFTS, "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
CHOOSE_VOCABULARIES = ("directory.view_area", "directory.view_relationtype")


@dataclass(frozen=True)
class Role:
    """A group: what it may do to pages (by section) and which model permissions it holds."""

    name: str
    description: str
    pages: dict = field(default_factory=dict)
    permissions: tuple = ()


ROLES = [
    Role(
        "Local researcher",
        "Researches the neighbourhood: drafts listings and stories for approval.",
        pages={"directory": DRAFTS, "stories": DRAFTS},
        permissions=CHOOSE_VOCABULARIES,
    ),
    Role(
        "Workshop facilitator",
        "Runs workshops and conversations: drafts listings and stories for approval.",
        pages={"directory": DRAFTS, "stories": DRAFTS},
        permissions=CHOOSE_VOCABULARIES,
    ),
    Role(
        "Mapping adviser",
        "Keeps the map in shape: drafts listings and stories, manages relation types and "
        "areas, imports and exports spreadsheets.",
        pages={"directory": DRAFTS, "stories": DRAFTS},
        permissions=(
            *(
                f"directory.{action}_{model}"
                for action in ("add", "change", "delete", "view")
                for model in ("area", "relationtype")
            ),
            "mapping.import_spreadsheets",
            "mapping.export_spreadsheets",
        ),
    ),
    Role(
        "Community organiser",
        "Develops projects: drafts project pages and reads their offers of help.",
        pages={"projects": DRAFTS},
        permissions=(
            *CHOOSE_VOCABULARIES,
            "stories.view_getinvolvedresponse",
            "stories.delete_getinvolvedresponse",
        ),
    ),
    Role(
        MODERATORS,
        "Moderates: approves submissions and suggestions, and publishes everything.",
        pages={"site": EVERYTHING},
        permissions=(
            *CHOOSE_VOCABULARIES,
            "moderation.view_suggestion",
            "moderation.change_suggestion",
            "moderation.delete_suggestion",
            "moderation.publish_suggestion",
            "moderation.lock_suggestion",
            "moderation.unlock_suggestion",
            "moderation.view_listingsubmission",
            "stories.view_getinvolvedresponse",
        ),
    ),
]
# Everyone with a role uses the admin and adds photos to the pages they edit.
SHARED_PERMISSIONS = ("wagtailadmin.access_admin",)
SHARED_COLLECTION_PERMISSIONS = ("wagtailimages.add_image", "wagtailimages.choose_image")


def _permission(apps, dotted):
    app_label, codename = dotted.split(".")
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label=app_label, codename=codename
    )


def _page_permission(apps, codename):
    return _permission(apps, f"wagtailcore.{codename}")


def _suggestion_permissions(apps):
    """Wagtail adds a snippet's publish, lock and unlock permissions after migrating; we need
    them while migrating."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type = ContentType.objects.get_for_model(apps.get_model("moderation", "Suggestion"))
    for action in ("publish", "lock", "unlock"):
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_suggestion",
            defaults={"name": f"Can {action} suggestion"},
        )


def ensure_roles(apps=global_apps):
    """Create the groups, their permissions and the approval workflow; add what is missing."""
    _suggestion_permissions(apps)
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.add(
            *(_permission(apps, p) for p in (*SHARED_PERMISSIONS, *role.permissions))
        )
        if root_collection is not None:
            for dotted in SHARED_COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(apps, dotted)
                )
    for section, model in SECTIONS.items():
        page = apps.get_model(*model).objects.order_by("path").first()
        if page is not None:  # otherwise granted when the section's page is created
            grant_section(page, apps, section)
    ensure_workflow(apps)


def grant_section(page, apps=global_apps, section=None):
    """Give the roles their permissions on a section page; groups an administrator removed
    stay removed."""
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    section = section or next(
        name
        for name, model in SECTIONS.items()
        if (page._meta.app_label, type(page).__name__) == model
    )
    groups = {
        group.name: group
        for group in apps.get_model("auth", "Group").objects.filter(
            name__in=[role.name for role in ROLES]
        )
    }
    for role in ROLES:
        if role.name in groups:
            for codename in role.pages.get(section, ()):
                GroupPagePermission.objects.get_or_create(
                    group=groups[role.name],
                    page_id=page.pk,
                    permission=_page_permission(apps, codename),
                )


def ensure_workflow(apps=global_apps):
    """The approval workflow, run by communication facilitators, on every page and suggestion."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModerationTask = apps.get_model("moderation", "ModerationTask")
    Page = apps.get_model("wagtailcore", "Page")

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        task = ModerationTask.objects.create(
            name="Approval by a communication facilitator",
            content_type=ContentType.objects.get_for_model(ModerationTask),
        )
        task.groups.add(Group.objects.get(name=MODERATORS))
        WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=0)
    # The whole tree (from Wagtail's root) goes through it, and so do suggestions.
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page_id=root.pk, defaults={"workflow": workflow})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(apps.get_model("moderation", "Suggestion")),
        defaults={"workflow": workflow},
    )
