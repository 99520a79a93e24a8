"""A backup of the demo restores into a fresh database with the same pages, rows and media.

Run end to end as an operator would, each step its own `manage.py` process, on the kind of
database the suite runs on (a SQLite file, or a new PostgreSQL database when DATABASE_URL
points at PostgreSQL).
"""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from directory.querysets import restricted_paths
from localcommons.cache import data_version

SNAPSHOT = (
    "import json, django; django.setup();"
    "from wagtail.models import Page; from localcommons.backups import table_counts;"
    "print(json.dumps({'pages': sorted(Page.objects.values_list('url_path', 'title', 'live')),"
    " 'tables': table_counts()}))"
)


def manage(*args, database_url, media, check=True):
    """Run manage.py (or python -c with args[0] == "-c") against database_url and media."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="localcommons.settings.test",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
    )
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "manage.py", *args]
    return subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=check
    )


@pytest.fixture
def two_databases(tmp_path):
    """(source URL, target URL): two empty databases of the kind the suite runs on."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    import psycopg

    server, _, _name = url.rpartition("/")
    names = [f"lc_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(f"{server}/{name}" for name in names)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database(tmp_path, two_databases):
    source, target = two_databases
    source_media, target_media = tmp_path / "media-source", tmp_path / "media-target"
    (source_media / "original_images").mkdir(parents=True)
    (source_media / "original_images" / "hall.jpg").write_bytes(b"not really a photo")
    for step in (["migrate", "--no-input"], ["load_demo"]):
        manage(*step, database_url=source, media=source_media)
    before = json.loads(manage("-c", SNAPSHOT, database_url=source, media=source_media).stdout)

    result = manage("backup", "--into", str(tmp_path / "backups"), database_url=source,
                    media=source_media)  # fmt: skip
    folder = Path(result.stdout.strip().removeprefix("Backed up to "))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"] == before["tables"]

    refused = manage("restore", str(folder), database_url=target, media=target_media, check=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    restored = manage("restore", str(folder), "--yes", database_url=target, media=target_media)
    assert "every table matches" in restored.stdout
    after = json.loads(manage("-c", SNAPSHOT, database_url=target, media=target_media).stdout)
    assert after["pages"] == before["pages"] and len(before["pages"]) > 100
    assert after["tables"] == before["tables"]
    assert (target_media / "original_images" / "hall.jpg").read_bytes() == b"not really a photo"


@pytest.mark.django_db
def test_a_restore_empties_the_cache_and_starts_a_new_data_version(monkeypatch, tmp_path):
    """Nothing cached from the replaced database is served after a restore."""
    monkeypatch.setattr("localcommons.management.commands.restore.restore", lambda folder: {})
    before = data_version()
    assert restricted_paths() == []
    # As a restore writes the database: no signals.
    root = Page.objects.get(depth=1)
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=root, restriction_type="login")]
    )
    assert restricted_paths() == []

    call_command("restore", str(tmp_path), "--yes", stdout=io.StringIO())

    assert data_version() != before
    assert restricted_paths() == ["0001"]
