"""A location picked on a map, with numeric coordinates kept in step for queries."""

from django.core.exceptions import ValidationError
from django.db import models

from directory.geo import format_point, parse_point, validate_coordinates


class LocatedMixin(models.Model):
    """Adds the geo widget's location text and the latitude/longitude derived from it."""

    location = models.CharField(
        max_length=250,
        blank=True,
        help_text="Drag the pin, or type an address above; leave empty for online-only listings.",
    )
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Text that is not a location raises here, as clean() does: never half-saved.
        self.sync_coordinates()
        super().save(*args, **kwargs)

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def set_coordinates(self, lat, lng):
        """Set the location from numbers (imports and builders use this)."""
        self.location = "" if lat is None or lng is None else format_point(lat, lng)
        self.sync_coordinates()

    def sync_coordinates(self):
        """Keep latitude/longitude in step with the widget's location text."""
        point = parse_point(self.location)
        if point is None:
            self.location, self.latitude, self.longitude = "", None, None
        else:
            self.latitude, self.longitude = point
            self.location = format_point(*point)

    def clean(self):
        super().clean()
        try:
            self.sync_coordinates()
            if self.has_location:
                validate_coordinates(self.latitude, self.longitude)
        except ValidationError as error:
            raise ValidationError({"location": error.messages}) from error
