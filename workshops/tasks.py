"""Periodic work on registrations (celery beat, settings.CELERY_BEAT_SCHEDULE):
the confirm-or-release reminder before each workshop, and the erasure of
visitors' personal data some time after it."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Q, Value
from django.utils import timezone

from . import registration as seats
from .generations import WORKSHOPS
from .models import Registration
from .privacy import PERSONAL

S = Registration.Status


def due_reminders(now):
    """Seats whose workshop starts within its reminder hours, not yet begun
    nor cancelled, whose holder has not been reminded."""
    remind_from = ExpressionWrapper(
        F("workshop__starts_at")
        - ExpressionWrapper(
            F("workshop__reminder_hours") * Value(timedelta(hours=1)), output_field=DurationField()
        ),
        output_field=DateTimeField(),
    )
    return Registration.objects.alias(remind_from=remind_from).filter(
        status=S.REGISTERED,
        reminded_at__isnull=True,
        workshop__cancelled_at__isnull=True,
        workshop__starts_at__gt=now,
        remind_from__lte=now,
    )


@shared_task
def send_seat_reminders() -> int:
    """Asks each person with a seat, once, to confirm or release it. Each
    row is claimed by a conditional update before its email is written, in
    the same transaction: a second run of beat, even at the same moment,
    finds it claimed and sends nothing."""
    now = timezone.now()
    sent = 0
    plans = set()
    for pk, plan in due_reminders(now).values_list("pk", "workshop__plan_id"):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=pk, status=S.REGISTERED, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                registration = Registration.objects.select_related("user").get(pk=pk)
                seats.send(registration, "workshop_reminder")
                sent += 1
                plans.add(plan)
    WORKSHOPS.bump(plans)  # an update: no signal
    return sent


@shared_task
def erase_guest_data() -> int:
    """Blanks what visitors (no account) gave when registering, once their
    workshop ended WORKSHOP_GUEST_DATA_DAYS ago. The rows stay, so the
    workshop's figures do too."""
    cutoff = timezone.now() - timedelta(days=settings.WORKSHOP_GUEST_DATA_DAYS)
    still_personal = Q()
    for field in PERSONAL:
        still_personal |= ~Q(**{field: ""})
    rows = Registration.objects.filter(still_personal, user__isnull=True, workshop__ends_at__lt=cutoff)
    plans = set(rows.values_list("workshop__plan_id", flat=True))
    erased = rows.update(**PERSONAL)
    WORKSHOPS.bump(plans)  # an update: no signal
    return erased
