from functools import wraps

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Member, Plan


def current_plan() -> Plan | None:
    """The plan the main menu opens: of the default member (PORTAL_MEMBER, else
    the national government), the public plan whose timeline covers today,
    else its most recent one."""
    plans = Plan.objects.public().select_related("member").order_by("-start_year", "-number")
    if settings.PORTAL_MEMBER:
        plans = plans.filter(member__slug=settings.PORTAL_MEMBER)
    else:
        plans = plans.filter(member__kind=Member.Kind.NATIONAL)
    return plans.running().first() or plans.first()


def plan_list(view):
    """For the public lists that belong to a plan (ideas, workshops,
    commitments, statistics): the plan comes from the URL's slug, public or
    404, and reaches the view as `plan`."""

    @wraps(view)
    def wrapper(request, slug: str, *args, **kwargs):
        plan = get_object_or_404(Plan.objects.public().select_related("member"), slug=slug)
        return view(request, plan, *args, **kwargs)

    return wrapper


def list_context(plan: Plan, **context) -> dict:
    """What `plans/list_layout.html` needs besides the list itself."""
    others = Plan.objects.public().exclude(pk=plan.pk).select_related("member").order_by("member", "-number")
    return {"plan": plan, "other_plans": others, **context}


@require_GET
def index(request):
    plans = Plan.objects.public().select_related("member").prefetch_related("phases")
    return render(request, "plans/index.html", {"plans": plans})


@require_GET
def detail(request, slug: str):
    plan = get_object_or_404(
        Plan.objects.public().select_related("member").prefetch_related("phases", "documents"), slug=slug
    )
    return render(request, "plans/detail.html", {"plan": plan})
