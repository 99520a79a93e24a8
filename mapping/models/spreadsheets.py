"""Uploaded spreadsheets, kept between the preview and the import."""

from django.conf import settings
from django.db import models


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
