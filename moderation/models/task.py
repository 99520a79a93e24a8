"""The approval step every public submission and suggestion goes through."""

from django import forms
from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask


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
        return [
            ("reject", "Reject", True) if name == "reject" else (name, label, needs_form)
            for name, label, needs_form in super().get_actions(obj, user)
        ]

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve; a rejection must give its reason."
