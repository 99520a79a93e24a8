"""Seed the controlled list of relation types used by the community mapping process."""

from django.db import migrations

from directory.vocabulary import DEFAULT_RELATION_TYPES, ensure_relation_types


def seed(apps, schema_editor):
    ensure_relation_types(apps.get_model("directory", "RelationType"))


def unseed(apps, schema_editor):
    RelationType = apps.get_model("directory", "RelationType")
    RelationType.objects.filter(name__in=[name for name, _, _ in DEFAULT_RELATION_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
