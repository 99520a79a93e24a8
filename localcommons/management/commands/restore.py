"""Put a backup back: the database and media (see localcommons.backups)."""

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError

from localcommons.backups import BackupError, restore


class Command(BaseCommand):
    """manage.py restore FOLDER --yes: replaces the database and media with the backup's."""

    help = "Replace the database and media with a backup's (everything since is lost)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder made by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="yes, replace everything")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("This replaces the database and media. Add --yes to go ahead.")
        try:
            differences = restore(options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        # A shared cache (Redis or files) outlives the database: empty it, versions and all,
        # so nothing read from the replaced data is served again.
        for cache in caches.all():
            cache.clear()
        if differences:
            lines = [
                f"{table}: {was} in the backup, {now} now"
                for table, (was, now) in differences.items()
            ]
            raise CommandError("Restored, but some tables differ:\n" + "\n".join(lines))
        self.stdout.write(self.style.SUCCESS(f"Restored {options['folder']}; every table matches."))
