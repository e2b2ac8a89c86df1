"""A commitment's completion, derived from its milestones' validated
completion (equal weights unless set; cancelled milestones left out), and
its IRM level: not started (0 %), limited (1–49 %), substantial (50–99 %),
complete (100 %). Overdue is read from the dates, never stored."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Milestone

LEVELS = {
    "not_started": _("not started"),
    "limited": _("limited"),
    "substantial": _("substantial"),
    "complete": _("complete"),
}


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


def level(percent: int | None) -> str:
    if not percent:
        return "not_started"
    if percent < 50:
        return "limited"
    if percent < 100:
        return "substantial"
    return "complete"


def is_overdue(milestone: Milestone, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        milestone.ends_on
        and milestone.ends_on < today
        and milestone.status not in (Milestone.Status.DONE, Milestone.Status.CANCELLED)
    )
