"""Offers of help sent through a project's "get involved" form."""

from django.db import models


class GetInvolvedResponse(models.Model):
    """One person's offer to help a project, for the project's organisers only."""

    project = models.ForeignKey(
        "stories.ProjectPage", related_name="involvement_responses", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=120)
    email = models.EmailField()
    help_with = models.JSONField(default=list, blank=True)
    other_help = models.TextField(blank=True)
    consent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "get-involved response"

    def __str__(self):
        return f"{self.name} for {self.project}"

    @property
    def help_summary(self):
        return ", ".join([*self.help_with, *([self.other_help] if self.other_help else [])])
