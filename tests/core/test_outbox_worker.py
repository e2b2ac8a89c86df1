"""Delivery through a real Celery worker process, on the Redis the harness
started, to a real SMTP server. Delivery surviving faults (SMTP refusing,
Redis stopped, a worker killed) is in tests/resilience/test_faults_delivery.py."""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import Notification
from core.notifications import build_message
from core.tasks import send_notification
from tests.smtp import SMTPServer
from tests.workers import celery_worker

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (redis-server not installed)"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker process needs a shared database"
    ),
]


@pytest.fixture(scope="module")
def smtp_server():
    with SMTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def worker(smtp_server, django_db_setup):
    """`celery worker` in its own process, on the test database and Redis,
    started once for the module (each start costs seconds of CPU). Each task
    opens its own connection (CONN_MAX_AGE 0): the test database made again
    after a test is the one the next task finds. Every test waits for its
    tasks to end, so none is left for the next."""
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "NOTIFICATION_RETRY_BACKOFF": "1"}
    with celery_worker(**env, DJANGO_ADMINS="ops@example.org") as process:
        yield process


@pytest.fixture
def smtp(smtp_server):
    """The SMTP server, with nothing received nor refused yet."""
    recorder = smtp_server.recorder
    with recorder.lock:
        recorder.messages.clear()
        recorder.refused = recorder.refuse_left = 0
    return smtp_server


def test_a_task_failing_on_the_worker_is_emailed_to_the_admins(worker, smtp):
    send_notification.apply_async(args=["not-a-number"], ignore_result=True)
    assert wait_for(lambda: len(smtp.messages) == 1)
    [message] = smtp.messages
    assert message["To"] == "ops@example.org"
    assert "core.tasks.send_notification" in message["Subject"]
    body = message.get_body().get_content()
    assert "ValueError" in body and "not-a-number" in body
    assert Notification.objects.get(kind="server_error").state == Notification.State.SENT


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def outbox_row(user) -> Notification:
    # An account email the worker renders itself, from allauth's templates.
    return Notification.objects.create(
        recipient=user,
        to_email=user.email,
        kind="account",
        language="ar",
        context={"template": "account/email/password_reset_key", "user": user.pk},
    )


def test_a_row_enqueued_twice_is_sent_exactly_once(worker, smtp, citizen):
    notification = outbox_row(citizen)
    # Two tasks for one row, racing on the worker's two processes.
    first, second = send_notification.delay(notification.pk), send_notification.delay(notification.pk)
    outcomes = sorted([first.get(timeout=30), second.get(timeout=30)])
    assert outcomes == ["sent", "skipped"]
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == citizen.email
    assert smtp.messages[0]["Subject"].strip() == build_message(notification).subject
    assert "/ar/accounts/password/reset/key/" in smtp.messages[0].get_body(("plain",)).get_content()
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (Notification.State.SENT, 1)
