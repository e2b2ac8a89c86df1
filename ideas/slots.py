"""What ideas show on the pages of the apps below (core.slots), which may not
read them: the ideas integrated into a commitment, on its list, its page and
its history, and those collected at a workshop, among its outputs. Filled
from IdeasConfig.ready()."""

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from commitments import slots as commitment_slots
from workshops import slots as workshop_slots
from workshops.figures import count_per_workshop

from .models import Idea

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


def fill() -> None:
    commitment_slots.LIST_ROW.fill("ideas/slots/commitment_row.html", annotate=_integrated_counted)
    commitment_slots.PAGE.fill("ideas/slots/commitment_page.html", read=_integrated, page="ideas")
    commitment_slots.HISTORY.fill(read=_integrations)
    workshop_slots.FIGURES.fill(annotate=_collected_counted)
    workshop_slots.OUTPUTS.fill("ideas/slots/workshop_outputs.html", read=_collected)
