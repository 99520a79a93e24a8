"""An activity's regular sessions: the structured form of its schedule."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, DateField, Q, Value, When
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from directory import schedule
from directory.schedule import EVERY_WEEK, LAST_WEEK, WEEKDAYS


class SessionQuerySet(models.QuerySet):
    """Sessions, with the ones that fall within a span of days."""

    def between(self, first_day, last_day):
        """Sessions happening from first_day to last_day (at most a week), with their date.

        Worked out in the database so a page of them can be read without loading them all.
        """
        days = [
            first_day + datetime.timedelta(days=n) for n in range((last_day - first_day).days + 1)
        ]
        if len(days) > 7:
            raise ValueError("A span of at most seven days has one date per weekday.")
        happens = Q(pk__in=[])
        for day in days:
            happens |= Q(weekday=day.weekday(), week_of_month__in=schedule.weeks_matching(day))
        return self.filter(happens).annotate(
            date=Case(
                *[When(weekday=day.weekday(), then=Value(day)) for day in days],
                output_field=DateField(),
            )
        )


class ActivitySession(Orderable):
    """One regular session of an activity, e.g. every Thursday 12:00–14:30."""

    WEEK_CHOICES = [
        (EVERY_WEEK, "Every week"),
        (1, "First of the month"),
        (2, "Second of the month"),
        (3, "Third of the month"),
        (4, "Fourth of the month"),
        (LAST_WEEK, "Last of the month"),
    ]

    page = ParentalKey("directory.ActivityPage", related_name="sessions", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(
        choices=[(n, name.capitalize()) for n, name in enumerate(WEEKDAYS)]
    )
    week_of_month = models.SmallIntegerField(
        "which weeks", choices=WEEK_CHOICES, default=EVERY_WEEK
    )
    starts_at = models.TimeField("starts")
    ends_at = models.TimeField("ends")
    note = models.CharField(
        max_length=80, blank=True, help_text="Shown with the time, e.g. “term time” or “online”."
    )

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("week_of_month")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        indexes = [models.Index(fields=["weekday", "week_of_month"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.describe()} {self.times}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A session must end after it starts."})

    def describe(self):
        return schedule.describe(self)

    @property
    def times(self):
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def next_date(self, today):
        """The next date, from today on, that this session happens."""
        return schedule.first_on_or_after(self, today)
