"""Write the directory as a Kumu workbook (XLSX), a CSV pair, or an HSDS 3.0 data package."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mapping.exchange.files import csv_pair, xlsx_bytes
from mapping.exchange.hsds import hsds_zip_bytes
from mapping.exchange.kumu import build_workbook


class Command(BaseCommand):
    """manage.py export_workbook OUTPUT [--format xlsx|csv|hsds] [--public-only]."""

    help = (
        "Write every listing and connection as a Kumu workbook: an .xlsx file with Elements "
        "and Connections sheets, or (--format csv) a folder with elements.csv and "
        "connections.csv; or (--format hsds) an Open Referral HSDS 3.0 data package (.zip). "
        "--public-only applies the public visibility rule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output", help="the .xlsx or .zip file to write, or the folder for the CSV pair"
        )
        parser.add_argument("--format", choices=["xlsx", "csv", "hsds"], default="xlsx")
        parser.add_argument(
            "--public-only",
            action="store_true",
            help="only what the public may see (no hidden, draft or restricted listings, "
            "and no details of network-only ones)",
        )

    def handle(self, *args, output, format, public_only, **options):
        path = Path(output)
        scope = "what the public may see" if public_only else "everything"
        if format == "hsds":
            if path.is_dir():
                raise CommandError(f"{path} is a folder; give the .zip file to write.")
            path.write_bytes(hsds_zip_bytes(public=public_only))
            self.stdout.write(f"Wrote the HSDS 3.0 data package ({scope}) to {path}.")
            return
        workbook = build_workbook(public=public_only)
        if format == "xlsx":
            if path.is_dir():
                raise CommandError(f"{path} is a folder; give the .xlsx file to write.")
            path.write_bytes(xlsx_bytes(workbook))
            written = [path]
        else:
            if path.exists() and not path.is_dir():
                raise CommandError(f"{path} is a file; give a folder for the CSV pair.")
            path.mkdir(parents=True, exist_ok=True)
            written = []
            for file_name, text in csv_pair(workbook).items():
                (path / file_name).write_text(text, encoding="utf-8", newline="")
                written.append(path / file_name)
        self.stdout.write(
            f"Wrote {len(workbook.elements)} listings and {len(workbook.connections)} "
            f"connections ({scope}) to {', '.join(map(str, written))}."
        )
