"""Registering for a workshop, and the waiting list: every function locks the
workshop's row first, so simultaneous requests are served one after the
other and the seats are never overbooked; every move of a registration is
recorded (core.transitions).

    visitor ─► pending ─(confirms by email)─┐
    signed-in user ─────────────────────────┴─► registered ─► cancelled | released
                                             └─► waiting ─► registered (promoted) | cancelled

A visitor's address is not verified: their registration reserves nothing
until they open the link sent to it (not the address either, nor the seat of
an account owning it), each form sent is a new row whatever the address (the
answer is the same whether the address has an account or a registration),
and a visitor's form never touches another row. Only a confirmed place
(registered or waiting) holds its address, in the database too.

A seat given up (cancelled or released) goes to the first person waiting.
The person is told of every seat given and every place on the waiting list,
through the outbox, in their language (a visitor's: the language of the page
they registered on). A visitor acts through signed links in their emails
(`link` / `from_link`): confirm their address, cancel; and everyone with a
seat, once reminded before the workshop (workshops.tasks), keeps or releases
it by a link."""

from datetime import UTC, datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import absolute, notify, register_kind, store
from core.transitions import Machine, TransitionError

from . import calendar
from . import figures as workshop_figures
from .models import Registration, RegistrationEvent, Workshop, upcoming_first

S = Registration.Status


def with_person(registrations):
    """Each registration's `person`: the name given, else the account's (the
    check-in page, the sign-in sheet)."""
    return registrations.select_related("user").annotate(
        person=Coalesce(NullIf(F("name"), Value("")), F("user__display_name"), Value(""))
    )


ACTIVE = [S.PENDING, S.REGISTERED, S.WAITING]
# A confirmed place: a seat or a place in line. One per address and workshop
# (Registration's constraint registration_once_per_email).
HOLDING = [S.REGISTERED, S.WAITING]

ALLOWED = {
    S.PENDING: {S.REGISTERED, S.WAITING, S.CANCELLED},
    S.REGISTERED: {S.CANCELLED, S.RELEASED},
    S.WAITING: {S.REGISTERED, S.CANCELLED},
    # An account that cancelled may register again: its row, back in line (a
    # visitor who registers again has a new row, confirmed by its own link).
    S.CANCELLED: {S.REGISTERED, S.WAITING},
    S.RELEASED: {S.REGISTERED, S.WAITING},
}

MACHINE = Machine(
    model=Registration,
    field="status",
    allowed=ALLOWED,
    event_model=RegistrationEvent,
    event_link="registration",
)


# What a signed link lets its holder do to one registration: a salt each,
# so a link to keep a seat cannot release it.
LINK_ACTIONS = ("confirm", "cancel", "keep", "release")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _round(registration: Registration) -> int:
    """Which registration of its row a link is for: an account registering
    again after cancelling reuses its row, with a new `created_at`. In
    microseconds, exactly (a float would round)."""
    return (registration.created_at - _EPOCH) // timedelta(microseconds=1)


class InvalidLink(Exception):
    """A link that acts on nothing: tampered, incomplete, for another action,
    or for a registration that is gone, erased or not the current one of its
    row. `workshop` is the workshop it was for, when that is known."""

    def __init__(self, workshop: Workshop | None = None):
        super().__init__("invalid link")
        self.workshop = workshop


def link_path(registration: Registration, action: str) -> str:
    """The path of a signed link that does `action` to this registration,
    and to no later one of its row: whoever holds it needs no account."""
    token = signing.dumps([registration.pk, _round(registration)], salt=f"workshops.{action}")
    return reverse(f"workshops:{action}_by_link", args=[registration.workshop_id, token])


def link(registration: Registration, action: str) -> str:
    """The same, absolute: for an email."""
    return absolute(link_path(registration, action))


def from_link(token: str, action: str, workshop_id: int | None = None) -> Registration:
    """The registration a link's token names; InvalidLink when the token was
    not made by `link()` for this action and workshop (`workshop_id`, from
    the link's path), or its registration is gone, erased, or was followed by
    another on the same row."""
    said = Workshop.objects.public().filter(pk=workshop_id).first() if workshop_id else None
    try:
        pk, issued = signing.loads(token, salt=f"workshops.{action}")
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidLink(said) from error
    if not isinstance(pk, int) or not isinstance(issued, int):
        raise InvalidLink(said)
    registration = Registration.objects.select_related("workshop", "workshop__plan").filter(pk=pk).first()
    if registration is None:
        raise InvalidLink(said)
    erased = registration.user_id is None and not registration.email
    elsewhere = workshop_id is not None and registration.workshop_id != workshop_id
    if erased or elsewhere or _round(registration) != issued:
        raise InvalidLink(registration.workshop)
    return registration


def _person(registration: Registration) -> str:
    return registration.user.display_name if registration.user_id else registration.name


def online_link(registration: Registration) -> str:
    """The link to join an online or hybrid workshop: for a person holding a
    seat only (never one waiting, nor the public), asked when the email is
    sent, so a seat given up since gets none."""
    workshop = registration.workshop
    if registration.status != S.REGISTERED or workshop.mode == Workshop.Mode.IN_PERSON:
        return ""
    return workshop.online_link


def _load(context: dict) -> dict:
    """The email's objects, loaded by id when it is sent (core.notifications);
    the signed links are made then too, never stored."""
    registration = Registration.objects.select_related("workshop", "user").get(pk=context["registration_id"])
    loaded = {
        "registration": registration,
        "workshop": registration.workshop,
        "name": _person(registration),
        "position": waiting_position(registration),
        "page_url": absolute(registration.workshop.get_absolute_url()),
        "online_link": online_link(registration),
    }
    if "event_id" in context:
        loaded["event"] = RegistrationEvent.objects.get(pk=context["event_id"])
    if registration.user_id is None:
        loaded["cancel_url"] = link(registration, "cancel")
    return loaded


def _load_confirmation(context: dict) -> dict:
    loaded = _load(context)
    loaded["confirm_url"] = link(loaded["registration"], "confirm")
    return loaded


def _load_reminder(context: dict) -> dict:
    loaded = _load(context)
    registration = loaded["registration"]
    loaded["keep_url"] = link(registration, "keep")
    loaded["release_url"] = link(registration, "release")
    return loaded


# Service messages the person asked for by registering: always sent, to a
# visitor too (who has no account to unsubscribe with).
register_kind(
    "workshop_registration",
    gettext_lazy("My workshop registrations"),
    optional=False,
    context=_load,
    attachments=calendar.registration_attachments,
)
register_kind(
    "workshop_guest_confirmation",
    gettext_lazy("Workshop registration: confirm your address"),
    optional=False,
    context=_load_confirmation,
)
register_kind(
    "workshop_reminder",
    gettext_lazy("Workshop reminder: confirm or release your seat"),
    optional=False,
    context=_load_reminder,
)


def send(registration: Registration, kind: str, context: dict | None = None) -> None:
    """Writes one of these emails to the outbox: to the user in their
    language, or to the visitor's address in the language they registered in."""
    context = {"registration_id": registration.pk, **(context or {})}
    if registration.user_id:
        notify(user=registration.user, kind=kind, context=context)
    elif registration.email:
        store(
            recipient=None,
            to_email=registration.email,
            kind=kind,
            language=registration.language,
            context=context,
        )


def _tell(registration: Registration, event: RegistrationEvent) -> None:
    if event.to_status in (S.REGISTERED, S.WAITING):
        send(registration, "workshop_registration", {"event_id": event.pk})
    elif event.to_status == S.PENDING:
        send(registration, "workshop_guest_confirmation")


def locked_workshop(workshop: Workshop) -> Workshop:
    """The workshop's row, locked until the transaction ends: every change to
    its seats or its state, here and in workshops.notices, goes through it."""
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
        when = formats.date_format(timezone.localtime(workshop.registration_opens_at), "DATETIME_FORMAT")
        return _("Registration opens on %(date)s.") % {"date": when}
    return _("Registration for this workshop is closed.")


def holders(workshop: Workshop, email: str):
    """The confirmed places (registered or waiting) at the workshop that hold
    this address: given with the registration, or their account's."""
    return Registration.objects.filter(workshop=workshop, status__in=HOLDING).filter(
        Q(email__iexact=email) | Q(user__email__iexact=email)
    )


@transaction.atomic
def register(workshop: Workshop, *, user=None, email: str = "", **details) -> Registration:
    """A signed-in user takes a seat, or a place on the waiting list when
    none is left; a visitor (no `user`) is pending until they confirm their
    address (`confirm`). Raises TransitionError with the reason otherwise."""
    workshop = locked_workshop(workshop)
    if error := _window_error(workshop):
        raise TransitionError(error)
    now = timezone.now()
    # Back in line: asked again before the workshop whether they come.
    fields = {"created_at": now, "queued_at": now, "reminded_at": None, "seat_confirmed_at": None, **details}
    if user is None:
        # Nothing is asked of the address (the answer would tell whether it has
        # an account or a registration), no other row is touched: a new row,
        # which holds nothing until confirmed, by whoever reads the address.
        registration = Registration.objects.create(
            workshop=workshop, status=S.PENDING, email=email.strip(), **fields
        )
        send(registration, "workshop_guest_confirmation")
        registration.workshop = workshop
        return registration
    email = user.email.strip()
    # A visitor's registration with this address, once confirmed, is theirs too.
    if (
        holders(workshop, email).exists()
        or Registration.objects.filter(workshop=workshop, user=user, status__in=HOLDING).exists()
    ):
        raise TransitionError(_("You are already registered for this workshop."))
    target = S.REGISTERED if _seat_free(workshop) else S.WAITING
    fields["email"] = email
    registration = Registration.objects.filter(workshop=workshop, user=user).first()
    if registration is None:
        registration = Registration.objects.create(workshop=workshop, user=user, status=S.PENDING, **fields)
        MACHINE.move(registration, target, by=user, notify=_tell)
    else:
        MACHINE.move(registration, target, by=user, changes=fields, notify=_tell)
    registration.workshop = workshop
    return registration


@transaction.atomic
def confirm(registration: Registration) -> Registration:
    """A visitor confirmed their address: a seat, or the waiting list; refused
    when the address already holds a place (theirs, confirmed by another
    link, or the account's owning the address)."""
    workshop = locked_workshop(registration.workshop)
    registration.refresh_from_db()
    if registration.status != S.PENDING:
        return registration
    if error := _window_error(workshop):
        raise TransitionError(error)
    if holders(workshop, registration.email).exists():
        raise TransitionError(_("This email address is already registered for this workshop."))
    target = S.REGISTERED if _seat_free(workshop) else S.WAITING
    MACHINE.move(
        registration, target, by=registration.user, changes={"queued_at": timezone.now()}, notify=_tell
    )
    return registration


def _too_late(workshop: Workshop) -> str | None:
    """Why a registration can no longer change: the workshop is cancelled or
    has begun (then the roll, not the registration, says who came)."""
    stage = workshop.stage_at()
    if stage == Workshop.Stage.CANCELLED:
        return _("This workshop is cancelled.")
    if stage != Workshop.Stage.UPCOMING:
        return _("This workshop has begun: registrations can no longer change.")
    return None


@transaction.atomic
def give_up(registration: Registration, *, by, to: str = S.CANCELLED) -> Registration | None:
    """Cancels a registration (`to` "released": a seat freed before the
    workshop, after the reminder). A seat freed goes to the first person
    waiting, who is returned (None if nobody was promoted)."""
    workshop = locked_workshop(registration.workshop)
    registration.refresh_from_db()
    if error := _too_late(workshop):
        raise TransitionError(error)
    if registration.status not in ACTIVE:
        raise TransitionError(_("This registration is already cancelled."))
    if to == S.RELEASED and registration.status != S.REGISTERED:
        raise TransitionError(_("You have no seat to release at this workshop."))
    had_seat = registration.status == S.REGISTERED
    MACHINE.move(registration, to, by=by)
    return promote(workshop) if had_seat else None


@transaction.atomic
def keep_seat(registration: Registration) -> Registration:
    """The person answered the reminder: they come. Said once; asking again
    changes nothing."""
    workshop = locked_workshop(registration.workshop)
    registration.refresh_from_db()
    if error := _too_late(workshop):
        raise TransitionError(error)
    if registration.status != S.REGISTERED:
        raise TransitionError(_("You have no seat at this workshop."))
    if registration.seat_confirmed_at is None:
        registration.seat_confirmed_at = timezone.now()
        registration.save(update_fields=["seat_confirmed_at"])
    return registration


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
    (one query), or the figures reported for a workshop held before the
    portal: the same as the lists' (workshops.figures)."""
    return workshop_figures.of(workshop_figures.with_figures(Workshop.objects.filter(pk=workshop.pk)).get())


def _ahead():
    """How many are before a row (OuterRef) on its workshop's waiting list."""
    return (
        Registration.objects.filter(workshop=OuterRef("workshop"), status=S.WAITING)
        .filter(
            Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("workshop")
        .annotate(count=Count("pk"))
        .values("count")
    )


POSITION = Case(When(status=S.WAITING, then=Coalesce(Subquery(_ahead()), 0) + 1), default=None)


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not waiting."""
    if registration.status != S.WAITING:
        return None
    return (
        Registration.objects.filter(pk=registration.pk)
        .annotate(position=POSITION)
        .values_list("position", flat=True)[0]
    )


def for_person(user):
    """A person's registrations for "My registrations": the upcoming
    workshops first, soonest first, then the others, latest first; each with
    its workshop and its place on the waiting list (one query)."""
    return (
        Registration.objects.filter(user=user)
        .select_related("workshop", "workshop__plan")
        .annotate(position=POSITION)
        .order_by(*upcoming_first(timezone.now(), "workshop__"), "pk")
    )


def can_change(registration: Registration) -> bool:
    """Whether the person may still cancel (or release) it: active, and the
    workshop neither cancelled nor begun."""
    return registration.status in ACTIVE and _too_late(registration.workshop) is None
