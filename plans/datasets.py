"""The open data of plans, declared for the open-data registry
(core/datasets.py): each public plan's document repository (OGP standard 2:
a public repository updated at least twice a year), so that anyone can
check when it was last added to. No personal data.

Column names are stable: add columns at the end, never rename one."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from core import documents
from core.datasets import Column, Dataset, Links

from . import repository
from .models import Plan
from .queries import public_plans

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
]
