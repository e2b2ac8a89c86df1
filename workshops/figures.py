"""The figures of many workshops at once (a list's page, the statistics, the
open data): registered, waiting and attended derived from the registrations,
or the figures the organiser reported for a workshop without any, and the
ideas collected; and the status visitors read, which the figures complete
(full). The same figures as workshops.registration.figures() gives for one
workshop, in one query for any number of workshops."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import slots
from .models import STATUS_LABELS, Registration, Workshop

S = Registration.Status


def count_per_workshop(rows, condition: Q | None = None) -> Coalesce:
    """How many of `rows` (a model's rows with a `workshop`) each workshop has,
    as a subquery: joined, the registrations and the ideas would multiply each
    other, and a join would group every workshop of the plan to show a page."""
    rows = rows.filter(workshop=OuterRef("pk"))
    if condition is not None:
        rows = rows.filter(condition)
    counted = rows.order_by().values("workshop").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# Reported figures stand for a workshop that has some and no registration rows.
REPORTED = Q(rows_all=0) & (Q(registered_count__gt=0) | Q(attended_count__gt=0))


def with_figures(workshops: QuerySet) -> QuerySet:
    """Annotates each workshop with its registrations counted (rows_all,
    rows_registered, rows_waiting, rows_attended), its ideas (idea_count,
    hidden ones too: they were collected), whether the figures its organiser
    reported stand instead (`reported`: no registration rows, and reported
    figures) and the seats left to the public (`seats_left`: None without a
    limit or with reported figures)."""
    registrations = Registration.objects.all()
    public_seats = F("capacity") - F("reserved_seats")
    # The ideas collected (idea_count) are counted by ideas, which sits above
    # workshops and fills the slot: workshops reads none of their rows.
    return (
        slots.FIGURES.annotate(workshops)
        .annotate(
            rows_all=count_per_workshop(registrations),
            # Seats taken online; walk-ins count as attending only.
            rows_registered=count_per_workshop(registrations, Q(status=S.REGISTERED, walk_in=False)),
            rows_waiting=count_per_workshop(registrations, Q(status=S.WAITING)),
            rows_attended=count_per_workshop(registrations, Q(attended_at__isnull=False)),
        )
        .annotate(reported=ExpressionWrapper(REPORTED, output_field=BooleanField()))
        .annotate(
            seats_left=Case(
                When(Q(capacity__isnull=True) | Q(reported=True), then=Value(None)),
                When(rows_registered__gte=public_seats, then=Value(0)),
                default=public_seats - F("rows_registered"),
                output_field=IntegerField(),
            )
        )
    )


def with_status(workshops: QuerySet, now=None) -> QuerySet:
    """with_figures(), with the dates' states (Workshop.objects.with_stage)
    and `current_status`: proposed, planned, open, full, closed, held or cancelled (its
    Python twin: Workshop.status)."""
    stage = Workshop.Stage
    return with_figures(workshops.with_stage(now or timezone.now())).annotate(
        current_status=Case(
            When(stage=stage.CANCELLED, then=Value("cancelled")),
            When(stage=stage.PROPOSED, then=Value("proposed")),
            When(~Q(stage=stage.UPCOMING), then=Value("held")),
            When(registration="not_yet", then=Value("planned")),
            When(registration="closed", then=Value("closed")),
            When(seats_left=0, then=Value("full")),
            default=Value("open"),
        )
    )


def of(workshop: Workshop) -> dict:
    """The figures of a workshop annotated by with_figures(), as
    registration.figures() gives them: those its organiser reported, or
    those counted (a workshop announced on the portal that nobody registered
    for yet has zeros and all its seats)."""
    if workshop.reported:
        return {
            "reported": True,
            "registered": workshop.registered_count,
            "attended": workshop.attended_count,
            "waiting": 0,
            "seats_left": None,
        }
    return {
        "reported": False,
        "registered": workshop.rows_registered,
        "attended": workshop.rows_attended,
        "waiting": workshop.rows_waiting,
        "seats_left": workshop.seats_left,
    }


def for_page(workshops: list[Workshop]) -> list[Workshop]:
    """Gives each workshop of a page, annotated by with_status(), its
    `figures` and `status_label`."""
    for workshop in workshops:
        workshop.figures = of(workshop)
        workshop.status_label = STATUS_LABELS[workshop.current_status]
    return workshops
