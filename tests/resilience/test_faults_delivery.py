"""Notifications surviving the faults of what delivers them (issue 23,
Faults), with a real Celery worker, a real SMTP server the tests control and
a Redis of the module's own, which one test stops (the run's serves the
other workers):
- SMTP refusing, then accepting: retried with backoff, sent once;
- SMTP refusing for good (550): failed at once, shown to the secretariat in
  the admin;
- Redis stopped while a citizen submits an idea, comments and registers:
  each succeeds at once and the pages stay up; once Redis is back the sweep
  sends every notification, once;
- the worker killed (SIGKILL, all its processes) in the middle of a send:
  the row is claimed again after its stale time and sent once."""

import os
import signal
import time
from contextlib import ExitStack
from datetime import timedelta
from html import unescape as html_unescape

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Comment as ConsultationComment
from core.models import Notification
from core.notifications import store
from core.tasks import sweep_outbox
from ideas.models import Comment, Idea
from ogp_portal.celery import app as celery_app
from tests.conftest import make_citizen
from tests.consultations.factories import open_draft_plan, secretary
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory, WorkshopFactory
from tests.harness import start_redis
from tests.resilience.services import wait_for
from tests.smtp import PERMANENT, SMTPServer
from tests.workers import celery_worker, redis_at
from workshops.models import Registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker process needs a shared database"
    ),
]

SENT, PENDING, SENDING, FAILED = (
    Notification.State.SENT,
    Notification.State.PENDING,
    Notification.State.SENDING,
    Notification.State.FAILED,
)


@pytest.fixture(scope="module")
def redis_server():
    server = start_redis()
    if server is None:
        pytest.skip("needs redis-server")
    yield server
    server.remove()


@pytest.fixture(scope="module")
def smtp_server():
    with SMTPServer() as server:
        yield server


class Worker:
    """The module's Celery worker (its main process: `process`), on the
    module's Redis; `start()` starts another after a test killed it."""

    def __init__(self, stack: ExitStack, environment: dict):
        self.stack, self.environment = stack, environment
        self.process = None

    def start(self) -> None:
        self.process = self.stack.enter_context(celery_worker(**self.environment))


@pytest.fixture(scope="module")
def worker(redis_server, smtp_server, django_db_setup):
    """Started once for the module (each start costs seconds of CPU); this
    process publishes to the same Redis. Retries wait 1 s, then 2 s…"""
    environment = {
        "REDIS_URL": redis_server.url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "NOTIFICATION_RETRY_BACKOFF": "1",
    }
    with ExitStack() as stack:
        stack.enter_context(redis_at(redis_server.url()))
        worker = Worker(stack, environment)
        worker.start()
        yield worker
        # Nothing left to finish: stopped at once rather than warmly (seconds).
        os.killpg(worker.process.pid, signal.SIGKILL)


@pytest.fixture
def smtp(smtp_server):
    """The SMTP server, with nothing received, refused nor stalled yet."""
    smtp_server.recorder.reset()
    return smtp_server


def account_email(user) -> Notification:
    """An account email, enqueued on commit (these tests run in autocommit)."""
    return store(
        recipient=user,
        to_email=user.email,
        kind="account",
        language="ar",
        context={"template": "account/email/unknown_account"},
    )


def worker_answers() -> bool:
    try:
        return bool(celery_app.control.ping(timeout=0.5))
    except Exception:  # this process's connection to the restarted Redis, broken: the next try opens another
        return False


def state(notification) -> str:
    return Notification.objects.get(pk=notification.pk).state


def test_smtp_refusing_then_accepting_is_retried_with_backoff_and_sent_once(worker, smtp, citizen):
    smtp.recorder.refuse_left = 2
    notification = account_email(citizen)
    assert wait_for(lambda: state(notification) == SENT, 30)
    first, second, third = smtp.recorder.arrivals
    # NOTIFICATION_RETRY_BACKOFF (1 s here), doubled at each retry.
    assert 1 <= second - first < third - second
    assert third - second >= 2
    assert smtp.recorder.refused == 2
    [message] = smtp.messages
    assert message["To"] == citizen.email
    notification.refresh_from_db()
    assert (notification.attempts, notification.last_error) == (3, "")


def test_a_permanent_refusal_fails_at_once_and_the_secretariat_sees_it(worker, smtp, citizen, client):
    smtp.recorder.refuse_left, smtp.recorder.refuse_with = 1, PERMANENT
    notification = account_email(citizen)
    assert wait_for(lambda: state(notification) == FAILED, 30)
    time.sleep(1.5)  # past the first retry's delay: none comes
    assert len(smtp.recorder.arrivals) == 1 and smtp.messages == []
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert "550" in notification.last_error and "Mailbox unavailable" in notification.last_error

    client.force_login(secretary(language="fr"))
    listing = client.get("/fr/admin/core/notification/?state__exact=failed")
    assert listing.status_code == 200
    html = listing.content.decode()
    with translation.override("fr"):
        assert citizen.email in html and f">{FAILED.label}<" in html
    page = client.get(f"/fr/admin/core/notification/{notification.pk}/change/")
    assert notification.last_error in html_unescape(page.content.decode())


def test_with_redis_stopped_people_act_and_their_notifications_go_out_once_it_is_back(
    worker, smtp, redis_server, settings, client
):
    julien = make_citizen("julien@example.org", "Julien", "fr")
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan, number=1)
    idea = IdeaFactory(theme=theme)
    cast = open_draft_plan()
    workshop = WorkshopFactory(starts_at=timezone.now() + timedelta(days=10), title_fr="Atelier budget")
    with translation.override("fr"):
        consultation_page = reverse(
            "consultations:commitment", args=[cast.plan.slug, cast.consultation.pk, cast.one.number]
        )
    pages = ["/fr/", f"/fr/ideas/{idea.pk}/", f"/fr/plans/{plan.slug}/ideas/", consultation_page]
    # The portal's cache on this Redis too, as production has it.
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": redis_server.url(1),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    visitor = Client()
    assert all(visitor.get(page).status_code == 200 for page in pages)  # now cached
    client.force_login(julien)

    redis_server.stop()
    actions = {
        "idea": (
            f"/fr/plans/{plan.slug}/ideas/new/",
            {
                "theme": theme.pk,
                "title": "Publier le budget citoyen chaque année",
                "problem": "Les citoyens ne trouvent pas les données du budget",
                "solution": "Publier le budget citoyen en format ouvert",
                "expected_results": "Une meilleure compréhension du budget",
            },
        ),
        "comment": (f"/fr/ideas/{idea.pk}/comment/", {"body": "Je soutiens cette proposition."}),
        "consultation": (
            consultation_page,
            {"body": "Nous proposons de publier le registre chaque trimestre."},
        ),
        "registration": (f"/fr/workshops/{workshop.pk}/register/", {}),
    }
    for what, (path, data) in actions.items():
        started = time.monotonic()
        response = client.post(path, data)
        elapsed = time.monotonic() - started
        assert response.status_code == 302, what
        assert elapsed < 2, f"{what} took {elapsed:.1f} s with Redis down"
    # Each is saved, and the pages stay up, without their cache.
    assert Idea.objects.filter(author=julien).count() == 1
    assert Comment.objects.filter(author=julien, idea=idea).count() == 1
    assert ConsultationComment.objects.filter(author=julien).count() == 1
    assert Registration.objects.get(user=julien).status == Registration.Status.REGISTERED
    assert all(visitor.get(page).status_code == 200 for page in pages)
    mine = client.get("/fr/ideas/mine/")
    assert mine.status_code == 200 and "Publier le budget citoyen" in mine.content.decode()
    waiting = {row.to_email: row for row in Notification.objects.all()}
    assert set(waiting) == {julien.email, cast.focal_first.email}
    assert {(row.state, row.attempts) for row in waiting.values()} == {(PENDING, 0)}
    assert smtp.messages == []

    # Redis is back, and the worker with it; the sweep (every five minutes)
    # sends what could not be published.
    redis_server.start()
    assert wait_for(worker_answers, 30), "the worker did not reconnect"
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert sweep_outbox() == {"enqueued": 2, "stale": 0}
    assert wait_for(lambda: not Notification.objects.exclude(state=SENT).exists(), 30)
    assert sorted(message["To"] for message in smtp.messages) == sorted(waiting)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert sweep_outbox() == {"enqueued": 0, "stale": 0}
    [registered] = [message for message in smtp.messages if message["To"] == julien.email]
    assert (
        "Atelier budget" in registered["Subject"] or "Atelier budget" in registered.get_body().get_content()
    )


def test_a_worker_killed_mid_send_leaves_the_row_to_be_sent_again_once(worker, smtp, citizen):
    smtp.recorder.stall_left = 1
    notification = account_email(citizen)
    assert smtp.recorder.stalled.wait(20), "the worker never reached the SMTP server"
    # The whole worker, its main process and its pool, as a machine lost.
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)
    smtp.recorder.release.set()  # the server then refuses what it held: nothing was sent
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (SENDING, 1)
    # Before its stale time the row is left alone (a live worker may be sending it).
    assert sweep_outbox() == {"enqueued": 0, "stale": 0}

    worker.start()  # the deployment starts it again
    later = timezone.now() + timedelta(minutes=settings.NOTIFICATION_STALE_MINUTES, seconds=30)
    with time_machine.travel(later):
        assert sweep_outbox() == {"enqueued": 1, "stale": 1}
    assert wait_for(lambda: state(notification) == SENT, 30)
    time.sleep(0.5)  # nothing more arrives
    [message] = smtp.messages
    assert message["To"] == citizen.email
    notification.refresh_from_db()
    assert (notification.attempts, notification.last_error) == (2, "")
