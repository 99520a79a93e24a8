"""The Content-Security-Policy: everything from the site itself, with three exceptions.

Map tiles come from the tile server, the admin's address search asks the geocoder, and
stories may embed a video or audio player. No inline script runs anywhere; styles may be
inline because Leaflet and the Wagtail admin position elements with style attributes.
"""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF

GEOCODER_HOSTS = {"nominatim": "https://nominatim.openstreetmap.org"}
# The players a story's embed block shows (see stories.blocks).
EMBED_HOSTS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://w.soundcloud.com",
]


def tile_host(tile_url):
    """The origin of a Leaflet tile URL template; a {s} subdomain becomes a wildcard."""
    parts = urlsplit(tile_url)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url, geocoder):
    """django-csp's CONTENT_SECURITY_POLICY for these map settings."""
    connect = [SELF]
    if geocoder in GEOCODER_HOSTS:
        connect.append(GEOCODER_HOSTS[geocoder])
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": [SELF, "data:", "blob:", tile_host(tile_url)],
            "font-src": [SELF, "data:"],
            "connect-src": connect,
            "worker-src": [SELF],
            "frame-src": EMBED_HOSTS,
            "frame-ancestors": [NONE],
            "form-action": [SELF],
            "base-uri": [SELF],
            "object-src": [NONE],
        }
    }
