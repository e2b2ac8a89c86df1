"""The consultation's report page, "what we heard, what we did"
(consultations.report), and the consultation's PDFs (consultations.documents)
through the one document mechanism (core.documents).

The report is published once the consultation has closed. Before, its
address answers with a page saying when it will be (a 200, not a 404: the
address is printed on the draft and shared while the consultation runs, and
a visitor who follows it learns when to come back); a consultation with no
dates yet, of a plan that is not public, or of another plan: 404. The page
is the same for every visitor: kept whole (`public_page`) under the
generations it reads, its body cached per language and page under the
report's (consultations.documents.names). Its figures count every comment;
its rows per commitment (or section), and what changed in each commitment,
come by pages (the PDF holds them all)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core import documents as published
from core import generations
from plans.lists import page_of
from plans.queries import public_plan

from . import opening, report
from .documents import BY_KIND, REPORT, names
from .generations import CONSULTATIONS
from .models import Consultation

# The report page lists its commitments (or sections) by pages of this many,
# their comments and what changed in them (the fields; the texts before and
# after on each card's page); its PDF lists them all, with the texts.
PER_PAGE = 15


def _consultation(slug: str, pk: int) -> Consultation:
    """The consultation `pk` of the public plan `slug` (its plan from the
    cached public plans, with its phases), or 404."""
    plan = public_plan(slug)
    consultation = Consultation.objects.filter(pk=pk, plan=plan.pk).first()
    if consultation is None:
        raise Http404
    consultation.plan = plan
    return consultation


def pdf_links(consultation: Consultation, document) -> list[tuple[str, str, str]]:
    """(language, its name, address) of `document` in each of its languages."""
    return [
        (
            language,
            published.language_name(language),
            reverse(
                "consultations:document",
                args=[consultation.plan.slug, consultation.pk, document.kind, language],
            ),
        )
        for language in document.in_languages()
    ]


@require_GET
@generations.public_page(query=["page"])
def report_page(request, slug: str, pk: int):
    consultation = _consultation(slug, pk)
    plan = consultation.plan
    state = consultation.state()
    if state == "unscheduled":
        raise Http404
    # Its title and dates are the consultation's: the page follows them.
    generations.current(CONSULTATIONS.name(plan.pk))
    context = {"plan": plan, "consultation": consultation}
    if state != "closed":
        return render(request, "consultations/report_pending.html", context)
    opening.ensure_open(consultation)  # the commitments consulted on, if no one has opened it

    def build() -> dict:
        paged = lambda rows: page_of(request, rows, PER_PAGE)  # noqa: E731
        return {**context, "report": report.build(consultation, paged=paged)}

    body = generations.rendered(
        request,
        f"consultations:report:{consultation.pk}:{generations.page_word(request)}",
        names(consultation),
        "consultations/report_body.html",
        build,
    )
    return render(
        request,
        "consultations/report.html",
        {**context, "body": body, "pdfs": pdf_links(consultation, REPORT)},
    )


@require_GET
def document(request, slug: str, pk: int, kind: str, doc_lang: str):
    """A consultation's PDF: the file when it is there for today's data;
    else a page saying it is being prepared. An unknown document or
    language, a document not out yet (the draft before the consultation
    opens, the report before it closes): 404."""
    document = BY_KIND.get(kind)
    if document is None or doc_lang not in document.in_languages():
        raise Http404
    consultation = _consultation(slug, pk)
    if not document.can_view(request.user, consultation):
        raise Http404
    opening.ensure_open(consultation)  # the commitments consulted on, if no one has opened it
    status = published.ask(document, consultation, doc_lang)
    context = {
        "plan": consultation.plan,
        "consultation": consultation,
        "language_name": published.language_name(doc_lang),
    }
    return published.answer(request, status, "consultations/report_document_status.html", context)
