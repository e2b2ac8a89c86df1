import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from core.models import EmailPreference, Notification, User
from core.notifications import KINDS, notify, register_kind, unsubscribe_token
from core.tasks import purge_outbox, send_notification, sweep_outbox
from ogp_portal.celery import app as celery_app
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db


def test_it_writes_the_row_then_sends_after_commit(citizen, news_kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        notification = notify(user=citizen, kind="test_news", context={"headline": "2021-2023"})
    assert notification.state == Notification.State.PENDING
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 1
    assert len(mail.outbox) == 1


def test_it_renders_in_the_recipients_language(
    citizen, french_citizen, news_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=citizen, kind="test_news", context={"headline": "x"})
        notify(user=french_citizen, kind="test_news", context={"headline": "x"})
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[citizen.email].startswith("البيانات المفتوحة")
    assert subjects[french_citizen.email].startswith("Données ouvertes")
    assert all(message.alternatives[0].mimetype == "text/html" for message in mail.outbox)


def test_every_kind_of_email_has_a_subject_a_text_and_an_html_part():
    workshops = {"workshop_registration", "workshop_guest_confirmation", "workshop_reminder"}
    assert {"account", "server_error", *workshops} <= set(KINDS)
    for key in KINDS:
        for part in ("_subject.txt", ".txt", ".html"):
            get_template(f"emails/{key}{part}")  # TemplateDoesNotExist otherwise


def test_every_optional_email_carries_a_one_click_unsubscribe(
    citizen, news_kind, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=citizen, kind="test_news", context={"headline": "x"})
    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    path = link.split("://", 1)[1].split("/", 1)[1]

    # GET only asks; a link scanner opening it unsubscribes nobody.
    assert client.get("/" + path).status_code == 200
    assert not EmailPreference.objects.filter(user=citizen, enabled=False).exists()
    # The one-click POST (RFC 8058) needs no session and no CSRF token.
    response = client.post("/" + path)
    assert response.status_code == 200
    assert EmailPreference.objects.get(user=citizen, kind="test_news").enabled is False
    assert notify(user=citizen, kind="test_news", context={"headline": "y"}) is None


def test_a_tampered_unsubscribe_token_is_refused(citizen, news_kind, client):
    token = unsubscribe_token(citizen, "test_news")
    response = client.post(reverse("core:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert not EmailPreference.objects.exists()


def test_account_emails_cannot_be_unsubscribed(citizen, client):
    client.force_login(citizen)
    response = client.get(reverse("core:preferences"))
    assert "account" not in response.context["emails_form"].fields


def test_preferences_save_per_kind(citizen, news_kind, client):
    client.force_login(citizen)
    response = client.post(
        reverse("core:preferences"),
        {"profile-display_name": "Amina B.", "profile-language": "fr"},  # test_news unchecked
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.language) == ("Amina B.", "fr")
    assert EmailPreference.objects.get(user=citizen, kind="test_news").enabled is False


def test_an_smtp_failure_is_retried_then_sent(
    citizen, news_kind, settings, django_capture_on_commit_callbacks
):
    with SMTPServer(refuse_first=2) as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        with django_capture_on_commit_callbacks(execute=True):
            notification = notify(user=citizen, kind="test_news", context={"headline": "x"})
        notification.refresh_from_db()
        assert smtp.recorder.refused == 2
        assert len(smtp.messages) == 1
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 3


def test_an_email_that_keeps_failing_is_marked_failed_and_can_be_resent(
    citizen, news_kind, settings, admin_client, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_MAX_RETRIES = 2
    with SMTPServer(refuse_first=100) as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        with django_capture_on_commit_callbacks(execute=True):
            notification = notify(user=citizen, kind="test_news", context={"headline": "x"})
        notification.refresh_from_db()
        assert notification.state == Notification.State.FAILED
        assert notification.attempts == 3
        assert "451" in notification.last_error

        # The secretariat sees it in the admin and sends it again once SMTP is back.
        changelist = admin_client.get(reverse("admin:core_notification_changelist") + "?state=failed")
        assert citizen.email in changelist.content.decode()
        smtp.recorder.refuse_left = 0
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(
                reverse("admin:core_notification_changelist"),
                {"action": "resend", "_selected_action": [notification.pk]},
            )
        notification.refresh_from_db()
        assert notification.state == Notification.State.SENT
        assert len(smtp.messages) == 1


def test_a_claimed_row_is_never_sent_twice(citizen, news_kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=citizen, kind="test_news", context={"headline": "x"})
    assert send_notification.delay(notification.pk).get() == "skipped"
    assert len(mail.outbox) == 1


@pytest.fixture
def unreachable_broker():
    """The Celery app publishing to a closed port, as when Redis is down."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager = False
    conf.broker_url = "redis://127.0.0.1:9/0"
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    conf.task_always_eager, conf.broker_url = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_with_the_broker_down_the_row_waits_for_the_sweep(
    citizen, news_kind, unreachable_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=citizen, kind="test_news", context={"headline": "x"})
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING
    assert mail.outbox == []

    celery_app.conf.task_always_eager = True  # the broker is back
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    assert sweep_outbox() == {"enqueued": 1, "stale": 0}
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_sends_again_what_a_dead_worker_left_mid_send(citizen, news_kind, settings):
    settings.NOTIFICATION_STALE_MINUTES, settings.NOTIFICATION_MAX_RETRIES = 15, 5
    now = timezone.now()

    def claimed(minutes_ago, attempts):
        return Notification.objects.create(
            recipient=citizen,
            to_email=citizen.email,
            kind="test_news",
            language="ar",
            context={"headline": "x"},
            state=Notification.State.SENDING,
            claimed_at=now - timedelta(minutes=minutes_ago),
            attempts=attempts,
        )

    left = claimed(60, attempts=1)
    being_sent = claimed(1, attempts=1)  # a live worker's, within EMAIL_TIMEOUT
    killing = claimed(60, attempts=6)  # killed its worker at every attempt
    assert sweep_outbox() == {"enqueued": 1, "stale": 2}
    for notification in (left, being_sent, killing):
        notification.refresh_from_db()
    assert (left.state, left.attempts) == (Notification.State.SENT, 2)
    assert [message.to for message in mail.outbox] == [[citizen.email]]
    assert being_sent.state == Notification.State.SENDING
    assert killing.state == Notification.State.FAILED
    assert killing.last_error.startswith("Interrupted while sending")


@pytest.fixture
def loaded_kind(news_kind):
    """The test kind, its headline loaded at send time from a user's name."""

    def load(context):
        return {"headline": User.objects.get(pk=context["user_id"]).display_name}

    return register_kind("test_news", news_kind.label, context=load)


def test_the_row_holds_ids_and_the_email_is_written_when_sent(
    citizen, french_citizen, loaded_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        notification = notify(user=citizen, kind="test_news", context={"user_id": french_citizen.pk})
    stored = Notification.objects.filter(pk=notification.pk).values().get()
    assert stored["context"] == {"user_id": french_citizen.pk}
    assert not {"subject", "body_text", "body_html", "headers"} & stored.keys()

    french_citizen.display_name = "Julien D."
    french_citizen.save()
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert "Julien D." in message.subject  # what the id points to when sent
    assert message.subject.startswith("البيانات المفتوحة")  # in the row's language


def test_an_email_about_something_deleted_since_is_marked_failed(
    citizen, french_citizen, loaded_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        notification = notify(user=citizen, kind="test_news", context={"user_id": french_citizen.pk})
    french_citizen.delete()
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert "no longer exists" in notification.last_error
    assert mail.outbox == []


def test_a_smtp_refusal_sets_the_date_of_the_retry(citizen, news_kind, settings):
    settings.NOTIFICATION_RETRY_BACKOFF = 30
    notification = notify(user=citizen, kind="test_news", context={"headline": "x"})
    with SMTPServer(refuse_first=1) as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        before = timezone.now()
        # Called directly, the task re-raises instead of scheduling its retry.
        with pytest.raises(smtplib.SMTPException):
            send_notification(notification.pk)
        after = timezone.now()
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (Notification.State.PENDING, 1)
    assert "451" in notification.last_error
    delay = timedelta(seconds=30)
    assert before + delay <= notification.next_attempt_at <= after + delay


def test_the_sweep_leaves_a_row_waiting_for_its_scheduled_retry(citizen, news_kind):
    now = timezone.now()
    long_ago = now - timedelta(minutes=10)

    def row(**fields):
        return Notification.objects.create(
            recipient=citizen,
            to_email=citizen.email,
            kind="test_news",
            language="ar",
            context={"headline": "x"},
            created_at=long_ago,
            **fields,
        )

    waiting = row(attempts=1, last_error="451", next_attempt_at=now + timedelta(minutes=5))
    due = row(attempts=1, last_error="451", next_attempt_at=now - timedelta(minutes=5))
    just_written = row(next_attempt_at=now)  # its on_commit task acts first
    assert sweep_outbox() == {"enqueued": 1, "stale": 0}
    for notification in (waiting, due, just_written):
        notification.refresh_from_db()
    assert (waiting.state, waiting.attempts) == (Notification.State.PENDING, 1)
    assert (due.state, due.attempts) == (Notification.State.SENT, 2)
    assert (just_written.state, just_written.attempts) == (Notification.State.PENDING, 0)
    assert [message.to for message in mail.outbox] == [[citizen.email]]


def test_the_sweep_query_uses_its_index():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small enough to scan
    plan = Notification.objects.due(timezone.now()).values_list("pk")[:1000].explain()
    assert "notification_state_next" in plan


def test_sent_and_failed_emails_are_forgotten_after_the_retention_period(citizen, settings):
    settings.NOTIFICATION_RETENTION_DAYS = 90
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def row(state, **fields):
        return Notification.objects.create(
            recipient=citizen, to_email=citizen.email, kind="account", language="ar", state=state, **fields
        )

    with time_machine.travel(start, tick=False):
        sent = row(Notification.State.SENT, sent_at=start)
        failed = row(Notification.State.FAILED)
        pending = row(Notification.State.PENDING)
        sent_later = row(Notification.State.SENT, sent_at=start + timedelta(days=10))
    with time_machine.travel(start + timedelta(days=89), tick=False):
        assert purge_outbox() == 0
    with time_machine.travel(start + timedelta(days=91), tick=False):
        assert purge_outbox() == 2
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {pending.pk, sent_later.pk}
    assert not {sent.pk, failed.pk} & remaining


def test_the_purge_runs_every_day(settings):
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "core.tasks.purge_outbox"]
    schedule = entry["schedule"]
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1 and len(schedule.day_of_week) == 7
    assert purge_outbox.name == "core.tasks.purge_outbox"


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (redis-server not installed)")
def test_clearing_the_cache_leaves_the_task_queue_alone():
    queue = "test-cache-leaves-the-queue"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    conf = celery_app.conf
    saved, conf.task_always_eager = conf.task_always_eager, False
    try:
        send_notification.apply_async(args=[0], queue=queue)  # waits in Redis: no worker listens
        assert broker.llen(queue) == 1
        cache.set("a-cached-page", "x")
        cache.clear()
        assert cache.get("a-cached-page") is None
        assert broker.llen(queue) == 1
    finally:
        conf.task_always_eager = saved
        broker.delete(queue)
