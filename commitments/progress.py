"""A commitment's completion, derived from its milestones' validated
completion (equal weights unless set; cancelled milestones left out), and
its IRM level: not started (0 %), limited (1–49 %), substantial (50–99 %),
complete (100 %). Overdue is read from the dates, never stored."""

from datetime import date

from django.db.models import ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from .models import Completion, Milestone


def completion(milestones) -> int | None:
    """The weighted mean of the milestones' completion, rounded down (a card
    shows 100 % only when every milestone is done); None without any
    milestone that counts."""
    counted = [m for m in milestones if m.status != Milestone.Status.CANCELLED]
    if not counted:
        return None
    weights = [m.weight if m.weight is not None else 1 for m in counted]
    total = sum(weights)
    if not total:
        return None
    return sum(m.completion * w for m, w in zip(counted, weights, strict=True)) // total


def level(percent: int | None) -> Completion:
    if not percent:
        return Completion.NOT_STARTED
    if percent < 50:
        return Completion.LIMITED
    if percent < 100:
        return Completion.SUBSTANTIAL
    return Completion.COMPLETE


def is_overdue(milestone: Milestone, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        milestone.ends_on
        and milestone.ends_on < today
        and milestone.status not in (Milestone.Status.DONE, Milestone.Status.CANCELLED)
    )


def overdue(milestones, today: date):
    """The milestones of `milestones` (a queryset) that is_overdue() says are
    overdue on `today`, as a query: the dashboard counts and orders them in
    the database."""
    return milestones.filter(ends_on__lt=today).exclude(
        status__in=[Milestone.Status.DONE, Milestone.Status.CANCELLED]
    )


def with_completion(commitments):
    """Annotates `completion_sql`: completion() computed by the database, so
    a list can filter on the level before it paginates."""
    weight = Coalesce("weight", 1)
    counted = (
        Milestone.objects.filter(commitment=OuterRef("pk"))
        .exclude(status=Milestone.Status.CANCELLED)
        .order_by()
        .values("commitment")
        .annotate(
            percent=ExpressionWrapper(
                # Integers divided: rounded down, as completion() does.
                Sum(F("completion") * weight) / NullIf(Sum(weight), 0),
                output_field=IntegerField(),
            )
        )
        .values("percent")
    )
    return commitments.annotate(completion_sql=Subquery(counted, output_field=IntegerField()))


def at_level(commitments, key: str):
    """The commitments (annotated by with_completion) whose level is `key`."""
    ranges = {
        Completion.NOT_STARTED: Q(completion_sql__isnull=True) | Q(completion_sql=0),
        Completion.LIMITED: Q(completion_sql__gte=1, completion_sql__lte=49),
        Completion.SUBSTANTIAL: Q(completion_sql__gte=50, completion_sql__lte=99),
        Completion.COMPLETE: Q(completion_sql__gte=100),
    }
    return commitments.filter(ranges[key])
