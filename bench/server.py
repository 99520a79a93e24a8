"""Serve a SQLite database with gunicorn and the production settings, for the HTTP benchmarks.

`ProductionServer` collects the static files into a scratch folder, starts gunicorn on a
free port of 127.0.0.1 with `localcommons.settings.production`, waits until it answers and
stops it (SIGTERM, then SIGKILL if it hangs) on the way out, Ctrl-C and SIGTERM to the
benchmark included. The settings are the deployed ones: only the environment differs (a
throwaway secret key, the database, the cache, static and media folders in the scratch
folder).

Production redirects plain HTTP to HTTPS and trusts `X-Forwarded-Proto` (the proxy in front
of it in a deployment), so clients send `X-Forwarded-Proto: https` (`FORWARDED_HTTPS`) as
that proxy would, instead of the redirect being turned off.
"""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SETTINGS_MODULE = "localcommons.settings.production"
DEV_SETTINGS_MODULE = "localcommons.settings.dev"
HOST = "127.0.0.1"
FORWARDED_HTTPS = {"X-Forwarded-Proto": "https"}
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 40


def default_workers():
    """gunicorn's usual rule for processes: two per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def production_environment(database, scratch, dev=False):
    """The environment for manage.py or gunicorn on this database, its files under scratch.

    With dev=True it is the development settings instead (used to migrate and load data,
    as `make run` does), with the same database and folders.
    """
    scratch = Path(scratch)
    environment = {
        key: value
        for key, value in os.environ.items()
        # Each run gets its own empty file cache, not a shared Redis.
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=DEV_SETTINGS_MODULE if dev else SETTINGS_MODULE,
        DATABASE_URL=f"sqlite:///{Path(database).resolve()}",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        CACHE_DIR=str(scratch / "cache"),
        STATIC_ROOT=str(scratch / "static"),
        MEDIA_ROOT=str(scratch / "media"),
        PYTHONUNBUFFERED="1",
    )
    return environment


def manage(database, scratch, *args, dev=False):
    """Run manage.py with the production (or dev) environment; exit with its output on failure."""
    result = subprocess.run(  # noqa: S603 (fixed commands, no shell)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_environment(database, scratch, dev=dev),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def print_machine():
    """The load average and core count: other processes on the machine slow the server."""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average {load} on {os.cpu_count()} CPUs.", flush=True)


def interrupt(_signum, _frame):
    raise KeyboardInterrupt


def free_port():
    """A port nothing listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class ProductionServer:
    """gunicorn serving database with the production settings, from enter to exit.

    By default, gunicorn's sync workers, two per core plus one: rendering a page is Python
    work that holds a process's GIL, so processes, not threads, use the cores. A sync
    worker answers one request per connection and closes it, so every request queues at
    the shared socket for the next free worker. gthread workers (`worker_class="gthread"`,
    `threads` each) keep connections alive instead, but each kept-alive connection stays
    with the worker that took it, busy or not.
    """

    def __init__(self, database, *, workers=None, worker_class="sync", threads=4, scratch=None):
        self.database = Path(database).resolve()
        self.workers = workers or default_workers()
        self.worker_class = worker_class
        self.threads = threads
        self.given_scratch = scratch
        self.scratch = None
        self.process = None
        self.port = None
        self.log = None
        self.log_text = ""
        self.previous_sigterm = None

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def __enter__(self):
        # gunicorn runs in a session of its own, so it outlives this process unless this
        # process stops it: a SIGTERM here unwinds like Ctrl-C, through stop().
        if threading.current_thread() is threading.main_thread():
            self.previous_sigterm = signal.signal(signal.SIGTERM, interrupt)
        self.scratch = Path(self.given_scratch or tempfile.mkdtemp(prefix="lc-server-"))
        try:
            manage(self.database, self.scratch, "collectstatic", "--noinput", "--verbosity", "0")
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def command(self):
        # gunicorn turns sync workers into gthread ones when given more than one thread.
        threads = [f"--threads={self.threads}"] if self.worker_class == "gthread" else []
        return [
            str(VENV_BIN / "gunicorn"),
            "localcommons.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--worker-class={self.worker_class}",
            *threads,
            "--error-logfile=-",
            "--log-level=warning",
            # The default control socket is one path per user: two servers would share it.
            "--no-control-socket",
        ]

    def start(self):
        self.port = free_port()
        self.log = self.scratch / "gunicorn.log"
        # A session of its own: Ctrl-C reaches this script, which then stops gunicorn
        # gracefully, rather than every process at once. Its log and Django's (tracebacks
        # of server errors) go to one file.
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed command, no shell)
                self.command(),
                cwd=ROOT,
                env=production_environment(self.database, self.scratch),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            if self.answers():
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def answers(self):
        """True once the server answers a request for the home page."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request("GET", "/", headers=FORWARDED_HTTPS)
            connection.getresponse().read()
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()
        return True

    def stop(self):
        """Stop gunicorn gracefully (SIGTERM lets requests finish), then drop the scratch folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log is not None and self.log.exists():
            self.log_text = self.log.read_text(errors="replace")
        if self.scratch is not None and self.given_scratch is None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        if self.previous_sigterm is not None:
            signal.signal(signal.SIGTERM, self.previous_sigterm)
            self.previous_sigterm = None

    def log_lines(self):
        """What gunicorn and Django logged (warnings and worse): kept after stop()."""
        if self.log is not None and self.log.exists():
            self.log_text = self.log.read_text(errors="replace")
        return [line for line in self.log_text.splitlines() if line.strip()]

    def log_tail(self, lines=30):
        return "\n".join(self.log_lines()[-lines:]) or "(nothing logged)"
