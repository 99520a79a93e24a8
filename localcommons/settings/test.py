"""Settings for the test suite: fast hashing, local memory, no outside calls."""

from localcommons.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105 (tests only)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "versions")
}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Browser tests stub this host; nothing in the suite reaches the internet.
MAP_TILE_URL = "https://tiles.test/{z}/{x}/{y}.png"
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILE_URL, MAP_GEOCODER)  # noqa: F405
# Static files come straight from the finders (app static and node_modules); no collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
