"""Services a fault test may stop: a PostgreSQL cluster of the module's own
(the run's serves the other workers, and is never stopped), this process's
connection pointed at it, and waiting with a bound."""

import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

from tests.harness import PostgresCluster, start_postgres


@contextmanager
def own_postgres(database: str = "ogp") -> Iterator[PostgresCluster]:
    """A cluster of its own holding `database`, migrated: a copy of this
    worker's test database (schema and the rows migrations make: roles,
    content types, the site), dumped and restored in a second or two where
    migrating takes some fifteen seconds of CPU. Its rows of tests are
    never committed, so none is copied. Removed after."""
    cluster = start_postgres()
    if cluster is None:
        raise RuntimeError("PostgreSQL's binaries are needed")
    try:
        source = connection.settings_dict
        target = {"host": str(cluster.folder), "port": str(cluster.port), "user": "postgres"}
        subprocess.run(
            [str(cluster.pgbin / "createdb"), *_args(target), database], check=True, capture_output=True
        )
        dump = subprocess.run(
            [
                str(cluster.pgbin / "pg_dump"),
                *_args({"host": source["HOST"], "port": str(source["PORT"]), "user": source["USER"]}),
                "--no-owner",
                "--no-privileges",
                source["NAME"],
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(cluster.pgbin / "psql"), *_args(target), "-q", "-v", "ON_ERROR_STOP=1", "-d", database],
            input=dump.stdout,
            check=True,
            capture_output=True,
        )
        yield cluster
    finally:
        cluster.remove()


def _args(server: dict) -> list[str]:
    return [f"--{key}={value}" for key, value in server.items() if value]


@contextmanager
def connected_to(cluster: PostgresCluster, database: str = "ogp") -> Iterator[None]:
    """This process's connection (its ORM, the factories) on `database` of
    `cluster` inside the block, as gunicorn sees it; back on the test
    database after."""
    from django.contrib.contenttypes.models import ContentType

    keys = ("HOST", "PORT", "NAME", "USER", "PASSWORD")
    place = {
        "HOST": str(cluster.folder),
        "PORT": cluster.port,
        "NAME": database,
        "USER": "postgres",
        "PASSWORD": "",
    }
    dicts = [connection.settings_dict, settings.DATABASES[connection.alias]]
    saved = [{key: d.get(key) for key in keys} for d in dicts]
    connection.close()
    for d in dicts:
        d.update(place)
    ContentType.objects.clear_cache()
    try:
        yield
    finally:
        connection.close()
        for d, before in zip(dicts, saved, strict=True):
            d.update(before)
        ContentType.objects.clear_cache()


def wait_for(predicate: Callable[[], object], timeout: float, every: float = 0.1):
    """The first true value of `predicate()` within `timeout` seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value or None
        time.sleep(every)
