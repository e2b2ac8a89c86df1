from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import generations
from core.notifications import wants
from plans.lists import cached_page, list_context, page_of, plan_list
from plans.models import Plan
from plans.queries import institutions_of, with_public_plan

from . import charts, history, progress
from .forms_list import CommitmentFilterForm
from .generations import COMMITMENTS
from .models import (
    IRM_LENSES,
    OGP_VALUES,
    Assessment,
    Commitment,
    Completion,
    Evidence,
    Follow,
    Indicator,
    Measurement,
    Milestone,
    ProgressUpdate,
    ProgressUpdateEvent,
)

PER_PAGE = 30


def _with_progress(commitments) -> list[Commitment]:
    """Each commitment (its milestones prefetched) with its completion and level."""
    for commitment in commitments:
        commitment.percent = progress.completion(commitment.milestones.all())
        commitment.level = progress.level(commitment.percent)
        commitment.level_label = commitment.level.label
    return commitments


def _filtered(form: CommitmentFilterForm, commitments):
    data = form.valid_data
    if data.get("theme"):
        commitments = commitments.filter(theme_id=data["theme"])
    if data.get("institution"):
        involved = Commitment.involved_institutions.through.objects.filter(institution_id=data["institution"])
        commitments = commitments.filter(
            Q(lead_institution_id=data["institution"]) | Q(pk__in=involved.values("commitment_id"))
        )
    if data.get("status"):
        commitments = commitments.filter(status=data["status"])
    if data.get("level"):
        commitments = progress.at_level(progress.with_completion(commitments), data["level"])
    return commitments


@require_GET
@generations.public_page
@plan_list
def index(request, plan: Plan):
    form = CommitmentFilterForm(
        request.GET or None, themes=list(plan.themes.all()), institutions=institutions_of(plan.member_id)
    )
    commitments = (
        _filtered(form, Commitment.objects.public().filter(plan=plan))
        .select_related("theme", "lead_institution")
        # The page's milestones, read once: each row's completion and level.
        .prefetch_related("milestones")
        .annotate(idea_count=Count("ideas"))
        .order_by("number")
    )

    def context() -> dict:
        return {"plan": plan, "commitments": page_of(request, commitments, PER_PAGE, prepare=_with_progress)}

    # The same for every visitor: cached until the plan, its commitments or
    # its ideas (the counts of ideas integrated) change.
    names = ["plans", *COMMITMENTS.page(plan.pk)]
    results = cached_page(
        request,
        form,
        key=f"commitments:list:{plan.pk}",
        names=names,
        template="commitments/_list.html",
        context=context,
    )
    return render(request, "commitments/index.html", list_context(plan, results=results))


IDEAS_PER_PAGE = 20


def _detail_context(pk: int, plan: Plan, ideas_page: str) -> dict:
    milestones = Milestone.objects.select_related("responsible_institution").prefetch_related(
        Prefetch("evidence", Evidence.objects.public(), to_attr="public_evidence")
    )
    indicators = Indicator.objects.prefetch_related(
        Prefetch("measurements", Measurement.objects.public(), to_attr="public_measurements")
    )
    shown = (
        Commitment.objects.select_related("theme", "lead_institution")
        .prefetch_related(
            "involved_institutions",
            "partner_associations",
            Prefetch("milestones", milestones),
            Prefetch("indicators", indicators),
            Prefetch("assessments", Assessment.objects.select_related("association")),
        )
        .get(pk=pk)
    )
    shown.plan = plan
    today = timezone.localdate()
    for milestone in shown.milestones.all():
        milestone.overdue = progress.is_overdue(milestone, today)
    rtl = get_language_bidi()
    for indicator in shown.indicators.all():
        indicator.chart = charts.chart(indicator, indicator.public_measurements, rtl=rtl)
    shown.percent = progress.completion(shown.milestones.all())
    shown.level = progress.level(shown.percent)
    shown.level_label = shown.level.label
    # The ideas it integrated, with their authors: the reasoned response, read backwards.
    ideas = shown.ideas.visible().select_related("author").order_by("pk")
    return {
        "commitment": shown,
        "ideas": Paginator(ideas, IDEAS_PER_PAGE).get_page(ideas_page),
        "history": history.public_history(shown, plan),
        "ogp_values": [
            str(Commitment._meta.get_field(name).verbose_name) for name in OGP_VALUES if getattr(shown, name)
        ],
        "irm_lenses": [
            str(Commitment._meta.get_field(f"irm_{lens}").verbose_name)
            for lens in IRM_LENSES
            if getattr(shown, f"irm_{lens}")
        ],
    }


@require_GET
@generations.public_page
def detail(request, pk: int):
    commitment = with_public_plan(get_object_or_404(Commitment.objects.public(), pk=pk))
    plan = commitment.plan
    ideas_page = generations.page_word(request, "ideas")

    # The same for every visitor: cached until the plan, people (the history's
    # roles), its commitments or its ideas change; overdue flags follow the
    # date within FRAGMENT_CACHE_SECONDS.
    key = f"commitments:detail:{pk}:{ideas_page}"
    names = ["plans", "people", *COMMITMENTS.page(commitment.plan_id)]
    results = generations.rendered(
        request,
        key,
        names,
        "commitments/_detail.html",
        lambda: _detail_context(pk, plan, ideas_page),
    )
    # What differs per visitor (following it or not) goes under the title.
    head, _mark, body = results.partition(PER_VISITOR)
    context = {"commitment": commitment, "head": mark_safe(head), "body": mark_safe(body)}  # noqa: S308 - our templates' output
    return render(request, "commitments/detail.html", context)


PER_VISITOR = "<!-- per visitor -->"


# The dashboard counts the commitments of the plan as adopted or on their way
# to it; those not retained or withdrawn are left out of the figures.
COUNTED = [
    Commitment.Status.PROPOSED,
    Commitment.Status.ADOPTED,
    Commitment.Status.IN_IMPLEMENTATION,
    Commitment.Status.COMPLETED,
]
GLANCE = {
    Completion.COMPLETE: "done",
    Completion.LIMITED: "in_progress",
    Completion.SUBSTANTIAL: "in_progress",
    Completion.NOT_STARTED: "not_done",
}


def _mean(percents: list[int | None]) -> int | None:
    """Each commitment weighs the same; one without a milestone counts 0 %."""
    if not percents:
        return None
    return sum(p or 0 for p in percents) // len(percents)


def _group(commitments, key, label) -> list[dict]:
    groups = defaultdict(list)
    labels = {}
    for commitment in commitments:
        groups[key(commitment)].append(commitment.percent)
        labels[key(commitment)] = label(commitment)
    rows = []
    for group_key, percents in groups.items():
        percent = _mean(percents)
        rows.append(
            {
                "label": labels[group_key],
                "count": len(percents),
                "percent": percent,
                "level": progress.level(percent),
                "level_label": progress.level(percent).label,
            }
        )
    return rows


# A national plan holds about twenty commitments; a plan with hundreds shows
# its at-a-glance table page by page and its longest overdue milestones, and
# the figures above them count every one (the open data lists them all).
GLANCE_PER_PAGE = 30
OVERDUE_ROWS = 30


def _dashboard_context(plan: Plan, page: str) -> dict:
    today = timezone.localdate()
    commitments = _with_progress(
        list(
            Commitment.objects.filter(plan=plan, status__in=COUNTED)
            .select_related("theme", "lead_institution")
            .prefetch_related(
                Prefetch("milestones", Milestone.objects.select_related("responsible_institution")),
                Prefetch("assessments", Assessment.objects.select_related("association")),
            )
            .order_by("number")
        )
    )
    overdue = []
    for commitment in commitments:
        commitment.glance = GLANCE[commitment.level]
        for milestone in commitment.milestones.all():
            if progress.is_overdue(milestone, today):
                milestone.card = commitment
                overdue.append(milestone)
    overdue.sort(key=lambda m: (m.ends_on, m.card.number))
    overall = _mean([c.percent for c in commitments])
    # Official levels and civil society's ratings, side by side.
    official = defaultdict(int)
    assessed = defaultdict(int)
    for commitment in commitments:
        official[commitment.level] += 1
        for assessment in commitment.assessments.all():
            assessed[assessment.rating] += 1
    comparison = [
        {"label": label, "official": official[key], "assessed": assessed[key]}
        for key, label in Completion.choices
    ]
    last = ProgressUpdateEvent.objects.filter(
        update__milestone__commitment__plan=plan,
        update__milestone__commitment__status__in=COUNTED,
        to_status=ProgressUpdate.State.VALIDATED,
    ).aggregate(last=Max("created_at"))["last"]
    return {
        "plan": plan,
        "commitments": commitments,
        "glance_page": Paginator(commitments, GLANCE_PER_PAGE).get_page(page),
        "overall": overall,
        "overall_level": progress.level(overall),
        "overall_level_label": progress.level(overall).label,
        "themes": sorted(
            _group(commitments, lambda c: c.theme_id, lambda c: f"{c.theme.number}. {c.theme.name}"),
            key=lambda row: row["label"],
        ),
        "institutions": sorted(
            _group(commitments, lambda c: c.lead_institution_id, lambda c: c.lead_institution.name),
            key=lambda row: row["label"],
        ),
        "overdue": overdue[:OVERDUE_ROWS],
        "overdue_count": len(overdue),
        "overdue_more": max(len(overdue) - OVERDUE_ROWS, 0),
        "last_validated": last,
        "comparison": comparison,
        "assessed_commitments": sum(1 for c in commitments if c.assessments.all()),
        "glance": {
            key: sum(1 for c in commitments if c.glance == key) for key in ("done", "in_progress", "not_done")
        },
    }


@require_GET
@generations.public_page
@plan_list
def dashboard(request, plan: Plan):
    # The same for every visitor: cached until the plan or its commitments
    # change; overdue flags follow the date within FRAGMENT_CACHE_SECONDS.
    page = generations.page_word(request)
    results = generations.rendered(
        request,
        f"commitments:dashboard:{plan.pk}:{page}",
        ["plans", COMMITMENTS.name(plan.pk)],
        "commitments/_dashboard.html",
        lambda: _dashboard_context(plan, page),
    )
    return render(request, "commitments/dashboard.html", list_context(plan, results=results))


# Following a commitment: its validated progress by email (commitments.notices).


def _follow_or_unfollow(request, pk: int, *, follow: bool):
    commitment = with_public_plan(get_object_or_404(Commitment.objects.public(), pk=pk))
    page = commitment.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(page)
    if follow:
        # A double click, or two tabs: the unique constraint keeps one row.
        Follow.objects.get_or_create(commitment=commitment, user=request.user)
        messages.success(
            request, _("You follow this commitment: its validated progress will reach you by email.")
        )
        if not wants(request.user, "commitment_progress"):
            messages.warning(
                request,
                _("Emails about the commitments you follow are turned off in your preferences."),
            )
    else:
        Follow.objects.filter(commitment=commitment, user=request.user).delete()
        messages.success(request, _("You no longer follow this commitment."))
    return redirect(page)


@require_POST
def follow(request, pk: int):
    return _follow_or_unfollow(request, pk, follow=True)


@require_POST
def unfollow(request, pk: int):
    return _follow_or_unfollow(request, pk, follow=False)
