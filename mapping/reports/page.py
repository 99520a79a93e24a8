"""The reports pages: the list of areas, one area's report, and its tables as CSV."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from directory.models import Area, Listing
from localcommons.cache import cached
from mapping.reports.profile import build_report

WHOLE_NEIGHBOURHOOD = "neighbourhood"


def reports_index_context(page, request):
    """Every area with its number of public listings, and the whole neighbourhood."""
    detailed = Listing.objects.publicly_detailed().values("pk")
    areas = Area.objects.annotate(
        listing_count=Count("listings", filter=Q(listings__in=detailed))
    ).order_by("name")
    return {"areas": areas, "whole_slug": WHOLE_NEIGHBOURHOOD}


def report_for(page, slug):
    """The Report for an area's slug (or the whole neighbourhood), cached until a publish."""
    if slug == WHOLE_NEIGHBOURHOOD:
        area, title = None, "The whole neighbourhood"
    else:
        area = Area.objects.filter(slug=slug).first()
        if area is None:
            raise Http404("No such area.")
        title = area.name
    return cached("mapping:report", {"area": slug}, lambda: build_report(area, slug, title))


def report_response(page, request, slug):
    """One area's report, printable, with each table's CSV link."""
    report = report_for(page, slug)
    map_query = urlencode({"area": slug}) if slug != WHOLE_NEIGHBOURHOOD else ""
    return TemplateResponse(
        request,
        "mapping/area_report.html",
        {
            "page": page,
            "self": page,
            "report": report,
            "tables": report.tables,
            "geojson_url": reverse("map_geojson") + (f"?{map_query}" if map_query else ""),
            "csv_base": page.url + page.reverse_subpage("area_report", args=[slug]),
        },
    )


def table_csv_response(page, request, slug, table_slug):
    """One table of a report as a CSV download."""
    report = report_for(page, slug)
    table = report.tables.get(table_slug)
    if table is None:
        raise Http404("No such table in this report.")
    response = HttpResponse(table.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{table_slug}.csv"'
    return response
