from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from modeltranslation.utils import resolution_order

from core import generations
from core.notifications import wants
from plans.lists import cached_page, list_context, page_of, plan_list
from plans.models import Plan
from plans.queries import institutions_of, with_public_plan

from . import charts, history, progress, slots
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
@generations.public_page(query=[*CommitmentFilterForm.base_fields, "page"])
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
        .order_by("number")
    )
    # What the apps above show on each card (the ideas integrated), counted in the same query.
    commitments = slots.LIST_ROW.annotate(commitments)

    def context() -> dict:
        page = page_of(request, commitments, PER_PAGE, prepare=_with_progress)
        return {"plan": plan, "commitments": page, "row_parts": slots.LIST_ROW.templates}

    # The same for every visitor: cached until the plan, its commitments or
    # what the apps above show of them (the counts of ideas integrated) change.
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


def _detail_context(pk: int, plan: Plan, request) -> dict:
    milestones = progress.with_overdue(
        Milestone.objects.select_related("responsible_institution").prefetch_related(
            Prefetch("evidence", Evidence.objects.public(), to_attr="public_evidence")
        )
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
    rtl = get_language_bidi()
    for indicator in shown.indicators.all():
        indicator.chart = charts.chart(indicator, indicator.public_measurements, rtl=rtl)
    shown.percent = progress.completion(shown.milestones.all())
    shown.level = progress.level(shown.percent)
    shown.level_label = shown.level.label
    return {
        "commitment": shown,
        # What the apps above show of it (the ideas it integrated).
        "shown": slots.PAGE.render(shown, request),
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
# The page's query parameters: the pages of what the apps above show of it
# (slots.PAGE: the ideas it integrated, its consultation comments).
@generations.public_page(query=["ideas", "consultation"])
def detail(request, pk: int):
    commitment = with_public_plan(get_object_or_404(Commitment.objects.public(), pk=pk))
    plan = commitment.plan

    # The same for every visitor: cached until the plan, people (the history's
    # roles), its commitments or what the apps above show of it (its ideas)
    # change; overdue flags follow the date within FRAGMENT_CACHE_SECONDS.
    key = f"commitments:detail:{pk}:{slots.PAGE.pages(request)}"
    names = ["plans", "people", *COMMITMENTS.page(commitment.plan_id)]
    results = generations.rendered(
        request,
        key,
        names,
        "commitments/_detail.html",
        lambda: _detail_context(pk, plan, request),
    )
    # What differs per visitor (following it or not) goes under the title.
    head, _mark, body = results.partition(PER_VISITOR)
    context = {"commitment": commitment, "head": mark_safe(head), "body": mark_safe(body)}  # noqa: S308 - our templates' output
    return render(request, "commitments/detail.html", context)


PER_VISITOR = "<!-- per visitor -->"


GLANCE = {
    Completion.COMPLETE: "done",
    Completion.LIMITED: "in_progress",
    Completion.SUBSTANTIAL: "in_progress",
    Completion.NOT_STARTED: "not_done",
}


# A national plan holds about twenty commitments; a plan with hundreds shows
# its at-a-glance table page by page and its longest overdue milestones, and
# the figures above them count every one (the open data lists them all).
GLANCE_PER_PAGE = 30
OVERDUE_ROWS = 30


def _dashboard_context(plan: Plan, page: str) -> dict:
    """The dashboard's figures, computed by the database as rows of values
    (each commitment's completion, its ratings counted): a plan of 3,000
    commitments builds no 3,000 objects. Objects for the page shown only."""
    counted = progress.counted(plan)
    ratings = {
        f"rated_{key}": Coalesce(
            Subquery(
                Assessment.objects.filter(commitment=OuterRef("pk"), rating=key)
                .order_by()
                .values("commitment")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
        for key in Completion.values
    }
    # Names and titles in the page's language, or the next one that has
    # them, as the models read them (values() would not fall back).
    order = resolution_order(get_language())
    names = [f"lead_institution__name_{language}" for language in order]
    titles = [f"title_{language}" for language in order]
    rows = list(
        progress.with_completion(counted)
        .annotate(**ratings)
        .order_by("number")
        .values(
            "pk", "number", "theme_id", "lead_institution_id", "completion_sql", *names, *titles, *ratings
        )
    )
    for row in rows:
        row["lead_institution"] = next((row[name] for name in names if row[name]), "")
        row["percent"] = row["completion_sql"]
        row["level"] = progress.level(row["percent"])
        row["glance"] = GLANCE[row["level"]]
    glance_page = Paginator(rows, GLANCE_PER_PAGE).get_page(page)
    shown = {row["pk"]: row for row in glance_page.object_list}
    for row in shown.values():
        row["title"] = next((row[title] for title in titles if row[title]), "")
        row["url"] = reverse("commitments:detail", args=[row["pk"]])
        row["level_label"] = row["level"].label
        row["assessments"] = []
    for assessment in Assessment.objects.filter(commitment__in=list(shown)).select_related("association"):
        shown[assessment.commitment_id]["assessments"].append(assessment)
    # The longest overdue first, with how many there are (one query).
    overdue = list(
        progress.milestones_of(counted)
        .filter(progress.overdue(timezone.localdate()))
        .select_related("responsible_institution", "commitment")
        # Narrow rows: counted with a window over every overdue milestone.
        .only(
            "ends_on",
            "status",
            "completion",
            "commitment__number",
            *(f"description_{language}" for language in order),
            *(f"responsible_institution__name_{language}" for language in order),
        )
        .annotate(total=Window(Count("pk")))
        .order_by("ends_on", "commitment__number", "pk")[:OVERDUE_ROWS]
    )
    overdue_count = overdue[0].total if overdue else 0
    for milestone in overdue:
        milestone.card = milestone.commitment
    # The plan page shows the same figure (progress.overall, commitments.slots).
    overall = progress.mean([row["percent"] for row in rows])
    themes = {theme.pk: f"{theme.number}. {theme.name}" for theme in plan.themes.all()}
    last = ProgressUpdateEvent.objects.filter(
        update__milestone__commitment__plan=plan,
        update__milestone__commitment__status__in=progress.COUNTED,
        to_status=ProgressUpdate.State.VALIDATED,
    ).aggregate(last=Max("created_at"))["last"]
    return {
        "plan": plan,
        "commitment_count": len(rows),
        "glance_page": glance_page,
        "overall": overall,
        "overall_level": progress.level(overall),
        "overall_level_label": progress.level(overall).label,
        "themes": progress.grouped(
            [(row["theme_id"], themes.get(row["theme_id"], ""), row["percent"]) for row in rows]
        ),
        "institutions": progress.per_institution(counted, order),
        "overdue": overdue,
        "overdue_count": overdue_count,
        "overdue_more": max(overdue_count - OVERDUE_ROWS, 0),
        "last_validated": last,
        # Official levels and civil society's ratings, side by side.
        "comparison": [
            {
                "label": label,
                "official": sum(1 for row in rows if row["level"] == key),
                "assessed": sum(row[f"rated_{key}"] for row in rows),
            }
            for key, label in Completion.choices
        ],
        "assessed_commitments": sum(1 for row in rows if any(row[name] for name in ratings)),
        "glance": {
            key: sum(1 for row in rows if row["glance"] == key) for key in ("done", "in_progress", "not_done")
        },
    }


@require_GET
@generations.public_page(query=["page"])
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


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def followed(request):
    """The public commitments a signed-in person follows, each with its plan
    and completion: two queries (the cards, their milestones), however many."""
    commitments = (
        Commitment.objects.public()
        .filter(follows__user=request.user)
        .select_related("plan", "lead_institution")
        .prefetch_related("milestones")
        .order_by("-plan__start_year", "plan_id", "number")
    )
    return render(request, "commitments/followed.html", {"commitments": _with_progress(list(commitments))})


@require_POST
def follow(request, pk: int):
    return _follow_or_unfollow(request, pk, follow=True)


@require_POST
def unfollow(request, pk: int):
    return _follow_or_unfollow(request, pk, follow=False)
