"""The portal as deployed, for the load tests: gunicorn in production
settings (DEBUG off) with several workers of several threads each, on the
module's test database, with the harness's Redis as cache and Celery broker
(tests/core/production.py starts it).

As in production, a request that writes to the outbox enqueues the row's
task on Redis once its transaction commits (core.notifications.enqueue), and
no task runs in the request. No Celery worker runs here: the tasks stay in
the broker's queue, where `queued()` reads them, so a test sees both the
outbox rows and the messages that would send them, and can tell whether each
row was enqueued exactly once. `purge()` empties the queue, before each test
and after the module, so no later test's worker finds tasks for rows of a
database that is gone."""

import json
import os
from base64 import b64decode
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from django.conf import settings

from tests.core.production import gunicorn

# Sessions are signed with the server's key: the tests make them with it
# (tests/resilience/load.py).
SECRET_KEY = "load-" + os.urandom(24).hex()
WORKERS, THREADS = 3, 4
# Celery's default queue: a Redis list of JSON messages.
QUEUE = "celery"


@dataclass
class Server:
    port: int
    log: Path

    def tail(self, lines: int = 60) -> str:
        """The end of gunicorn's log, for a failure's message."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def production_portal(folder: Path):
    """gunicorn with WORKERS × THREADS (gthread), persistent database
    connections as compose.yaml sets them, and tasks sent to Redis (the
    harness sets them to run in-process for the test process)."""
    options = ["--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread"]
    with gunicorn(
        folder,
        *options,
        DJANGO_SECRET_KEY=SECRET_KEY,
        DATABASE_CONN_MAX_AGE="60",
        CELERY_TASK_ALWAYS_EAGER="0",
    ) as port:
        try:
            yield Server(port, folder / "gunicorn.log")
        finally:
            purge()


def _broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=5)


def purge() -> None:
    with _broker() as broker:
        broker.delete(QUEUE)


def queued(task: str = "core.tasks.send_notification") -> Counter:
    """How many times each argument tuple of `task` waits in the queue (for
    the outbox: each notification's id, once)."""
    found = Counter()
    with _broker() as broker:
        for raw in broker.lrange(QUEUE, 0, -1):
            message = json.loads(raw)
            if message["headers"]["task"] != task:
                continue
            args, _kwargs, _embed = json.loads(b64decode(message["body"]))
            found[tuple(args)] += 1
    return found
