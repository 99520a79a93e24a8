"""Import a Kumu workbook (.xlsx, or elements and connections CSVs) into the directory."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mapping.exchange.elements import parse_type_map
from mapping.exchange.importer import DEFAULT_RELATION, ImportOptions, import_workbook
from mapping.exchange.reader import WorkbookError


class Command(BaseCommand):
    """manage.py import_workbook FILE [FILE2] [--dry-run] [--map-type T=Ours] [--publish] ..."""

    help = (
        "Import listings and connections from a Kumu workbook: one .xlsx with Elements and "
        "Connections sheets, or an elements CSV and a connections CSV. Rows are matched to "
        "listings by ID, else by label and type; everything is checked first, and on any "
        "problem nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help=".xlsx, or one or two .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but write nothing"
        )
        parser.add_argument(
            "--map-type",
            action="append",
            default=[],
            metavar="THEIRS=OURS",
            help='read a type of theirs as one of ours, e.g. "Company=Organisation" '
            "(repeat for more)",
        )
        parser.add_argument(
            "--default-relation",
            default=DEFAULT_RELATION,
            help=f'the relation type of connections with none (default "{DEFAULT_RELATION}")',
        )
        parser.add_argument(
            "--create-missing-relation-types",
            action="store_true",
            help="add relation types the sheet names that the site does not have",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish new and changed listings (without it they are saved as drafts)",
        )
        parser.add_argument(
            "--user", help="username recorded on the revisions (default: none, as a script)"
        )

    def handle(self, *args, files, dry_run, map_type, user, **options):
        if len(files) > 2:
            raise CommandError("Give one .xlsx file, or one or two .csv files.")
        try:
            type_map = parse_type_map(map_type)
        except ValueError as error:
            raise CommandError(str(error)) from error
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f'There is no user "{user}".')
        import_options = ImportOptions(
            type_map=type_map,
            default_relation=options["default_relation"],
            create_missing_relation_types=options["create_missing_relation_types"],
            publish=options["publish"],
        )
        try:
            contents = [(Path(name).name, Path(name).read_bytes()) for name in files]
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from error
        progress = Progress(self.stderr) if options["verbosity"] > 0 else None
        try:
            result = import_workbook(
                contents, import_options, user=author, dry_run=dry_run, progress=progress
            )
        except WorkbookError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(error.problems)} problem(s) to fix first."
            ) from error
        finally:
            if progress:
                progress.finish()
        if options["verbosity"] > 1:
            for row in result.rows:
                if row.action != "unchanged":
                    changes = f" ({', '.join(row.changes)})" if row.changes else ""
                    self.stdout.write(f"  row {row.row}: {row.label}, {row.action}{changes}")
        prefix = "Dry run, nothing written: " if dry_run else "Imported: "
        self.stdout.write(prefix + str(result))


class Progress:
    """A one-line progress bar on a terminal; a line per stage otherwise."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.tty = stream.isatty()
        self.stage = None

    def __call__(self, done, total, stage):
        if stage != self.stage:
            self.finish()
            self.stage = stage
            if not self.tty:
                self.stream.write(f"{stage} ({total})" if total > 1 else stage)
        if self.tty and (done == total or done % max(1, total // 200) == 0):
            filled = self.WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r{stage:<20} [{bar}] {done}/{total}", ending="")
            self.stream.flush()

    def finish(self):
        if self.tty and self.stage:
            self.stream.write("")
        self.stage = None
