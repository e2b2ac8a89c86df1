"""Many simultaneous first requests for a document make one render, and a
real Celery worker renders it while the page says it is being prepared."""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import Rendition
from ogp_portal.celery import app as celery_app
from tests.published import download
from tests.workers import celery_worker
from tests.workshops.staff import stage
from workshops.models import Registration

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (redis-server not installed)"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared database"),
]


@pytest.fixture
def broker(settings):
    """Tasks go to Redis, as in production; the queue starts empty."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    yield
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    celery_app.conf.task_always_eager = True


def queued() -> int:
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.client.llen("celery")


@pytest.fixture
def sheet():
    cast = stage()
    Registration.objects.create(workshop=cast.workshop, name="Zineb Alaoui", status="registered")
    address = reverse("admin:workshops_workshop_sign_in_sheet", args=[cast.workshop.pk]) + "?language=fr"
    return cast, address


def test_a_hundred_simultaneous_first_requests_enqueue_one_render(broker, sheet):
    cast, address = sheet

    def ask(_n):
        client = Client()
        client.force_login(cast.rep)
        try:
            response = client.get(address)
            return response.status_code, 'http-equiv="refresh"' in response.content.decode()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(ask, range(100)))
    assert answers == [(202, True)] * 100
    assert queued() == 1
    [row] = Rendition.objects.all()
    assert row.wanted and not row.file


@pytest.fixture
def worker(broker, settings):
    """`celery worker` in its own process, on the test database, Redis and media folder."""
    with celery_worker(MEDIA_ROOT=str(settings.MEDIA_ROOT)) as process:
        yield process


def test_a_worker_renders_the_document_while_the_page_says_it_is_being_prepared(worker, sheet, client):
    cast, address = sheet
    client.force_login(cast.rep)
    first = client.get(address)
    assert first.status_code == 202 and 'http-equiv="refresh"' in first.content.decode()
    deadline = time.monotonic() + 60
    while (response := client.get(address)).status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.2)  # the page's refresh
    assert response.status_code == 302
    pdf = download(client, address)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    row = Rendition.objects.get()
    assert row.wanted == "" and row.pages >= 1 and row.size == len(pdf.content)
