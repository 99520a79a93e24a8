"""Who sent a listing through "Add your group": kept for moderators, never shown publicly."""

from django.db import models


class ListingSubmission(models.Model):
    """The private side of a submitted listing: the submitter's contact and consent."""

    listing = models.OneToOneField(
        "directory.Listing", related_name="submission", on_delete=models.CASCADE
    )
    name = models.CharField("submitter's name", max_length=120)
    email = models.EmailField("submitter's email")
    phone = models.CharField("submitter's phone", max_length=40, blank=True)
    consent_to_publish = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    told_live_at = models.DateTimeField(
        null=True, blank=True, help_text="When the submitter was emailed that it is live."
    )

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.listing} from {self.name}"
