"""The approval step every public submission and suggestion goes through."""

from django import forms
from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask


def _publish_problems(obj):
    """What stops obj's latest version being published ({} for objects with no such rules)."""
    latest = (
        obj.get_latest_revision_as_object()
        if hasattr(obj, "get_latest_revision_as_object")
        else obj
    )
    check = getattr(latest, "publish_problems", None)
    return check() if check else {}


class RejectionForm(TaskStateCommentForm):
    """Rejecting needs a reason: it stays in the item's workflow history."""

    comment = forms.CharField(
        label="Why is it rejected?",
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Say why, so the history explains the decision."},
    )


class ModerationTask(GroupApprovalTask):
    """Approval by a group (communication facilitators) whose rejections must say why."""

    class Meta:
        verbose_name = "approval with reasons"
        verbose_name_plural = "approvals with reasons"

    def get_actions(self, obj, user):
        # Approving publishes, so it is only offered for what may be published (a person
        # needs their consent on record): the editor is the place to put that right.
        publishable = not _publish_problems(obj)
        return [
            ("reject", "Reject", True) if name == "reject" else (name, label, needs_form)
            for name, label, needs_form in super().get_actions(obj, user)
            if name != "approve" or publishable
        ]

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve; a rejection must give its reason."
