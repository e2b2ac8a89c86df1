from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core import generations
from plans.models import Plan
from plans.views import list_context, paged_list, plan_list, with_public_plan

from .models import Commitment

PER_PAGE = 30


@require_GET
@plan_list
def index(request, plan: Plan):
    commitments = (
        Commitment.objects.public()
        .filter(plan=plan)
        .select_related("theme", "lead_institution")
        .annotate(idea_count=Count("ideas"))
        .order_by("number")
    )
    # Cached until the plan, its commitments or its ideas (the counts of ideas
    # integrated) change.
    names = ["plans", f"commitments:{plan.pk}", f"ideas:{plan.pk}"]
    results = paged_list(
        request,
        plan,
        commitments,
        template="commitments/_list.html",
        name="commitments",
        per_page=PER_PAGE,
        names=names,
    )
    return render(request, "commitments/index.html", list_context(plan, results=results))


IDEAS_PER_PAGE = 20


@require_GET
def detail(request, pk: int):
    commitment = with_public_plan(get_object_or_404(Commitment.objects.public(), pk=pk))
    plan = commitment.plan

    def context() -> dict:
        shown = Commitment.objects.select_related("theme", "lead_institution").get(pk=pk)
        shown.plan = plan
        # The ideas it integrated, with their authors: the reasoned response, read backwards.
        ideas = shown.ideas.visible().select_related("author").order_by("pk")
        page = Paginator(ideas, IDEAS_PER_PAGE).get_page(generations.page_word(request, "ideas"))
        return {"commitment": shown, "ideas": page}

    # The same for every visitor: cached until the plan, its commitments or its
    # ideas change.
    key = f"commitments:detail:{pk}:{generations.page_word(request, 'ideas')}"
    names = ["plans", "people", f"commitments:{commitment.plan_id}", f"ideas:{commitment.plan_id}"]
    results = generations.rendered(request, key, names, "commitments/_detail.html", context)
    return render(request, "commitments/detail.html", {"commitment": commitment, "results": results})
