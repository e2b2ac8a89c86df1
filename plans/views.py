from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core import generations

from . import slots
from .queries import begun_plans, plan_for, public_plan, public_plans


@require_GET
@generations.public_page
def index(request):
    return render(request, "plans/index.html", {"plans": public_plans()})


@require_GET
@generations.public_page
def detail(request, slug: str):
    plan = public_plan(slug)
    # What the apps above show of the plan (its commitments' completion).
    return render(request, "plans/detail.html", {"plan": plan, "shown": slots.PAGE.render(plan, request)})


@require_GET
@generations.public_page
def section(request, section: str):
    """`/<lang>/ideas/`, `/workshops/`, `/commitments/` (the main menu's
    sections, and addresses people type): the list of the plan at that stage
    today (plans.queries.plan_for), else a chooser of the plans that reached
    it, saying that none is there today."""
    plan = plan_for(section)
    if plan is not None:
        return redirect(reverse(f"{section}:index", args=[plan.slug]))
    context = {"section": section, "menu_section": section, "plans": begun_plans(section)}
    return render(request, "plans/section.html", context)
