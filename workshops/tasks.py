"""Periodic work on registrations (celery beat, settings.CELERY_BEAT_SCHEDULE):
the confirm-or-release reminder before each workshop, and the erasure of
visitors' personal data some time after it."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Q, Value
from django.utils import timezone

from core import documents
from core.personal_data import forget_in_admin_log

from . import registration as seats
from .generations import WORKSHOPS
from .models import Registration, Workshop, stage_of
from .privacy import PERSONAL

S = Registration.Status


def due_reminders(now):
    """Seats whose workshop is upcoming (its stage: neither begun nor
    cancelled) and starts within its reminder hours, whose holder has not
    been reminded."""
    remind_from = ExpressionWrapper(
        F("workshop__starts_at")
        - ExpressionWrapper(
            F("workshop__reminder_hours") * Value(timedelta(hours=1)), output_field=DurationField()
        ),
        output_field=DateTimeField(),
    )
    return Registration.objects.alias(
        remind_from=remind_from, workshop_stage=stage_of(now, "workshop__")
    ).filter(
        status=S.REGISTERED,
        reminded_at__isnull=True,
        workshop_stage=Workshop.Stage.UPCOMING,
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
    with transaction.atomic():
        plans = set(rows.values_list("workshop__plan_id", flat=True))
        workshops = set(rows.values_list("workshop_id", flat=True))
        pks = list(rows.values_list("pk", flat=True))
        erased = Registration.objects.filter(pk__in=pks).update(**PERSONAL)
        forget_in_admin_log(Registration, pks)  # "Recent actions" named them
        documents.forget(Workshop, workshops)  # and the sign-in sheets
        WORKSHOPS.bump(plans)  # an update: no signal
    return erased
