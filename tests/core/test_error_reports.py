"""Production error reporting (item 23): the 500 page says the team was told,
so ADMINS get an email through the outbox, Sentry reports when SENTRY_DSN is
set; and a Permissions-Policy header on every response."""

import pytest
from celery import shared_task
from django.core import mail
from django.test import Client
from django.utils import translation

from core.models import Notification
from tests.core.test_settings import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_client():
    return Client(raise_request_exception=False)


@pytest.mark.urls("tests.core.boom_urls")
def test_a_server_error_is_emailed_to_the_admins_through_the_outbox(
    settings, failing_client, staff, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("ops", "ops@example.org"), ("secretariat", staff.email.upper())]
    with django_capture_on_commit_callbacks(execute=True):
        response = failing_client.get("/boom/")
    assert response.status_code == 500
    with translation.override("ar"):
        told = translation.gettext(
            "Something went wrong on our side. The team has been told; please try again in a few minutes."
        )
    assert told in response.content.decode()

    rows = Notification.objects.filter(kind="server_error").order_by("to_email")
    assert [(row.to_email, row.recipient) for row in rows] == [
        ("SECRETARIAT@EXAMPLE.ORG", staff),
        ("ops@example.org", None),
    ]
    assert {row.state for row in rows} == {Notification.State.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == ["SECRETARIAT@EXAMPLE.ORG", "ops@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ops@example.org"])
    assert "/boom/" in message.subject
    assert "ValueError: the ledger does not balance" in message.body
    assert 'raise ValueError("the ledger does not balance")' in message.body  # the traceback
    # Sent by the outbox, not by Django's mail_admins inline: one email per admin.
    assert len(mail.outbox) == 2


@pytest.mark.urls("tests.core.boom_urls")
def test_the_same_error_is_reported_once_per_interval(settings, failing_client):
    settings.ADMINS = [("ops", "ops@example.org")]
    for _ in range(5):
        assert failing_client.get("/boom/").status_code == 500
    assert Notification.objects.filter(kind="server_error").count() == 1


@pytest.mark.urls("tests.core.boom_urls")
def test_without_admins_nothing_is_written(settings, failing_client):
    settings.ADMINS = []
    assert failing_client.get("/boom/").status_code == 500
    assert not Notification.objects.exists()


def test_the_error_report_keeps_its_text_out_of_the_admin():
    from core.notifications import KINDS

    assert KINDS["server_error"].secret and not KINDS["server_error"].optional


# The settings start Sentry (the apps are not needed: a tenth of the CPU).
SENTRY = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE']='ogp_portal.settings';"
    "from django.conf import settings; settings.SENTRY_DSN;"
    "import sentry_sdk; c = sentry_sdk.get_client();"
    "print(c.is_active(), c.dsn, c.options['send_default_pii'],"
    " sorted(n for n in c.integrations if n in ('django', 'celery')))"
)


@pytest.mark.slow  # another Python process
def test_sentry_reports_when_a_dsn_is_set():
    out = run(SENTRY, SENTRY_DSN="https://public@sentry.example.org/7").stdout.strip().split(maxsplit=3)
    assert out == ["True", "https://public@sentry.example.org/7", "False", "['celery', 'django']"]


@pytest.mark.slow  # another Python process
def test_sentry_is_off_without_a_dsn():
    out = run(SENTRY, SENTRY_DSN="").stdout.split(maxsplit=3)
    assert out[0] == "False"


@pytest.mark.slow  # another Python process
def test_admins_come_from_the_environment():
    code = (  # the settings alone, without the apps
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='ogp_portal.settings';"
        "from django.conf import settings; print(settings.ADMINS)"
    )
    out = run(code, DJANGO_ADMINS="ops@example.org, dev@example.org").stdout.strip()
    assert out == "[('ops@example.org', 'ops@example.org'), ('dev@example.org', 'dev@example.org')]"


@pytest.mark.parametrize("path", ["/fr/", "/fr/no-such-page/", "/healthz", "/static/css/portal.css"])
def test_every_response_carries_a_permissions_policy(client, path):
    response = client.get(path)
    policy = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy, (path, policy)


@shared_task(name="tests.core.failing_task")
def failing_task(amount):
    raise ZeroDivisionError(f"cannot share {amount} between nobody")


def test_a_failing_task_is_emailed_to_the_admins_through_the_outbox(
    settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("ops", "ops@example.org")]
    with django_capture_on_commit_callbacks(execute=True):
        failing_task.delay(12)  # in-process, as the tests run tasks
        failing_task.delay(13)  # the same error in the same task: once per interval
    [row] = Notification.objects.filter(kind="server_error")
    assert row.state == Notification.State.SENT
    [message] = mail.outbox
    assert message.to == ["ops@example.org"]
    assert "tests.core.failing_task" in message.subject
    assert "ZeroDivisionError: cannot share 12 between nobody" in message.body
    assert 'raise ZeroDivisionError(f"cannot share {amount} between nobody")' in message.body  # the traceback
    assert "GET" not in message.body  # no request to speak of


def test_a_task_that_succeeds_or_retries_reports_nothing(settings):
    settings.ADMINS = [("ops", "ops@example.org")]
    from core.tasks import sweep_outbox

    sweep_outbox.delay()
    assert not Notification.objects.filter(kind="server_error").exists()
