"""A commitment's completion, derived from its milestones' validated
completion (equal weights unless set; cancelled milestones left out), and
its IRM level: not started (0 %), limited (1–49 %), substantial (50–99 %),
complete (100 %). Overdue is read from the dates, never stored.

Every figure is computed from the rows as they stand today, or as they stood
at the end of a past day (`on`: a progress report at a date), read from their
history (django-simple-history records each save: a validated update's
status and completion, written on its milestone when validated; a card's
moves): the same rules, the same queries, on today's rows or on those
records (`as_of`)."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
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


def as_of(model, on: date | None = None):
    """The rows of `model` today (`on` None), or as they stood at the end of
    the day `on` in the portal's time zone: each row's last history record by
    then, unless that record is its deletion. Today's rows and the records
    share their fields (`id` is the row's key on both: use it, not `pk`)."""
    if on is None:
        return model._default_manager.all()
    until = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    records = model.history.filter(history_date__lt=until)
    last = records.filter(id=OuterRef("id")).order_by("-history_date", "-history_id").values("history_id")[:1]
    return records.filter(history_id=Subquery(last)).exclude(history_type="-")


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


def counted(plan, on: date | None = None):
    """The plan's cards its dashboard and its page count (COUNTED), today or
    at the end of the day `on` (their records then, as_of): of those, the
    ones public today (a card back in draft since is in no figure)."""
    cards = as_of(Commitment, on).filter(plan=plan, status__in=COUNTED)
    if on is not None:
        cards = cards.filter(id__in=Commitment.objects.public().filter(plan=plan).values("id"))
    return cards


def mean(percents: list[int | None]) -> int | None:
    """Each commitment weighs the same; one without a milestone counts 0 %."""
    if not percents:
        return None
    return sum(p or 0 for p in percents) // len(percents)


def overall(plan, on: date | None = None) -> tuple[int | None, int]:
    """The plan's overall completion, as its dashboard shows it (the mean of
    its counted cards' completion), and how many cards it is the mean of: one query."""
    percents = list(with_completion(counted(plan, on), on).values_list("completion_sql", flat=True))
    return mean(percents), len(percents)


def milestones_of(cards, on: date | None = None):
    """The milestones of `cards` (counted(plan, on)), today or as they stood at the end of `on`."""
    return as_of(Milestone, on).filter(commitment_id__in=cards.values("id"))


def grouped(rows: list[tuple[object, str, int | None]]) -> list[dict]:
    """(group, label, percent) of each commitment: each group's count and
    mean (`mean`), by label: the dashboard's per theme."""
    groups = defaultdict(list)
    labels = {}
    for key, label, percent in rows:
        groups[key].append(percent)
        labels[key] = label
    summary = []
    for key, percents in groups.items():
        percent = mean(percents)
        summary.append(
            {
                "key": key,
                "label": labels[key],
                "count": len(percents),
                "percent": percent,
                "level": level(percent),
                "level_label": level(percent).label,
            }
        )
    return sorted(summary, key=lambda row: row["label"])


def per_institution(cards, languages: list[str], on: date | None = None) -> list[dict]:
    """Each institution responsible for milestones of `cards` (counted(plan,
    on)), lead or involved: how many cards and milestones are its, and their
    validated completion, weighted as on a card (cancelled ones left out),
    its name in the first of `languages` that has one. One query."""
    # A milestone without a responsible institution is its card's lead institution's.
    mine = Q(responsible_institution__isnull=True)
    names = {
        f"name_{language}": Case(
            When(mine, then=F(f"commitment__lead_institution__name_{language}")),
            default=F(f"responsible_institution__name_{language}"),
        )
        for language in languages
    }
    weight = Coalesce("weight", 1)
    rows = (
        milestones_of(cards, on)
        .exclude(status=Milestone.Status.CANCELLED)
        .annotate(institution=Coalesce("responsible_institution", "commitment__lead_institution"), **names)
        .order_by()
        .values("institution", *names)
        .annotate(
            cards=Count("commitment", distinct=True),
            milestones=Count("id"),
            percent=ExpressionWrapper(
                Sum(F("completion") * weight) / NullIf(Sum(weight), 0), output_field=IntegerField()
            ),
        )
    )
    summary = []
    for row in rows:
        row_level = level(row["percent"])
        summary.append(
            {
                "label": next((row[name] for name in names if row[name]), ""),
                "count": row["cards"],
                "milestones": row["milestones"],
                "percent": row["percent"],
                "level": row_level,
                "level_label": row_level.label,
            }
        )
    return sorted(summary, key=lambda row: str(row["label"]))


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


def with_completion(commitments, on: date | None = None):
    """Annotates `completion_sql`: completion() computed by the database, so
    a list can filter on the level before it paginates; from the milestones
    as they stood at the end of `on` (as_of) when given."""
    weight = Coalesce("weight", 1)
    counted = (
        as_of(Milestone, on)
        .filter(commitment_id=OuterRef("id"))
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
