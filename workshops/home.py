"""What workshops show on the home page (core.slots.HOME): the workshops of
every public plan open for registration today, soonest first, in one query
cached under those plans' workshop generations."""

from core import generations
from plans.queries import public_plans

from . import figures
from .generations import WORKSHOPS
from .models import STATUS_LABELS, Workshop

# The home page lists this many at most; each plan's list has the others.
SHOWN = 6


def open_for_registration(now) -> dict:
    plans = {plan.pk: plan for plan in public_plans()}

    def build() -> list[Workshop]:
        rows = figures.with_status(Workshop.objects.published().filter(plan__in=list(plans)), now)
        rows = rows.filter(current_status__in=["open", "full"]).order_by("starts_at", "pk")
        return list(rows[:SHOWN])

    # The dates' states are at most FRAGMENT_CACHE_SECONDS late, as on the lists.
    workshops = generations.cached("workshops:open-now", [WORKSHOPS.name(pk) for pk in sorted(plans)], build)
    for workshop in workshops:
        workshop.plan = plans[workshop.plan_id]  # from the cached plans: no query
        workshop.status_label = STATUS_LABELS[workshop.current_status]
        workshop.closes_at = workshop.registration_closes_at or workshop.starts_at
    return {"workshops": workshops}
