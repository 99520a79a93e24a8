"""Security headers on every response, and the production settings behind them."""

import json

import pytest

from tests.localcommons.test_settings import PRODUCTION_ENV, setting_in_subprocess


def directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


@pytest.mark.parametrize("url", ["/", "/directory/", "/api/map.geojson", "/admin/login/"])
def test_every_response_carries_the_policies(client, site_pages, url):
    response = client.get(url)
    policy = directives(response)
    if url.startswith("/admin/"):
        # Wagtail's editor runs inline scripts of its own: allowed there, for staff only.
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    else:
        assert policy["script-src"] == ["'self'"]  # no inline or evaluated script
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert "https://tiles.test" in policy["img-src"]  # the map's tiles (test settings)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = dict(
        rule.strip().split("=") for rule in response["Permissions-Policy"].split(",")
    )
    assert permissions["camera"] == permissions["geolocation"] == "()"


def test_production_policy_allows_the_configured_tile_server_and_geocoder():
    env = PRODUCTION_ENV | {"MAP_TILE_URL": "https://{s}.tiles.example/{z}/{x}/{y}.png"}
    policy = json.loads(
        setting_in_subprocess(
            "__import__('json').dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES'])", **env
        )
    )
    assert policy["img-src"] == ["'self'", "data:", "blob:", "https://*.tiles.example"]
    assert policy["connect-src"] == ["'self'", "https://nominatim.openstreetmap.org"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_production_security_settings():
    values = json.loads(
        setting_in_subprocess(
            "__import__('json').dumps([settings.SECURE_HSTS_SECONDS,"
            " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
            " settings.SECURE_CONTENT_TYPE_NOSNIFF, settings.SECURE_REFERRER_POLICY,"
            " settings.X_FRAME_OPTIONS])",
            **PRODUCTION_ENV,
        )
    )
    hsts, session_secure, csrf_secure, nosniff, referrer, frames = values
    assert hsts >= 60 * 60 * 24 * 182  # six months at least
    assert session_secure and csrf_secure and nosniff
    assert referrer == "strict-origin-when-cross-origin" and frames == "DENY"
