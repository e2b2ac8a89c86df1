"""A person's data, to download and to erase (Morocco's law 09-08).

Core knows no app, so each app says what it holds about a person with
`register(key, export=..., erase=..., models=[...])` from its
`AppConfig.ready()`, as it declares its datasets or its kinds of email:
`export(user)` returns the person's rows as JSON-able values (a file they
gave as `attached(file, name)`), `erase(user)` deletes their private rows
and detaches their public contributions (which stay, shown as a deleted
user's), calling `generations.bump()` for what it changes without signals,
and `models` names every model whose links to the user the part answers for
(an abstract model stands for each model built on it). `export_all` and
`erase_account` walk every part, so a new app's data is downloaded and erased
as soon as it registers it; tests/test_personal_data.py fails when a model
linked to the user is named by no part. A part that blanks rows which stay
(and a task that does so for people without an account) also renames them in
the admin's log with `forget_in_admin_log`."""

import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from . import generations
from .models import EmailPreference, Notification, TransitionEvent, User
from .notifications import KINDS


@dataclass(frozen=True)
class Part:
    key: str
    export: Callable[[User], Any]
    erase: Callable[[User], None]
    models: tuple[type[Model], ...]

    def covers(self) -> set[type[Model]]:
        """The installed models this part answers for."""
        return {
            model
            for declared in self.models
            for model in ([declared] if not declared._meta.abstract else apps.get_models())
            if issubclass(model, declared)
        }


PARTS: dict[str, Part] = {}


def register(
    key: str,
    *,
    export: Callable[[User], Any],
    erase: Callable[[User], None],
    models: Iterable[type[Model]],
) -> Part:
    part = Part(key, export, erase, tuple(models))
    PARTS[key] = part
    return part


@dataclass(frozen=True)
class Attached:
    """A file the person gave (an idea's attachment…), in their download as
    `files/<name><extension>`; the JSON holds that path."""

    path: str
    file: FieldFile


def attached(file: FieldFile, name: str) -> Attached | None:
    if not file:
        return None
    extension = "." + file.name.rsplit(".", 1)[-1] if "." in file.name.rsplit("/", 1)[-1] else ""
    return Attached(f"files/{name}{extension}", file)


def export_all(user: User) -> dict:
    return {"exported_at": timezone.now(), **{key: part.export(user) for key, part in PARTS.items()}}


class _Encoder(DjangoJSONEncoder):
    """Puts each attached file's path in the JSON and keeps the file for the
    archive; a file no longer on disk is null."""

    def __init__(self, *args, files: dict[str, FieldFile], **kwargs):
        super().__init__(*args, **kwargs)
        self.files = files

    def default(self, o):
        if isinstance(o, Attached):
            if not o.file.storage.exists(o.file.name):
                return None
            self.files[o.path] = o.file
            return o.path
        return super().default(o)


def download(user: User):
    """Everything the portal holds about the person, as a ZIP file:
    `my-data.json` (every part) and, under `files/`, the files they gave."""
    files: dict[str, FieldFile] = {}
    text = json.dumps(export_all(user), cls=_Encoder, files=files, ensure_ascii=False, indent=2)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", text)
        for path, file in files.items():
            with file.open("rb"), archive.open(path, "w") as copy:
                for chunk in file.chunks():
                    copy.write(chunk)
    out.seek(0)
    return out


def forget_in_admin_log(model: type[Model], pks: Iterable) -> None:
    """The admin's log ("Recent actions", a row's history) names each row as
    it was when changed (`object_repr`; its change messages name fields, not
    values): after rows lost a person's data, their entries name them as they
    are now. Called by whatever erases personal data from rows that stay."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
    )
    logged = set(entries.values_list("object_id", flat=True))
    for row in model._default_manager.filter(pk__in=logged):
        entries.filter(object_id=str(row.pk)).update(object_repr=str(row)[:200])


def erase_account(user: User) -> None:
    """Every part forgets the person, then the account goes; all or nothing."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for part in PARTS.values():
            part.erase(user)
        user.delete()
        # The names next to their ideas and comments, on cached pages.
        generations.bump("people")


# Core's own parts: the account, its addresses, its email preferences and
# the emails the outbox holds for it; the moves they made through any app's
# machine (every TransitionEvent has its `actor`).

ACTIONS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


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
        # What they did in the administration (staff), without the object's
        # name, which may be someone else's.
        "admin_actions": [
            {"at": at, "action": ACTIONS.get(flag, flag), "record": f"{app}.{model}", "id": object_id}
            for at, flag, app, model, object_id in LogEntry.objects.filter(user=user)
            .order_by("action_time", "pk")
            .values_list(
                "action_time", "action_flag", "content_type__app_label", "content_type__model", "object_id"
            )
        ],
    }


def _erase_account(user: User) -> None:
    # The addresses go with the account itself, last: the outbox's part
    # looks for emails sent to each of them.
    EmailPreference.objects.filter(user=user).delete()
    # The admin's history of changes to this account quotes its name. What
    # they did in the administration themselves goes with the account (its
    # on_delete): the records that count (moves, a card's history) are kept
    # by their apps, detached.
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


def _export_moves(user: User) -> list[dict]:
    """The recorded moves they made (core.transitions): an idea screened, a
    registration cancelled, a card moved, a comment hidden…"""
    return [
        {
            "record": model._meta.label_lower,
            "id": event.pk,
            "from": event.from_status,
            "to": event.to_status,
            "at": event.created_at,
        }
        for model in sorted(PARTS["moves"].covers(), key=lambda model: model._meta.label)
        for event in model.objects.filter(actor=user).order_by("created_at", "pk")
    ]


def _erase_moves(user: User) -> None:
    # A move is the record of a decision (an idea's public reasoned answer, a
    # card's life cycle): it stays, without who made it. Pages tell who
    # moved a row only by role, under the "people" generation that
    # erase_account bumps.
    for model in PARTS["moves"].covers():
        model.objects.filter(actor=user).update(actor=None)


register(
    "account", export=_export_account, erase=_erase_account, models=[EmailAddress, EmailPreference, LogEntry]
)
register("emails", export=_export_emails, erase=lambda user: _outbox(user).delete(), models=[Notification])
register("moves", export=_export_moves, erase=_erase_moves, models=[TransitionEvent])
