"""The public pages of the mapping app: map, network, opportunities and area reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
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


class OpportunitiesPage(Page):
    """Opportunities at /opportunities/: needs, who nearby could meet them, and the gaps."""

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = []
    max_count = 1
    page_size = 20

    class Meta:
        verbose_name = "opportunities page"

    def get_context(self, request, *args, **kwargs):
        from mapping.opportunities.page import opportunities_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(opportunities_page_context(self, request))
        return context


class ReportsPage(RoutablePageMixin, Page):
    """Area reports at /reports/: the whole neighbourhood's profile, then each area's.

    /reports/ profiles the whole neighbourhood and lists the areas; /reports/<area>/ profiles
    one. Each table downloads as CSV at csv/<table>/ under its report.
    """

    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["localcommons.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "area reports page"

    def get_context(self, request, *args, **kwargs):
        from mapping.reports.page import areas_with_reports

        context = super().get_context(request, *args, **kwargs)
        context["areas"] = areas_with_reports()
        return context

    @path("")
    def neighbourhood_report(self, request):
        from mapping.reports.page import report_context

        return self.render(request, context_overrides=report_context(self, None))

    @path("<slug:area>/")
    def area_report(self, request, area):
        from mapping.reports.page import report_context

        return self.render(
            request,
            context_overrides=report_context(self, area),
            template="mapping/area_report.html",
        )

    @path("csv/<slug:table>/")
    def neighbourhood_table_csv(self, request, table):
        from mapping.reports.page import table_csv_response

        return table_csv_response(None, table)

    @path("<slug:area>/csv/<slug:table>/")
    def area_table_csv(self, request, area, table):
        from mapping.reports.page import table_csv_response

        return table_csv_response(area, table)
