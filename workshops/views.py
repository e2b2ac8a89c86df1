from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plans.models import Institution, Plan
from plans.views import list_context, plan_list

from .models import Workshop


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
    return render(request, "workshops/index.html", list_context(plan, workshops=workshops))
