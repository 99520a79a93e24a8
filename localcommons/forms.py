"""Form bases shared by the public pages."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FilterSelect(forms.Select):
    """A filter menu of flat (value, label) choices, rendered without a template per option.

    Menus such as "About" offer every featured listing: hundreds of options, which Django's
    select template renders one include at a time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        # The stdlib's escape is the one Django's escape wraps, without a lazy-text check
        # per call: that check was most of the time a long menu took.
        options = "\n".join(
            f'<option value="{escape(str(choice))}"'
            f"{' selected' if str(choice) in selected else ''}>{escape(str(label))}</option>"
            for choice, label in self.choices
        )
        options = mark_safe(options)  # noqa: S308 (every value and label is escaped above)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attrs, options)


class FilterForm(forms.Form):
    """Filters whose values live in the URL: bad values are reported and the rest still apply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = FilterSelect(attrs=field.widget.attrs, choices=field.choices)

    def filters(self):
        """The valid, non-empty values; an invalid one is reported and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
