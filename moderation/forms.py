"""The public forms that add or correct listings: validated here, stored by moderation.services."""

import re

from django import forms
from django.core.exceptions import ValidationError

from directory.geo import validate_coordinates
from directory.models import Listing, RelationType
from directory.search import directory_filter_choices
from localcommons.cache import cached
from localcommons.ids import as_id
from localcommons.public_forms import (
    PlainEmailField,
    PlainTextArea,
    PlainTextField,
    PlainURLField,
    PublicForm,
)
from moderation.models.suggestion import CHANGEABLE_FIELDS

# The kinds a group may add itself as: people are listed by researchers, with consent.
SUBMITTABLE_KINDS = ["group", "organisation", "activity", "place", "asset"]
KIND_HINTS = {
    "group": "residents who meet or act together, constituted or not",
    "organisation": "a charity, social enterprise, business or council service",
    "activity": "something that happens regularly: a club, class or drop-in",
    "place": "a building or space people can use",
    "asset": "something people can borrow or use: a minibus, kitchen or garden",
}
PIN_UNREADABLE = "The map pin could not be read: place it again, or remove it."
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def split_list(text):
    """Comma-separated words as a clean list, in order, without repeats or blanks."""
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


class PostcodeField(PlainTextField):
    """A UK postcode, cleaned to capitals with its space (NW5 1DJ); empty is allowed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        postcode = super().clean(value)
        if not postcode:
            return ""
        match = UK_POSTCODE.match(postcode.upper().replace(" ", ""))
        if not match:
            raise ValidationError("Enter a UK postcode, like NW5 1DJ.")
        return f"{match.group(1)} {match.group(2)}"


class WordListField(PlainTextField):
    """Words separated by commas, cleaned to a list."""

    def __init__(self, *args, max_words=12, **kwargs):
        self.max_words = max_words
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        words = split_list(super().clean(value))
        if len(words) > self.max_words:
            raise ValidationError(f"List up to {self.max_words}, separated by commas.")
        if any(len(word) > 100 for word in words):
            raise ValidationError("Keep each one under 100 characters.")
        return words


class AddListingForm(PublicForm):
    """Add your group: what it is, where, how to reach it, and who is asking."""

    kind = forms.ChoiceField(label="What are you adding?", widget=forms.RadioSelect)
    name = PlainTextField(label="Name", max_length=255)
    summary = PlainTextField(
        label="In a sentence, what do you do?",
        max_length=300,
        help_text="Shown in lists and on the map.",
    )
    description = PlainTextArea(
        label="Tell people more",
        max_length=3000,
        required=False,
        help_text="Who it is for, when and where you meet, how to join in.",
    )
    topics = forms.MultipleChoiceField(
        label="Topics", required=False, widget=forms.CheckboxSelectMultiple
    )
    other_topics = WordListField(
        label="Other topics",
        max_words=6,
        help_text="Anything not listed above, separated by commas.",
    )
    offers = WordListField(
        label="What can you offer others?",
        help_text="For example: meeting space, a minibus, volunteers' time. Separate with commas.",
    )
    needs = WordListField(
        label="What do you need?",
        help_text="For example: volunteers, funding, a place to meet. Separate with commas.",
    )
    address = PlainTextField(label="Address", max_length=255, required=False)
    postcode = PostcodeField(label="Postcode")
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    website = PlainURLField(label="Website", max_length=200, required=False, assume_scheme="https")
    public_email = PlainEmailField(
        label="Email address for the public",
        required=False,
        help_text="Shown on your listing. Leave empty if you would rather not.",
    )
    public_phone = PlainTextField(
        label="Phone number for the public",
        max_length=40,
        required=False,
        help_text="Shown on your listing. Leave empty if you would rather not.",
    )
    contact_name = PlainTextField(label="Your name", max_length=120)
    contact_email = PlainEmailField(
        label="Your email address",
        help_text="So we can tell you when it is live. It is never published.",
    )
    contact_phone = PlainTextField(
        label="Your phone number (optional)",
        max_length=40,
        required=False,
        help_text="Only if you would like us to call. It is never published.",
    )
    consent = forms.BooleanField(
        label="I am allowed to share these details, and agree to them being published here",
        error_messages={"required": "Tick the box so we may publish your listing."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = {model.kind: model for model in Listing.kinds()}
        self.fields["kind"].choices = [
            (kind, f"{kinds[kind].kind_label}: {KIND_HINTS[kind]}")
            for kind in SUBMITTABLE_KINDS
            if kind in kinds
        ]
        # The site's own topics; anything else goes in "Other topics".
        topics = cached("filters:directory", {}, directory_filter_choices)["tag"]
        self.fields["topics"].choices = [(name, name) for _slug, name in topics]

    def clean(self):
        cleaned = super().clean()
        lat, lng = cleaned.get("latitude"), cleaned.get("longitude")
        try:
            if (lat is None) != (lng is None):
                raise ValidationError("half a pin")
            if lat is not None:
                validate_coordinates(lat, lng)
        except ValidationError:
            # Only the picker sets these, so say what to do rather than what the numbers were.
            self.add_error("address", PIN_UNREADABLE)
        if "name" in cleaned and "kind" in cleaned:
            # Only what the public can see is named: a hidden listing stays hidden.
            same_name = Listing.objects.publicly_visible().filter(title__iexact=cleaned["name"])
            taken = next((t for t in same_name if t.kind == cleaned["kind"]), None)
            if taken is not None:
                self.add_error(
                    "name",
                    f"{taken.title} is already in the directory. To correct it, use "
                    "“Suggest a change” on its page.",
                )
        return cleaned

    def all_topics(self):
        return list(dict.fromkeys(self.cleaned_data["topics"] + self.cleaned_data["other_topics"]))


class ListingChoiceField(forms.ModelChoiceField):
    """A listing chosen by id: an id too big for the database is no listing, not a crash.

    SQLite cannot even compare a number past 64 bits (OverflowError, a 500), and
    ModelChoiceField only turns ValueError and TypeError into "Select a valid choice".
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class SubmitterFields(forms.Form):
    """Who is suggesting: so a moderator can ask, never published."""

    your_name = PlainTextField(label="Your name", max_length=120)
    your_email = PlainEmailField(
        label="Your email address", help_text="In case we need to ask. It is never published."
    )


class SuggestChangeForm(SubmitterFields, PublicForm):
    """A correction to a listing, or news that it has closed."""

    closed = forms.BooleanField(label="It has closed or stopped running", required=False)
    title = PlainTextField(label="Name", max_length=255, required=False)
    summary = PlainTextField(label="Summary", max_length=300, required=False)
    address = PlainTextField(label="Address", max_length=255, required=False)
    postcode = PostcodeField(label="Postcode")
    website = PlainURLField(label="Website", max_length=200, required=False, assume_scheme="https")
    email = PlainEmailField(label="Public email", required=False)
    phone = PlainTextField(label="Public phone", max_length=40, required=False)
    message = PlainTextArea(
        label="Anything else we should know?",
        max_length=2000,
        required=False,
        help_text="For example, how you know, or what else has changed.",
    )
    field_order = ["closed", *CHANGEABLE_FIELDS, "message", "your_name", "your_email"]

    def __init__(self, *args, current, **kwargs):
        """current: the listing's public values, by field name, to start from and compare to."""
        self.current = current
        super().__init__(*args, initial={**current, **kwargs.pop("initial", {})}, **kwargs)

    def clean(self):
        # A detail left as it was is not checked: a stored value our rules would now
        # refuse (an old postcode, say) must not block a suggestion about something else.
        for name in self.unchanged():
            self.errors.pop(name, None)
            self.cleaned_data[name] = self.current.get(name) or ""
        cleaned = super().clean()
        nothing = not (cleaned.get("closed") or self.changes() or cleaned.get("message"))
        if not self.errors and nothing:
            raise ValidationError(
                "Change at least one detail, tick “It has closed”, or tell us what is wrong.",
                code="nothing",
            )
        return cleaned

    def unchanged(self):
        """The details sent back exactly as the form showed them."""
        return [
            name
            for name in CHANGEABLE_FIELDS
            if (self.data.get(name) or "").strip() == (self.current.get(name) or "")
        ]

    def changes(self):
        """The suggested values that differ from what the listing shows now."""
        unchanged = set(self.unchanged())
        return {
            name: self.cleaned_data[name]
            for name in CHANGEABLE_FIELDS
            if name not in unchanged
            and name in self.cleaned_data
            and self.cleaned_data[name] != (self.current.get(name) or "")
        }


class SuggestConnectionForm(SubmitterFields, PublicForm):
    """This listing → another listing, with a relation type.

    The other listing is found by name first (a menu of every listing would be thousands
    long): the matches are offered as choices, and any public listing is accepted.
    """

    MATCHES_SHOWN = 20
    # What a search keeps of the answers given so far.
    KEPT = ("relation_type", "other_listing", "message", "your_name", "your_email")

    relation_type = forms.ModelChoiceField(
        label="How are they connected?",
        queryset=RelationType.objects.all(),
        empty_label="Choose how they are connected",
        error_messages={"required": "Choose how they are connected."},
    )
    other_listing = ListingChoiceField(
        label="Which listing?",
        queryset=Listing.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Search for the other listing by name, then choose it.",
            "invalid_choice": "Choose a listing from the directory.",
        },
    )
    message = PlainTextArea(label="How do you know? (optional)", max_length=2000, required=False)
    field_order = ["relation_type", "other_listing", "message", "your_name", "your_email"]

    def __init__(self, *args, listing, query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.listing = listing
        # (PostgreSQL refuses a NUL in a query.)
        self.query = query.replace("\x00", "").strip()[:100]
        others = Listing.objects.publicly_visible().exclude(pk=listing.pk)
        field = self.fields["other_listing"]
        field.queryset = others
        field.widget.choices = [
            (other.pk, f"{other.title} ({other.kind_label})") for other in self.matches(others)
        ]

    def matches(self, others):
        """The listings whose names contain the search, and the one already chosen."""
        chosen = (
            self.data.get("other_listing") if self.is_bound else self.initial.get("other_listing")
        )
        found = others.filter(title__icontains=self.query) if self.query else others.none()
        found = list(found.order_by("title")[: self.MATCHES_SHOWN])
        wanted = as_id(chosen or "")
        if wanted is not None and all(o.pk != wanted for o in found):
            found += list(others.filter(pk=wanted)[:1])
        return found

    def clean(self):
        cleaned = super().clean()
        other, relation_type = cleaned.get("other_listing"), cleaned.get("relation_type")
        if other and relation_type:
            exists = self.listing.connections.filter(target=other, relation_type=relation_type)
            reverse = other.connections.filter(target=self.listing, relation_type=relation_type)
            if exists.exists() or (relation_type.is_mutual and reverse.exists()):
                self.add_error("other_listing", "That connection is already on the map.")
        return cleaned
