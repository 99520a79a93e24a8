"""Back up the database and the uploaded media (see localcommons.backups)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localcommons.backups import BackupError, backup


class Command(BaseCommand):
    """manage.py backup [--into DIR]: a folder with the database, media and a manifest."""

    help = "Back up the database and media into a new folder under --into (BACKUP_DIR)."

    def add_arguments(self, parser):
        parser.add_argument("--into", default=settings.BACKUP_DIR, help="where backups go")

    def handle(self, *args, **options):
        try:
            folder = backup(options["into"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backed up to {folder}"))
