"""Pytest plugin (loaded with `-p tests.harness`): starts a throw-away
PostgreSQL cluster and a redis-server on free ports for the test run, unless
DATABASE_URL / REDIS_URL are given. Falls back to SQLite and in-process Celery,
saying so, only when the binaries are missing.

Under pytest-xdist (`make test` runs `-n auto`) the main process starts the
services and each worker uses them apart: its own test database
(pytest-django names it `test_ogp_gw0`, `test_ogp_gw1`…) and its own two
Redis databases (worker k: 2k for Celery, 2k + 1 for the cache), so that
clearing the cache or a worker test's queue in one worker leaves the others'
alone. On PostgreSQL the main process also migrates the run's template
database in the background, while the workers start (`_migrate_in_the_background`).

It must run before pytest-django reads the settings, hence a hook wrapper
around `pytest_load_initial_conftests`."""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

_state: dict = {"notes": [], "cleanup": []}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for directory in reversed(candidates):
        if (Path(directory) / "initdb").exists():
            return Path(directory)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


class PostgresCluster:
    """A throw-away PostgreSQL cluster in a folder of its own, on a free port,
    reached through its Unix socket in that folder. The run's is started by
    `_start_postgres`; a test that stops the database starts its own, never
    stopping the one the other workers use."""

    def __init__(self, pgbin: Path):
        self.pgbin = pgbin
        self.folder = Path(tempfile.mkdtemp(prefix="ogp-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.port = _free_port()
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            _as_postgres([str(self.pgbin / program), *args]), check=check, capture_output=True
        )

    def start(self) -> None:
        """Starts the server, and returns once it accepts connections."""
        opts = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.folder / "log"), "-o", opts, "start")

    def stop(self, mode: str = "fast") -> None:
        """`pg_ctl stop -m mode`: "fast" ends every session (a clean shutdown),
        "immediate" as a crash would."""
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    def remove(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "ogp") -> str:
        return f"postgres://postgres@{quote(str(self.folder), safe='')}:{self.port}/{database}"


def start_postgres() -> PostgresCluster | None:
    """A new cluster, started (None without PostgreSQL's binaries); its
    user removes it."""
    pgbin = _pg_bin()
    if pgbin is None:
        return None
    cluster = PostgresCluster(pgbin)
    cluster.start()
    return cluster


def _start_postgres() -> str | None:
    cluster = start_postgres()
    if cluster is None:
        return None
    _state["cleanup"].append(cluster.remove)
    version = cluster.pgbin.parent.name
    _state["notes"].append(
        f"PostgreSQL {version} (throw-away cluster, Unix socket in {cluster.folder}, port {cluster.port})"
    )
    # Through its Unix socket rather than TCP on 127.0.0.1: the tests send
    # hundreds of thousands of small queries, and the loopback's TCP costs
    # the kernel more CPU per query than the socket does.
    return cluster.url()


class RedisServer:
    """A throw-away redis-server on a free port, keeping nothing on disk. The
    run's is started by `_start_redis`; a test that stops Redis starts its
    own. Started again, it listens on the same port, empty."""

    def __init__(self, server: str):
        self.server = server
        self.folder = Path(tempfile.mkdtemp(prefix="ogp-redis-"))
        self.port = _free_port()
        self.pidfile = self.folder / "redis.pid"

    def start(self) -> None:
        """Starts the server, and returns once it answers PING (10 s at most)."""
        subprocess.run(
            [
                self.server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
                "--pidfile",
                str(self.pidfile),
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.folder / "log"),
            ],
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)

    def stop(self) -> None:
        """Stops the server (SIGTERM), and returns once it is gone (10 s at most)."""
        with contextlib.suppress(OSError, ValueError):
            pid = int(self.pidfile.read_text().strip())
            os.kill(pid, 15)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                os.kill(pid, 0)  # OSError once it has exited
                time.sleep(0.02)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"


def start_redis() -> RedisServer | None:
    """A new redis-server, started (None without the binary); its user removes it."""
    server = shutil.which("redis-server")
    if server is None:
        return None
    redis = RedisServer(server)
    redis.start()
    return redis


def _start_redis() -> str | None:
    redis = start_redis()
    if redis is None:
        return None
    _state["cleanup"].append(redis.remove)
    _state["notes"].append(f"Redis (throw-away redis-server on 127.0.0.1:{redis.port})")
    return redis.url()


def _worker_number() -> int | None:
    """0 for xdist's worker gw0, 1 for gw1…; None outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") else None


def _shift_redis_database(url: str, by: int) -> str:
    """redis://h:p/0 shifted by 2 -> redis://h:p/2 (no number means 0)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + by}"))


def _migrate_in_the_background(url: str) -> None:
    """The main process migrates the run's template database
    (`test_<name>_<run>_migrated`, tests/databases.py) in another process
    while the workers start and collect the tests, instead of the first
    worker migrating (some fifteen seconds of CPU) after its collection
    while the other waits. The workers wait on the template's lock and start
    from a copy of it; if this failed (a server that refuses CREATE DATABASE,
    a failing migration), the template is not marked made and the first
    worker migrates its own database as before, showing the error."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.strip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name:
        return
    template = f"test_{name}_{os.environ['OGP_TEST_RUN']}_migrated"
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    try:
        lock = psycopg.connect(server, autocommit=True)
        lock.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])  # held until it is made
        lock.execute(f'CREATE DATABASE "{template}"')
    except psycopg.Error:
        return
    process = subprocess.Popen(
        [sys.executable, "manage.py", "migrate", "--no-input", "--run-syncdb", "-v", "0"],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{template}"))},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def complete() -> None:
        with contextlib.suppress(psycopg.Error), lock:  # closing it releases the lock
            if process.wait() == 0:
                lock.execute(f"COMMENT ON DATABASE \"{template}\" IS '{{}}'")  # made (RunLock.made)

    finishing = threading.Thread(target=complete, daemon=True)
    finishing.start()

    def stop() -> None:  # a run that ended before it needed the template
        if process.poll() is None:
            process.kill()
        finishing.join(timeout=10)

    _state["cleanup"].append(stop)


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    if not os.environ.get("DATABASE_URL"):
        url = _start_postgres()
        if url:
            os.environ["DATABASE_URL"] = url
        else:
            _state["notes"].append("SQLite (PostgreSQL binaries not found: install postgresql to test on it)")
    else:
        _state["notes"].append("database from DATABASE_URL")
    if not os.environ.get("REDIS_URL"):
        url = _start_redis()
        if url:
            os.environ["REDIS_URL"] = url
        else:
            _state["notes"].append(
                "no Redis (redis-server not found): Celery runs in-process, worker tests skip"
            )
    else:
        _state["notes"].append("Redis from REDIS_URL")
    worker = _worker_number()
    if worker:
        # The settings put the cache on the database after REDIS_URL's.
        for name in ("REDIS_URL", "REDIS_CACHE_URL"):
            if os.environ.get(name):
                os.environ[name] = _shift_redis_database(os.environ[name], 2 * worker)
    # Names the databases made once for this run (tests/databases.py); the
    # workers, started after, inherit it.
    os.environ.setdefault("OGP_TEST_RUN", uuid.uuid4().hex[:8])
    # Tasks run in-process in the test process; tests about delivery start a
    # real worker on the Redis broker (see tests/core/test_outbox_worker.py).
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if worker is None and not early_config.known_args_namespace.collectonly:
        _migrate_in_the_background(os.environ.get("DATABASE_URL", ""))
    return (yield)


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    vendor = (
        "PostgreSQL"
        if "postgresql" in db["ENGINE"]
        else "SQLite"
        if "sqlite" in db["ENGINE"]
        else db["ENGINE"]
    )
    broker = settings.CELERY_BROKER_URL
    return [
        f"services: {'; '.join(_state['notes'])}",
        f"database: {vendor} {db.get('HOST') or db.get('NAME')}:{db.get('PORT') or ''}",
        f"celery broker: {'Redis ' + broker if broker.startswith('redis') else broker}",
    ]


def pytest_unconfigure(config):
    for stop in reversed(_state["cleanup"]):
        stop()
    _state["cleanup"].clear()
