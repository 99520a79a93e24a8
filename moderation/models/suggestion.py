"""A resident's suggested correction or connection for a listing, waiting for a moderator."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin


class SuggestionKind(models.TextChoices):
    CHANGE = "change", "Correction"
    CLOSED = "closed", "Has closed"
    CONNECTION = "connection", "New connection"


# The listing fields a resident may suggest a new value for, with the label they see.
CHANGEABLE_FIELDS = {
    "title": "Name",
    "summary": "Summary",
    "address": "Address",
    "postcode": "Postcode",
    "website": "Website",
    "email": "Public email",
    "phone": "Public phone",
}


class SuggestionDetailsPanel(Panel):
    """What the resident suggested, next to what the listing says now; read only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "moderation/admin/suggestion_details.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["suggestion"] = self.instance
            return context


class Suggestion(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A correction, a closure or a new connection for a listing, sent by a resident.

    It waits in the approval workflow as a draft; approving publishes it, and publishing
    applies it to the listing (moderation.services.apply_suggestion).
    """

    listing = models.ForeignKey(
        "directory.Listing", related_name="suggestions", on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=20, choices=SuggestionKind.choices)
    changes = models.JSONField(
        default=dict, blank=True, help_text="Suggested values, by listing field name."
    )
    relation_type = models.ForeignKey(
        "directory.RelationType",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    other_listing = models.ForeignKey(
        "directory.Listing",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
        help_text="The other end of a suggested connection.",
    )
    message = models.TextField("what they told us", blank=True)
    name = models.CharField("their name", max_length=120)
    email = models.EmailField("their email")
    created_at = models.DateTimeField(auto_now_add=True)
    moderator_note = models.TextField(
        blank=True, help_text="For other moderators; never shown to the public."
    )
    outcome = models.TextField(blank=True, editable=False)
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="suggestion")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="suggestion",
        for_concrete_model=False,
    )

    panels = [SuggestionDetailsPanel(heading="What was suggested"), FieldPanel("moderator_note")]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        if self.kind == SuggestionKind.CONNECTION and self.other_listing_id:
            relation = self.relation_type or "connected to"
            return f"{self.listing} {relation} {self.other_listing}"
        return f"{self.get_kind_display()} for {self.listing}"

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        # What approval did is kept on the row, not in revisions: publishing a revision
        # (a moderator's note, a revert) must not wipe it or apply the suggestion again.
        obj = super().with_content_json(content)
        obj.outcome, obj.applied_at = self.outcome, self.applied_at
        return obj

    def change_rows(self):
        """(label, what the listing says now, what was suggested) for each suggested field."""
        listing = self.listing.specific
        return [
            (label, getattr(listing, name, ""), self.changes[name])
            for name, label in CHANGEABLE_FIELDS.items()
            if name in self.changes
        ]
