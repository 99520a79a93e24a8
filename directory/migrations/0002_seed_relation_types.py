"""Seed the controlled list of relation types used by the community mapping process."""

from django.db import migrations

RELATION_TYPES = [
    ("member of", "has member", "directed"),
    ("runs", "is run by", "directed"),
    ("meets at", "hosts", "directed"),
    ("partners with", "partners with", "mutual"),
    ("funds", "is funded by", "directed"),
    ("volunteers with", "has volunteer", "directed"),
    ("supports", "is supported by", "directed"),
    ("refers to", "takes referrals from", "directed"),
    ("uses", "is used by", "directed"),
]


def seed(apps, schema_editor):
    RelationType = apps.get_model("directory", "RelationType")
    for name, reverse_name, direction in RELATION_TYPES:
        RelationType.objects.get_or_create(
            name=name, defaults={"reverse_name": reverse_name, "direction": direction}
        )


def unseed(apps, schema_editor):
    RelationType = apps.get_model("directory", "RelationType")
    RelationType.objects.filter(name__in=[name for name, _, _ in RELATION_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
