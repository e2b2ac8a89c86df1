"""The calendars: a workshop's `.ics` (to add it to one's calendar) and a
plan's feed of all its workshops (to subscribe to), in the language of the
address. Built by workshops.calendar (core.calendar writes them)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import generations
from core.calendar import response
from plans.lists import plan_list
from plans.models import Plan
from plans.queries import with_public_plan

from . import calendar
from .generations import WORKSHOPS
from .models import Workshop


@require_GET
@generations.public_page
def workshop_ics(request, pk: int):
    workshop = with_public_plan(
        get_object_or_404(Workshop.objects.published().select_related("theme", "organiser"), pk=pk)
    )
    # Under the plan's workshops' generation, like the feed: what the file
    # says changes with them.
    content = generations.cached(
        f"workshops:ics:{pk}:{get_language()}",
        feed_names(workshop.plan),
        lambda: calendar.calendar([workshop]),
    )
    return response(content, calendar.filename(workshop), "attachment")


def feed_names(plan: Plan) -> list[str]:
    return ["plans", WORKSHOPS.name(plan.pk)]


@require_GET
@generations.public_page
@plan_list
def plan_feed(request, plan: Plan):
    """Every workshop of the plan, cancelled ones marked so: what a
    calendar subscribed to this address shows. The same for every visitor,
    cached until the plan or its workshops change (calendar clients poll)."""

    def build() -> bytes:
        workshops = (
            Workshop.objects.published()
            .filter(plan=plan)
            .select_related("theme", "organiser")
            .order_by("starts_at", "pk")
        )
        name = _("Workshops: %(plan)s") % {"plan": plan.title}
        return calendar.calendar(workshops, name=name)

    content = generations.cached(f"workshops:feed:{plan.pk}:{get_language()}", feed_names(plan), build)
    # Inline: a browser following a webcal:// or https link hands it to the calendar.
    return response(content, f"{plan.slug}-workshops.ics", "inline")
