"""The admin's Spreadsheets page: download the directory as editors see it, or as the public."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from directory.models import DirectoryIndexPage
from mapping.exchange.files import XLSX_TYPE, csv_zip_bytes, xlsx_bytes
from mapping.exchange.hsds import hsds_zip_bytes
from mapping.exchange.kumu import build_workbook

# format: (bytes of the export, for the public or not), content type, file extension)
DOWNLOADS = {
    "xlsx": (lambda public: xlsx_bytes(build_workbook(public)), XLSX_TYPE, "xlsx"),
    "csv": (lambda public: csv_zip_bytes(build_workbook(public)), "application/zip", "csv.zip"),
    "hsds": (hsds_zip_bytes, "application/zip", "hsds.zip"),
}


def can_export_everything(user):
    """Those given the export permission (mapping advisers) who may also edit the directory:
    the downloads hold every listing, hidden ones and private details included."""
    if not user.has_perm("mapping.export_spreadsheets"):
        return False
    directory = DirectoryIndexPage.objects.first()
    return directory is not None and directory.permissions_for_user(user).can_edit()


def spreadsheets(request):
    """The downloads, with what each holds."""
    if not can_export_everything(request.user):
        raise PermissionDenied
    from mapping.exchange.import_views import can_import
    from mapping.models import SpreadsheetImport

    imports = SpreadsheetImport.objects.filter(status=SpreadsheetImport.Status.IMPORTED)
    context = {
        "formats": list(DOWNLOADS),
        "page_title": "Spreadsheets",
        "header_icon": "table",
        "can_import": can_import(request.user),
        "imports": imports.select_related("uploaded_by")[:10],
    }
    return render(request, "mapping/admin/spreadsheets.html", context)


def download(request, scope, file_format):
    """Every listing (scope "all") or the public's view (scope "public") as a file."""
    if not can_export_everything(request.user):
        raise PermissionDenied
    if scope not in ("all", "public") or file_format not in DOWNLOADS:
        raise Http404("No such download.")
    export, content_type, extension = DOWNLOADS[file_format]
    body = export(scope == "public")
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="directory-{scope}-{stamp}.{extension}"'
    )
    return response
