"""Where commitments' pages show rows of the apps above it (core.slots), which
fill these from their AppConfig.ready(): commitments reads none of their rows.
And what commitments show on the pages of plans, below it (`fill()`)."""

from core import generations
from core.generations import PerPlan
from core.slots import Slot
from plans import slots as plan_slots
from plans.models import Plan

from . import progress
from .generations import COMMITMENTS

# On each card of a plan's list, under its title (the ideas integrated).
LIST_ROW = Slot()
# On a card's page, after its indicators (the ideas it integrated).
PAGE = Slot()
# In a card's public history: (when, who's user id, subject, kind) entries
# (the ideas it integrated, each with its screening move).
HISTORY = Slot()

# In the action plan's document (commitments.action_plan): its participation
# figures, rendered under its own heading (ideas: participants, ideas,
# workshops), and its annexes, entries it lists in its table of contents and
# lays out one after the other: {"anchor", "title", "html"} (ideas: the
# funnel of the ideas).
ACTION_PLAN_FIGURES = Slot()
ACTION_PLAN_ANNEXES = Slot()
# The generations the document is read from: the plan's commitments', and
# those of the families whose rows the apps above put in its slots, declared
# by them with `shows()` (ideas: its ideas and the workshops' attendance).
ACTION_PLAN_READS = PerPlan(COMMITMENTS.app)


def _plan_completion(plan) -> dict:
    """A plan in implementation: its commitments' overall completion, the
    dashboard's figure (progress.overall), cached until they change."""
    if plan.status != Plan.Status.ADOPTED:
        return {}
    percent, count = generations.cached(
        f"commitments:overall:{plan.pk}", [COMMITMENTS.name(plan.pk)], lambda: progress.overall(plan)
    )
    if not count:
        return {}
    level = progress.level(percent)
    return {"plan": plan, "percent": percent, "count": count, "level": level, "level_label": level.label}


def fill() -> None:
    plan_slots.PAGE.fill("commitments/slots/plan_page.html", read=_plan_completion)
