"""The notification outbox.

An app declares the kinds of email it sends with `register_kind`, then calls
`notify(...)` inside the transaction of the event that causes the email. The
row holds facts only: who, which kind, which language, and the ids of what the
email is about. A Celery task renders and sends it once the transaction
commits; if the broker is down, the row waits for the periodic sweep
(`core.tasks.sweep_outbox`).

Nothing rendered is ever stored: a rendered email is a copy of a secret (a
password-reset link) and of personal data that would outlive its purpose."""

import contextlib
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import EmailPreference, Notification, User

logger = logging.getLogger(__name__)

# Inside silenced(): notify() writes nothing.
_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Moves made inside tell nobody: for data that records no one's act
    (the demo's load, whose staff and citizens are fictitious), while the
    moves themselves and their events are recorded as usual."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


UNSUBSCRIBE_SALT = "core.unsubscribe"


@dataclass(frozen=True)
class Kind:
    key: str
    label: object  # a lazy translation
    optional: bool = True  # False: account emails one cannot opt out of
    # Turns the stored context (ids) into the template context, loading the
    # objects at send time. Raises DoesNotExist when one has been deleted.
    context: Callable[[dict], dict] = dict
    # The message carries a secret (a link that logs in): even the stored
    # context stays out of the admin.
    secret: bool = False
    # Files sent with the message, made at send time from the loaded
    # context, in the recipient's language: [(filename, content, mimetype)].
    attachments: Callable[[dict], list[tuple[str, bytes, str]]] | None = None


KINDS: dict[str, Kind] = {}


def register_kind(
    key: str,
    label,
    *,
    optional: bool = True,
    context: Callable[[dict], dict] = dict,
    secret: bool = False,
    attachments: Callable[[dict], list[tuple[str, bytes, str]]] | None = None,
) -> Kind:
    kind = Kind(key, label, optional, context, secret, attachments)
    KINDS[key] = kind
    return kind


def optional_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.optional]


def wants(user: User, kind: str) -> bool:
    if not KINDS[kind].optional:
        return True
    return not EmailPreference.objects.filter(user=user, kind=kind, enabled=False).exists()


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Returns (user id, kind) or raises signing.BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if data.get("k") not in KINDS:
        raise signing.BadSignature("unknown kind")
    return int(data["u"]), data["k"]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify(*, user: User, kind: str, context: dict | None = None) -> Notification | None:
    """Writes the email `kind` for `user` to the outbox. `context` holds ids
    and small non-secret values (JSON); the kind's loader turns them into
    objects when the email is sent. Returns None when the user opted out."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}: register it with register_kind().")
    if _silenced.get() or not wants(user, kind):
        return None
    return store(
        recipient=user, to_email=user.email, kind=kind, language=user.language, context=context or {}
    )


def store(*, recipient: User | None, to_email: str, kind: str, language: str, context: dict) -> Notification:
    """Saves the facts of an email and sends it after the current transaction commits."""
    notification = Notification.objects.create(
        recipient=recipient, to_email=to_email, kind=kind, language=language, context=context
    )
    transaction.on_commit(partial(enqueue, notification.pk))
    return notification


def enqueue(pk: int) -> None:
    from .tasks import send_notification

    try:
        # Best effort: the row is the durable record. Nobody waits for the
        # task's result (the row tells what happened), and asking for one
        # would also connect to the result backend, which retries for about
        # twenty seconds when Redis is down; the broker gives up at once
        # (CELERY_BROKER_TRANSPORT_OPTIONS).
        send_notification.apply_async((pk,), ignore_result=True)
    except Exception:  # the broker is unreachable: the row waits for the sweep
        logger.warning("Could not enqueue notification %s; the outbox sweep will send it.", pk, exc_info=True)


def build_message(notification: Notification) -> EmailMultiAlternatives:
    """Renders the email now, in the row's language, from what its ids point
    to today. Raises DoesNotExist when one of them has been deleted."""
    kind = KINDS[notification.kind]
    recipient = notification.recipient
    headers = {}
    with translation.override(notification.language):
        context = {
            "recipient": recipient,
            "email": notification.to_email,
            "site_url": settings.SITE_URL,
            **kind.context(notification.context),
        }
        if kind.optional:
            if recipient is None:
                # Without the account there is no one to unsubscribe, nor to write to.
                raise User.DoesNotExist("The recipient's account no longer exists.")
            url = absolute(reverse("core:unsubscribe", args=[unsubscribe_token(recipient, kind.key)]))
            context["unsubscribe_url"] = url
            headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        subject = render_to_string(f"emails/{kind.key}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"emails/{kind.key}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.to_email],
            headers=headers or None,
        )
        # Every kind has both parts (tests/core/test_outbox.py walks KINDS).
        message.attach_alternative(render_to_string(f"emails/{kind.key}.html", context), "text/html")
        for filename, content, mimetype in kind.attachments(context) if kind.attachments else ():
            message.attach(filename, content, mimetype)
    return message
