"""Periodic work on commitments (celery beat, settings.CELERY_BEAT_SCHEDULE):
the focal points' weekly digest."""

from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.claims import claim
from core.notifications import notify
from plans.rules import focal_points_and_institutions

from . import progress
from .models import DigestSent, Milestone, ProgressUpdate, ProgressUpdateEvent

RETURNED_WITHIN = timedelta(days=7)
# Claims older than this serve nothing: no run looks back that far.
CLAIMS_KEPT = timedelta(weeks=8)


def week_of(day: date) -> date:
    """The Monday of the day's ISO week."""
    return day - timedelta(days=day.weekday())


def overdue_by_institution(today: date) -> dict[int, list[int]]:
    """The ids of the overdue milestones of the cards the dashboard counts
    (progress.overdue, the rule of the public pages), by responsible
    institution (a focal point reports on their institution's milestones
    only), oldest end date first."""
    rows = (
        Milestone.objects.filter(
            progress.overdue(today),
            commitment__status__in=progress.COUNTED,
            responsible_institution__isnull=False,
        )
        .order_by("ends_on", "pk")
        .values_list("responsible_institution_id", "pk")
    )
    found: dict[int, list[int]] = {}
    for institution, pk in rows:
        found.setdefault(institution, []).append(pk)
    return found


def returned_by_author(now) -> dict[int, list[int]]:
    """The ids of the updates returned in the last seven days, by author."""
    rows = (
        ProgressUpdateEvent.objects.filter(
            to_status=ProgressUpdate.State.RETURNED,
            created_at__gte=now - RETURNED_WITHIN,
            update__author__isnull=False,
        )
        .order_by("-created_at", "-pk")
        .values_list("update__author_id", "update_id")
    )
    found: dict[int, list[int]] = {}
    for author, update in rows:
        if update not in found.setdefault(author, []):
            found[author].append(update)
    return found


@shared_task
def send_weekly_digests() -> int:
    """Writes to each focal point with something to report (nobody gets an
    empty digest) their institution's overdue milestones and the updates
    returned to them this past week. Each digest is claimed by its
    (person, week) row in the transaction that writes its outbox row: a
    second run of beat, sequential or at the same moment, sends nothing
    more. Returns how many were written."""
    now, today = timezone.now(), timezone.localdate()
    week = week_of(today)
    DigestSent.objects.filter(week__lt=week - CLAIMS_KEPT).delete()
    overdue = overdue_by_institution(today)
    returned = returned_by_author(now)
    users, institutions = focal_points_and_institutions()
    sent = 0
    for user_id in sorted(users):
        milestone_ids = sorted(
            {pk for institution in institutions[user_id] for pk in overdue.get(institution, [])}
        )
        update_ids = returned.get(user_id, [])
        if not (milestone_ids or update_ids):
            continue
        context = {"milestone_ids": milestone_ids, "update_ids": update_ids, "week": week.isoformat()}
        with transaction.atomic():
            if claim(DigestSent, user=users[user_id], week=week):
                notify(user=users[user_id], kind="commitment_digest", context=context)
                sent += 1
    return sent
