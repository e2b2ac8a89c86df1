"""The notification outbox.

An app declares the kinds of email it sends with `register_kind`, then calls
`notify(...)` inside the transaction of the event that causes the email. The
row is rendered in the recipient's language and stored; a Celery task sends it
once the transaction commits. If the broker is down, the row waits for the
periodic sweep (`core.tasks.sweep_outbox`)."""

import logging
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

UNSUBSCRIBE_SALT = "core.unsubscribe"


@dataclass(frozen=True)
class Kind:
    key: str
    label: object  # a lazy translation
    optional: bool = True  # False: account emails one cannot opt out of


KINDS: dict[str, Kind] = {}


def register_kind(key: str, label, *, optional: bool = True) -> Kind:
    kind = Kind(key, label, optional)
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


def notify(
    *, user: User, kind: str, context: dict | None = None, objects: dict | None = None
) -> Notification | None:
    """Writes the email `kind` for `user`, in the user's language, to the
    outbox. `context` (JSON) is stored with the row; `objects` (model
    instances) only serve the rendering. Returns None when the user opted out."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}: register it with register_kind().")
    if not wants(user, kind):
        return None
    context = dict(context or {})
    language = user.language
    headers = {}
    with translation.override(language):
        render_context = {**context, **(objects or {}), "recipient": user, "site_url": settings.SITE_URL}
        if KINDS[kind].optional:
            token = unsubscribe_token(user, kind)
            url = absolute(reverse("core:unsubscribe", args=[token]))
            render_context["unsubscribe_url"] = url
            headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        subject = render_to_string(f"emails/{kind}_subject.txt", render_context).strip()
        text = render_to_string(f"emails/{kind}.txt", render_context)
        html = render_to_string(f"emails/{kind}.html", render_context)
    return store(
        recipient=user,
        to_email=user.email,
        kind=kind,
        language=language,
        context=context,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers,
    )


def store(**fields) -> Notification:
    """Saves a rendered email and sends it after the current transaction commits."""
    fields["subject"] = " ".join(fields["subject"].split())[:255]
    notification = Notification.objects.create(**fields)
    transaction.on_commit(partial(enqueue, notification.pk))
    return notification


def enqueue(pk: int) -> None:
    from .tasks import send_notification

    try:
        send_notification.delay(pk)
    except Exception:  # the broker is unreachable: the row waits for the sweep
        logger.warning("Could not enqueue notification %s; the outbox sweep will send it.", pk, exc_info=True)


def build_message(notification: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.to_email],
        headers=notification.headers or None,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


register_kind(
    "account", translation.gettext_lazy("Account security (verification, password)"), optional=False
)
