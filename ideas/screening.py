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

from core.bidi import strip_isolates
from core.notifications import notify, register_kind
from core.transitions import Machine, TransitionError  # noqa: F401 - callers catch it from here

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

MACHINE = Machine(model=Idea, field="status", allowed=ALLOWED, event_model=IdeaEvent, event_link="idea")


def can_move(idea: Idea, to: str) -> bool:
    return MACHINE.can_move(idea, to)


def _tell_author(idea: Idea, event: IdeaEvent) -> None:
    if idea.author_id:
        notify(
            user=idea.author,
            kind="idea_screened",
            context={"idea_id": idea.pk, "event_id": event.pk},
        )


def _move(idea: Idea, to: str, *, by, **event_fields) -> IdeaEvent:
    now = timezone.now()
    # status_changed_at: what the list of ideas waiting for screening reads.
    return MACHINE.move(
        idea,
        to,
        by=by,
        changes={"status_changed_at": now},
        created_at=now,
        notify=_tell_author,
        **event_fields,
    )


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
    event = _move(idea, S.SENT, by=by, explanation=", ".join(strip_isolates(str(i)) for i in institutions))
    idea.sent_to.add(*institutions)
    return event


@transaction.atomic
def integrate(idea: Idea, *, by, commitments) -> IdeaEvent:
    commitments = list(commitments)
    if not commitments:
        raise TransitionError(_("Choose the commitment(s) this idea is integrated into."))
    if any(c.plan_id != idea.plan_id for c in commitments):
        raise TransitionError(_("A commitment of another plan cannot integrate this idea."))
    names = ", ".join(strip_isolates(str(c)) for c in commitments)
    event = _move(idea, S.INTEGRATED, by=by, explanation=names)
    idea.commitments.add(*commitments)
    return event


@transaction.atomic
def not_integrate(idea: Idea, *, by, explanation: str) -> IdeaEvent:
    if not explanation.strip():
        raise TransitionError(_("Explain why the idea is not integrated."))
    return _move(idea, S.NOT_INTEGRATED, by=by, explanation=explanation.strip())
