"""Form bases shared by the public pages."""

from django import forms


class FilterSelect(forms.Select):
    """A filter menu rendered in one template, fast however many choices it offers."""

    template_name = "localcommons/widgets/filter_select.html"


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
