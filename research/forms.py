"""The public forms of the research: a new idea, and "I'd help with this"."""

from django import forms

from directory.search import directory_filter_choices
from localcommons.cache import cached
from localcommons.public_forms import PlainEmailField, PlainTextArea, PlainTextField, PublicForm


def need_choices():
    """Every offer or need public listings name, for "What need does it answer?"."""
    choices = cached("filters:directory", {}, directory_filter_choices)
    names = dict(choices["needs"]) | dict(choices["offers"])
    return [("", "Not sure, or none of these")] + sorted(names.items(), key=lambda c: c[1])


def area_choices():
    """The areas, for "Where would it happen?"."""
    areas = cached("filters:directory", {}, directory_filter_choices)["area"]
    return [("", "Across the neighbourhood, or not sure")] + list(areas)


class IdeaForm(PublicForm):
    """A resident's idea: what, which need, where, and who to ask about it (kept private)."""

    title = PlainTextField(
        label="Your idea in a few words", max_length=120, help_text="For example: a tool library."
    )
    description = PlainTextArea(
        label="Tell us more",
        max_length=3000,
        help_text="What would happen, who it would help and what it would take.",
    )
    need = forms.ChoiceField(label="What need does it answer?", required=False)
    area = forms.ChoiceField(label="Where would it happen?", required=False)
    name = PlainTextField(label="Your name", max_length=120)
    email = PlainEmailField(
        label="Your email address", help_text="So a moderator can ask you about it."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = need_choices()
        self.fields["area"].choices = area_choices()


class SupportForm(PublicForm):
    """ "I'd help with this": a name and an email for the organisers, never shown publicly."""

    name = PlainTextField(label="Your name", max_length=120)
    email = PlainEmailField(
        label="Your email address",
        help_text="Only the organisers see it, to ask you when the idea gets going.",
    )
