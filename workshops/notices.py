"""The moves of a workshop, and whom they tell: the secretariat publishing a
workshop its association proposed (nobody to tell yet), cancelling it
(everyone with a seat or on the waiting list is told) and publishing its
outputs (everyone who attended). Each is a move of MACHINE (core.transitions)
under the workshop's row lock, recorded as a WorkshopEvent (who, when, from,
to; why, for a cancellation): a second click, or two staff at once, find
the move made and tell nobody twice. The workshop's stage is derived from
its dates (Workshop.objects.with_stage), which the moves set. The emails go
through the outbox once the move commits, in each person's language; a
visitor without an account is written to at the address they registered
with, in the language they registered in (workshops.registration.send)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import register_kind
from core.transitions import Machine, TransitionError

from . import registration as seats
from .models import Registration, Workshop, WorkshopEvent

S = Registration.Status
STAGE = Workshop.Stage

STARTED = gettext_lazy("This workshop has started: it can no longer be cancelled.")
MACHINE = Machine(
    model=Workshop,
    field="stage",
    allowed={
        STAGE.PROPOSED: {STAGE.UPCOMING},
        STAGE.UPCOMING: {STAGE.CANCELLED},
        STAGE.HELD: {STAGE.PUBLISHED},
    },
    event_model=WorkshopEvent,
    event_link="workshop",
    rows=Workshop.objects.with_stage,
    # Each refusal says what stands in the way.
    refusals={
        (STAGE.CANCELLED, STAGE.CANCELLED): gettext_lazy("This workshop was already cancelled."),
        (STAGE.HELD, STAGE.CANCELLED): STARTED,
        (STAGE.PUBLISHED, STAGE.CANCELLED): STARTED,
        (STAGE.PUBLISHED, STAGE.PUBLISHED): gettext_lazy(
            "The outputs of this workshop were already published."
        ),
        (STAGE.CANCELLED, STAGE.PUBLISHED): gettext_lazy("This workshop is cancelled."),
        (STAGE.UPCOMING, STAGE.PUBLISHED): gettext_lazy("This workshop has not been held yet."),
        (STAGE.PROPOSED, STAGE.CANCELLED): gettext_lazy(
            "This workshop is only proposed: it was never published."
        ),
        (STAGE.UPCOMING, STAGE.UPCOMING): gettext_lazy("This workshop is already published."),
        (STAGE.HELD, STAGE.UPCOMING): gettext_lazy("This workshop is already published."),
        (STAGE.PUBLISHED, STAGE.UPCOMING): gettext_lazy("This workshop is already published."),
        (STAGE.CANCELLED, STAGE.UPCOMING): gettext_lazy("This workshop is cancelled."),
    },
)


def _load(context: dict) -> dict:
    registration = Registration.objects.select_related("workshop").get(pk=context["registration_id"])
    return {"registration": registration, "workshop": registration.workshop}


# About a registration the person made: service messages, always sent (a
# visitor without an account has no preferences to keep).
register_kind(
    "workshop_cancelled",
    gettext_lazy("A workshop I registered for is cancelled"),
    optional=False,
    context=_load,
)
register_kind(
    "workshop_outputs", gettext_lazy("The outputs of a workshop I attended"), optional=False, context=_load
)


def _tell(registrations, kind: str) -> int:
    """Writes the email to each person (an erased row or a walk-in has no
    address: nobody to tell); returns how many were told."""
    told = 0
    for registration in registrations.select_related("user"):
        if registration.user_id or registration.email:
            seats.send(registration, kind)
            told += 1
    return told


@transaction.atomic
def cancel(workshop: Workshop, *, by, reason: str = "") -> int:
    """Cancels a workshop that has not started and tells everyone with a
    seat or on the waiting list; returns how many were told. Raises
    TransitionError with the reason otherwise."""
    MACHINE.move(workshop, STAGE.CANCELLED, by=by, changes={"cancelled_at": timezone.now()}, reason=reason)
    people = Registration.objects.filter(workshop=workshop, status__in=[S.REGISTERED, S.WAITING])
    return _tell(people, "workshop_cancelled")


@transaction.atomic
def publish(workshop: Workshop, *, by) -> int:
    """Publishes a workshop its association proposed: public from now on,
    open to registration from its dates. Nobody is told (nobody could
    register yet); returns 0."""
    locked = Workshop.objects.with_stage().select_for_update().get(pk=workshop.pk)
    if MACHINE.can_move(locked, STAGE.UPCOMING) and locked.starts_at <= timezone.now():
        raise TransitionError(_("This workshop's date has passed: set its new date before publishing it."))
    MACHINE.move(workshop, STAGE.UPCOMING, by=by, changes={"published_at": timezone.now()})
    return 0


@transaction.atomic
def publish_outputs(workshop: Workshop, *, by) -> int:
    """Publishes the outputs of a workshop held and tells those who
    attended; returns how many were told."""
    # Under the row's lock, as the move: the outputs checked are those published.
    locked = Workshop.objects.with_stage().select_for_update().get(pk=workshop.pk)
    if MACHINE.can_move(locked, STAGE.PUBLISHED) and not (
        locked.report or locked.recording_link or locked.polls.exists()
    ):
        raise TransitionError(_("There is nothing to publish yet: add the report, the recording or a poll."))
    MACHINE.move(workshop, STAGE.PUBLISHED, by=by, changes={"outputs_published_at": timezone.now()})
    return _tell(
        Registration.objects.filter(workshop=workshop, attended_at__isnull=False), "workshop_outputs"
    )
