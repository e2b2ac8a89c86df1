"""The action plan as a document (core.documents): what a member files with
OGP, a minister signs and the press reads — its cover, context, co-creation
method and timeline, participation figures, themes, one card per public
commitment with its milestones and indicators, and the annexes (the ideas'
funnel, filled by ideas through commitments.slots; the institutions).

Everything is read in a fixed number of queries, whatever the number of
commitments: the plan's rows, then the cards with their related rows
prefetched."""

from datetime import date as Date
from datetime import timedelta

from django.db.models import Prefetch
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from core.documents import Document
from plans.models import Plan
from plans.queries import public_plan_by_pk, readable_by_all

from . import slots
from .models import OGP_VALUES, Commitment, Indicator, Milestone


def _cards(plan: Plan, only=None) -> list[Commitment]:
    """The plan's public commitments (or those of `only`, ids or a query of
    them), in order, with what their cards show."""
    cards = Commitment.objects.public().filter(plan=plan)
    if only is not None:
        cards = cards.filter(pk__in=only)
    cards = list(
        cards.select_related("theme", "lead_institution")
        .prefetch_related(
            "involved_institutions",
            "partner_associations",
            Prefetch("milestones", Milestone.objects.select_related("responsible_institution")),
            Prefetch("indicators", Indicator.objects.all()),
        )
        .order_by("number")
    )
    values = [(name, str(Commitment._meta.get_field(name).verbose_name)) for name in OGP_VALUES]
    for card in cards:
        card.plan = plan
        card.ogp_values = [label for name, label in values if getattr(card, name)]
    return cards


def _institutions(cards: list[Commitment]) -> list[dict]:
    """Every institution the cards name (leading, involved, responsible for a
    milestone), with the numbers of the commitments it leads and takes part in."""
    rows: dict[int, dict] = {}

    def row(institution) -> dict:
        return rows.setdefault(institution.pk, {"institution": institution, "leads": [], "involved": []})

    for card in cards:
        row(card.lead_institution)["leads"].append(card.number)
        others = {institution.pk: institution for institution in card.involved_institutions.all()}
        for milestone in card.milestones.all():
            if milestone.responsible_institution is not None:
                others.setdefault(milestone.responsible_institution_id, milestone.responsible_institution)
        for pk, institution in others.items():
            if pk != card.lead_institution_id:
                row(institution)["involved"].append(card.number)
    return sorted(rows.values(), key=lambda row: str(row["institution"].name))


def _share(value: float) -> str:
    # A string: a template would localise a float ("12,5"), and SVG wants "12.5".
    return f"{100 * value:.2f}"


def _timeline(phases: list, rtl: bool) -> dict | None:
    """The timeline's chart, a bar per phase in the phases' table (`phase.bar`):
    where each bar sits, in percent of the column's width, time running from
    the start side (right to left in Arabic), the years drawn behind."""
    if not phases:
        return None
    first = Date(min(phase.start for phase in phases).year, 1, 1)
    last = Date(max(phase.end for phase in phases).year + 1, 1, 1)
    span = (last - first).days

    def at(day: Date) -> float:
        share = (day - first).days / span
        return 1 - share if rtl else share

    for phase in phases:
        start, end = at(phase.start), at(phase.end + timedelta(days=1))
        phase.bar = {"x": _share(min(start, end)), "width": _share(abs(end - start))}
    return {
        # A line where each year starts, its number in the middle of it.
        "years": [
            {"year": year, "x": _share(at(Date(year, 1, 1))), "middle": _share(at(Date(year, 7, 2)))}
            for year in range(first.year, last.year)
        ],
        "end_x": _share(at(last)),
    }


def context(plan: Plan, date=None, *, only=None) -> dict:
    """The document's context; `only` limits its cards to some commitments
    (the draft plan put to consultation: consultations.documents)."""
    plan = Plan.objects.select_related("member").prefetch_related("phases", "documents").get(pk=plan.pk)
    cards = _cards(plan, only)
    themes = list(plan.themes.order_by("number"))
    by_theme: dict[int, list[Commitment]] = {}
    for card in cards:
        by_theme.setdefault(card.theme_id, []).append(card)
    for theme in themes:
        theme.cards = by_theme.get(theme.pk, [])
    phases = plan.phases_in_order()
    return {
        "document_title": plan.title,
        "plan": plan,
        "phases": phases,
        "timeline": _timeline(phases, get_language_bidi()),
        "documents": list(plan.documents.all()),
        "themes": themes,
        "commitments": cards,
        "institutions": _institutions(cards),
        # What the apps above put in the document (ideas: participation, the funnel).
        "figures": slots.ACTION_PLAN_FIGURES.render(plan),
        "annexes": slots.ACTION_PLAN_ANNEXES.read(plan),
    }


def generations(plan: Plan) -> list[str]:
    return ["plans", *slots.ACTION_PLAN_READS.page(plan.pk)]


# The file's name in each language, its words in that language.
FILE_NAMES = {"ar": "action-plan", "fr": "plan-action", "en": "action-plan"}


def file_name(plan: Plan, language: str, date=None) -> str:
    return f"{FILE_NAMES.get(language, 'action-plan')}-{plan.period}-{language}"


ACTION_PLAN = Document(
    kind="action-plan",
    title=_("Action plan"),
    template="commitments/pdf/action_plan.html",
    context=context,
    generations=generations,
    file_name=file_name,
    subject="plans.Plan",
    can_view=readable_by_all,
    subject_of=public_plan_by_pk,
)
