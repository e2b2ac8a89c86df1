from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plans.models import Institution, Plan
from plans.views import list_context, paged_list, plan_list

from .models import Workshop

PER_PAGE = 20


@require_GET
@plan_list
def index(request, plan: Plan):
    workshops = (
        Workshop.objects.filter(plan=plan)
        .select_related("theme", "organiser")
        .prefetch_related(Prefetch("institutions", queryset=Institution.objects.order_by("name")))
        .annotate(idea_count=Count("ideas"))
        .order_by("starts_at", "number")
    )
    # Cached until the plan, its workshops or its ideas (the counts of ideas
    # collected) change.
    names = ["plans", f"workshops:{plan.pk}", f"ideas:{plan.pk}"]
    results = paged_list(
        request,
        plan,
        workshops,
        template="workshops/_list.html",
        name="workshops",
        per_page=PER_PAGE,
        names=names,
    )
    return render(request, "workshops/index.html", list_context(plan, results=results))
