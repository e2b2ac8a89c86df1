"""Builders of the demo data, one module per app, called in order by
`demo.load.load()`; and the two date helpers they share."""

from datetime import date, datetime, time

from django.utils import timezone


def day(value: str) -> date:
    return date.fromisoformat(value)


def at(when: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(when, time(hour, minute)))
