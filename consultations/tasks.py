"""Periodic work on the consultations (celery beat, settings.CELERY_BEAT_SCHEDULE).

- `open_due` (hourly): opens the consultations whose window has begun
  (consultations.opening: the draft plan's commitments proposed that day
  become the ones consulted on).
- `remind_answers` (daily): the answers owed.
  * From CONSULTATION_REMINDER_DAYS before the day answers are due until
    that day, each institution owing answers still awaited is reminded —
    its focal points, or the secretariat for the comments it owes (the
    whole text, sections): how many, and by when.
  * Once that day has passed, the secretariat is told the overdue ones, per
    institution (for consultations due in the last OVERDUE_HORIZON: an
    older one is in the admin's list, not mailed again at deployment).

Each reminder goes once, even if beat runs twice, even at the same moment:
it is claimed by a `core.models.Reminder` row (kind, key: unique) in the
transaction that writes its emails; a second run finds the row and writes
nothing. The key holds the due day: a consultation whose dates move is
reminded for its new day. The emails say what is still awaited when they
are sent (answered since, a reminder is not sent)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from core.claims import claim
from core.models import Reminder
from core.notifications import notify, register_kind
from core.permissions import secretariat_members
from plans.models import Institution

from . import figures, opening
from .models import Comment, Consultation

DUE = "consultation_answers_due"
OVERDUE = "consultation_answers_overdue"
OVERDUE_HORIZON = timedelta(days=30)


def comments_url(consultation_id: int, **filters) -> str:
    """The admin's list of a consultation's comments, filtered."""
    query = urlencode({"consultation__id__exact": consultation_id, **filters})
    return f"{reverse('admin:consultations_comment_changelist')}?{query}"


# The emails, rendered when sent: what is awaited then.


def _load_due(context: dict) -> dict:
    consultation = Consultation.objects.select_related("plan").get(pk=context["consultation_id"])
    institution_id = context.get("institution_id")
    institution = Institution.objects.get(pk=institution_id) if institution_id else None
    awaiting = Comment.objects.awaiting().filter(consultation=consultation, owed_by=institution_id).count()
    if not awaiting:
        raise Comment.DoesNotExist("Every comment was answered since.")
    owed_by = str(institution_id) if institution_id else "secretariat"
    return {
        "consultation": consultation,
        "institution": institution,
        "awaiting": awaiting,
        "due": consultation.due(),
        "admin_url": comments_url(consultation.pk, answer="awaiting", owed_by=owed_by),
    }


def _load_overdue(context: dict) -> dict:
    consultation = Consultation.objects.select_related("plan").get(pk=context["consultation_id"])
    late = [row for row in figures.by_institution(consultation) if row.overdue]
    if not late:
        raise Comment.DoesNotExist("Every overdue comment was answered since.")
    return {
        "consultation": consultation,
        "rows": late,
        "overdue": sum(row.overdue for row in late),
        "due": consultation.due(),
        "admin_url": comments_url(consultation.pk, answer="overdue"),
    }


register_kind(
    DUE,
    gettext_lazy("Consultation comments my institution must answer soon (reminder)"),
    optional=False,
    context=_load_due,
)
register_kind(
    OVERDUE,
    gettext_lazy("Consultation comments answered late, per institution (secretariat)"),
    optional=False,
    context=_load_overdue,
)


def _recipients(institution_id: int | None):
    if institution_id is None:
        return secretariat_members().exclude(email="")
    institution = Institution.objects.get(pk=institution_id)
    return institution.focal_points.filter(is_active=True, is_staff=True).exclude(email="")


def _remind(kind: str, key: str, recipients, context: dict) -> int:
    """Claims the reminder, then writes it to each recipient, in one
    transaction; returns how many emails were written."""
    with transaction.atomic():
        if not claim(Reminder, kind=kind, key=key):
            return 0
        return sum(1 for user in recipients if notify(user=user, kind=kind, context=context))


def remind_due(today) -> int:
    """Reminds each institution (and the secretariat) of the answers it
    owes, from CONSULTATION_REMINDER_DAYS before the due day until that day."""
    soon = Consultation.objects.with_window().filter(
        due_on__gte=today, due_on__lte=today + timedelta(days=settings.CONSULTATION_REMINDER_DAYS)
    )
    due_on = dict(soon.values_list("pk", "due_on"))
    owing = (
        Comment.objects.awaiting()
        .filter(consultation__in=list(due_on))
        .order_by("consultation", "owed_by")
        .values_list("consultation", "owed_by")
        .distinct()
    )
    written = 0
    for consultation_id, institution_id in owing:
        key = f"{consultation_id}:{institution_id or 'secretariat'}:{due_on[consultation_id].isoformat()}"
        context = {"consultation_id": consultation_id, "institution_id": institution_id}
        written += _remind(DUE, key, _recipients(institution_id), context)
    return written


def remind_overdue(today) -> int:
    """Tells the secretariat, once per consultation, of the answers overdue."""
    late = Consultation.objects.due_before(today).filter(due_on__gte=today - OVERDUE_HORIZON)
    late = late.filter(pk__in=Comment.objects.awaiting().values("consultation"))
    written = 0
    for consultation_id, due in late.order_by("pk").values_list("pk", "due_on"):
        key = f"{consultation_id}:{due.isoformat()}"
        context = {"consultation_id": consultation_id}
        written += _remind(OVERDUE, key, _recipients(None), context)
    return written


@shared_task
def remind_answers() -> int:
    """Beat, daily: both reminders. Returns how many emails were written."""
    today = timezone.localdate()
    return remind_due(today) + remind_overdue(today)


@shared_task
def open_due() -> int:
    """Beat, hourly: opens the consultations whose window has begun. Returns how many."""
    return opening.open_due()
