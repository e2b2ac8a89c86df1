"""The public plans as the public pages read them: from the cache, under the
plans' generation (core.generations), so the menu, a list's plan and the
other plans, a row's plan cost no query while no plan changes."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from core import generations

from .models import Institution, Member, PhaseKind, Plan, Theme


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


# The main menu's sections that belong to a plan, and the phases in which a
# plan's list of them is where a visitor acts: ideas are proposed during the
# collection and supported and commented during the analysis, workshops
# collect ideas, commitments are drafted, consulted on, adopted and followed.
SECTIONS = {
    "ideas": (PhaseKind.COLLECTION, PhaseKind.ANALYSIS),
    "workshops": (PhaseKind.COLLECTION,),
    "commitments": (
        PhaseKind.DRAFTING,
        PhaseKind.CONSULTATION,
        PhaseKind.ADOPTION,
        PhaseKind.IMPLEMENTATION,
        PhaseKind.EVALUATION,
    ),
}


def _is_default_member(plan: Plan) -> bool:
    if settings.PORTAL_MEMBER:
        return plan.member.slug == settings.PORTAL_MEMBER
    return plan.member.kind == Member.Kind.NATIONAL


def open_plans(section: str, today=None) -> list[Plan]:
    """The public plans whose phase of `section` (SECTIONS) is open today: the
    default member's (PORTAL_MEMBER, else the national government) first,
    then the newest. From the cached public plans: no query."""
    today = today or timezone.localdate()
    return menu_order(
        plan for plan in public_plans() if any(plan.is_open_for(kind, today) for kind in SECTIONS[section])
    )


def menu_order(plans) -> list[Plan]:
    """`plans` in the order the main menu picks one: the default member's
    first, then the newest."""
    plans = sorted(plans, key=lambda plan: (plan.start_year, plan.number), reverse=True)
    plans.sort(key=_is_default_member, reverse=True)  # stable: newest first within each
    return plans


def plan_for(section: str, today=None) -> Plan | None:
    """The plan whose list of `section` the main menu and `/<lang>/<section>/`
    open: the first of open_plans(); None when no plan is at that stage
    today (they then open a chooser of the plans)."""
    return next(iter(open_plans(section, today)), None)


def begun_plans(section: str, today=None) -> list[Plan]:
    """The public plans that have reached `section`'s phases (the chooser's
    list when none is open): the newest first."""
    today = today or timezone.localdate()
    kinds = SECTIONS[section]
    plans = [
        plan
        for plan in public_plans()
        if any(p.kind in kinds and p.start <= today for p in plan.phases.all())
    ]
    plans.sort(key=lambda plan: (plan.start_year, plan.number), reverse=True)
    return plans


def readable_by_all(user, plan: Plan) -> bool:
    """A plan's published documents (core.documents) go to everyone once the
    plan is public, and to nobody before, staff included: a draft plan's
    documents are not published (they are rendered by `render_document`)."""
    return public_plan_by_pk(plan.pk) is not None


def public_plan_by_pk(pk: int) -> Plan | None:
    """The public plan of this id from the cached public plans (no query), or
    None: how a plan's published document finds its plan when downloaded."""
    return next((plan for plan in public_plans() if plan.pk == pk), None)
