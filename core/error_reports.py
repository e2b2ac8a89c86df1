"""Server errors told to the team: the 500 page says so.

`OutboxAdminHandler` is the logging handler on `django.request` (settings.
LOGGING): for each error it writes one outbox row per address in `ADMINS`
(core.notifications), sent by the worker like every other email, never SMTP
inline in the failing request. The same error on the same path is reported
once per ERROR_REPORT_INTERVAL, so a broken page does not flood the team.
When `SENTRY_DSN` is set, Sentry's SDK reports the same errors as well
(settings).

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
    return {key: stored.get(key, "") for key in ("at", "method", "path", "status", "error", "traceback")}


class OutboxAdminHandler(logging.Handler):
    def __init__(self, level=logging.ERROR):
        super().__init__(level)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._report(record)
        except Exception:  # the database may be what failed: never fail the request further
            self.handleError(record)

    def _report(self, record: logging.LogRecord) -> None:
        from django.conf import settings
        from django.core.cache import cache

        if not settings.ADMINS:
            return
        request = getattr(record, "request", None)
        path = getattr(request, "path", "")
        if record.exc_info and record.exc_info[0] is not None:
            error = f"{record.exc_info[0].__name__}: {record.exc_info[1]}"
            trace = "".join(traceback.format_exception(*record.exc_info))
        else:
            error, trace = record.getMessage(), ""
        digest = hashlib.sha256(f"{error.split(':', 1)[0]}|{path}".encode()).hexdigest()
        # A failed cache answers "added" (core.cache): then the report goes out.
        if not cache.add(f"error-report:{digest}", 1, ERROR_REPORT_INTERVAL):
            return
        facts = {
            "at": timezone.now().isoformat(),
            "method": getattr(request, "method", ""),
            "path": path[:500],
            "status": getattr(record, "status_code", None) or "",
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
