from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import generations

from . import slots
from .queries import public_plan, public_plans


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
