"""The consultations' published documents (core.documents), in Arabic,
French and English, each about one consultation:

- the draft plan put to consultation (`draft-plan`): the action plan's
  layout (commitments.action_plan) with the commitments consulted on, marked
  as a draft for consultation. Asked for when the consultation opens (the
  ON_OPEN hook below); while open it follows what is put to consultation
  (consultations.generations.TEXTS: not the comments) and the cards; once
  closed, the file rendered last stands (`keeps`): the draft as it was
  consulted on, whatever the adopted version says since.
- the report, "what we heard, what we did" (`consultation-report`,
  consultations.report), once the consultation has closed.

Both go to everyone once their plan is public (and for the draft, once the
consultation has opened; for the report, once it has closed), served at
`/<lang>/plans/<slug>/consultations/<pk>/documents/<kind>/<lang>/`
(consultations.views_report.document)."""

import logging

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments import action_plan
from commitments.generations import COMMITMENTS
from core import documents
from core.bidi import direction
from core.documents import Document
from plans.queries import public_plan_by_pk

from . import report
from .generations import CONSULTATIONS, TEXTS
from .models import Consultation

logger = logging.getLogger(__name__)

DRAFT = Consultation.Subject.DRAFT_PLAN


def consultation_of(pk: int) -> Consultation | None:
    """The consultation with its plan from the cached public plans (one
    query), or None when there is none or its plan is not public: how a
    download and the documents' view find it."""
    consultation = Consultation.objects.filter(pk=pk).first()
    if consultation is None:
        return None
    plan = public_plan_by_pk(consultation.plan_id)
    if plan is None:
        return None
    consultation.plan = plan
    return consultation


def _public(consultation: Consultation) -> bool:
    return public_plan_by_pk(consultation.plan_id) is not None


def can_read_draft(user, consultation: Consultation) -> bool:
    """The draft plan's PDF: once the consultation has opened, its plan public."""
    return (
        consultation.subject == DRAFT and _public(consultation) and consultation.state() in ("open", "closed")
    )


def can_read_report(user, consultation: Consultation) -> bool:
    """The report: once the consultation has closed, its plan public."""
    return _public(consultation) and consultation.state() == "closed"


def _stem(stems: dict[str, str], default: str):
    """rapport-consultation-2021-2023-fr: the words in the document's
    language (Arabic: the English ones, as the portal's other documents);
    a text's consultation (a plan may have several) adds its number."""

    def file_name(consultation: Consultation, language: str, date=None) -> str:
        which = "" if consultation.subject == DRAFT else f"-{consultation.pk}"
        return f"{stems.get(language, default)}-{consultation.plan.period}{which}-{language}"

    return file_name


def names(consultation: Consultation) -> list[str]:
    """What the report is read from: the plans (names of institutions,
    associations, themes), the consultation's comments and answers, and the
    commitments (their titles, and what changed since they were consulted on)."""
    return ["plans", CONSULTATIONS.name(consultation.plan_id), COMMITMENTS.name(consultation.plan_id)]


def _with_plan(consultation: Consultation) -> Consultation:
    """The consultation read again with its plan, member and phases (its
    window): the render task finds it by the rendition's generic relation."""
    return (
        Consultation.objects.select_related("plan__member")
        .prefetch_related("plan__phases")
        .get(pk=consultation.pk)
    )


def _lines(entries) -> list[dict]:
    """A card's changes for the PDF, each text with its direction
    (core.bidi.direction): WeasyPrint reads no dir="auto"."""
    return [
        {
            "subject": entry.subject,
            "subject_dir": direction(entry.subject),
            "kind": entry.kind,
            "changes": [
                (label, before, direction(before), after, direction(after))
                for label, before, after in entry.changes
            ],
        }
        for entry in entries
    ]


def report_context(consultation: Consultation, date=None) -> dict:
    consultation = _with_plan(consultation)
    built = report.build(consultation)
    for change in built.changes:  # the PDF's own form of them
        change.entries = _lines(change.entries)
    return {
        "document_title": f"{_('Consultation report')} — {consultation.title}",
        "consultation": consultation,
        "plan": consultation.plan,
        "report": built,
        "computed_at": timezone.now(),
    }


def draft_context(consultation: Consultation, date=None) -> dict:
    consultation = _with_plan(consultation)
    plan = consultation.plan
    return {
        **action_plan.context(plan, None, only=consultation.commitments.values("pk")),
        "document_title": f"{plan.title} — {_('Draft for public consultation')}",
        "consultation": consultation,
        "window": report.duration(consultation),
        "address": _address(consultation),
    }


def _address(consultation: Consultation) -> str:
    """Where the draft is commented on: the consultation's page, in the
    document's language (the site's address if the page is not wired)."""
    site = settings.SITE_URL.rstrip("/")
    try:
        return site + consultation.get_absolute_url()
    except NoReverseMatch:
        return site


def draft_names(consultation: Consultation) -> list[str]:
    """The action plan's generations (its cards and what the apps above put
    in it) and what is put to consultation: not the comments."""
    return [*action_plan.generations(consultation.plan), TEXTS.name(consultation.plan_id)]


REPORT = Document(
    kind="consultation-report",
    title=_("Consultation report"),
    template="consultations/pdf/report.html",
    context=report_context,
    generations=names,
    file_name=_stem({"fr": "rapport-consultation"}, "consultation-report"),
    subject="consultations.Consultation",
    public=False,  # not listed with the plan's documents: on the consultation's pages
    can_view=can_read_report,
    subject_of=consultation_of,
)
DRAFT_PLAN = Document(
    kind="draft-plan",
    title=_("Draft action plan"),
    template="consultations/pdf/draft_plan.html",
    context=draft_context,
    generations=draft_names,
    file_name=_stem({"fr": "projet-plan-action"}, "draft-action-plan"),
    subject="consultations.Consultation",
    public=False,
    can_view=can_read_draft,
    subject_of=consultation_of,
    # The draft as consulted on: once closed, the last file rendered stands.
    keeps=lambda consultation: consultation.state() == "closed",
)

DOCUMENTS = [DRAFT_PLAN, REPORT]
# The documents' view finds them by the kind in their address.
BY_KIND = {document.kind: document for document in DOCUMENTS}


def ask_draft_plan(consultation: Consultation) -> None:
    """On opening (consultations.opening.ON_OPEN): the draft plan's PDF is
    asked for in each language, so that it is there for the first visitors
    and stands for what was put to consultation. A failure is logged and
    leaves the opening alone: the next download asks again."""
    if consultation.subject != DRAFT:
        return
    for language in DRAFT_PLAN.in_languages():
        try:
            documents.ask(DRAFT_PLAN, consultation, language)
        except Exception:
            logger.exception("Could not ask for the draft plan of consultation %s.", consultation.pk)
