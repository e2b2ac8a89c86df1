"""plans' published document (core.documents): a plan's OGP compliance
checklist (plans.checklist), in Arabic, French and English, listed on the
plan's documents page with the others."""

from datetime import date as Date

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import documents
from core.documents import Document

from . import checklist
from .models import Plan
from .queries import public_plan_by_pk, readable_by_all


def context(plan: Plan, date: Date | None) -> dict:
    assessed = checklist.assess(plan)
    site = settings.SITE_URL.rstrip("/")
    for checked in assessed.results():
        # The PDF's links lead back to the portal.
        checked.links = [
            (label, site + url if url.startswith("/") else url) for label, url in checked.result.links
        ]
    return {"plan": plan, "checklist": assessed, "computed_at": assessed.computed_at}


def generations(plan: Plan) -> list[str]:
    """What the checklist reads, today's day included, but not the plan's
    rendered documents (the repository's line counts them): rendering this
    one makes them change, and it would then never be up to date. A
    document rendered since shows in the PDF the next day."""
    rendered = documents.generation_of(plan)
    return [name for name in checklist.names(plan) if name != rendered]


def file_name(plan: Plan, language: str, date: Date | None) -> str:
    stem = {"fr": "conformite-ogp"}.get(language, "ogp-checklist")
    return f"{stem}-{plan.period}-{language}"


CHECKLIST = Document(
    kind="ogp-checklist",
    title=_("OGP compliance checklist"),
    template="plans/pdf/checklist.html",
    context=context,
    generations=generations,
    file_name=file_name,
    subject="plans.Plan",
    can_view=readable_by_all,
    subject_of=public_plan_by_pk,
)

DOCUMENTS = [CHECKLIST]
