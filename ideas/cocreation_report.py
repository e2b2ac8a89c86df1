"""The co-creation report (core.documents): what the plan's statistics page
shows, laid out as Morocco's report on the co-creation of its 2021–2023 plan
does — who took part (online, of which who proposed, and in workshops), the
ideas by theme and source, the workshops, and what became of the ideas —
from the same figures (ideas.statistics), never counted a second time."""

from datetime import date as Date

from django.utils.translation import gettext_lazy as _

from core.documents import Document
from plans.models import Plan
from plans.queries import public_plan_by_pk, readable_by_all

from .statistics import statistics_context, statistics_names


def context(plan: Plan, date: Date | None) -> dict:
    # Every workshop (the page shows the first ones): a report is read whole.
    figures = statistics_context(plan, workshop_rows=None)
    participants = figures["stats"]["participants"]
    return {
        **figures,
        # Online participants who did not propose supported or commented an idea.
        "interacted": participants["online"] - participants["proposers"],
    }


def file_name(plan: Plan, language: str, date: Date | None) -> str:
    stem = {"fr": "rapport-co-creation"}.get(language, "cocreation-report")
    return f"{stem}-{plan.period}-{language}"


COCREATION_REPORT = Document(
    kind="cocreation-report",
    title=_("Co-creation report"),
    template="ideas/pdf/cocreation_report.html",
    context=context,
    # What the figures are read from: the statistics' generations.
    generations=statistics_names,
    file_name=file_name,
    subject="plans.Plan",
    can_view=readable_by_all,
    subject_of=public_plan_by_pk,
)
