"""Typed connections between listings, edited inline on the source listing."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class Connection(Orderable):
    """A connection from one listing (the source) to another, of a relation type."""

    class Strength(models.IntegerChoices):
        """How close the connection is."""

        LIGHT = 1, "1 – light"
        REGULAR = 2, "2 – regular"
        STRONG = 3, "3 – strong"

    source = ParentalKey("directory.Listing", related_name="connections", on_delete=models.CASCADE)
    target = models.ForeignKey(
        "directory.Listing", related_name="incoming_connections", on_delete=models.CASCADE
    )
    relation_type = models.ForeignKey(
        "directory.RelationType", related_name="connections", on_delete=models.PROTECT
    )
    strength = models.PositiveSmallIntegerField(
        choices=Strength.choices,
        default=Strength.REGULAR,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    label = models.CharField(
        max_length=120, blank=True, help_text="A short note, e.g. “Main hall”."
    )
    description = models.TextField(blank=True)
    external_id = models.CharField(
        max_length=100, blank=True, help_text="Stable ID for spreadsheet round trips."
    )
    extra = models.JSONField(
        default=dict, blank=True, help_text="Spreadsheet columns with no field of their own."
    )

    panels = [
        FieldPanel("relation_type"),
        FieldPanel("target"),
        FieldPanel("strength"),
        FieldPanel("label"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "relation_type"], name="unique_connection"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.relation_type} {self.target}"

    def clean(self):
        super().clean()
        if self.source_id and self.target_id and self.source_id == self.target_id:
            raise ValidationError({"target": "A listing cannot be connected to itself."})
        if (
            self.target_id
            and self.relation_type_id
            and self.source_id
            and self.relation_type.is_mutual
        ):
            # A mutual connection recorded on the other listing is the same connection.
            reverse = Connection.objects.filter(
                source_id=self.target_id, target_id=self.source_id, relation_type=self.relation_type
            )
            if reverse.exists():
                message = f"{self.target} already records “{self.relation_type}” with this listing."
                raise ValidationError({"target": message})

    @staticmethod
    def check_set(source, connections):
        """Problems in one listing's list of connections, as (position, message) pairs.

        Used where connections are edited together (the admin's inline panel, imports),
        before the source has been saved with them.
        """
        problems, seen = [], set()
        for position, connection in enumerate(connections):
            if source.pk and connection.target_id == source.pk:
                problems.append((position, "A listing cannot be connected to itself."))
                continue
            key = (connection.target_id, connection.relation_type_id)
            if None not in key and key in seen:
                problems.append(
                    (position, "This connection is already listed above with the same type.")
                )
            seen.add(key)
        return problems
