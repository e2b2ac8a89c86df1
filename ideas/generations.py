"""The generation (core.generations) of a plan's ideas: what the idea lists,
the idea pages and the statistics are cached under. Every save and delete of
an idea, a screening event, a support or a comment bumps it (ideas.apps)."""

from commitments.generations import COMMITMENTS
from core.generations import PerPlan
from workshops.generations import WORKSHOPS

IDEAS = PerPlan("ideas")


def page_names(plan_id: int) -> list[str]:
    """The generations of what the idea pages and lists show: the plan, the
    public names of people, and the plan's ideas, workshops and commitments."""
    return ["plans", "people", IDEAS.name(plan_id), WORKSHOPS.name(plan_id), COMMITMENTS.name(plan_id)]
