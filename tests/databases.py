"""The databases a test run makes beside each worker's test database, on
PostgreSQL (on SQLite none: each worker migrates its own and data built once
is built per module).

Made once for the whole run, whichever worker comes first, while the others
wait on a lock (PostgreSQL's advisory locks, one per database made):
- `<base>_<run>_migrated`: the main process migrates it in another process
  while the workers start and collect (tests/harness.py); every worker's
  test database is created as a copy of it (migrating takes about 15 s of
  CPU; a copy, a tenth of a second). If that failed, the first worker
  migrates its own test database as pytest-django does and leaves a copy.
- `<base>_<run>_<name>`: the rows of a `built_once_per_run` fixture (the
  demo), built into a copy of the migrated database and committed.
Made by each worker: `<its test database>_module`, the copy of one of these a
module's tests run on, dropped after the module.

A database made once is a template: nobody connects to it, it is only
copied (`CREATE DATABASE … TEMPLATE …`). `<run>` names the run (the harness
sets OGP_TEST_RUN in the main process, before the workers start), so runs
sharing a server never share a template; the main process drops them at the
end of the run."""

import json
import os
import re
from contextlib import contextmanager
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql

RUN = os.environ.get("OGP_TEST_RUN") or str(os.getpid())
# The worker's test database (`test_ogp_gw0`; `test_ogp` without xdist), named
# before it is created.
_TEST_DATABASE: list[str] = []


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def name_the_test_database() -> None:
    _TEST_DATABASE[:] = [connection.creation._get_test_db_name()]


def run_database(name: str) -> str:
    """The database made once for the run under `name`."""
    base = re.sub(r"_gw\d+$", "", _TEST_DATABASE[0])
    return f"{base}_{RUN}_{name}"


def worker_database(name: str) -> str:
    """This worker's database `name`, made for the run."""
    return f"{_TEST_DATABASE[0]}_{RUN}_{name}"


def url() -> str:
    """The connection's database as a DATABASE_URL, for a process the tests
    start (a Celery worker, gunicorn); its host may be the folder of the
    server's Unix socket."""
    db = connection.settings_dict
    return f"postgres://{quote(db['USER'])}@{quote(db['HOST'], safe='')}:{db['PORT']}/{quote(db['NAME'])}"


def maintenance():
    """A connection to the server's `postgres` database, apart from the tests'."""
    db = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


class RunLock:
    """Held by the worker making `database`; the others wait for it."""

    def __init__(self, database: str):
        self.database = database
        self.connection = maintenance()
        self.connection.execute("SELECT pg_advisory_lock(hashtext(%s))", [database])

    def made(self) -> dict | None:
        """What was kept with the database when it was completed, or None
        (not made, or its maker failed half-way: it is dropped)."""
        row = self.connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [self.database],
        ).fetchone()
        if row is None:
            return None
        if row[0] is None:
            drop(self.database)
            return None
        return json.loads(row[0])

    def complete(self, value) -> None:
        """Marks the database made, keeping `value` (JSON) for the others."""
        self.connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(self.database), sql.Literal(json.dumps(value))
            )
        )

    def release(self) -> None:
        self.connection.close()  # the lock goes with the session


# Each database a test may run on, and the template it was copied from.
_MADE_FROM: dict[str, str] = {}


def copy(template: str, name: str) -> None:
    with maintenance() as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        server.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        )
    _MADE_FROM[name] = template


def made_from(name: str, template: str) -> None:
    """Records that the database `name` was created as a copy of `template`."""
    _MADE_FROM[name] = template


def renew() -> bool:
    """Makes the connection's database again as a fresh copy of its template
    (every connection to it is closed); False if it has none."""
    from django.contrib.contenttypes.models import ContentType

    name = connection.settings_dict["NAME"]
    if name not in _MADE_FROM:
        return False
    connection.close()
    copy(_MADE_FROM[name], name)
    ContentType.objects.clear_cache()
    return True


def drop(name: str) -> None:
    with maintenance() as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def drop_the_runs_databases() -> None:
    """Every database made once for this run (by the main process, at the end)."""
    with maintenance() as server:
        names = server.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"test\\_%\\_{RUN}\\_%"]
        ).fetchall()
    for (name,) in names:
        drop(name)


@contextmanager
def using(name: str):
    """The connection on the database `name` inside the block (new connections
    too: threads, the live server, a worker started inside)."""
    left = use(name)
    try:
        yield
    finally:
        use(left)


def use(name: str) -> str:
    """Points the connection at the database `name`; returns the one it left."""
    from django.contrib.contenttypes.models import ContentType

    left = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name
    # Content types are cached by id, and ids differ after a flush.
    ContentType.objects.clear_cache()
    return left
