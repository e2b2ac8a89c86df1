"""The open data of plans, declared for the open-data registry
(core/datasets.py): each public plan's document repository (OGP standard 2:
a public repository updated at least twice a year), so that anyone can
check when it was last added to. No personal data.

Column names are stable: add columns at the end, never rename one."""

from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import documents
from core.datasets import Column, Dataset, Links

from . import checklist, repository
from .models import Plan
from .queries import public_plan_by_pk, public_plans

COLUMNS = [
    Column("plan", _("Identifier (slug) of the action plan.")),
    Column("title", _("Title of the document, in the language of the download.")),
    Column(
        "source",
        _(
            "“added”: a document the secretariat added; “rendered”: a document the portal produced "
            "from its data."
        ),
    ),
    Column(
        "kind",
        _(
            "For an added document: method, timeline, minutes, report, plan or other; for a rendered one, "
            "the document (action-plan, cocreation-report, progress-report)."
        ),
    ),
    Column("date", _("When it was added, or last rendered (ISO 8601)."), type="date"),
    Column(
        "as_of", _("For a dated report, the date its figures are given at; empty otherwise."), type="date"
    ),
    Column("language", _("Language of the document (ar, fr, en).")),
    Column("url", _("Address of the file.")),
]


def document_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """The repository of each public plan (or of `plan`), newest first."""
    for each in [plan] if plan is not None else public_plans():
        for entry in repository.entries(each):
            href = entry["href"]
            yield {
                "plan": each.slug,
                "title": entry["title"],
                "source": entry["source"],
                "kind": entry["kind_key"],
                "date": entry["date"].isoformat(),
                "as_of": entry["as_of"].isoformat() if entry["as_of"] else "",
                "language": entry["language_code"],
                "url": links.to(href) if href.startswith("/") else href,
            }


CHECKLIST_COLUMNS = [
    Column("plan", _("Identifier (slug) of the action plan.")),
    Column(
        "standard",
        _(
            "The OGP standard the line belongs to: dialogue, information, participation, response, "
            "monitoring (standards 1 to 5), or rules (the plan rules)."
        ),
    ),
    Column("standard_number", _("The standard's number (1 to 5); empty for the plan rules."), type="integer"),
    Column("line", _("Identifier of the line (stable): the app that checks it and what it checks.")),
    Column("requirement", _("The requirement checked, in Arabic.")),
    Column("state", _("met, at_risk (not yet met, its deadline still ahead) or not_met.")),
    Column("summary", _("What was found, in Arabic.")),
    Column("figures", _("The figures the state was read from, “label: value”, in Arabic."), type="list"),
    Column(
        "evidence",
        _("Addresses of the pages the line counted (meetings, documents, ideas, comments)."),
        type="list",
    ),
    Column(
        "assessed_on",
        _("The day assessed (ISO 8601): today, or the plan's last day once its last year is over."),
        type="date",
    ),
    Column("computed_at", _("When the checklist was computed (ISO 8601)."), type="datetime"),
]


def checklist_rows(plan: Plan | None, links: Links) -> Iterator[dict]:
    """Every line of each public plan's OGP checklist (or `plan`'s), in the
    portal's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        for each in [plan] if plan is not None else public_plans():
            assessed = checklist.assess(each)
            for section in assessed.standards:
                for checked in section.lines:
                    result = checked.result
                    yield {
                        "plan": each.slug,
                        "standard": section.standard.key,
                        "standard_number": section.standard.number,
                        "line": checked.line.key,
                        "requirement": str(checked.line.label),
                        "state": result.state,
                        "summary": result.summary,
                        "figures": [f"{label}: {value}" for label, value in result.figures],
                        "evidence": [
                            links.to(url) if url.startswith("/") else url for _label, url in result.links
                        ],
                        "assessed_on": assessed.day.isoformat(),
                        "computed_at": timezone.localtime(assessed.computed_at).isoformat(timespec="seconds"),
                    }


def _checklist_generations(plan_id: int) -> list[str]:
    plan = public_plan_by_pk(plan_id)
    return checklist.names(plan) if plan is not None else ["plans"]


DATASETS = [
    Dataset(
        key="plan-documents",
        title=_("Document repository of every public action plan"),
        description=_(
            "The documents of each public action plan: those the secretariat added (method, timeline, "
            "minutes, reports) and those the portal renders from its data (the action plan, the "
            "co-creation report, the progress reports), each with its date, so that the repository's "
            "updates can be checked (OGP standard 2: at least twice a year)."
        ),
        columns=COLUMNS,
        rows=document_rows,
        # The plans (their documents), and each plan's rendered documents.
        generations=lambda plan_id: ["plans", documents.generation_of(Plan(pk=plan_id))],
    ),
    Dataset(
        key="ogp-checklist",
        title=_("OGP compliance checklist of every public action plan"),
        description=_(
            "For each public action plan, each line of its OGP compliance checklist: the minimum "
            "requirement of the OGP Participation and Co-Creation Standards (or the plan rule) checked from "
            "the portal's data, its state (met, at risk, not met), what was found, the figures and the "
            "addresses of the evidence, and the day assessed. Computed each day."
        ),
        columns=CHECKLIST_COLUMNS,
        rows=checklist_rows,
        # What the lines read, and the day (a deadline passes at midnight).
        generations=_checklist_generations,
    ),
]
