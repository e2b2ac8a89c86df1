from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.models import Institution, Plan
from core.views import plan_for_list

from .models import Workshop


@require_GET
def workshops(request):
    plan = plan_for_list(request)
    workshops = []
    if plan is not None:
        workshops = (
            Workshop.objects.filter(plan=plan)
            .select_related("theme", "organiser")
            .prefetch_related(Prefetch("institutions", queryset=Institution.objects.order_by("name")))
            .annotate(idea_count=Count("ideas"))
            .order_by("starts_at", "number")
        )
    other_plans = Plan.objects.public().exclude(pk=getattr(plan, "pk", None))
    return render(
        request,
        "consultations/workshops.html",
        {"plan": plan, "workshops": workshops, "other_plans": other_plans},
    )
