"""Registering for a workshop, and the waiting list: every function locks the
workshop's row first, so simultaneous requests are served one after the
other and the seats are never overbooked; every move of a registration is
recorded (core.transitions).

    visitor ─► pending ─(confirms by email)─┐
    signed-in user ─────────────────────────┴─► registered ─► cancelled | released
                                             └─► waiting ─► registered (promoted) | cancelled

A seat given up (cancelled or released) goes to the first person waiting.
The person is told of every seat given and every place on the waiting list,
through the outbox, in their language."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import notify, register_kind
from core.transitions import Machine, TransitionError

from .models import Registration, RegistrationEvent, Workshop

S = Registration.Status
ACTIVE = [S.PENDING, S.REGISTERED, S.WAITING]

ALLOWED = {
    S.PENDING: {S.REGISTERED, S.WAITING, S.CANCELLED},
    S.REGISTERED: {S.CANCELLED, S.RELEASED},
    S.WAITING: {S.REGISTERED, S.CANCELLED},
    # Someone who cancelled may register again: the same row, back in line.
    S.CANCELLED: {S.PENDING, S.REGISTERED, S.WAITING},
    S.RELEASED: {S.PENDING, S.REGISTERED, S.WAITING},
}

MACHINE = Machine(
    model=Registration,
    field="status",
    allowed=ALLOWED,
    event_model=RegistrationEvent,
    event_link="registration",
)


def _load(context: dict) -> dict:
    """The email's objects, loaded by id when it is sent (core.notifications)."""
    registration = Registration.objects.select_related("workshop").get(pk=context["registration_id"])
    event = RegistrationEvent.objects.get(pk=context["event_id"])
    return {
        "registration": registration,
        "workshop": registration.workshop,
        "event": event,
        "position": waiting_position(registration),
    }


# A service message the person asked for by registering: always sent.
register_kind(
    "workshop_registration", gettext_lazy("My workshop registrations"), optional=False, context=_load
)


def _tell(registration: Registration, event: RegistrationEvent) -> None:
    if registration.user_id and event.to_status in (S.REGISTERED, S.WAITING):
        notify(
            user=registration.user,
            kind="workshop_registration",
            context={"registration_id": registration.pk, "event_id": event.pk},
        )


def _locked(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _seat_free(workshop: Workshop) -> bool:
    seats = workshop.public_seats
    if seats is None:
        return True
    # Walk-ins came on the day: they never take a seat offered online.
    taken = Registration.objects.filter(workshop=workshop, status=S.REGISTERED, walk_in=False)
    return taken.count() < seats


def _window_error(workshop: Workshop) -> str | None:
    state = workshop.registration_state()
    if state == "open":
        return None
    if state == "cancelled":
        return _("This workshop is cancelled.")
    if state == "not_yet":
        when = formats.date_format(timezone.localtime(workshop.registration_opens_at), "j F Y, H:i")
        return _("Registration opens on %(date)s.") % {"date": when}
    return _("Registration for this workshop is closed.")


@transaction.atomic
def register(workshop: Workshop, *, user=None, email: str = "", **details) -> Registration:
    """A signed-in user takes a seat, or a place on the waiting list when
    none is left; a visitor (no `user`) is pending until they confirm their
    address (`confirm`). Raises TransitionError with the reason otherwise."""
    workshop = _locked(workshop)
    if error := _window_error(workshop):
        raise TransitionError(error)
    email = (user.email if user else email).strip()
    same = Q(user=user) if user else Q(email__iexact=email)
    existing = Registration.objects.filter(workshop=workshop).filter(same).first()
    if existing and existing.status in ACTIVE:
        raise TransitionError(_("You are already registered for this workshop."))
    # A visitor's place is decided when they confirm their address.
    target = S.PENDING if user is None else S.REGISTERED if _seat_free(workshop) else S.WAITING
    now = timezone.now()
    fields = {"email": email, "queued_at": now, **details}
    if existing is None:
        registration = Registration.objects.create(
            workshop=workshop, user=user, status=S.PENDING, created_at=now, **fields
        )
        if target != S.PENDING:
            MACHINE.move(registration, target, by=user, notify=_tell)
    else:
        registration = existing
        MACHINE.move(registration, target, by=user, changes=fields, notify=_tell)
    registration.workshop = workshop
    return registration


@transaction.atomic
def confirm(registration: Registration) -> Registration:
    """A visitor confirmed their address: a seat, or the waiting list."""
    workshop = _locked(registration.workshop)
    registration.refresh_from_db()
    if registration.status != S.PENDING:
        return registration
    if error := _window_error(workshop):
        raise TransitionError(error)
    target = S.REGISTERED if _seat_free(workshop) else S.WAITING
    MACHINE.move(
        registration, target, by=registration.user, changes={"queued_at": timezone.now()}, notify=_tell
    )
    return registration


@transaction.atomic
def give_up(registration: Registration, *, by, to: str = S.CANCELLED) -> Registration | None:
    """Cancels a registration (`to` "released": a seat freed before the
    workshop, after the reminder). A seat freed goes to the first person
    waiting, who is returned (None if nobody was promoted)."""
    workshop = _locked(registration.workshop)
    registration.refresh_from_db()
    had_seat = registration.status == S.REGISTERED
    MACHINE.move(registration, to, by=by)
    return promote(workshop) if had_seat else None


def promote(workshop: Workshop) -> Registration | None:
    """The first person waiting takes a free seat; the caller holds the
    workshop's lock."""
    if not _seat_free(workshop):
        return None
    waiting = Registration.objects.filter(workshop=workshop, status=S.WAITING)
    first = waiting.order_by("queued_at", "pk").first()
    if first is not None:
        MACHINE.move(first, S.REGISTERED, by=None, notify=_tell)
    return first


def figures(workshop: Workshop) -> dict:
    """Registered, waiting, attended and seats left, derived from the rows
    (one query); a workshop held before the portal, with no rows,
    shows the figures its organiser reported."""
    counts = Registration.objects.filter(workshop=workshop).aggregate(
        rows=Count("pk"),
        registered=Count("pk", filter=Q(status=S.REGISTERED)),
        waiting=Count("pk", filter=Q(status=S.WAITING)),
        attended=Count("pk", filter=Q(attended_at__isnull=False)),
    )
    if not counts["rows"]:
        return {
            "reported": True,
            "registered": workshop.registered_count,
            "attended": workshop.attended_count,
            "waiting": 0,
            "seats_left": None,
        }
    seats = workshop.public_seats
    return {
        "reported": False,
        "registered": counts["registered"],
        "attended": counts["attended"],
        "waiting": counts["waiting"],
        "seats_left": None if seats is None else max(seats - counts["registered"], 0),
    }


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not waiting."""
    if registration.status != S.WAITING:
        return None
    ahead = Registration.objects.filter(workshop=registration.workshop_id, status=S.WAITING).filter(
        Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1
