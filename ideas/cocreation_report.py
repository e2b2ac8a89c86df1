"""The co-creation report (core.documents): what the plan's statistics page
shows, laid out as Morocco's report on the co-creation of its 2021–2023 plan
does — who took part (online, of which who proposed, and in workshops), the
ideas by theme and source, the workshops, and what became of the ideas —
from the same figures (ideas.statistics), never counted a second time."""

from datetime import date as Date

from django.utils.translation import gettext_lazy as _

from core.documents import Document
from core.generations import PerPlan
from core.slots import Slot
from plans.models import Plan
from plans.queries import public_plan_by_pk, readable_by_all

from .generations import IDEAS
from .statistics import statistics_context, statistics_names

# What the apps beside ideas add to the report after the ideas' funnel,
# each part's template rendered with what it reads of the plan
# (consultations: the table of the plan's public consultations). They sit
# beside ideas, which imports none of them: they fill it from their
# AppConfig.ready(), and declare the generations of what they add with
# `READS.shows()`.
PARTS = Slot()
READS = PerPlan(IDEAS.app)


def context(plan: Plan, date: Date | None) -> dict:
    # Every workshop (the page shows the first ones): a report is read whole.
    figures = statistics_context(plan, workshop_rows=None)
    participants = figures["stats"]["participants"]
    return {
        **figures,
        # Online participants who did not propose supported or commented an idea.
        "interacted": participants["online"] - participants["proposers"],
        "parts": PARTS.render(plan),
    }


def generations(plan: Plan) -> list[str]:
    """The statistics' generations, and those of what the parts add."""
    return list(dict.fromkeys([*statistics_names(plan), *READS.page(plan.pk)]))


def file_name(plan: Plan, language: str, date: Date | None) -> str:
    stem = {"fr": "rapport-co-creation"}.get(language, "cocreation-report")
    return f"{stem}-{plan.period}-{language}"


COCREATION_REPORT = Document(
    kind="cocreation-report",
    title=_("Co-creation report"),
    template="ideas/pdf/cocreation_report.html",
    context=context,
    # What the figures are read from: the statistics' generations, and the parts'.
    generations=generations,
    file_name=file_name,
    subject="plans.Plan",
    can_view=readable_by_all,
    subject_of=public_plan_by_pk,
)
