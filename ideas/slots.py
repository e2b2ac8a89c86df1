"""What ideas show on the pages of the apps below (core.slots), which may not
read them: the ideas integrated into a commitment, on its list, its page and
its history, and those collected at a workshop, among its outputs. Filled
from IdeasConfig.ready()."""

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from commitments import slots as commitment_slots
from workshops import slots as workshop_slots
from workshops.figures import count_per_workshop
from workshops.generations import WORKSHOPS

from .generations import IDEAS
from .models import Idea
from .statistics import cached_plan_statistics, funnel_chart, funnel_rows

# The ideas a card integrated, listed by pages of this many.
INTEGRATED_PER_PAGE = 20


def _integrated_counted(commitments):
    """Each card of a list with its ideas integrated counted (hidden ones too)."""
    # A subquery for the page's rows, not a join grouped over every card of the plan.
    links = Idea.commitments.through.objects.filter(commitment=OuterRef("pk")).order_by().values("commitment")
    return commitments.annotate(
        idea_count=Coalesce(
            Subquery(links.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        )
    )


def _integrated(commitment, page: str) -> dict:
    """The ideas a card integrated, with their authors: the reasoned
    response, read backwards."""
    ideas = commitment.ideas.visible().select_related("author").order_by("pk")
    return {"ideas": Paginator(ideas, INTEGRATED_PER_PAGE).get_page(page)}


def _integrations(commitment) -> list[tuple]:
    """Each idea's recorded move into the card, for its history."""
    moves = (
        commitment.ideas.visible()
        .filter(events__to_status="integrated")
        .values_list("pk", "title", "events__created_at", "events__actor_id")
        .order_by("events__created_at", "pk")
    )
    return [
        (when, actor, _("Idea #%(number)s: %(title)s") % {"number": pk, "title": title[:120]}, "integrated")
        for pk, title, when, actor in moves
    ]


def _collected_counted(workshops):
    """Each workshop with the ideas collected there counted (hidden ones too:
    they were collected), as a subquery beside its registrations."""
    return workshops.annotate(idea_count=count_per_workshop(Idea.objects.all()))


def _collected(workshop) -> dict:
    return {"ideas": list(workshop.ideas.visible().order_by("pk"))}


def _plan_figures(plan) -> dict:
    """The action plan's participation figures: the statistics page's."""
    return {"plan": plan, "stats": cached_plan_statistics(plan)}


# The funnel's bars in a document, which the site's stylesheet does not
# reach: its colours (static/css/portal.css, .bar.<stage>).
BAR_COLOURS = {
    "collected": "#07424c",
    "accepted": "#1e7b45",
    "integrated": "#1e7b45",
    "rejected": "#b3261e",
    "waiting": "#a15c00",
}


def _plan_annexes(plan) -> list[dict]:
    """The action plan's annex on the ideas: the statistics page's funnel,
    its bars and figures in one table."""
    chart = funnel_chart(funnel_rows(cached_plan_statistics(plan)), get_language_bidi())
    for item in chart["items"]:
        item["fill"] = BAR_COLOURS.get(item["css"], "#0b5d6b")
    context = {"plan": plan, "chart": chart}
    return [
        {
            "anchor": "annex-ideas",
            "title": _("What became of the ideas"),
            "html": render_to_string("ideas/pdf/parts/funnel.html", context),
        }
    ]


def fill() -> None:
    commitment_slots.LIST_ROW.fill("ideas/slots/commitment_row.html", annotate=_integrated_counted)
    commitment_slots.PAGE.fill("ideas/slots/commitment_page.html", read=_integrated, page="ideas")
    commitment_slots.HISTORY.fill(read=_integrations)
    workshop_slots.FIGURES.fill(annotate=_collected_counted)
    workshop_slots.OUTPUTS.fill("ideas/slots/workshop_outputs.html", read=_collected)
    commitment_slots.ACTION_PLAN_FIGURES.fill("ideas/pdf/parts/figures.html", read=_plan_figures)
    commitment_slots.ACTION_PLAN_ANNEXES.fill(read=_plan_annexes)
    # The figures count the ideas and the workshops' attendance.
    commitment_slots.ACTION_PLAN_READS.shows(IDEAS)
    commitment_slots.ACTION_PLAN_READS.shows(WORKSHOPS)
