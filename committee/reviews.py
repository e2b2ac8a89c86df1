"""The implementation reviews (OGP minimum requirement 5.1: at least two
meetings a year with civil society to present the results of implementation
and collect comments): the committee's meetings of the kind "implementation
review", counted per year of the plan's period. The meetings page shows
them and the plan's OGP checklist checks them (committee.checklist)."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .models import Committee, Meeting

REVIEWS_A_YEAR = 2


def reviews_by_year(committee: Committee, plan, now) -> list[dict]:
    """The implementation reviews of each year of the plan's period, held and
    to come, against OGP minimum requirement 5.1 (at least two a year, while
    the plan is implemented: the years of co-creation before it are not
    counted against it): one query. A cancelled meeting counts for nothing."""
    counted = (
        committee.meetings.filter(kind=Meeting.Kind.REVIEW, cancelled_at__isnull=True)
        .annotate(year=ExtractYear("starts_at"))
        .order_by()  # not grouped by the meetings' ordering too
        .values("year")
        .annotate(
            held=Count("pk", filter=Q(starts_at__lte=now)),
            planned=Count("pk", filter=Q(starts_at__gt=now)),
        )
    )
    by_year = {row["year"]: row for row in counted}
    first, last = plan.start_year, plan.end_year
    this_year = timezone.localtime(now).year
    years = []
    for year in range(first, last + 1):
        row = by_year.get(year, {"held": 0, "planned": 0})
        if row["held"] >= REVIEWS_A_YEAR:
            state = "met"
        elif year < this_year:
            state = "missed"
        elif year == this_year:
            state = "current"
        else:
            state = "future"
        years.append({"year": year, "held": row["held"], "planned": row["planned"], "state": state})
    return years
