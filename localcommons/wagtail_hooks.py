"""Admin wiring for the site package: the demo's accessibility statement."""

from wagtail import hooks


@hooks.register("load_demo_data", order=7)
def load_demo_accessibility_statement():
    """Add the accessibility statement linked from every footer."""
    from localcommons.demo import ensure_accessibility_statement

    _page, created = ensure_accessibility_statement()
    return "accessibility statement", "added" if created else "already there"
