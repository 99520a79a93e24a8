"""The five roles as Wagtail groups, and the approval workflow every page and suggestion uses."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from moderation.roles import ensure_roles

# Wagtail's starter groups and workflow, replaced by the roles and their workflow.
STARTER_GROUPS = ("Moderators", "Editors")
STARTER_WORKFLOW = "Moderators approval"


def create_roles(apps, schema_editor):
    # On a fresh database Django adds model permissions only after every migration has run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=STARTER_GROUPS, user__isnull=True).delete()
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(
        name=STARTER_WORKFLOW, workflow_pages__isnull=True, workflow_content_types__isnull=True
    ).filter(workflow_states__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("directory", "0005_person_consent"),
        ("stories", "0005_whats_on"),
        ("mapping", "0006_spreadsheet_permissions"),
        ("localcommons", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
