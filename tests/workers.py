"""A real Celery worker for the tests about delivery (the outbox, the
published documents): `celery worker` in its own process, on the test
database, the harness's Redis and the given environment."""

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
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
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
