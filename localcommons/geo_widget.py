"""The geo widget's Leaflet panel, loading Leaflet from our static files instead of a CDN."""

import json

from django import forms
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField

LEAFLET_JS = "npm/leaflet/leaflet.js"
LEAFLET_CSS = "npm/leaflet/leaflet.css"


class LocalLeafletField(LeafletField):
    """LeafletField with local Leaflet, a labelled lat/lng box, and the map shown when set.

    The widget's "empty location" mode hides the map until the field is focused, so that an
    online-only listing is not given the default centre; here it applies only when empty.
    """

    OPTIONS_ATTR = "data-leaflet-field-options-value"
    LATLNG_LABEL = "Location as latitude, longitude"

    def build_attrs(self, *args, **kwargs):
        attrs = super().build_attrs(*args, **kwargs)
        if self.OPTIONS_ATTR in attrs:
            options = json.loads(attrs[self.OPTIONS_ATTR])
            options["showEmptyLocation"] = not self.value_data
            attrs[self.OPTIONS_ATTR] = json.dumps(options)
        return attrs

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        latlng_id = f'id="{attrs["id"]}_latlng"'
        return mark_safe(  # noqa: S308 (the widget's own markup plus a fixed label)
            html.replace(latlng_id, f'{latlng_id} aria-label="{self.LATLNG_LABEL}"', 1)
        )

    @cached_property
    def media(self):
        return forms.Media(
            css={"all": (LEAFLET_CSS, "wagtailgeowidget/css/leaflet-field.css")},
            js=(
                LEAFLET_JS,
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
            ),
        )


class LocalLeafletPanel(LeafletPanel):
    """LeafletPanel that renders LocalLeafletField."""

    def widget_overrides(self):
        widgets = super().widget_overrides()
        original = widgets[self.field_name]
        widgets[self.field_name] = LocalLeafletField(
            address_field=original.address_field,
            zoom_field=original.zoom_field,
            hide_latlng=original.hide_latlng,
            zoom=original.zoom,
            srid=original.srid,
            id_prefix="id_",
        )
        return widgets
