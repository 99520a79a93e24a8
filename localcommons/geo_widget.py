"""The geo widget's Leaflet panel, loading Leaflet from our static files instead of a CDN."""

from django import forms
from django.utils.functional import cached_property
from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField

LEAFLET_JS = "npm/leaflet/leaflet.js"
LEAFLET_CSS = "npm/leaflet/leaflet.css"


class LocalLeafletField(LeafletField):
    """LeafletField whose media is the npm-installed Leaflet served by WhiteNoise."""

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
