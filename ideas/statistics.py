"""The public statistics of a plan (the co-creation funnel), as a page and as
JSON: the counts of ideas, participants and institutions read from the tallies
the database keeps with every write (ideas.models), the workshops and
commitments counted from their rows, a fixed handful of queries.

The JSON keys are stable: they are documented on the open-data page."""

from collections import defaultdict
from datetime import datetime

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.http import require_GET

from commitments.generations import COMMITMENTS
from commitments.models import Commitment
from core import generations
from core.models import User
from plans.lists import list_context, plan_list
from plans.models import Institution, Plan, Theme
from workshops import figures as workshop_figures
from workshops.generations import WORKSHOPS
from workshops.models import Workshop

from . import funnel
from .forms import IdeaFilterForm
from .generations import IDEAS
from .models import Comment, Idea, IdeaTally, InstitutionTally, PlanTally, Support

PORTAL = Q(source=Idea.Source.PORTAL)


def idea_figures(plan: Plan) -> dict:
    """What the statistics count of the plan's ideas, supports and comments:
    the ideas by source, on behalf of associations, by stage of the funnel
    and by theme and source, the people who took part online (and how many of
    them proposed an idea), and the institutions ideas were sent to. Read from the tallies the database keeps
    (ideas.models: a few hundred rows whatever the plan's size), or counted
    from the rows where nothing keeps them (SQLite)."""
    if connection.vendor == "postgresql":
        return _tallied(plan)
    return counted_from_rows(plan)


def _figures(rows, participants: int, proposers: int, institutions: int) -> dict:
    """The figures from (theme, source, status, on behalf, count) rows."""
    by_status, by_theme = defaultdict(int), defaultdict(lambda: {"online": 0, "workshops": 0})
    ideas = {"total": 0, "online": 0, "workshops": 0, "on_behalf_of_associations": 0}
    for theme, source, status, on_behalf, count in rows:
        kind = "online" if source == Idea.Source.PORTAL else "workshops"
        ideas["total"] += count
        ideas[kind] += count
        ideas["on_behalf_of_associations"] += count if on_behalf else 0
        by_status[status] += count
        by_theme[theme][kind] += count
    return {
        "ideas": ideas,
        "stages": funnel.count(by_status),
        "by_theme": by_theme,
        "participants_online": participants,
        "proposers": proposers,
        "institutions_involved": institutions,
    }


def _tallied(plan: Plan) -> dict:
    rows = IdeaTally.objects.filter(plan=plan, count__gt=0).values_list(
        "theme", "source", "status", "on_behalf", "count"
    )
    participants, proposers = PlanTally.objects.filter(plan=plan).values_list(
        "participants", "proposers"
    ).first() or (0, 0)
    institutions = InstitutionTally.objects.filter(plan=plan, ideas__gt=0).count()
    return _figures(rows, participants, proposers, institutions)


def counted_from_rows(plan: Plan) -> dict:
    """idea_figures(), counted from every row: on SQLite, and what the tests
    hold the tallies to."""
    on_behalf = Q(association__isnull=False) | ~Q(association_name="")
    rows = (
        Idea.objects.filter(plan=plan)
        .annotate(on_behalf=ExpressionWrapper(on_behalf, output_field=BooleanField()))
        .values_list("theme", "source", "status", "on_behalf")
        .annotate(count=Count("pk"))
        .order_by()
    )
    # Online participants: whoever proposed an idea online, supported or
    # commented one, each counted once (subqueries, not joins: three joined
    # to-many relations would multiply rows).
    participants = User.objects.filter(
        Q(pk__in=Idea.objects.filter(PORTAL, plan=plan, author__isnull=False).values("author"))
        | Q(pk__in=Support.objects.filter(idea__plan=plan).values("user"))
        | Q(pk__in=Comment.objects.filter(idea__plan=plan, author__isnull=False).values("author"))
    ).count()
    # Of them, whoever proposed an idea online (the others supported or commented).
    proposers = (
        Idea.objects.filter(PORTAL, plan=plan, author__isnull=False).values("author").distinct().count()
    )
    institutions = Institution.objects.filter(ideas_received__plan=plan).values("pk").distinct().count()
    return _figures(rows, participants, proposers, institutions)


def published_by_status(plan_ids, *, theme: int | None = None, source: str = "") -> dict | None:
    """How many published ideas of each plan have each status ({plan id:
    {status: count}}), of a theme or a source if given: what an idea list's
    counts are when it is filtered by nothing else, read from the tallies.
    None where nothing keeps them (SQLite): count the rows then."""
    if connection.vendor != "postgresql":
        return None
    rows = IdeaTally.objects.filter(plan__in=plan_ids, published=True, count__gt=0)
    if theme:
        rows = rows.filter(theme=theme)
    if source:
        rows = rows.filter(source=source)
    counts = defaultdict(lambda: defaultdict(int))
    for plan, status, count in rows.values_list("plan", "status", "count"):
        counts[plan][status] += count
    return counts


def plan_statistics(plan: Plan) -> dict:
    """Every figure of the plan's funnel, as plain JSON-ready data.

    Hidden (moderated) ideas are counted like the others: they were collected
    and screened; moderation only takes their text off the public lists."""
    figures = idea_figures(plan)
    # Workshop participants: each workshop's attendance, from its
    # registrations when it has some, else as its organiser reported it.
    workshops = [
        _workshop_row(workshop)
        for workshop in workshop_figures.with_figures(Workshop.objects.published().filter(plan=plan))
        .select_related("theme", "organiser")
        .prefetch_related("institutions")
        .order_by("starts_at", "number")
    ]
    participants_online = figures["participants_online"]
    participants_workshops = sum(row["attended"] for row in workshops)
    by_theme = []
    for theme in Theme.objects.filter(plan=plan).order_by("number"):
        counts = figures["by_theme"].get(theme.pk, {"online": 0, "workshops": 0})
        by_theme.append(
            {
                "number": theme.number,
                "name_ar": theme.name_ar or "",
                "name_fr": theme.name_fr or "",
                "name_en": theme.name_en or "",
                **counts,
                "total": counts["online"] + counts["workshops"],
            }
        )
    stages = figures["stages"]
    return {
        "plan": plan.slug,
        "period": plan.period,
        "participants": {
            "online": participants_online,
            "proposers": figures["proposers"],
            "workshops": participants_workshops,
            "total": participants_online + participants_workshops,
        },
        "ideas": figures["ideas"],
        "funnel": {
            key: stages[key]
            for key in (
                "collected",
                "accepted",
                "not_accepted",
                "integrated",
                "not_integrated",
                "awaiting_screening",
                "awaiting_decision",
            )
        },
        "by_theme": by_theme,
        "workshops": workshops,
        "proposed_commitments": Commitment.objects.public().filter(plan=plan).count(),
        "institutions_involved": figures["institutions_involved"],
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def _workshop_row(workshop: Workshop) -> dict:
    figures = workshop_figures.of(workshop)
    return {
        "number": workshop.number,
        "title_ar": workshop.title_ar or "",
        "title_fr": workshop.title_fr or "",
        "title_en": workshop.title_en or "",
        "theme": workshop.theme.number,
        "organiser_ar": workshop.organiser.name_ar or "",
        "organiser_fr": workshop.organiser.name_fr or "",
        "organiser_en": workshop.organiser.name_en or "",
        "institutions": [
            {"name_ar": i.name_ar or "", "name_fr": i.name_fr or "", "name_en": i.name_en or ""}
            for i in sorted(workshop.institutions.all(), key=lambda i: i.pk)
        ],
        "starts_at": timezone.localtime(workshop.starts_at).isoformat(timespec="minutes"),
        "cancelled": workshop.cancelled_at is not None,
        "registered": figures["registered"],
        "attended": figures["attended"],
        # "rows": counted from the registrations on the portal; "reported":
        # the organiser's figures, for a workshop held before the portal.
        "figures_source": "reported" if figures["reported"] else "rows",
        "ideas": workshop.idea_count,
    }


# The figures are cached under the generations (core.generations) of what
# they count: the plan itself, its themes and institutions ("plans"), its
# ideas with their screening, supports and comments (ideas.generations), its
# workshops and its commitments. Every write through the portal, the admin and
# the imports bumps one of them; the cache holds them CACHE_SECONDS at most.
CACHE_SECONDS = 15 * 60


def statistics_names(plan: Plan) -> list[str]:
    """The generations the plan's figures are computed from."""
    return ["plans", IDEAS.name(plan.pk), WORKSHOPS.name(plan.pk), COMMITMENTS.name(plan.pk)]


def cached_plan_statistics(plan: Plan) -> dict:
    """plan_statistics(), from the cache while the plan's data is unchanged."""
    return generations.cached(
        f"ideas:statistics:{plan.pk}", statistics_names(plan), lambda: plan_statistics(plan), CACHE_SECONDS
    )


# Charts: bars are drawn server-side as SVG with percentage x/width attributes
# (the CSP forbids style attributes), so the text keeps its size on a phone and
# the bars stretch with the page. In Arabic the bars grow from the right.
# The longest bar takes 85% of the width: its value is written after it.
BAR_ROW = 44  # px per bar: a line of text, then the bar
BAR_SCALE = 0.85

# key, label, colour (a class of the stylesheet)
FUNNEL_STAGES = [(key, label, css) for key, label, css, _statuses in funnel.STAGES]


def _percent(value: float) -> str:
    # A string: templates would localise a float ("12,5" in French), and SVG wants "12.5".
    return f"{100 * value:.2f}".rstrip("0").rstrip(".")


def _bar(fraction: float, rtl: bool, start: float = 0.0) -> dict:
    """Where a bar segment sits, in percent of the chart's width, growing from
    the start side (right in Arabic); the value is written just after it."""
    width, offset = fraction * BAR_SCALE, start * BAR_SCALE
    end = offset + width
    return {
        "x": _percent(1 - end if rtl else offset),
        "width": _percent(width),
        "value_x": _percent(1 - end if rtl else end),
    }


def _place_rows(items: list[dict]) -> int:
    """Vertical positions of each row (text line, then bar); returns the height."""
    for index, item in enumerate(items):
        item["text_y"] = index * BAR_ROW + 14
        item["bar_y"] = index * BAR_ROW + 20
        item["value_y"] = index * BAR_ROW + 33
    return len(items) * BAR_ROW


def funnel_rows(stats: dict) -> list[dict]:
    funnel = stats["funnel"]
    collected = funnel["collected"]
    return [
        {
            "key": key,
            "label": label,
            "css": css,
            "value": funnel[key],
            "share": round(100 * funnel[key] / collected) if collected else 0,
            # The plan's list of these ideas: its filters, as the list reads them.
            "query": IdeaFilterForm({"status": "" if key == "collected" else key}).query(),
        }
        for key, label, css in FUNNEL_STAGES
    ]


def funnel_chart(rows: list[dict], rtl: bool) -> dict:
    collected = rows[0]["value"] or 1
    # A finished plan has nobody waiting: no empty bars to read.
    items = [
        {**row, **_bar(row["value"] / collected, rtl)}
        for row in rows
        if row["value"] or not row["key"].startswith("awaiting")
    ]
    return {"items": items, "height": _place_rows(items)}


def in_language(row: dict, field: str, language: str) -> str:
    """A name of the figures in `language`, else in the first language it has."""
    return row.get(f"{field}_{language}") or row[f"{field}_ar"] or row[f"{field}_fr"] or row[f"{field}_en"]


def theme_chart(stats: dict, rtl: bool, language: str) -> dict:
    largest = max((row["total"] for row in stats["by_theme"]), default=0) or 1
    items = [
        {
            **row,
            "name": in_language(row, "name", language),
            "online_bar": _bar(row["online"] / largest, rtl),
            "workshops_bar": _bar(row["workshops"] / largest, rtl, start=row["online"] / largest),
            "value_x": _bar(row["total"] / largest, rtl)["value_x"],
        }
        for row in stats["by_theme"]
    ]
    return {"items": items, "height": _place_rows(items)}


# A national plan holds about ten workshops; a plan with many more lists the
# first ones here, and every one in its list of workshops and the CSV.
WORKSHOP_ROWS = 30


def workshop_table(stats: dict, language: str, limit: int | None = WORKSHOP_ROWS) -> dict:
    """The workshops' rows in `language`, the first `limit` of them (None:
    every one), and the totals of all."""
    rows = [
        {
            **row,
            "title": in_language(row, "title", language),
            "organiser": in_language(row, "organiser", language),
            "institution_names": [
                in_language(institution, "name", language) for institution in row["institutions"]
            ],
            "date": datetime.fromisoformat(row["starts_at"]),
        }
        for row in stats["workshops"]
    ]
    shown = rows if limit is None else rows[:limit]
    return {
        # A page shows the first ones; the totals, the JSON and the CSV hold them all.
        "rows": shown,
        "more": len(rows) - len(shown),
        "registered": sum(row["registered"] for row in rows),
        "attended": sum(row["attended"] for row in rows),
        "ideas": sum(row["ideas"] for row in rows),
        "any_reported": any(row["figures_source"] == "reported" for row in rows),
    }


def statistics_context(plan: Plan, workshop_rows: int | None = WORKSHOP_ROWS) -> dict:
    """What the statistics page and the co-creation report show, in the
    active language (ideas.cocreation_report)."""
    stats = cached_plan_statistics(plan)
    rtl = get_language_bidi()
    language = (get_language() or "ar").split("-")[0]
    rows = funnel_rows(stats)
    return {
        "plan": plan,
        "stats": stats,
        "computed_at": datetime.fromisoformat(stats["generated_at"]),
        "rtl": rtl,
        "funnel": rows,
        "funnel_chart": funnel_chart(rows, rtl),
        "theme_chart": theme_chart(stats, rtl, language),
        "workshops": workshop_table(stats, language, workshop_rows),
    }


@require_GET
@generations.public_page
@plan_list
def statistics_page(request, plan: Plan):
    # The same for every visitor: the page's body is cached under the same
    # generations as its figures, so a change to the data shows at once.
    results = generations.rendered(
        request,
        f"ideas:statistics-page:{plan.pk}",
        statistics_names(plan),
        "ideas/_statistics.html",
        lambda: statistics_context(plan),
    )
    return render(request, "ideas/statistics.html", list_context(plan, results=results))
