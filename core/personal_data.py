"""A person's data, to download and to erase (Morocco's law 09-08).

Core knows no app, so each app says what it holds about a person with
`register(key, export=..., erase=...)` from its `AppConfig.ready()`, as it
declares its datasets or its kinds of email: `export(user)` returns the
person's rows as JSON-able values, `erase(user)` deletes their private rows
and detaches their public contributions (which stay, shown as a deleted
user's), calling `generations.bump()` for what it changes without signals.
`export_all` and `erase_account` walk every part, so a new app's data is
downloaded and erased as soon as it registers it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import generations
from .models import EmailPreference, Notification, User
from .notifications import KINDS


@dataclass(frozen=True)
class Part:
    key: str
    export: Callable[[User], Any]
    erase: Callable[[User], None]


PARTS: dict[str, Part] = {}


def register(key: str, *, export: Callable[[User], Any], erase: Callable[[User], None]) -> Part:
    part = Part(key, export, erase)
    PARTS[key] = part
    return part


def export_all(user: User) -> dict:
    return {"exported_at": timezone.now(), **{key: part.export(user) for key, part in PARTS.items()}}


def erase_account(user: User) -> None:
    """Every part forgets the person, then the account goes; all or nothing."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for part in PARTS.values():
            part.erase(user)
        user.delete()
        # The names next to their ideas and comments, on cached pages.
        generations.bump("people")


# Core's own part: the account, its addresses, its email preferences and the
# emails the outbox holds for it.


def _addresses(user: User) -> list[str]:
    return [user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)]


def _outbox(user: User):
    to_them = Q(recipient=user)
    for address in set(_addresses(user)):
        to_them |= Q(to_email__iexact=address)
    return Notification.objects.filter(to_them)


def _export_account(user: User) -> dict:
    return {
        "email": user.email,
        "public_name": user.display_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "staff": user.is_staff,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "email_preferences": [
            {"kind": pref.kind, "enabled": pref.enabled}
            for pref in EmailPreference.objects.filter(user=user).order_by("kind")
        ],
    }


def _erase_account(user: User) -> None:
    # The addresses go with the account itself, last: the outbox's part
    # looks for emails sent to each of them.
    EmailPreference.objects.filter(user=user).delete()
    # The admin's history of changes to this account quotes its name.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()


def _export_emails(user: User) -> list[dict]:
    """What the outbox holds for them: kind, address, dates and state. Never
    the stored context, which for account emails rebuilds a secret link."""
    return [
        {
            "kind": row.kind,
            "about": str(KINDS[row.kind].label) if row.kind in KINDS else row.kind,
            "to": row.to_email,
            "language": row.language,
            "state": row.state,
            "created_at": row.created_at,
            "sent_at": row.sent_at,
        }
        for row in _outbox(user).order_by("created_at", "pk")
    ]


register("account", export=_export_account, erase=_erase_account)
register("emails", export=_export_emails, erase=lambda user: _outbox(user).delete())
