"""The kinds of listing editors create, each with its own fields."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from directory.models.listing import Listing, ListingAdminForm
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


class ConsentMethod(models.TextChoices):
    """How a person agreed to be listed."""

    SIGNED_FORM = "signed-form", "On a signed consent form"
    EMAIL = "email", "By email"
    IN_PERSON = "in-person", "In person, spoken"
    PHONE = "phone", "On the phone"
    WEBSITE = "website", "Through this website"


CONSENT_MISSING = "Record when and how this person agreed to be listed before publishing."
# The admin actions that publish a page, or ask a moderator to.
PUBLISHING_ACTIONS = (
    "action-publish",
    "action-submit",
    "action-restart-workflow",
    "action-workflow-action",
)


class PersonAdminForm(ListingAdminForm):
    """A person's edit form: publishing, or asking for approval, needs their consent recorded."""

    def clean(self):
        cleaned = super().clean()
        # A saved, live person is checked by the model's clean(); this covers the rest.
        publishing = any(action in self.data for action in PUBLISHING_ACTIONS)
        if self.data.get("workflow-action-name") == "reject":
            publishing = False  # a moderator may send it back without adding consent
        checked_by_model = self.instance.live and not self.instance._state.adding
        if publishing and not checked_by_model:
            for name in ("consent_date", "consent_method"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, CONSENT_MISSING)
        return cleaned


class PersonPage(Listing, InterestsMixin):  # noqa: DJ008 (Listing.__str__)
    """A local connector: someone others go to. Often network-only.

    A person is published only with their consent on record: when, and how it was given.
    """

    kind, kind_label, kind_plural, kind_order = "person", "Person", "People", 5

    consent_date = models.DateField("consent given on", null=True, blank=True)
    consent_method = models.CharField(
        "how consent was given", max_length=20, choices=ConsentMethod.choices, blank=True
    )
    kind_panels = [
        FieldPanel("interests"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("consent_date"), FieldPanel("consent_method")])],
            heading="Consent",
            help_text="A person is only published once they have agreed to be listed.",
        ),
    ]
    base_form_class = PersonAdminForm

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"

    @property
    def has_consent(self):
        return bool(self.consent_date and self.consent_method)

    def publish_problems(self):
        if self.has_consent:
            return {}
        return {"consent_date": CONSENT_MISSING, "consent_method": CONSENT_MISSING}

    def clean(self):
        super().clean()
        if self.consent_date and self.consent_date > timezone.localdate():
            raise ValidationError({"consent_date": "Consent cannot be given in the future."})
        # Publishing saves a saved page live, and saving cleans it. (A new, unsaved page is
        # live only by Page's default: the admin's form checks those on publishing.)
        if self.live and not self._state.adding and self.publish_problems():
            raise ValidationError(self.publish_problems())


class AssetPage(Listing):
    """Something that can be used or borrowed: a minibus, kitchen, garden, kit."""

    kind, kind_label, kind_plural, kind_order = "asset", "Asset", "Assets", 6

    class Meta:
        verbose_name = "asset"
