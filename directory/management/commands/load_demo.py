"""Load the Brickfield demo neighbourhood and rebuild the search index."""

from django.core.management.base import BaseCommand
from wagtail import hooks

from directory.demo import load_demo
from localcommons.indexing import index_updates_paused, rebuild_indexes


class Command(BaseCommand):
    """manage.py load_demo: add the demo neighbourhood's missing pages."""

    help = "Load the Brickfield demo neighbourhood (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        # Indexing each save would repeat work the rebuild at the end does once.
        with index_updates_paused():
            report = load_demo()
            self.stdout.write(f"Demo listings: {report}.")
            # Apps that build on the directory (stories, projects) load their parts after it.
            for load in hooks.get_hooks("load_demo_data"):
                name, app_report = load()
                self.stdout.write(f"Demo {name}: {app_report}.")
        rebuild_indexes()
        self.stdout.write(self.style.SUCCESS("Search and reference indexes rebuilt."))
