"""Working days, for the deadlines the committee's handbook counts in them
(the minutes within 3 working days of the meeting, one working day for the
members' comments): Saturday and Sunday off, and the OGP member's public
holidays (plans.PublicHoliday: the fixed ones every year since they became official, the religious ones
entered by the secretariat for their year).

`add_working_days` is the one function that counts them; what needs a
deadline (committee.minutes, the reminders of committee.tasks) asks it."""

import contextlib
from datetime import date, timedelta

from django.db.models import Q

from plans.models import PublicHoliday

WEEKEND = (5, 6)  # Saturday, Sunday (date.weekday())


def _days_off(member_id: int, first_year: int, last_year: int) -> set[date]:
    """The member's holidays of those years, in one query."""
    rows = PublicHoliday.objects.filter(
        Q(year__isnull=True) | Q(year__range=(first_year, last_year)), member_id=member_id
    ).values_list("year", "month", "day", "since")
    off = set()
    for year, month, day, since in rows:
        for y in [year] if year else range(max(first_year, since or first_year), last_year + 1):
            with contextlib.suppress(ValueError):  # 29 February of a year without one
                off.add(date(y, month, day))
    return off


def add_working_days(member_id: int, day: date, n: int) -> date:
    """The `n`th working day after `day` (before it, for a negative `n`),
    `day` itself not counted whether it is worked or not: 3 working days
    after a Thursday meeting is the Tuesday after it. Reading `d <
    add_working_days(m, x, -n)` as "the nth working day after d is before x"
    turns a deadline into a date to compare with, in a query.

    The holidays of the years the count may reach are read in one query
    (n working days never span more than 2n + 60 calendar days: even a
    month of holidays leaves that margin); a count reaching further reads
    the next years."""
    step = 1 if n >= 0 else -1
    reach = day + timedelta(days=step * (2 * abs(n) + 60))
    first, last = sorted((day.year, reach.year))
    off = _days_off(member_id, first, last)
    left = abs(n)
    while left:
        day += timedelta(days=step)
        if not first <= day.year <= last:
            first, last = min(first, day.year), max(last, day.year)
            off |= _days_off(member_id, day.year, day.year)
        if day.weekday() not in WEEKEND and day not in off:
            left -= 1
    return day
