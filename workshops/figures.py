"""The figures of many workshops at once (a list's page, the statistics, the
open data): registered, waiting and attended derived from the registrations,
or the figures the organiser reported for a workshop without any, and the
ideas collected. The same figures as workshops.registration.figures() gives
for one workshop, in one query for any number of workshops."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import STATUS_LABELS, Registration, Workshop

S = Registration.Status


def _count(rows, condition: Q | None = None) -> Coalesce:
    """How many of `rows` (a model's rows with a `workshop`) each workshop has,
    as a subquery: joined, the registrations and the ideas would multiply each
    other, and a join would group every workshop of the plan to show a page."""
    rows = rows.filter(workshop=OuterRef("pk"))
    if condition is not None:
        rows = rows.filter(condition)
    counted = rows.order_by().values("workshop").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_figures(workshops: QuerySet) -> QuerySet:
    """Annotates each workshop with its registrations counted (rows_all,
    rows_registered, rows_waiting, rows_attended) and its ideas (idea_count,
    hidden ones too: they were collected)."""
    registrations = Registration.objects.all()
    # The ideas through their relation: workshops sits below ideas and never imports it.
    ideas = Workshop._meta.get_field("ideas").related_model.objects.all()
    return workshops.annotate(
        rows_all=_count(registrations),
        # Seats taken online; walk-ins count as attending only.
        rows_registered=_count(registrations, Q(status=S.REGISTERED, walk_in=False)),
        rows_waiting=_count(registrations, Q(status=S.WAITING)),
        rows_attended=_count(registrations, Q(attended_at__isnull=False)),
        idea_count=_count(ideas),
    )


def of(workshop: Workshop) -> dict:
    """The figures of a workshop annotated by with_figures(), as
    registration.figures() gives them. Reported figures stand for a workshop
    with no registration rows that has some; a workshop announced on the
    portal that nobody registered for yet has zeros and all its seats."""
    if not workshop.rows_all and (workshop.registered_count or workshop.attended_count):
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
        "registered": workshop.rows_registered,
        "attended": workshop.rows_attended,
        "waiting": workshop.rows_waiting,
        "seats_left": None if seats is None else max(seats - workshop.rows_registered, 0),
    }


def for_page(workshops: list[Workshop]) -> list[Workshop]:
    """Gives each workshop of a page, annotated by with_figures(), its
    `figures`, `status` and `status_label`."""
    for workshop in workshops:
        workshop.figures = of(workshop)
        workshop.current_status = workshop.status(workshop.figures)
        workshop.status_label = STATUS_LABELS[workshop.current_status]
    return workshops
