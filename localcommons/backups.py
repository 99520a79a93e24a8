"""Backups: the database and the uploaded media in one folder, and putting them back.

A backup is a folder holding `database.sqlite3` (SQLite's `VACUUM INTO`, a consistent copy
taken while the site runs) or `database.dump` (PostgreSQL's `pg_dump`, custom format), a
copy of the media folder, and `manifest.json`: when it was taken, from which database, and
how many rows each table had, which `restore` checks the restored database against.
"""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why."""


def table_counts():
    """{table: rows} for every table of the database (Django's and Wagtail's included)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from introspection)
            counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_env():
    """The environment pg_dump and pg_restore need to reach the site's database."""
    database = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command):
    try:
        subprocess.run(command, env=_postgres_env(), check=True, capture_output=True, text=True)  # noqa: S603 (fixed commands, no shell)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed: {error}") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def media_root():
    """The local media folder, or None when media live elsewhere (object storage)."""
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None
    return Path(settings.MEDIA_ROOT)


def backup(parent):
    """Take a backup into a new folder under parent; return the folder."""
    connection.ensure_connection()
    taken = datetime.datetime.now(datetime.UTC)
    folder = Path(parent) / taken.strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(folder / SQLITE_FILE)])
    elif vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={folder / POSTGRES_FILE}"])
    else:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    media = media_root()
    if media is not None and media.exists():
        shutil.copytree(media, folder / MEDIA)
    manifest = {
        "taken_at": taken.isoformat(),
        "database": vendor,
        "media": "copied" if media is not None else "kept in object storage, not copied",
        "tables": table_counts(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def restore(folder):
    """Replace the database and media with a backup's; return tables whose counts differ.

    The database must be the same kind as the backup's. Counts that differ mean the
    restore did not bring everything back: {table: (in the backup, now)}.
    """
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"This backup is of a {manifest['database']} database, not {vendor}.")
    if vendor == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        shutil.copyfile(folder / SQLITE_FILE, target)
    else:
        connection.close()
        database = connection.settings_dict["NAME"]
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run(["pg_restore", *options, f"--dbname={database}", str(folder / POSTGRES_FILE)])
    media = media_root()
    if media is not None and (folder / MEDIA).exists():
        shutil.copytree(folder / MEDIA, media, dirs_exist_ok=True)
    now = table_counts()
    return {
        table: (count, now.get(table))
        for table, count in manifest["tables"].items()
        if now.get(table) != count
    }
