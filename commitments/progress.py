"""A commitment's completion, derived from its milestones' validated
completion (equal weights unless set; cancelled milestones left out), and
its IRM level: not started (0 %), limited (1–49 %), substantial (50–99 %),
complete (100 %). Overdue is read from the dates, never stored."""

from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from .models import Commitment, Completion, Milestone


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


# The cards the dashboard counts, adopted or on their way to it (those not
# retained or withdrawn are left out); the weekly digest tells a focal point
# of their overdue milestones, as the dashboard shows them.
COUNTED = [
    Commitment.Status.PROPOSED,
    Commitment.Status.ADOPTED,
    Commitment.Status.IN_IMPLEMENTATION,
    Commitment.Status.COMPLETED,
]


def counted(plan):
    """The plan's cards its dashboard and its page count (COUNTED)."""
    return Commitment.objects.filter(plan=plan, status__in=COUNTED)


def mean(percents: list[int | None]) -> int | None:
    """Each commitment weighs the same; one without a milestone counts 0 %."""
    if not percents:
        return None
    return sum(p or 0 for p in percents) // len(percents)


def overall(plan) -> tuple[int | None, int]:
    """The plan's overall completion, as its dashboard shows it (the mean of
    its counted cards' completion), and how many cards it is the mean of: one query."""
    percents = list(with_completion(counted(plan)).values_list("completion_sql", flat=True))
    return mean(percents), len(percents)


def overdue(today: date) -> Q:
    """The milestones overdue on `today`: their end date has passed and they
    are neither done nor cancelled. The one rule: the pages, the dashboard
    and the digest ask it (with_overdue, or as a filter)."""
    return Q(ends_on__lt=today) & ~Q(status__in=[Milestone.Status.DONE, Milestone.Status.CANCELLED])


def with_overdue(milestones, today: date | None = None):
    """Annotates each milestone's `is_overdue`."""
    return milestones.annotate(
        is_overdue=Case(
            When(overdue(today or timezone.localdate()), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
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
