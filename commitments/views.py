from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core.models import Plan
from core.views import plan_for_list

from .models import Commitment


@require_GET
def index(request):
    plan = plan_for_list(request)
    commitments = []
    if plan is not None:
        commitments = (
            Commitment.objects.filter(plan=plan)
            .select_related("theme", "lead_institution")
            .annotate(idea_count=Count("ideas"))
            .order_by("number")
        )
    other_plans = Plan.objects.public().exclude(pk=getattr(plan, "pk", None))
    return render(
        request,
        "commitments/index.html",
        {"plan": plan, "commitments": commitments, "other_plans": other_plans},
    )


@require_GET
def detail(request, pk: int):
    commitment = get_object_or_404(
        Commitment.objects.filter(plan__in=Plan.objects.public()).select_related(
            "plan", "plan__member", "theme", "lead_institution"
        ),
        pk=pk,
    )
    # The ideas it integrated, with their authors: the reasoned response, read backwards.
    ideas = commitment.ideas.visible().select_related("author", "workshop", "theme").order_by("pk")
    return render(request, "commitments/detail.html", {"commitment": commitment, "ideas": ideas})
