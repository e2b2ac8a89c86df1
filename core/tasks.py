import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Q
from django.utils import timezone

from .models import Notification
from .notifications import build_message, enqueue

logger = logging.getLogger(__name__)

# Errors worth retrying: the SMTP server said no for now, or could not be reached.
TRANSIENT = (smtplib.SMTPException, OSError)


def _refused_for_good(exc: Exception) -> bool:
    """The server refused this message with a permanent reply (5xx, RFC 5321:
    an unknown mailbox, a message it will not take): sending it again would
    be refused again. Other refusals (a bad password, a server going away)
    are the server's state, retried until it changes."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


def _give_up(pk: int, error: str) -> str:
    Notification.objects.filter(pk=pk).update(state=Notification.State.FAILED, last_error=error[:2000])
    logger.error("Notification %s failed for good: %s", pk, error)
    return "failed"


@shared_task(bind=True, max_retries=None, acks_late=True)
def send_notification(self, pk: int) -> str:
    # Claim the row with a conditional update: a duplicate task, or a retry
    # racing the sweep, finds it no longer pending and does nothing.
    now = timezone.now()
    claimed = Notification.objects.filter(pk=pk, state=Notification.State.PENDING).update(
        state=Notification.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    notification = Notification.objects.select_related("recipient").get(pk=pk)
    # Rendered now, from what the row's ids point to today. What it was about
    # may have been deleted since: then there is nothing true left to send,
    # and the row says so in the admin rather than vanishing.
    try:
        message = build_message(notification)
    except ObjectDoesNotExist as exc:
        return _give_up(pk, f"Not sent: what it refers to no longer exists ({exc})")
    except Exception as exc:  # a template or loader bug: retrying will not fix it
        logger.exception("Notification %s could not be rendered.", pk)
        return _give_up(pk, f"Not sent: could not be rendered ({type(exc).__name__}: {exc})")
    try:
        message.send()
    except TRANSIENT as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if _refused_for_good(exc) or notification.attempts > settings.NOTIFICATION_MAX_RETRIES:
            return _give_up(pk, error)
        countdown = settings.NOTIFICATION_RETRY_BACKOFF * 2 ** (notification.attempts - 1)
        # Back to pending with the date of the retry, in one update: the sweep
        # leaves the row to the retry scheduled below until then.
        Notification.objects.filter(pk=pk, state=Notification.State.SENDING).update(
            state=Notification.State.PENDING,
            last_error=error,
            next_attempt_at=timezone.now() + timedelta(seconds=countdown),
        )
        raise self.retry(exc=exc, countdown=countdown) from exc
    Notification.objects.filter(pk=pk).update(
        state=Notification.State.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


@shared_task
def sweep_outbox() -> dict:
    """Sends what the broker missed, and again what a dead worker left mid-send."""
    now = timezone.now()
    # A row still being sent long after its claim (a send gives up after
    # EMAIL_TIMEOUT) was left by a worker that died mid-send: killed, or its
    # machine lost. The send did not complete: the row is marked sent in the
    # moment the server accepts, so only a death in that moment sends twice.
    # It goes back to pending, due since its claim, and is sent below; one
    # that keeps killing its worker gives up after the retries.
    stale = Notification.objects.filter(
        state=Notification.State.SENDING,
        claimed_at__lt=now - timedelta(minutes=settings.NOTIFICATION_STALE_MINUTES),
    )
    interrupted = "Interrupted while sending (the worker stopped)."
    given_up = stale.filter(attempts__gt=settings.NOTIFICATION_MAX_RETRIES).update(
        state=Notification.State.FAILED, last_error=interrupted
    )
    stale = given_up + stale.update(
        state=Notification.State.PENDING, next_attempt_at=F("claimed_at"), last_error=interrupted
    )
    # Only rows whose attempt is due, and by more than a minute: until then the
    # on_commit task or the scheduled retry is about to act, and a second task
    # would start a second retry chain.
    pending = list(Notification.objects.due(now - timedelta(minutes=1)).values_list("pk", flat=True)[:1000])
    for pk in pending:
        enqueue(pk)
    return {"enqueued": len(pending), "stale": stale}


@shared_task
def purge_outbox() -> int:
    """Forgets emails sent (or given up) more than NOTIFICATION_RETENTION_DAYS
    ago: an address and what was written to it are personal data, kept no
    longer than needed (Morocco's law 09-08)."""
    cutoff = timezone.now() - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _by_model = Notification.objects.filter(
        Q(state=Notification.State.SENT, sent_at__lt=cutoff)
        | Q(state=Notification.State.FAILED, created_at__lt=cutoff)
    ).delete()
    return deleted


@shared_task(acks_late=True)
def render_document(pk: int, wanted: str) -> str:
    """Renders a published document asked for by a page (core.documents.ask).
    An error marks it failed (the visitor is told) and is reported to the
    admins as the task's failure."""
    from .documents import produce

    row = produce(pk, wanted)
    return f"{row.kind} {row.language}: {row.pages} pages, {row.seconds} s" if row else "nothing to do"
