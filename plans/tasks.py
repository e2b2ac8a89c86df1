"""Periodic work on plans (celery beat, settings.CELERY_BEAT_SCHEDULE): the
secretariat is told when a line of a plan's OGP checklist turns at risk.

Each day, the checklist of every public plan still running (assessed as of
today, plans.checklist) is computed, and each line's state compared with the
one last seen (`ChecklistState`). A line that turns at risk is told once:
the change is claimed by a conditional update of its row, in the
transaction that writes the emails, so a second run (beat twice, at the same
moment) finds the state already moved and writes nothing. The first day a
plan is watched records its lines without telling anyone: nothing has
turned yet. A line that leaves "at risk" and comes back is told again."""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from core.claims import claim
from core.notifications import notify, register_kind
from core.permissions import secretariat_members

from . import checklist
from .models import ChecklistState, Plan


def _load_at_risk(context: dict) -> dict:
    """Checked when sent: the lines still at risk then (those met again since
    are left out; none left, the email is moot)."""
    plan = (
        Plan.objects.select_related("member")
        .prefetch_related("phases", "documents")
        .get(pk=context["plan_id"])
    )
    assessed = checklist.assess(plan)
    lines = [
        checked
        for checked in assessed.results()
        if checked.line.key in context["lines"] and checked.result.state == checklist.State.AT_RISK
    ]
    if not lines:
        raise ChecklistState.DoesNotExist("No line of the checklist is at risk any more.")
    return {
        "plan": plan,
        "lines": lines,
        "checklist_url": reverse("plans:checklist", args=[plan.slug]),
        "admin_url": reverse("admin:plans_plan_checklist", args=[plan.pk]),
    }


register_kind(
    "ogp_checklist_at_risk",
    gettext_lazy("A line of a plan's OGP checklist is at risk (secretariat)"),
    optional=False,
    context=_load_at_risk,
)


def record(plan: Plan, assessed: checklist.Checklist) -> list[str]:
    """Each line's state as seen now, in the plan's rows; the keys of the
    lines that turned at risk from another state seen before, each claimed by
    a conditional update (a parallel run claims none of them)."""
    seen = {row.line: row for row in ChecklistState.objects.filter(plan=plan)}
    turned = []
    for checked in assessed.results():
        key, state = checked.line.key, checked.result.state
        row = seen.get(key)
        if row is None:
            claim(ChecklistState, plan=plan, line=key, state=state, since=assessed.computed_at)
            continue
        if row.state == state:
            continue
        moved = ChecklistState.objects.filter(pk=row.pk, state=row.state).update(
            state=state, since=assessed.computed_at
        )
        if moved and state == checklist.State.AT_RISK:
            turned.append(key)
    return turned


@shared_task
def watch_checklists() -> int:
    """Every public plan still running: its lines that turned at risk told to
    the secretariat, one email per plan. Returns how many were written."""
    now = timezone.now()
    today = timezone.localdate(now)
    plans = Plan.objects.public().select_related("member").prefetch_related("phases", "documents")
    written = 0
    for plan in plans.order_by("pk"):
        if checklist.assessed_on(plan, today) < today:
            continue  # over: nothing left to act on
        with translation.override(settings.LANGUAGE_CODE):
            assessed = checklist.assess(plan, now)
        with transaction.atomic():
            turned = record(plan, assessed)
            if not turned:
                continue
            for user in secretariat_members().exclude(email=""):
                if notify(
                    user=user, kind="ogp_checklist_at_risk", context={"plan_id": plan.pk, "lines": turned}
                ):
                    written += 1
    return written
