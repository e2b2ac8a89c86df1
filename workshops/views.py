from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import generations
from plans.models import Institution, Plan
from plans.views import list_context, plan_list

from .models import Workshop

PER_PAGE = 20


@require_GET
@plan_list
def index(request, plan: Plan):
    def context() -> dict:
        workshops = (
            Workshop.objects.filter(plan=plan)
            .select_related("theme", "organiser")
            .prefetch_related(Prefetch("institutions", queryset=Institution.objects.order_by("name")))
            .annotate(idea_count=Count("ideas"))
            .order_by("starts_at", "number")
        )
        return {
            "plan": plan,
            "workshops": Paginator(workshops, PER_PAGE).get_page(generations.page_word(request)),
        }

    # The same for every visitor: cached until the plan, its workshops or its
    # ideas (the counts of ideas collected) change.
    key = f"workshops:list:{plan.pk}:{generations.page_word(request)}"
    names = ["plans", f"workshops:{plan.pk}", f"ideas:{plan.pk}"]
    results = generations.rendered(request, key, names, "workshops/_list.html", context)
    return render(request, "workshops/index.html", list_context(plan, results=results))
