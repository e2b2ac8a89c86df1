"""PostgreSQL restarted under load (issue 23, Faults): gunicorn in production
settings on a cluster of the module's own, visitors reading while the
database stops (`pg_ctl stop -m fast`, every session ended) and starts
again. During the outage a page that needs the database is the friendly 503
page in the visitor's language, never a 500 nor a traceback, and no report
goes to the admins; /readyz says the database is unreachable while
/healthz, liveness only, answers; pages the cache holds keep serving.
After, the same workers (persistent connections, as in production) serve
again within seconds, without a restart."""

import re
import threading
import time

import psycopg
import pytest
from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import path
from django.utils import translation

from core.models import Notification
from ogp_portal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401
from tests.conftest import FAST_HASHERS
from tests.core.production import gunicorn, http_get
from tests.factories import IdeaFactory, PlanFactory, ThemeFactory
from tests.resilience.services import connected_to, own_postgres, wait_for
from tests.smtp import SMTPServer

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stops a PostgreSQL server of its own"
)

WORKERS = 2
OUTAGE_SECONDS = 1.5  # at the least; the visitors keep reading meanwhile
HEADING = "The portal is briefly unavailable"


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), own_postgres() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def idea(cluster, django_db_blocker):
    """An idea in a public plan, on the module's cluster: its page reads the database."""
    with django_db_blocker.unblock(), connected_to(cluster), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        return IdeaFactory(theme=ThemeFactory(plan=PlanFactory())).pk


@pytest.fixture(scope="module")
def smtp():
    with SMTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def server(cluster, idea, smtp, tmp_path_factory):
    """gunicorn on the cluster, its workers keeping their connections (as
    production does with DATABASE_CONN_MAX_AGE), the admins told of errors
    by email through the SMTP server above."""
    folder = tmp_path_factory.mktemp("gunicorn")
    with gunicorn(
        folder,
        "--workers",
        str(WORKERS),
        DATABASE_URL=cluster.url(),
        DATABASE_CONN_MAX_AGE="600",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_ADMINS="ops@example.org",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
    ) as port:
        yield port, folder / "gunicorn.log"


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


class Visitors:
    """Threads reading pages in a loop until stopped (bounded in time and
    count), keeping (started, finished, path, status, a friendly page?)."""

    def __init__(self, port: int, paths: list[str], threads: int = 3, seconds: float = 30.0):
        self.port, self.paths = port, paths
        self.seen: list[tuple[float, float, str, int, bool]] = []
        self.stop = threading.Event()
        self.deadline = time.monotonic() + seconds
        self.threads = [threading.Thread(target=self.visit, args=(n,), daemon=True) for n in range(threads)]

    def visit(self, n: int) -> None:
        for count in range(2000):
            if self.stop.is_set() or time.monotonic() > self.deadline:
                return
            path = self.paths[(n + count) % len(self.paths)]
            started = time.monotonic()
            try:
                response = http_get(self.port, path)
                status, body = response.status, response.body
            except OSError:  # refused, reset or timed out: what a visitor would see as broken
                status, body = 0, b""
            friendly = b'class="error-page"' in body and b"Traceback" not in body
            self.seen.append((started, time.monotonic(), path, status, friendly))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=15)


def assert_unavailable_page(status: int, body: bytes, headers, language: str, direction: str) -> None:
    """The friendly 503 page (`headers`: gunicorn's or the test client's)."""
    assert status == 503
    html = body.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"<h1>{translated(language, HEADING)}</h1>" in html
    assert "Traceback" not in html and "OperationalError" not in html
    assert headers.get("Retry-After") == "30"
    assert "no-store" in headers.get("Cache-Control")
    # The security headers of every page, added outside the failing part.
    assert "default-src 'self'" in headers.get("Content-Security-Policy")
    assert headers.get("X-Frame-Options") == "DENY"


def unavailable(response, language: str, direction: str) -> None:
    assert_unavailable_page(response.status, response.body, response.headers, language, direction)


# The run's test database is what the module's cluster is copied from: made
# only for a run with a test marked so.
@pytest.mark.django_db
def test_postgresql_restarted_under_load(cluster, idea, server, smtp):
    port, log = server
    # The idea's page with a query word it does not keep: read from the
    # database on every request, as most pages are when first asked.
    uncached = {language: f"/{language}/ideas/{idea}/?visit=1" for language in ("ar", "fr")}
    cached = f"/fr/ideas/{idea}/"
    assert http_get(port, cached).status == 200  # now kept in the cache
    assert http_get(port, "/readyz").body == b"ok"

    with Visitors(port, [*uncached.values(), "/readyz", "/healthz"]) as visitors:
        time.sleep(0.3)
        stopped_at = time.monotonic()
        cluster.stop("fast")
        stopped = time.monotonic()

        # During the outage.
        unavailable(http_get(port, uncached["ar"]), "ar", "rtl")
        unavailable(http_get(port, uncached["fr"]), "fr", "ltr")
        ready = http_get(port, "/readyz")
        assert (ready.status, ready.body) == (503, b"unreachable: database")
        alive = http_get(port, "/healthz")
        assert (alive.status, alive.body) == (200, b"ok")
        assert http_get(port, cached).status == 200
        # Every visitor thread has met the outage.
        assert wait_for(
            lambda: sum(s == 503 and start > stopped for start, _, _, s, _ in visitors.seen) >= 6, 10
        )
        time.sleep(max(0.0, stopped + OUTAGE_SECONDS - time.monotonic()))

        cluster.start()
        started = time.monotonic()
        back = wait_for(
            lambda: http_get(port, uncached["fr"]).status == 200 and time.monotonic(), 15, every=0.05
        )
        assert back, "the workers did not serve again within 15 s of the database's start"
        time.sleep(0.5)  # more requests on both workers, recovered

    seen = visitors.seen
    statuses = {status for *_, status, _ in seen}
    assert statuses <= {200, 503}, f"besides 200 and 503: {statuses - {200, 503}}"
    during = [row for row in seen if stopped_at < row[0] and row[1] < started]
    assert {path for _, _, path, status, _ in during if status == 503} == {*uncached.values(), "/readyz"}
    assert all(friendly for _, _, path, status, friendly in during if status == 503 and path != "/readyz")
    assert all(status == 200 for _, _, path, status, _ in during if path == "/healthz")
    after = [row for row in seen if row[0] > back]
    assert after and all(status == 200 for *_, status, _ in after)
    assert back - started < 10

    # Served by the same workers throughout: none was restarted.
    assert len(re.findall(r"Booting worker with pid", log.read_text())) == WORKERS
    # And nobody was emailed about it: no report in the outbox, nothing sent.
    with psycopg.connect(cluster.url()) as database:
        reports = database.execute("SELECT count(*) FROM core_notification WHERE kind = 'server_error'")
        assert reports.fetchone() == (0,)
    assert smtp.messages == []
    print(
        f"\nPostgreSQL stopped {started - stopped:.1f} s: {len(seen)} requests, "
        f"{sum(row[3] == 503 for row in seen)} answered 503, 0 500; "
        f"served again {back - started:.2f} s after its start"
    )


# What the driver raises, as Django hands it on: the server gone (no
# SQLSTATE), shutting down (57P01), or a query's own failure (a deadlock).
ERRORS = {
    "unreachable": psycopg.OperationalError("connection failed: No such file or directory"),
    "shutting-down": psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    "deadlock": psycopg.errors.DeadlockDetected("deadlock detected"),
}


def failing(request, error):
    raise OperationalError(str(ERRORS[error])) from ERRORS[error]


# The portal's URLs plus one that fails as the database would (pytest.mark.urls).
urlpatterns = [*urlpatterns, *i18n_patterns(path("failing/<str:error>/", failing))]
local_urls = pytest.mark.urls(__name__)


@local_urls
@pytest.mark.django_db
@pytest.mark.parametrize("language,direction", [("ar", "rtl"), ("fr", "ltr")])
@pytest.mark.parametrize("error", ["unreachable", "shutting-down"])
def test_the_database_unreachable_is_the_503_page_and_no_report(settings, language, direction, error):
    settings.ADMINS = [("ops@example.org", "ops@example.org")]
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/failing/{error}/")
    assert_unavailable_page(response.status_code, response.content, response.headers, language, direction)
    assert not Notification.objects.filter(kind="server_error").exists()


@local_urls
@pytest.mark.django_db
def test_a_deadlock_is_still_a_server_error_reported_to_the_admins(settings):
    settings.ADMINS = [("ops@example.org", "ops@example.org")]
    response = Client(raise_request_exception=False).get("/fr/failing/deadlock/")
    assert response.status_code == 500
    assert f"<h1>{translated('fr', 'Server error')}</h1>" in response.content.decode()
    [report] = Notification.objects.filter(kind="server_error")
    assert "deadlock detected" in report.context["error"]
