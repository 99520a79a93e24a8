"""The public map page."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from directory.models.location import LocatedMixin
from localcommons.geo_widget import LocalLeafletPanel


class MapPage(LocatedMixin, Page):
    """The map at /map/: public listings and stories as markers, and the same as a list.

    Its location is where the map starts, at its starting zoom.
    """

    intro = models.TextField(blank=True)
    zoom = models.PositiveSmallIntegerField(
        "starting zoom",
        default=settings.MAP_DEFAULT_ZOOM,
        validators=[MinValueValidator(3), MaxValueValidator(19)],
        help_text="3 shows a continent, 13 a borough, 16 a few streets.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [LocalLeafletPanel("location", zoom_field="zoom"), FieldPanel("zoom")],
            heading="Where the map starts",
        ),
    ]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = []
    max_count = 1
    page_size = 50

    class Meta:
        verbose_name = "map page"

    def get_context(self, request, *args, **kwargs):
        from mapping.map_page import map_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(map_page_context(self, request))
        return context

    @property
    def centre(self):
        """(lat, lng) where the map starts: the page's location or the site's default."""
        if self.has_location:
            return self.latitude, self.longitude
        return settings.MAP_DEFAULT_CENTRE["lat"], settings.MAP_DEFAULT_CENTRE["lng"]


class NetworkSnapshot(models.Model):
    """The network's structure and figures as computed at one moment (see mapping.network)."""

    started_at = models.DateTimeField(db_index=True)
    computed_at = models.DateTimeField(auto_now_add=True)
    duration_ms = models.PositiveIntegerField()
    node_count = models.PositiveIntegerField()
    link_count = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        get_latest_by = "started_at"

    def __str__(self):
        return f"Network of {self.node_count} listings, {self.computed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def current(cls):
        """The latest snapshot, or None before the first computation."""
        return cls.objects.order_by("-started_at").first()


class NetworkPage(Page):
    """The network at /network/: who is connected, the connectors, clusters and isolates."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = []
    max_count = 1
    page_size = 50

    class Meta:
        verbose_name = "network page"

    def get_context(self, request, *args, **kwargs):
        from mapping.network_page import network_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(network_page_context(self, request))
        return context


class NetworkNeighbourhood(models.Model):
    """A listing's connections within two steps, from the latest network computation."""

    listing = models.OneToOneField(
        "directory.Listing",
        primary_key=True,
        related_name="network_neighbourhood",
        on_delete=models.CASCADE,
    )
    one_step = models.PositiveIntegerField()
    two_steps = models.PositiveIntegerField(help_text="Listings exactly two steps away.")
    # The best-connected listings within two steps, most connected first.
    nearby_ids = models.JSONField(default=list)

    def __str__(self):
        return f"{self.listing_id}: {self.one_step} + {self.two_steps}"


class SpreadsheetImport(models.Model):
    """A workbook uploaded in the admin: previewed, then imported once an editor confirms."""

    class Status(models.TextChoices):
        """Where the upload is."""

        PREVIEWED = "previewed", "Previewed, not imported"
        IMPORTED = "imported", "Imported"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    # ImportOptions as a dict: type_map, default_relation, create_missing_relation_types,
    # publish.
    options = models.JSONField(default=dict)
    summary = models.TextField(blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("import_spreadsheets", "Can import spreadsheets of listings"),
            ("export_spreadsheets", "Can download spreadsheets of every listing"),
        ]

    def __str__(self):
        names = ", ".join(file.name for file in self.files.all())
        return f"{names or 'Spreadsheet'} ({self.get_status_display().lower()})"


class SpreadsheetImportFile(models.Model):
    """One uploaded file of an import, kept only until it is imported or abandoned."""

    spreadsheet_import = models.ForeignKey(
        SpreadsheetImport, on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name
