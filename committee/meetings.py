"""The moves of a meeting (core.transitions), recorded as MeetingEvents:
convening it (committee.convocation), cancelling it, sending the draft
minutes and publishing them (committee.minutes). Its status is derived from
the dates the moves set (Meeting.objects.with_status); a meeting is held
once its time has come. What a rule with a number adds — ten days' notice,
the comment window — is checked by the module that makes the move, before
it asks the machine."""

import dataclasses
from functools import partial

from django.utils.translation import gettext_lazy

from core.transitions import Machine

from .models import Meeting, MeetingEvent

S = Meeting.Status

MACHINE = Machine(
    model=Meeting,
    field="status",
    allowed={
        S.PLANNED: {S.CONVENED, S.CANCELLED},
        S.CONVENED: {S.CANCELLED},
        S.HELD: {S.MINUTES_SENT},
        S.MINUTES_SENT: {S.PUBLISHED},
    },
    event_model=MeetingEvent,
    event_link="meeting",
    rows=Meeting.objects.with_status,
    refusals={
        (S.CONVENED, S.CONVENED): gettext_lazy("The convocation to this meeting was already sent."),
        (S.CANCELLED, S.CANCELLED): gettext_lazy("This meeting was already cancelled."),
        (S.HELD, S.CANCELLED): gettext_lazy("This meeting has been held: it can no longer be cancelled."),
        (S.PLANNED, S.MINUTES_SENT): gettext_lazy("This meeting has not been held yet."),
        (S.CONVENED, S.MINUTES_SENT): gettext_lazy("This meeting has not been held yet."),
        (S.MINUTES_SENT, S.MINUTES_SENT): gettext_lazy("The draft minutes were already sent to the members."),
        (S.HELD, S.PUBLISHED): gettext_lazy(
            "Send the draft minutes to the members for their comments first."
        ),
        (S.PUBLISHED, S.PUBLISHED): gettext_lazy("The minutes of this meeting are already published."),
    },
)


def at(now) -> Machine:
    """The machine with the meeting's status read at `now`: a move made at a
    given moment (a test's, the demo's past meetings) sees the status of then."""
    return dataclasses.replace(MACHINE, rows=partial(Meeting.objects.with_status, now))
