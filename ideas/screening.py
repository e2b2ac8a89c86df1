"""The screening state machine: every move of an idea is one function that
locks the row, checks the current state, saves, records a public event and
writes the author's notification, all in one transaction.

    submitted ─► not accepted (reason)
        └─► accepted ─► sent to institution(s) ─► integrated into commitment(s)
                                              └─► not integrated (explanation)
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify, register_kind

from .models import Idea, IdeaEvent

S = Idea.Status

ALLOWED = {
    S.SUBMITTED: {S.ACCEPTED, S.NOT_ACCEPTED},
    S.ACCEPTED: {S.SENT},
    S.SENT: {S.SENT, S.INTEGRATED, S.NOT_INTEGRATED},  # sent again: to one more institution
    S.NOT_ACCEPTED: set(),
    S.INTEGRATED: set(),
    S.NOT_INTEGRATED: set(),
}


def _load(context: dict) -> dict:
    """The email's objects, loaded by id when it is sent (core.notifications)."""
    loaded = {"idea": Idea.objects.get(pk=context["idea_id"])}
    if "event_id" in context:
        loaded["event"] = IdeaEvent.objects.get(pk=context["event_id"])
    return loaded


register_kind("idea_screened", gettext_lazy("The outcome of my ideas"), context=_load)
register_kind("idea_moderated", gettext_lazy("Moderation of my ideas"), optional=False, context=_load)


class TransitionError(Exception):
    """A move the state machine refuses; the message is for the user."""


def can_move(idea: Idea, to: str) -> bool:
    return to in ALLOWED[idea.status]


def _move(idea: Idea, to: str, *, by, **event_fields) -> IdeaEvent:
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if to not in ALLOWED[locked.status]:
        raise TransitionError(
            _("This idea is “%(current)s”: it cannot become “%(target)s”.")
            % {"current": locked.get_status_display(), "target": Idea.Status(to).label}
        )
    event = IdeaEvent.objects.create(
        idea=locked, actor=by, from_status=locked.status, to_status=to, **event_fields
    )
    locked.status = to
    locked.status_changed_at = event.created_at
    locked.save(update_fields=["status", "status_changed_at"])
    idea.status, idea.status_changed_at = locked.status, locked.status_changed_at
    if locked.author_id:
        notify(
            user=locked.author,
            kind="idea_screened",
            context={"idea_id": locked.pk, "event_id": event.pk},
        )
    return event


@transaction.atomic
def accept(idea: Idea, *, by) -> IdeaEvent:
    return _move(idea, S.ACCEPTED, by=by)


@transaction.atomic
def reject(
    idea: Idea, *, by, reason: str, explanation: str = "", duplicate_of: Idea | None = None
) -> IdeaEvent:
    if reason not in IdeaEvent.Reason.values:
        raise TransitionError(_("Choose the reason why the idea is not accepted."))
    if reason == IdeaEvent.Reason.DUPLICATE and (duplicate_of is None or duplicate_of.pk == idea.pk):
        raise TransitionError(_("Give the number of the idea this one duplicates."))
    if reason == IdeaEvent.Reason.OTHER and not explanation.strip():
        raise TransitionError(_("Explain the reason in a few words."))
    return _move(
        idea,
        S.NOT_ACCEPTED,
        by=by,
        reason=reason,
        explanation=explanation.strip(),
        duplicate_of=duplicate_of if reason == IdeaEvent.Reason.DUPLICATE else None,
    )


@transaction.atomic
def send_to(idea: Idea, *, by, institutions) -> IdeaEvent:
    institutions = list(institutions)
    if not institutions:
        raise TransitionError(_("Choose at least one institution."))
    event = _move(idea, S.SENT, by=by, explanation=", ".join(str(i) for i in institutions))
    idea.sent_to.add(*institutions)
    return event


@transaction.atomic
def integrate(idea: Idea, *, by, commitments) -> IdeaEvent:
    commitments = list(commitments)
    if not commitments:
        raise TransitionError(_("Choose the commitment(s) this idea is integrated into."))
    if any(c.plan_id != idea.plan_id for c in commitments):
        raise TransitionError(_("A commitment of another plan cannot integrate this idea."))
    event = _move(idea, S.INTEGRATED, by=by, explanation=", ".join(str(c) for c in commitments))
    idea.commitments.add(*commitments)
    return event


@transaction.atomic
def not_integrate(idea: Idea, *, by, explanation: str) -> IdeaEvent:
    if not explanation.strip():
        raise TransitionError(_("Explain why the idea is not integrated."))
    return _move(idea, S.NOT_INTEGRATED, by=by, explanation=explanation.strip())


@transaction.atomic
def hide(idea: Idea, *, by, reason: str) -> None:
    """Moderation: the idea breaks the charter. The author is told why."""
    if not reason.strip():
        raise TransitionError(_("Say why the idea is hidden: the author will read it."))
    updated = Idea.objects.filter(pk=idea.pk, hidden_at__isnull=True).update(
        hidden_at=timezone.now(), hidden_reason=reason.strip(), hidden_by=by
    )
    if updated and idea.author_id:
        idea.refresh_from_db(fields=["hidden_at", "hidden_reason", "hidden_by"])
        notify(
            user=idea.author,
            kind="idea_moderated",
            context={"idea_id": idea.pk},
        )
    else:
        idea.refresh_from_db(fields=["hidden_at", "hidden_reason", "hidden_by"])


@transaction.atomic
def unhide(idea: Idea, *, by) -> None:
    Idea.objects.filter(pk=idea.pk).update(hidden_at=None, hidden_reason="", hidden_by=None)
    idea.refresh_from_db(fields=["hidden_at", "hidden_reason", "hidden_by"])
