"""The demo's accessibility statement, an information page linked from every footer."""

import datetime

from wagtail.models import Site

from localcommons.models import InformationPage

ACCESSIBILITY_STATEMENT = """
<p>We want everyone who lives or works in the neighbourhood to be able to use this site:
to read it on a phone, zoom in to 400% without losing anything, use it with a keyboard
alone, and listen to it with a screen reader.</p>
<h2>How accessible this site is</h2>
<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Every
public page and every form, including its error messages, is checked with the axe-core
tools in a real browser each time the site's code changes, and the main journeys are
tested with a keyboard only.</p>
<ul>
<li>Every map has the same places as a list below it, with a link to skip the map.</li>
<li>The network picture has a table of the same listings and figures, which can be
sorted without JavaScript.</li>
<li>Every form says what went wrong at the top and next to each answer, and keeps what
you typed.</li>
<li>Reports print without the map, and every table can be downloaded as a spreadsheet.</li>
</ul>
<h2>What is not yet accessible</h2>
<ul>
<li>The background map images come from OpenStreetMap and have no text alternative; the
lists beside each map hold the same information.</li>
<li>Photographs and documents added by editors may lack a description or be hard to read.
Tell us and we will fix them.</li>
</ul>
<h2>Tell us about a problem</h2>
<p>If something on this site is hard to use, or you need information in another format,
write to us using the contact address at the bottom of every page, or use "Suggest a
change" on any listing. We will reply within ten working days.</p>
"""


def ensure_accessibility_statement():
    """The accessibility statement under the home page, unless there is one already."""
    existing = InformationPage.objects.filter(slug="accessibility").first()
    if existing:
        return existing, False
    home = Site.objects.get(is_default_site=True).root_page
    page = home.add_child(
        instance=InformationPage(
            title="Accessibility statement",
            slug="accessibility",
            body=ACCESSIBILITY_STATEMENT.strip(),
            last_reviewed=datetime.date(2026, 11, 24),
            show_in_menus=False,
        )
    )
    page.save_revision().publish()
    return page, True
