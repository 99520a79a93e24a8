"""Form bases shared by the public pages."""

from django import forms


class FilterForm(forms.Form):
    """Filters whose values live in the URL: bad values are reported and the rest still apply."""

    def filters(self):
        """The valid, non-empty values; an invalid one is reported and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
