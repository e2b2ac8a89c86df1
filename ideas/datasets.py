"""The open data of ideas, declared for the open-data registry (core/datasets.py):
every visible idea of the public plans with its outcome, and the co-creation
figures of each plan. `opendata` serves and documents them.

Column names are stable: add columns at the end, never rename one. No personal
data beyond the display name the author chose to publish."""

from collections.abc import Iterator
from itertools import islice

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from core.datasets import Column, Dataset, Links, PlanDocument
from plans.models import Plan

from .generations import page_names
from .models import Comment, Idea, IdeaEvent, Support
from .statistics import cached_plan_statistics

IDEA_COLUMNS = [
    Column("id", _("Number of the idea on the portal."), type="integer"),
    Column("plan", _("Identifier (slug) of the action plan.")),
    Column("theme_number", _("Number of the theme within the plan."), type="integer"),
    Column("theme_ar", _("Name of the theme in Arabic.")),
    Column("theme_fr", _("Name of the theme in French.")),
    Column("theme_en", _("Name of the theme in English.")),
    Column("title", _("Title of the idea, in the language it was written in.")),
    Column("problem", _("The problem the idea addresses.")),
    Column("solution", _("The proposed solution.")),
    Column("expected_results", _("The expected results.")),
    Column("source", _("“portal” for an idea submitted online, “workshop” for one collected in a workshop.")),
    Column(
        "workshop", _("Number of the workshop the idea comes from, empty for online ideas."), type="integer"
    ),
    Column(
        "association",
        _(
            "Association on whose behalf the idea was submitted, if any: its name in Arabic if it is listed "
            "on the portal, else the name the author declared."
        ),
    ),
    Column("author", _("Public name chosen by the author; empty for workshop ideas and deleted accounts.")),
    Column(
        "created_at", _("Date and time of submission (ISO 8601, with the offset from UTC)."), type="datetime"
    ),
    Column(
        "status",
        _(
            "Where the idea stands: submitted, accepted, not_accepted, sent (to institutions), "
            "integrated (into commitments) or not_integrated."
        ),
    ),
    Column(
        "outcome_reason",
        _(
            "Why the idea was not accepted: not_openness (not related to the principles of open "
            "government), not_precise (not precise or clear enough), duplicate, other. Empty otherwise."
        ),
    ),
    Column(
        "outcome_explanation", _("The explanation given with a “not accepted” or “not integrated” decision.")
    ),
    Column(
        "duplicate_of",
        _("Number of the idea this one duplicates, when the reason is “duplicate”."),
        type="integer",
    ),
    Column("sent_to", _("Institutions the idea was sent to (names in Arabic)."), type="list"),
    Column(
        "commitments",
        _("Numbers of the commitments of the plan the idea was integrated into."),
        type="list",
        items="integer",
    ),
    Column("supports", _("Number of people who supported the idea."), type="integer"),
    Column("comments", _("Number of published comments on the idea."), type="integer"),
    Column("url", _("Address of the idea's page on the portal.")),
]
EXPORT_CHUNK = 5000

STATISTICS_KEYS = [
    Column("plan", _("Identifier (slug) of the action plan.")),
    Column("period", _("Years of the plan, e.g. 2021-2023.")),
    Column(
        "participants.online",
        _("People who proposed, supported or commented an idea on the portal, each counted once."),
    ),
    Column(
        "participants.proposers",
        _(
            "Online participants who proposed an idea, each counted once; the others supported or "
            "commented one."
        ),
    ),
    Column("participants.workshops", _("Sum of the attendance recorded for the plan's workshops.")),
    Column("participants.total", _("Online participants plus workshop participants.")),
    Column("ideas.total / ideas.online / ideas.workshops", _("Ideas collected: all, online, in workshops.")),
    Column(
        "ideas.on_behalf_of_associations",
        _("Ideas submitted on behalf of an association, listed on the portal or declared by the author."),
    ),
    Column("funnel.collected", _("Ideas collected, including those hidden by moderation.")),
    Column("funnel.accepted", _("Ideas accepted at screening, whatever happened next.")),
    Column("funnel.not_accepted", _("Ideas not accepted at screening.")),
    Column("funnel.integrated", _("Accepted ideas integrated into at least one commitment.")),
    Column("funnel.not_integrated", _("Accepted ideas the institutions did not integrate.")),
    Column("funnel.awaiting_screening", _("Ideas not screened yet.")),
    Column("funnel.awaiting_decision", _("Accepted ideas waiting for an institution's decision.")),
    Column(
        "by_theme[]",
        _(
            "One entry per theme, in order: number, name_ar, name_fr, name_en, online, workshops, total "
            "(numbers of ideas)."
        ),
    ),
    Column("proposed_commitments", _("Commitments proposed for the plan.")),
    Column("institutions_involved", _("Distinct institutions ideas were sent to.")),
    Column("generated_at", _("When the figures were computed (ISO 8601).")),
    Column(
        "workshops[]",
        _(
            "One entry per workshop, by date: number, title_ar, title_fr, title_en, theme (its number), "
            "starts_at, cancelled, registered, attended, figures_source (“rows”: counted from the "
            "registrations on the portal; “reported”: the organiser's figures, for a workshop held before "
            "the portal) and ideas. participants.workshops is the sum of attended."
        ),
    ),
    Column(
        "workshops[].organiser_ar / organiser_fr / organiser_en, workshops[].institutions[]",
        _(
            "The association that organised the workshop, and the institutions taking part (name_ar, "
            "name_fr, name_en)."
        ),
    ),
]


# What one query reads per idea, in this order: a tuple per row, no model
# objects, so 20,000 ideas stream in about a second.
EXPORT_FIELDS = (
    "pk", "plan_id", "plan__slug", "theme__number", "theme__name_ar", "theme__name_fr", "theme__name_en",
    "title", "problem", "solution", "expected_results", "source", "workshop__number",
    "association__name_ar", "association_name", "author__display_name", "created_at", "status",
)  # fmt: skip


def ideas_for_export(plan: Plan | None = None):
    """Visible ideas of the public plans, as tuples of EXPORT_FIELDS."""
    ideas = Idea.objects.visible().filter(plan__in=Plan.objects.public())
    if plan is not None:
        ideas = ideas.filter(plan=plan)
    return ideas.order_by("plan_id", "pk").values_list(*EXPORT_FIELDS)


def _grouped(pairs) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for idea_id, value in pairs:
        grouped.setdefault(idea_id, []).append(value)
    return grouped


def idea_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """One dict per idea; lists stay lists (the CSV joins them). In chunks of
    EXPORT_CHUNK ideas, each with five more queries for its to-many values,
    so a large export streams in flat memory."""
    casablanca = timezone.get_current_timezone()
    url = links.page("ideas:detail")
    rows = ideas_for_export(plan).iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        # The rows of the chunk's ideas: by ranges of idea numbers, one per
        # plan in the chunk (an index range scan, whatever the chunk's size;
        # rows of other plans' ideas in a range are read and left).
        ranges: dict[int, list[int]] = {}
        for pk, plan_id, *_rest in chunk:
            ranges.setdefault(plan_id, [pk, pk])[1] = pk
        ideas = Q()
        for first, last in ranges.values():
            ideas |= Q(idea_id__gte=first, idea_id__lte=last)
        sent_to = _grouped(
            Idea.sent_to.through.objects.filter(ideas).values_list("idea_id", "institution__name_ar")
        )
        # The public cards only, as on the idea's page: a draft's number is not public.
        commitments = _grouped(
            Idea.commitments.through.objects.filter(ideas)
            .exclude(commitment__status=Commitment.Status.DRAFT)
            .values_list("idea_id", "commitment__number")
        )
        supports = dict(Support.objects.filter(ideas).values_list("idea_id").annotate(Count("pk")))
        comments = dict(
            Comment.objects.published().filter(ideas).values_list("idea_id").annotate(Count("pk"))
        )
        outcomes = _grouped(
            (idea_id, rest)
            for idea_id, *rest in IdeaEvent.objects.filter(ideas)
            .filter(to_status__in=[Idea.Status.NOT_ACCEPTED, Idea.Status.NOT_INTEGRATED])
            .order_by("created_at", "pk")
            .values_list("idea_id", "to_status", "reason", "explanation", "duplicate_of_id")
        )
        for row in chunk:
            yield _idea_row(row, sent_to, commitments, supports, comments, outcomes, casablanca, url)


def _idea_row(row, sent_to, commitments, supports, comments, outcomes, casablanca, url) -> dict:
    (pk, _plan_id, plan, theme_number, theme_ar, theme_fr, theme_en, title, problem, solution,
     expected_results, source, workshop, association, declared, author, created_at, status) = row  # fmt: skip
    events = outcomes.get(pk, ())
    outcome = events[-1] if events else None  # (to_status, reason, explanation, duplicate_of)
    rejection = next((e for e in reversed(events) if e[0] == Idea.Status.NOT_ACCEPTED), None)
    return {
        "id": pk,
        "plan": plan,
        "theme_number": theme_number,
        "theme_ar": theme_ar or "",
        "theme_fr": theme_fr or "",
        "theme_en": theme_en or "",
        "title": title,
        "problem": problem,
        "solution": solution,
        "expected_results": expected_results,
        "source": source,
        "workshop": workshop,
        "association": association or declared,
        "author": author or "",
        "created_at": created_at.astimezone(casablanca).isoformat(timespec="seconds"),
        "status": status,
        "outcome_reason": rejection[1] if rejection else "",
        "outcome_explanation": outcome[2] if outcome else "",
        "duplicate_of": rejection[3] if rejection else None,
        "sent_to": sorted(sent_to.get(pk, ())),
        "commitments": sorted(commitments.get(pk, ())),
        "supports": supports.get(pk, 0),
        "comments": comments.get(pk, 0),
        "url": url(pk),
    }


DATASETS = [
    Dataset(
        key="ideas",
        title=_("Ideas of every public action plan, with their outcome"),
        description=_(
            "Every idea of the public action plans, with its outcome and the reasons given. Ideas hidden "
            "by moderation are left out (they are still counted in the co-creation figures). In the "
            "JSON, sent_to and commitments are lists, and an empty number is null."
        ),
        columns=IDEA_COLUMNS,
        rows=idea_rows,
        # The plans, people's public names, and the plan's ideas, workshops
        # and commitments: what an idea's page shows too.
        generations=page_names,
    ),
    PlanDocument(
        key="statistics",
        title=_("Co-creation in figures"),
        description=_(
            "One JSON object per action plan, the figures of its statistics page. Nested keys are "
            "written with a dot."
        ),
        columns=STATISTICS_KEYS,
        build=cached_plan_statistics,
        page_url_name="ideas:statistics",
    ),
]
