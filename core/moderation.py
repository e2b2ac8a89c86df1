"""Moderation of contributions (ideas, comments, and later consultation
comments): hiding one that breaks the charter, and showing it again, are
recorded moves with a reason its author is told. Who may moderate:
`core.permissions.is_moderator`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Moderation, ModerationEvent
from .notifications import notify, register_kind
from .transitions import Machine, TransitionError


def _load(context: dict) -> dict:
    """The email's objects, loaded by id when it is sent (core.notifications)."""
    event = ModerationEvent.objects.get(pk=context["event_id"])
    if event.content_object is None:
        raise ModerationEvent.DoesNotExist("the moderated content was deleted")
    hidden = event.to_status == Moderation.HIDDEN
    return {"event": event, "object": event.content_object, "reason": event.reason, "hidden": hidden}


register_kind("moderated", gettext_lazy("Moderation of my contributions"), optional=False, context=_load)

ALLOWED = {Moderation.PUBLISHED: {Moderation.HIDDEN}, Moderation.HIDDEN: {Moderation.PUBLISHED}}


def machine(model) -> Machine:
    return Machine(
        model=model,
        field="moderation",
        allowed=ALLOWED,
        event_model=ModerationEvent,
        event_link="content_object",
    )


def _after_move(obj, event) -> None:
    """In the move's transaction: the author's email. (The save refreshes the
    cached lists and pages through core.generations.)"""
    if obj.author_id:
        notify(
            user=obj.author,
            kind="moderated",
            context={"event_id": event.pk},
        )


def hide(obj, *, by, reason: str) -> ModerationEvent:
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Say why it is hidden: the author will read it."))
    return machine(type(obj)).move(obj, Moderation.HIDDEN, by=by, reason=reason, notify=_after_move)


def show(obj, *, by, reason: str = "") -> ModerationEvent:
    return machine(type(obj)).move(
        obj, Moderation.PUBLISHED, by=by, reason=reason.strip(), notify=_after_move
    )
