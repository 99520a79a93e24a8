"""The site's idea of today: one function for every page that shows "today" or keys on it."""

from django.utils import timezone


def today():
    """Today in the site's time zone (a function, so tests can set the day)."""
    return timezone.localdate()
