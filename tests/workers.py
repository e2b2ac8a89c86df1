"""A real Celery worker for the tests about delivery (the outbox, the
published documents): `celery worker` in its own process, on the test
database, the harness's Redis and the given environment; and `redis_at`,
which points this process's publishing at another Redis."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from ogp_portal.celery import app as celery_app
from tests import databases

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def celery_worker(**environment: str):
    """Starts the worker (two processes), waits until it answers, and stops
    it after; meanwhile this process publishes its tasks to Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": databases.url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        **environment,
    }
    command = [sys.executable, "-m", "celery", "-A", "ogp_portal", "worker", "--pool=prefork"]
    command += [
        "--concurrency=2",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    # In a process group of its own, the main process and its pool's
    # children: a test can kill them all at once (os.killpg), as a machine lost.
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    conf = celery_app.conf
    conf.task_always_eager = False  # this test process publishes to Redis
    try:
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout else ""
                raise RuntimeError("the worker did not start:\n" + output)
        yield process
    finally:
        conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def redis_at(url: str):
    """This process publishes to, and would read results from, `url` inside
    the block (a worker started inside with REDIS_URL=url answers its ping)."""
    conf = celery_app.conf

    def reconnect():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app._backend_cache = None
        celery_app._local.__dict__.pop("backend", None)

    saved = conf.broker_url, conf.result_backend
    conf.broker_url = conf.result_backend = url
    reconnect()
    try:
        yield
    finally:
        conf.broker_url, conf.result_backend = saved
        reconnect()
