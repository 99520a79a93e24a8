"""Settings are safe by default and production refuses to start unconfigured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from localcommons.settings import base

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "localcommons.settings.production",
    "SECRET_KEY": "x7#kQ2!vLp9@rT4$wZ8^mN3&bY6*cH1(dF5)gJ0-sA2+eU7=iO4_qW9~zX3",
    "ALLOWED_HOSTS": "brickfield.example.org",
}


def run_python(*args, env=None, check=False):
    """Run Python in the repository with a clean environment (no DATABASE_URL) plus env."""
    full_env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
    )


def run_manage(*args, env):
    return run_python("manage.py", *args, env=env)


def setting_in_subprocess(expression, **env):
    """Evaluate a settings expression in a fresh process with the given environment."""
    code = f"import django; from django.conf import settings; django.setup(); print({expression})"
    # A key, as every real process has: django-comments-xtd reads every setting as it loads.
    env = {"DJANGO_SETTINGS_MODULE": "localcommons.settings.base", "SECRET_KEY": "k" * 50, **env}
    return run_python("-c", code, env=env, check=True).stdout.strip()


def test_production_passes_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr


def test_base_settings_are_safe_and_quiet():
    assert base.DEBUG is False
    assert base.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert base.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_database_comes_from_database_url():
    url = "postgres://lc:secret@127.0.0.1:5432/lc"
    engine = setting_in_subprocess("settings.DATABASES['default']['ENGINE']", DATABASE_URL=url)
    assert engine == "django.db.backends.postgresql"


def test_sqlite_is_the_default_database():
    engine = setting_in_subprocess("settings.DATABASES['default']['ENGINE']")
    assert engine == "django.db.backends.sqlite3"


def test_redis_cache_is_used_when_redis_url_is_set():
    backend = setting_in_subprocess(
        "settings.CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert backend == "django_redis.cache.RedisCache"


def test_productions_file_cache_has_room_for_every_listing_pages_fragments():
    # Past MAX_ENTRIES the file cache deletes a third of its entries at random.
    entries = setting_in_subprocess(
        "settings.CACHES['default']['OPTIONS']['MAX_ENTRIES']", **PRODUCTION_ENV
    )
    assert int(entries) >= 2 * 10_000
    assert (
        setting_in_subprocess(
            "settings.CACHES['default']['OPTIONS']['MAX_ENTRIES']",
            **PRODUCTION_ENV,
            CACHE_MAX_ENTRIES="50000",
        )
        == "50000"
    )


def test_culling_productions_full_file_cache_never_loses_the_data_version(tmp_path):
    """The entries cull a third of their files when full; the version has a folder of its own."""
    code = "\n".join(
        [
            "import django",
            "django.setup()",
            "from django.core.cache import cache",
            "from localcommons.cache import data_version",
            "before = data_version()",
            "for n in range(200):",
            "    cache.set(f'entry-{n}', n)",
            "print(before == data_version(), len(list(cache._list_cache_files())) < 200)",
        ]
    )
    env = {**PRODUCTION_ENV, "CACHE_DIR": str(tmp_path), "CACHE_MAX_ENTRIES": "30"}
    result = run_python("-c", code, env=env, check=True)
    assert result.stdout.split() == ["True", "True"]
    assert (tmp_path / "versions").is_dir()


def test_redis_holds_the_data_version_under_its_own_prefix():
    aliases = setting_in_subprocess(
        "sorted((alias, c['BACKEND'], c['KEY_PREFIX']) for alias, c in settings.CACHES.items())",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert aliases == str(
        [
            ("default", "django_redis.cache.RedisCache", "default"),
            ("versions", "django_redis.cache.RedisCache", "versions"),
        ]
    )
