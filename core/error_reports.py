"""Server errors told to the team: the 500 page says so.

`OutboxAdminHandler` is the logging handler on `django.request` (settings.
LOGGING), and `task_failed` receives Celery's `task_failure` signal: for each
error of a request or a background task they write one outbox row per
address in `ADMINS` (core.notifications), sent by the worker like every other
email, never SMTP inline in the failing request. The same error on the same
page or task is reported once per ERROR_REPORT_INTERVAL, so a broken page
does not flood the team. When `SENTRY_DSN` is set, Sentry's SDK reports the
same errors as well (settings).

This module is imported by the logging configuration before the apps are
ready: it imports models only when a record arrives."""

import hashlib
import logging
import traceback

from django.utils import timezone

KIND = "server_error"
ERROR_REPORT_INTERVAL = 10 * 60  # seconds


def context(stored: dict) -> dict:
    """What the email shows: the facts stored with the row (no ids to load)."""
    return {
        key: stored.get(key, "") for key in ("at", "method", "path", "status", "task", "error", "traceback")
    }


class OutboxAdminHandler(logging.Handler):
    def __init__(self, level=logging.ERROR):
        super().__init__(level)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            request = getattr(record, "request", None)
            if record.exc_info and record.exc_info[0] is not None:
                error = f"{record.exc_info[0].__name__}: {record.exc_info[1]}"
                trace = "".join(traceback.format_exception(*record.exc_info))
            else:
                error, trace = record.getMessage(), ""
            report(
                error=error,
                trace=trace,
                method=getattr(request, "method", ""),
                path=getattr(request, "path", ""),
                status=getattr(record, "status_code", None) or "",
            )
        except Exception:  # the database may be what failed: never fail the request further
            self.handleError(record)


def task_failed(sender=None, task_id=None, exception=None, einfo=None, **kwargs) -> None:
    """Celery's `task_failure` signal (connected in core.apps): a task that
    raised is reported like a request's error, in the worker (or in-process
    when tasks run eagerly). A retry is not a failure; a task giving up for
    good after its retries raises, and is reported."""
    try:
        if einfo is not None and getattr(einfo, "traceback", None):
            trace = str(einfo.traceback)
        else:
            trace = "".join(traceback.format_exception(type(exception), exception, exception.__traceback__))
        report(
            error=f"{type(exception).__name__}: {exception}",
            trace=trace,
            task=getattr(sender, "name", "") or str(sender),
        )
    except Exception:  # never make a failing task fail worse
        logging.getLogger(__name__).exception("Could not report the failure of task %s.", task_id)


def report(*, error: str, trace: str, method: str = "", path: str = "", status="", task: str = "") -> None:
    """Writes one outbox row per address in ADMINS, unless the same error
    (its type) at the same place (page or task) was reported within
    ERROR_REPORT_INTERVAL."""
    from django.conf import settings
    from django.core.cache import cache

    if not settings.ADMINS:
        return
    where = f"task:{task}" if task else path
    digest = hashlib.sha256(f"{error.split(':', 1)[0]}|{where}".encode()).hexdigest()
    # A failed cache answers "added" (core.cache): then the report goes out.
    if not cache.add(f"error-report:{digest}", 1, ERROR_REPORT_INTERVAL):
        return
    facts = {
        "at": timezone.now().isoformat(),
        "method": method,
        "path": path[:500],
        "status": status,
        "task": task[:200],
        "error": error[:1000],
        "traceback": trace[-8000:],
    }
    from .models import User
    from .notifications import store

    for _name, email in settings.ADMINS:
        user = User.objects.filter(email__iexact=email).first()
        store(
            recipient=user,
            to_email=email,
            kind=KIND,
            language=user.language if user else settings.LANGUAGE_CODE,
            context=facts,
        )
