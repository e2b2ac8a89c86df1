"""The quality check of a card before it is proposed (spec commitments.md):
what would make a reviewer mark it unverifiable or unclear. Blocking items
stop the move from draft to proposed (commitments.lifecycle); warnings are
shown beside them. Each item is a pure function of the card's rows, so the
admin shows them live on the draft and the tests try each at its boundary."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .models import OGP_VALUES, Commitment

# Under this many words, a description is too short to judge.
DESCRIPTION_MIN_WORDS = 40


@dataclass(frozen=True)
class Item:
    key: str
    message: str
    blocking: bool


def _period(commitment: Commitment) -> tuple[date, date]:
    plan = commitment.plan
    return date(plan.start_year, 1, 1), date(plan.end_year, 12, 31)


def _outside(day: date | None, start: date, end: date) -> bool:
    return day is not None and not (start <= day <= end)


def check(commitment: Commitment) -> list[Item]:
    """Every open item, blocking first. Reads the card's milestones and
    indicators (two queries, or none when prefetched)."""
    milestones = [m for m in commitment.milestones.all() if m.status != "cancelled"]
    indicators = list(commitment.indicators.all())
    start, end = _period(commitment)
    items = []

    def add(key, message, blocking=True):
        items.append(Item(key, str(message), blocking))

    if not commitment.problem.strip():
        add("problem", _("Say which problem the commitment addresses."))
    if not milestones:
        add("milestones", _("Add at least one milestone."))
    for milestone in milestones:
        missing = [
            label
            for label, absent in (
                (_("an end date"), milestone.ends_on is None),
                (_("a responsible institution"), milestone.responsible_institution_id is None),
                (_("an expected output"), not milestone.expected_output.strip()),
            )
            if absent
        ]
        if missing:
            add(
                f"milestone-{milestone.pk}",
                _("The milestone “%(milestone)s” needs %(missing)s.")
                % {"milestone": milestone.description[:60], "missing": ", ".join(str(m) for m in missing)},
            )
    if not any(indicator.has_baseline_and_target for indicator in indicators):
        add("indicator", _("Add an indicator with both a baseline and a target."))
    if not any(getattr(commitment, name) for name in OGP_VALUES):
        add("values", _("Tick at least one OGP value the commitment serves."))
    dates = [commitment.starts_on, commitment.ends_on]
    dates += [day for milestone in milestones for day in (milestone.starts_on, milestone.ends_on)]
    if any(_outside(day, start, end) for day in dates):
        add(
            "period",
            _("Some dates fall outside the plan's period (%(start)s–%(end)s).")
            % {"start": commitment.plan.start_year, "end": commitment.plan.end_year},
        )

    if len(milestones) == 1:
        add("single-milestone", _("A single milestone: progress will be all or nothing."), blocking=False)
    last_quarter = date(end.year, 10, 1)
    if milestones and all(m.ends_on and m.ends_on >= last_quarter for m in milestones):
        add(
            "last-quarter",
            _("Every milestone is due in the plan's last quarter: nothing will show progress before then."),
            blocking=False,
        )
    if not (commitment.pk and commitment.partner_associations.exists()):
        add("partners", _("No civil-society partner is named."), blocking=False)
    if len(commitment.description.split()) < DESCRIPTION_MIN_WORDS:
        add(
            "description",
            _("The description is too short to judge (%(words)s words; at least %(minimum)s).")
            % {"words": len(commitment.description.split()), "minimum": DESCRIPTION_MIN_WORDS},
            blocking=False,
        )
    return sorted(items, key=lambda item: not item.blocking)


def blocking(commitment: Commitment) -> list[Item]:
    return [item for item in check(commitment) if item.blocking]
