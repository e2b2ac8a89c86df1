"""The portal as in production, for the tests that need it whole:
`gunicorn ogp_portal.wsgi` with DJANGO_DEBUG=0 (the `production_server`
fixture) and a plain HTTP client for it."""

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from tests import databases

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, *, method: str = "GET", headers: dict | None = None):
    """A plain HTTP request (GET unless told), as a browser behind no proxy
    would send it; the body is read."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.fixture
def production_server(django_db_setup, tmp_path):
    """`gunicorn ogp_portal.wsgi` with DEBUG off, on the test database and MEDIA_ROOT."""
    with gunicorn(tmp_path, DATABASE_URL=databases.url(), MEDIA_ROOT=str(settings.MEDIA_ROOT)) as port:
        yield port


@contextmanager
def gunicorn(folder: Path, *, workers: int = 1, **environment: str) -> Iterator[int]:
    """`gunicorn ogp_portal.wsgi` with DEBUG off and `environment` (its
    DATABASE_URL, MEDIA_ROOT…), static files collected into `folder` and its
    log there (`gunicorn.log`); yields its port once /healthz answers, and
    stops it after."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="e2e-" + os.urandom(24).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(folder / "static"),
    )
    env.update(environment)
    # Production pages (the 404 page among them) need the static manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0", "-i", "admin"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    log = folder / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ogp_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if http_get(port, "/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + log.read_text())
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
