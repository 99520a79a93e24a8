"""Coordinates: parse and format the geo widget's point text, and validate coordinates."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

POINT_RE = re.compile(
    r"^\s*(?:SRID=\d+;)?\s*POINT\s*\(\s*(?P<lng>[-+]?\d+(?:\.\d+)?)\s+(?P<lat>[-+]?\d+(?:\.\d+)?)\s*\)\s*$",
    re.IGNORECASE,
)
LAT_LNG_RE = re.compile(r"^\s*(?P<lat>[-+]?\d+(?:\.\d+)?)\s*,\s*(?P<lng>[-+]?\d+(?:\.\d+)?)\s*$")


def format_point(lat, lng):
    """Return the geo widget's stored form of a coordinate pair."""
    return f"SRID=4326;POINT({lng:.6f} {lat:.6f})"


def parse_point(text):
    """Return (lat, lng) from the widget's point text or a "lat, lon" pair; None if empty.

    Raises ValidationError for text that is neither.
    """
    if not text or not text.strip():
        return None
    match = POINT_RE.match(text) or LAT_LNG_RE.match(text)
    if not match:
        raise ValidationError(
            'Enter a location as "latitude, longitude" (for example 51.5530, -0.1430).',
            code="invalid_location",
        )
    return float(match["lat"]), float(match["lng"])


def _in_region(lat, lng):
    bounds = settings.MAP_REGION_BOUNDS
    return (
        bounds["min_lat"] <= lat <= bounds["max_lat"]
        and bounds["min_lng"] <= lng <= bounds["max_lng"]
    )


def validate_coordinates(lat, lng):
    """Raise ValidationError for impossible coordinates or a pair that looks swapped."""
    errors = []
    if not -90 <= lat <= 90:
        errors.append(f"Latitude {lat} is outside -90 to 90.")
    if not -180 <= lng <= 180:
        errors.append(f"Longitude {lng} is outside -180 to 180.")
    if errors:
        raise ValidationError(errors, code="out_of_range")
    if not _in_region(lat, lng) and _in_region(lng, lat):
        raise ValidationError(
            f"Latitude {lat} and longitude {lng} look swapped: did you mean {lng}, {lat}?",
            code="swapped",
        )
