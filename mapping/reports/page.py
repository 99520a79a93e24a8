"""The reports pages: the whole neighbourhood and each area, and their tables as CSV."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.urls import reverse

from directory.models import Area, Listing
from localcommons.cache import cached
from mapping.reports.profile import build_report

NEIGHBOURHOOD_TITLE = "The whole neighbourhood"


def areas_with_reports():
    """Every area with a report (a slug to link to), and its number of public listings."""
    detailed = Listing.objects.publicly_detailed().values("pk")
    return (
        Area.objects.exclude(slug="")
        .annotate(listing_count=Count("listings", filter=Q(listings__in=detailed)))
        .order_by("name")
    )


def report_for(area_slug):
    """The Report for an area's slug, or the whole neighbourhood's for None.

    Cached until the next publish; an unknown area is a 404.
    """
    if area_slug is None:
        area, title = None, NEIGHBOURHOOD_TITLE
    else:
        area = Area.objects.filter(slug=area_slug).first()
        if area is None:
            raise Http404("No such area.")
        title = area.name
    return cached("mapping:report", {"area": area_slug or ""}, lambda: build_report(area, title))


def report_context(page, area_slug):
    """What a report's template needs: the report, its map's data URL, its CSV links."""
    report = report_for(area_slug)
    query = f"?{urlencode({'area': area_slug})}" if area_slug else ""
    report_url = page.url + (
        page.reverse_subpage("area_report", args=[area_slug]) if area_slug else ""
    )
    return {
        "report": report,
        "tables": report.tables,
        "geojson_url": reverse("map_geojson") + query,
        "csv_base": f"{report_url}csv/",
    }


def table_csv_response(area_slug, table_slug):
    """One table of a report as a CSV download."""
    table = report_for(area_slug).tables.get(table_slug)
    if table is None:
        raise Http404("No such table in this report.")
    response = HttpResponse(table.csv_text(), content_type="text/csv; charset=utf-8")
    name = area_slug or "neighbourhood"
    response["Content-Disposition"] = f'attachment; filename="{name}-{table_slug}.csv"'
    return response
