"""Open data: every visible idea of the public plans with its outcome, as CSV
and JSON, and the page that documents the datasets, their columns and licence.

Column names are stable: add columns at the end, never rename one. No personal
data beyond the display name the author chose to publish."""

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from plans.models import Plan

from .models import Comment, Idea, IdeaEvent, Support

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

# (column, meaning): the order is the CSV's; the JSON objects use the same keys.
IDEA_COLUMNS = [
    ("id", _("Number of the idea on the portal.")),
    ("plan", _("Identifier (slug) of the action plan.")),
    ("theme_number", _("Number of the theme within the plan.")),
    ("theme_ar", _("Name of the theme in Arabic.")),
    ("theme_fr", _("Name of the theme in French.")),
    ("theme_en", _("Name of the theme in English.")),
    ("title", _("Title of the idea, in the language it was written in.")),
    ("problem", _("The problem the idea addresses.")),
    ("solution", _("The proposed solution.")),
    ("expected_results", _("The expected results.")),
    ("source", _("“portal” for an idea submitted online, “workshop” for one collected in a workshop.")),
    ("workshop", _("Number of the workshop the idea comes from, empty for online ideas.")),
    ("association", _("Association on whose behalf the idea was submitted, if any (name in Arabic).")),
    ("author", _("Public name chosen by the author; empty for workshop ideas and deleted accounts.")),
    ("created_at", _("Date and time of submission (ISO 8601, with the offset from UTC).")),
    (
        "status",
        _(
            "Where the idea stands: submitted, accepted, not_accepted, sent (to institutions), "
            "integrated (into commitments) or not_integrated."
        ),
    ),
    (
        "outcome_reason",
        _(
            "Why the idea was not accepted: not_openness (not related to the principles of open "
            "government), not_precise (not precise or clear enough), duplicate, other. Empty otherwise."
        ),
    ),
    ("outcome_explanation", _("The explanation given with a “not accepted” or “not integrated” decision.")),
    ("duplicate_of", _("Number of the idea this one duplicates, when the reason is “duplicate”.")),
    ("sent_to", _("Institutions the idea was sent to (names in Arabic).")),
    ("commitments", _("Numbers of the commitments of the plan the idea was integrated into.")),
    ("supports", _("Number of people who supported the idea.")),
    ("comments", _("Number of published comments on the idea.")),
    ("url", _("Address of the idea's page on the portal.")),
]
EXPORT_CHUNK = 2000
COLUMN_NAMES = [name for name, _meaning in IDEA_COLUMNS]
LIST_SEPARATOR = " | "

STATISTICS_KEYS = [
    ("plan", _("Identifier (slug) of the action plan.")),
    ("period", _("Years of the plan, e.g. 2021-2023.")),
    (
        "participants.online",
        _("People who proposed, supported or commented an idea on the portal, each counted once."),
    ),
    ("participants.workshops", _("Sum of the attendance recorded for the plan's workshops.")),
    ("participants.total", _("Online participants plus workshop participants.")),
    ("ideas.total / ideas.online / ideas.workshops", _("Ideas collected: all, online, in workshops.")),
    ("funnel.collected", _("Ideas collected, including those hidden by moderation.")),
    ("funnel.accepted", _("Ideas accepted at screening, whatever happened next.")),
    ("funnel.not_accepted", _("Ideas not accepted at screening.")),
    ("funnel.integrated", _("Accepted ideas integrated into at least one commitment.")),
    ("funnel.not_integrated", _("Accepted ideas the institutions did not integrate.")),
    ("funnel.awaiting_screening", _("Ideas not screened yet.")),
    ("funnel.awaiting_decision", _("Accepted ideas waiting for an institution's decision.")),
    (
        "by_theme[]",
        _(
            "One entry per theme, in order: number, name_ar, name_fr, name_en, online, workshops, total "
            "(numbers of ideas)."
        ),
    ),
    ("proposed_commitments", _("Commitments proposed for the plan.")),
    ("institutions_involved", _("Distinct institutions ideas were sent to.")),
    ("generated_at", _("When the figures were computed (ISO 8601).")),
]


def ideas_for_export(plan: Plan | None = None):
    """Visible ideas of the public plans, with everything a row needs fetched
    up front: a fixed number of queries per chunk of the export."""
    ideas = Idea.objects.visible().filter(plan__in=Plan.objects.public())
    if plan is not None:
        ideas = ideas.filter(plan=plan)
    # Counts as subqueries: two joined to-many relations would multiply rows.
    supports = Support.objects.filter(idea=OuterRef("pk")).values("idea").annotate(n=Count("pk")).values("n")
    comments = (
        Comment.objects.published()
        .filter(idea=OuterRef("pk"))
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ideas.select_related("plan", "theme", "workshop", "association", "author")
        .prefetch_related(
            "sent_to",
            "commitments",
            Prefetch(
                "events",
                queryset=IdeaEvent.objects.filter(
                    to_status__in=[Idea.Status.NOT_ACCEPTED, Idea.Status.NOT_INTEGRATED]
                ).order_by("created_at", "pk"),
                to_attr="outcome_events",
            ),
        )
        .annotate(
            support_total=Coalesce(Subquery(supports, output_field=IntegerField()), 0),
            comment_total=Coalesce(Subquery(comments, output_field=IntegerField()), 0),
        )
        .order_by("plan_id", "pk")
    )


def idea_row(idea: Idea, base_url: str) -> dict:
    """One idea as open data; lists stay lists (the CSV joins them)."""
    outcome = idea.outcome_events[-1] if idea.outcome_events else None
    rejection = next(
        (e for e in reversed(idea.outcome_events) if e.to_status == Idea.Status.NOT_ACCEPTED), None
    )
    return {
        "id": idea.pk,
        "plan": idea.plan.slug,
        "theme_number": idea.theme.number,
        "theme_ar": idea.theme.name_ar or "",
        "theme_fr": idea.theme.name_fr or "",
        "theme_en": idea.theme.name_en or "",
        "title": idea.title,
        "problem": idea.problem,
        "solution": idea.solution,
        "expected_results": idea.expected_results,
        "source": idea.source,
        "workshop": idea.workshop.number if idea.workshop else None,
        "association": idea.association.name_ar if idea.association else "",
        "author": idea.author.display_name if idea.author else "",
        "created_at": timezone.localtime(idea.created_at).isoformat(timespec="seconds"),
        "status": idea.status,
        "outcome_reason": rejection.reason if rejection else "",
        "outcome_explanation": outcome.explanation if outcome else "",
        "duplicate_of": rejection.duplicate_of_id if rejection else None,
        "sent_to": sorted(institution.name_ar for institution in idea.sent_to.all()),
        "commitments": sorted(commitment.number for commitment in idea.commitments.all()),
        "supports": idea.support_total,
        "comments": idea.comment_total,
        "url": base_url + idea_path(idea.pk),
    }


def idea_path(pk: int) -> str:
    # In the default language, so the same address always gives the same file.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("ideas:detail", args=[pk])


def _rows(request, plan: Plan | None) -> Iterator[dict]:
    base_url = request.build_absolute_uri("/").rstrip("/")
    # In chunks, so a large export streams without holding every idea in memory.
    for idea in ideas_for_export(plan).iterator(chunk_size=EXPORT_CHUNK):
        yield idea_row(idea, base_url)


def _plan_filter(request) -> Plan | None:
    slug = request.GET.get("plan")
    return get_object_or_404(Plan.objects.public(), slug=slug) if slug else None


def _filename(plan: Plan | None, extension: str) -> str:
    return f"ideas-{plan.slug}.{extension}" if plan else f"ideas.{extension}"


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    text = str(value)
    # Spreadsheets run cells that start like a formula: defuse user text.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class _Echo:
    """csv.writer writes into this and gets the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def _open_data_response(content, content_type: str, disposition: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def ideas_csv(request):
    plan = _plan_filter(request)
    writer = csv.writer(_Echo())

    def lines():
        # The byte-order mark tells spreadsheet software the file is UTF-8 (Arabic).
        yield "\ufeff" + writer.writerow(COLUMN_NAMES)
        for row in _rows(request, plan):
            yield writer.writerow([_csv_cell(row[name]) for name in COLUMN_NAMES])

    return _open_data_response(
        lines(), "text/csv; charset=utf-8", f'attachment; filename="{_filename(plan, "csv")}"'
    )


@require_GET
def ideas_json(request):
    plan = _plan_filter(request)

    def chunks():
        yield "["
        for index, row in enumerate(_rows(request, plan)):
            yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]\n"

    return _open_data_response(chunks(), "application/json", f'inline; filename="{_filename(plan, "json")}"')
