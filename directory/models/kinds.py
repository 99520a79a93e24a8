"""The kinds of listing editors create, each with its own fields."""

from django.db import models
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from directory.models.listing import Listing
from directory.models.schedule import ActivitySession
from directory.schedule import parse_schedule


class InterestsMixin(models.Model):
    """What a group or person cares about, as free text."""

    interests = models.CharField(
        max_length=255, blank=True, help_text="What they care about, separated by commas."
    )

    class Meta:
        abstract = True

    @property
    def interest_list(self):
        return [item.strip() for item in self.interests.split(",") if item.strip()]


class OrganisationPage(Listing):
    """A charity, council service, business or other constituted body."""

    kind, kind_label, kind_plural, kind_order = "organisation", "Organisation", "Organisations", 1

    class Meta:
        verbose_name = "organisation"


class GroupPage(Listing, InterestsMixin):  # noqa: DJ008 (Listing.__str__)
    """An informal or small group of residents."""

    kind, kind_label, kind_plural, kind_order = "group", "Group", "Groups", 2
    kind_panels = [FieldPanel("interests")]

    class Meta:
        verbose_name = "group"


class PlacePage(Listing):
    """A building or space people meet in: a hall, café, library, park."""

    kind, kind_label, kind_plural, kind_order = "place", "Place", "Places", 3

    opening_times = models.TextField(blank=True, help_text="One line per day or period.")
    accessibility = models.TextField(
        blank=True, help_text="Step-free access, toilets, hearing loops, quiet spaces."
    )
    kind_panels = [
        MultiFieldPanel(
            [FieldPanel("opening_times"), FieldPanel("accessibility")], heading="Visiting"
        )
    ]

    class Meta:
        verbose_name = "place"


class ActivityPage(Listing):
    """Something that happens regularly: a club, class, session or drop-in."""

    kind, kind_label, kind_plural, kind_order = "activity", "Activity", "Activities", 4

    schedule = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "When it happens, in words, e.g. “Thursdays 12:00–14:30”. Shown when no sessions "
            "are entered below."
        ),
    )
    kind_panels = [
        MultiFieldPanel(
            [
                FieldPanel("schedule"),
                InlinePanel(
                    "sessions",
                    label="Session",
                    help_text="Regular times for What's on and calendars.",
                ),
            ],
            heading="When",
        )
    ]

    class Meta:
        verbose_name = "activity"
        verbose_name_plural = "activities"

    def set_sessions_from_schedule(self):
        """Fill the sessions from the schedule text, if it can be read; True if it could."""
        rules = parse_schedule(self.schedule)
        if rules is None:
            return False
        self.sessions = [ActivitySession(**vars(rule)) for rule in rules]
        return True

    def next_session(self, today):
        """The next (date, session) from today on, or None without sessions."""
        upcoming = [(session.next_date(today), session) for session in self.sessions.all()]
        return min(upcoming, key=lambda pair: (pair[0], pair[1].starts_at), default=None)


class PersonPage(Listing, InterestsMixin):  # noqa: DJ008 (Listing.__str__)
    """A local connector: someone others go to. Often network-only."""

    kind, kind_label, kind_plural, kind_order = "person", "Person", "People", 5
    kind_panels = [FieldPanel("interests")]

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"


class AssetPage(Listing):
    """Something that can be used or borrowed: a minibus, kitchen, garden, kit."""

    kind, kind_label, kind_plural, kind_order = "asset", "Asset", "Assets", 6

    class Meta:
        verbose_name = "asset"
