"""Builders of the demo data, one module per app, called in order by
`demo.load.load()`; and the date helpers they share."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day(value: str) -> date:
    return date.fromisoformat(value)


def at(when: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(when, time(hour, minute)))


def relative_timeline(plan, days: dict[str, tuple[int, int]]) -> None:
    """A plan's phases, each (first, last) day counted from today: those of
    the day of the first load, never moved by a later one."""
    from plans.models import Phase

    today = timezone.localdate()
    for kind, (start, end) in days.items():
        Phase.objects.get_or_create(
            plan=plan,
            kind=kind,
            defaults={"start": today + timedelta(days=start), "end": today + timedelta(days=end)},
        )
