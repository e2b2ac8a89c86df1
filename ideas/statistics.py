"""The public statistics of a plan, computed live from the data.
(To be completed: figures, page, JSON.)"""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from core.models import Plan


def plan_statistics(plan: Plan) -> dict:
    return {}


def statistics_page(request, slug: str):
    plan = get_object_or_404(Plan.objects.public(), slug=slug)
    return render(request, "ideas/statistics.html", {"plan": plan, "stats": plan_statistics(plan)})


def statistics_json(request, slug: str):
    plan = get_object_or_404(Plan.objects.public(), slug=slug)
    return JsonResponse(plan_statistics(plan))
