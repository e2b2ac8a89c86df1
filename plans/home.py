"""What the plans show on the home page (core.slots.HOME): the phases open
today in which the public acts, on every member's public plans, from the
cached public plans (no query)."""

from django.utils import timezone

from .models import PhaseKind
from .queries import public_plans

# The phases in which a visitor acts on the portal (PHASE_ALLOWS; the
# consultation's comments come with the consultations app).
ACTING = (PhaseKind.COLLECTION, PhaseKind.ANALYSIS, PhaseKind.CONSULTATION)


def open_phases(now) -> dict:
    """Each public plan's phase open today in which the public acts, the
    soonest to close first."""
    today = timezone.localdate(now)
    phases = [
        (plan, phase)
        for plan in public_plans()
        for phase in plan.phases_in_order()
        if phase.kind in ACTING and phase.is_open(today)
    ]
    phases.sort(key=lambda pair: (pair[1].end, pair[0].pk))
    return {"phases": phases}
