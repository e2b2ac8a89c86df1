"""What the organiser tells a workshop's people: that the workshop is
cancelled (everyone with a seat or on the waiting list), that its outputs
are published (everyone who attended). Each is a conditional move of the
workshop, under its row lock: a second click, or two staff at once, tell
nobody twice. The emails go through the outbox once the move commits, in
each person's language; a visitor without an account is written to at the
address they registered with, in the language they registered in
(workshops.registration.send)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import register_kind
from core.transitions import TransitionError

from . import registration as seats
from .models import Registration, Workshop

S = Registration.Status


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
def cancel(workshop: Workshop) -> int:
    """Cancels a workshop that has not started and tells everyone with a
    seat or on the waiting list; returns how many were told. Raises
    TransitionError with the reason otherwise."""
    locked = seats.locked_workshop(workshop)
    now = timezone.now()
    if locked.cancelled_at:
        raise TransitionError(_("This workshop was already cancelled."))
    if locked.starts_at <= now:
        raise TransitionError(_("This workshop has started: it can no longer be cancelled."))
    locked.cancelled_at = workshop.cancelled_at = now
    locked.save(update_fields=["cancelled_at"])
    people = Registration.objects.filter(workshop=locked, status__in=[S.REGISTERED, S.WAITING])
    return _tell(people, "workshop_cancelled")


@transaction.atomic
def publish_outputs(workshop: Workshop) -> int:
    """Publishes the outputs of a workshop held and tells those who
    attended; returns how many were told."""
    locked = seats.locked_workshop(workshop)
    now = timezone.now()
    if locked.outputs_published_at:
        raise TransitionError(_("The outputs of this workshop were already published."))
    if locked.cancelled_at:
        raise TransitionError(_("This workshop is cancelled."))
    if now < locked.starts_at:
        raise TransitionError(_("This workshop has not been held yet."))
    if not (locked.report or locked.recording_link or locked.polls.exists()):
        raise TransitionError(_("There is nothing to publish yet: add the report, the recording or a poll."))
    locked.outputs_published_at = workshop.outputs_published_at = now
    locked.save(update_fields=["outputs_published_at"])
    return _tell(Registration.objects.filter(workshop=locked, attended_at__isnull=False), "workshop_outputs")
