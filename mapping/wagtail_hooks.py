"""Admin wiring for the maps: the demo's map page, a coverage panel, the Spreadsheets page."""

from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from directory.models import Listing
from localcommons.pages import only_live_page


@hooks.register("load_demo_data", order=4)
def load_demo_map():
    """Add the map page once the content it shows is loaded."""
    from directory.demo import LoadReport
    from mapping.demo import ensure_map_page
    from mapping.models import MapPage

    existed = MapPage.objects.exists()
    ensure_map_page()
    return "map page", LoadReport(created=int(not existed), kept=int(existed))


@hooks.register("load_demo_data", order=5)
def compute_demo_network():
    """Add the network, opportunities and reports pages, and compute the figures and matches."""
    from mapping.demo import ensure_network_page, ensure_opportunity_pages
    from mapping.network.build import rebuild

    ensure_network_page()
    ensure_opportunity_pages()
    snapshot = rebuild()
    return "network", f"{snapshot.node_count} listings, {snapshot.link_count} connections"


NEARBY_SHOWN = 6


@hooks.register("listing_page_relations")
def connections_within_two_steps(listing, request):
    """From the stored network: how many listings are one and two steps away, and who."""
    from directory.visibility import public_views
    from mapping.models import NetworkNeighbourhood, NetworkPage

    neighbourhood = NetworkNeighbourhood.objects.filter(listing=listing).first()
    if neighbourhood is None:
        return {}
    nearby = Listing.objects.filter(pk__in=neighbourhood.nearby_ids)
    by_id = {view.id: view for view in public_views(nearby, request)}
    named = [by_id[pk] for pk in neighbourhood.nearby_ids if pk in by_id][:NEARBY_SHOWN]
    return {
        "network_nearby": {
            "one_step": neighbourhood.one_step,
            "two_steps": neighbourhood.two_steps,
            "named": named,
            "network_page": only_live_page(NetworkPage, public=True),
        }
    }


@hooks.register("listing_page_relations")
def opportunities_for_listing(listing, request):
    """ "Who could help" with the listing's needs and "Who needs what you offer"."""
    from directory.visibility import DETAILED
    from mapping.models import OpportunitiesPage
    from mapping.opportunities.serve import who_could_help, who_needs

    if listing.visibility not in DETAILED:
        return {}
    return {
        "who_could_help": who_could_help(listing, request),
        "who_needs": who_needs(listing, request),
        "opportunities_page": only_live_page(OpportunitiesPage, public=True),
    }


class MapCoveragePanel(Component):
    """How many public listings are missing from the map, with a link to fix them."""

    name = "map_coverage"
    order = 150

    def render_html(self, parent_context=None):
        from mapping.map_page import unlocated_listings

        missing = unlocated_listings().count()
        public = Listing.objects.publicly_detailed().count()
        url = reverse("listings:index") + "?has_location=false"
        return format_html(
            '<section class="panel summary nice-padding" aria-labelledby="map-coverage-heading">'
            '<h2 id="map-coverage-heading">Map coverage</h2>'
            "<p>{} of {} public listings have no location, so they are not on the map "
            "(people are never on it). "
            '<a href="{}">List the listings without a location</a>.</p></section>',
            missing,
            public,
            url,
        )


@hooks.register("construct_homepage_panels")
def add_map_coverage_panel(request, panels):
    panels.append(MapCoveragePanel())


@hooks.register("register_admin_urls")
def spreadsheet_urls():
    from mapping.exchange import admin_views, import_views

    return [
        path("spreadsheets/", admin_views.spreadsheets, name="spreadsheets"),
        path("spreadsheets/import/", import_views.upload, name="spreadsheets_import"),
        path(
            "spreadsheets/import/<id:pk>/",
            import_views.preview,
            name="spreadsheets_import_preview",
        ),
        path(
            "spreadsheets/<str:scope>/<str:file_format>/",
            admin_views.download,
            name="spreadsheets_download",
        ),
    ]


@hooks.register("register_permissions")
def spreadsheet_permissions():
    """The import and export permissions, in the admin's group editor."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="mapping",
        codename__in=["import_spreadsheets", "export_spreadsheets"],
    )


class SpreadsheetsMenuItem(MenuItem):
    """Shown to mapping advisers (the export permission): the downloads hold every listing."""

    def is_shown(self, request):
        from mapping.exchange.admin_views import can_export_everything

        return can_export_everything(request.user)


@hooks.register("register_admin_menu_item")
def spreadsheets_menu_item():
    return SpreadsheetsMenuItem(
        "Spreadsheets", reverse("spreadsheets"), icon_name="table", order=900
    )
