"""The public plans as the public pages read them: from the cache, under the
plans' generation (core.generations), so the menu, a list's plan and the
other plans, a row's plan cost no query while no plan changes."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from core import generations

from .models import Institution, Member, Plan, Theme


def public_plans() -> list[Plan]:
    """Every public plan, with its member, phases, themes and documents: read
    on most public pages (the menu, a list's plan and the other plans, the
    plan page), so kept under the plans' generation (core.generations)."""

    def build() -> list[Plan]:
        themes = Prefetch("themes", Theme.objects.order_by("number"))
        plans = Plan.objects.public().select_related("member").prefetch_related("phases", themes, "documents")
        return list(plans.order_by("member", "-number"))

    return generations.cached("plans:public", ["plans"], build, in_process=True)


def public_plan(slug: str) -> Plan:
    """The public plan of this slug, or 404."""
    plan = next((plan for plan in public_plans() if plan.slug == slug), None)
    if plan is None:
        raise Http404
    return plan


def with_public_plan(obj):
    """A row of a plan (an idea, a commitment, a workshop), given its plan
    from the cached public plans; 404 if the plan is not public."""
    plan = next((plan for plan in public_plans() if plan.pk == obj.plan_id), None)
    if plan is None:
        raise Http404
    obj.plan = plan
    return obj


def institutions_of(member_id: int) -> list[Institution]:
    """A member's institutions by name (the lists' filters), cached like the plans."""

    def build() -> list[Institution]:
        return list(Institution.objects.filter(member=member_id).order_by("name"))

    return generations.cached(f"plans:institutions:{member_id}", ["plans"], build)


def current_plan(today=None) -> Plan | None:
    """The plan the main menu opens: of the default member (PORTAL_MEMBER, else
    the national government), the public plan whose timeline covers today,
    else its most recent one."""
    today = today or timezone.localdate()
    if settings.PORTAL_MEMBER:
        plans = [plan for plan in public_plans() if plan.member.slug == settings.PORTAL_MEMBER]
    else:
        plans = [plan for plan in public_plans() if plan.member.kind == Member.Kind.NATIONAL]
    plans.sort(key=lambda plan: (plan.start_year, plan.number), reverse=True)
    running = (plan for plan in plans if plan.is_running(today))
    return next(running, plans[0] if plans else None)
