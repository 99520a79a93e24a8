"""Response headers: the Content-Security-Policy, and one Django has no setting for."""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY).

    The Wagtail admin's editor runs inline scripts of its own, so on its pages, which only
    signed-in staff use, inline scripts are allowed too; nowhere else.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-inline'"]}
        return parts
