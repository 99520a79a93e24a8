"""The admin's spreadsheet import: upload, preview what would change, then confirm.

The preview is a dry run of the same import the confirm step runs (and the command), so what
it shows is what happens. The uploaded files wait in the database between the steps, for
the editor who uploaded them only, and are deleted once imported or a day later.
"""

import dataclasses
import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from directory.models import DirectoryIndexPage, Listing
from mapping.exchange.elements import kinds_by_name
from mapping.exchange.importer import (
    DEFAULT_RELATION,
    NEW,
    UNCHANGED,
    UPDATED,
    ImportOptions,
    import_workbook,
)
from mapping.exchange.reader import WorkbookError, read_workbook
from mapping.models import SpreadsheetImport, SpreadsheetImportFile

ABANDONED_AFTER = datetime.timedelta(days=1)
ROWS_SHOWN = 500


def directory_permissions(user):
    directory = DirectoryIndexPage.objects.first()
    return directory.permissions_for_user(user) if directory else None


def can_import(user):
    """Those given the import permission (mapping advisers) who may add listings to the
    directory."""
    if not user.has_perm("mapping.import_spreadsheets"):
        return False
    permissions = directory_permissions(user)
    return permissions is not None and permissions.can_add_subpage()


def can_publish(user):
    permissions = directory_permissions(user)
    return permissions is not None and permissions.can_publish_subpage()


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files (the elements and connections CSVs)."""

    allow_multiple_selected = True


class WorkbookFilesField(forms.FileField):
    """One .xlsx, or one or two .csv files, each under the configured size limit."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [super(WorkbookFilesField, self).clean(file, initial) for file in files]
        if len(files) > 2:
            raise forms.ValidationError("Choose one .xlsx file, or at most two .csv files.")
        limit = settings.SPREADSHEET_MAX_BYTES
        for file in files:
            if file.size > limit:
                raise forms.ValidationError(
                    f"{file.name} is {filesizeformat(file.size)}; the limit is "
                    f"{filesizeformat(limit)}. Split it, or ask an administrator to raise "
                    "SPREADSHEET_MAX_BYTES."
                )
        return files


class ImportOptionsForm(forms.Form):
    """How to read the workbook; one choice per type the sheet uses that is not ours."""

    default_relation = forms.CharField(
        initial=DEFAULT_RELATION,
        max_length=60,
        help_text="The relation type of connections whose Type cell is empty.",
    )
    create_missing_relation_types = forms.BooleanField(
        required=False,
        label="Add relation types the workbook uses that the site does not have",
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish new and changed listings",
        help_text="Otherwise they are saved as drafts, to check and publish one by one.",
    )

    def __init__(self, *args, user, foreign_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [(model.kind_label, model.kind_label) for model in Listing.kinds()]
        self.type_fields = []
        for position, name in enumerate(foreign_types):
            field_name = f"type_{position}"
            self.fields[field_name] = forms.ChoiceField(
                label=f"Import “{name}” as",
                choices=[("", "Choose one of our types"), *kinds],
                required=False,
            )
            self.type_fields.append((field_name, name))
        # Offered only to those allowed: the import would refuse them anyway.
        if not can_publish(user):
            del self.fields["publish"]
        if not user.has_perm("directory.add_relationtype"):
            del self.fields["create_missing_relation_types"]

    def options(self):
        """The ImportOptions the cleaned form describes."""
        data = self.cleaned_data
        return ImportOptions(
            type_map={
                name.casefold(): data[field] for field, name in self.type_fields if data[field]
            },
            default_relation=data["default_relation"].strip() or DEFAULT_RELATION,
            create_missing_relation_types=data.get("create_missing_relation_types", False),
            publish=data.get("publish", False),
        )


class UploadForm(ImportOptionsForm):
    """The first step: the files, and the options that do not depend on them."""

    files = WorkbookFilesField(
        label="Workbook",
        help_text=(
            "One .xlsx file with Elements and Connections sheets (as Kumu exports), or an "
            "elements .csv and a connections .csv together."
        ),
    )
    field_order = ["files"]


def options_dict(options):
    """ImportOptions as stored with an upload (ImportOptions(**stored) reads it back)."""
    return dataclasses.asdict(options)


def options_initial(stored, type_fields):
    initial = {key: value for key, value in stored.items() if key != "type_map"}
    type_map = stored.get("type_map", {})
    for field, name in type_fields:
        initial[field] = type_map.get(name.casefold(), "")
    return initial


def foreign_types(files):
    """The element types the workbook uses that are not ours, in the order they appear."""
    try:
        sheet = read_workbook(files).elements
    except WorkbookError:
        return []
    ours, column = kinds_by_name({}), sheet.column("Type")
    names = [values[column].strip() for _number, values in sheet.rows] if column else []
    found = {name.casefold(): name for name in names if name and name.casefold() not in ours}
    return list(found.values())


def upload(request):
    """Step one: choose the files and options; they are stored for the preview."""
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        SpreadsheetImport.objects.filter(
            status=SpreadsheetImport.Status.PREVIEWED,
            created_at__lt=timezone.now() - ABANDONED_AFTER,
        ).delete()
        with transaction.atomic():
            stored = SpreadsheetImport.objects.create(
                uploaded_by=request.user, options=options_dict(form.options())
            )
            for file in form.cleaned_data["files"]:
                SpreadsheetImportFile.objects.create(
                    spreadsheet_import=stored, name=file.name, data=file.read()
                )
        return redirect("spreadsheets_import_preview", stored.pk)
    return render(
        request,
        "mapping/admin/spreadsheet_import.html",
        {"form": form, "page_title": "Import a workbook", "header_icon": "upload"},
    )


def preview(request, pk):
    """Step two: what the import would do, or every problem; change options or confirm."""
    if not can_import(request.user):
        raise PermissionDenied
    stored = get_object_or_404(
        SpreadsheetImport,
        pk=pk,
        uploaded_by=request.user,
        status=SpreadsheetImport.Status.PREVIEWED,
    )
    files = [(file.name, bytes(file.data)) for file in stored.files.all()]
    types = foreign_types(files)
    form = ImportOptionsForm(request.POST or None, foreign_types=types, user=request.user)
    if request.method != "POST":
        form = ImportOptionsForm(
            initial=options_initial(stored.options, form.type_fields),
            foreign_types=types,
            user=request.user,
        )
    elif form.is_valid():
        options = form.options()
        stored.options = options_dict(options)
        stored.save(update_fields=["options"])
        if "import" in request.POST:
            imported = _import(request, stored, files, options)
            if imported:
                return redirect("spreadsheets")
    options = ImportOptions(**stored.options)
    context = {
        "stored": stored,
        "form": form,
        "page_title": "Check the import",
        "header_icon": "upload",
        "file_names": ", ".join(name for name, _data in files),
        "options": options,
    }
    try:
        result = import_workbook(files, options, user=request.user, dry_run=True)
    except WorkbookError as error:
        context["problems"] = error.problems
    else:
        changed = [row for row in result.rows if row.action != UNCHANGED]
        context.update(
            result=result,
            counts={action: result.count(action) for action in (NEW, UPDATED, UNCHANGED)},
            changed=changed[:ROWS_SHOWN],
            more_changed=max(0, len(changed) - ROWS_SHOWN),
        )
    return render(request, "mapping/admin/spreadsheet_import_preview.html", context)


def _import(request, stored, files, options):
    """Run the import for real; True if it was written (the files are then deleted)."""
    try:
        result = import_workbook(files, options, user=request.user)
    except WorkbookError:
        messages.error(request, "Nothing was imported: the workbook has problems, listed below.")
        return False
    stored.status = SpreadsheetImport.Status.IMPORTED
    stored.summary = str(result)
    stored.imported_at = timezone.now()
    stored.save(update_fields=["status", "summary", "imported_at"])
    stored.files.all().delete()
    messages.success(request, f"Imported. {result}")
    return True
