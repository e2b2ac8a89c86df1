from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core import documents, generations

from . import checklist, repository, slots
from .documents import CHECKLIST
from .lists import list_context
from .queries import begun_plans, plan_for, public_plan, public_plans


@require_GET
@generations.public_page
def index(request):
    return render(request, "plans/index.html", {"plans": public_plans()})


@require_GET
@generations.public_page
def detail(request, slug: str):
    plan = public_plan(slug)
    # What the apps above show of the plan (its commitments' completion).
    return render(request, "plans/detail.html", {"plan": plan, "shown": slots.PAGE.render(plan, request)})


@require_GET
@generations.public_page
def section(request, section: str):
    """`/<lang>/ideas/`, `/workshops/`, `/commitments/` (the main menu's
    sections, and addresses people type): the list of the plan at that stage
    today (plans.queries.plan_for), else a chooser of the plans that reached
    it, saying that none is there today."""
    plan = plan_for(section)
    if plan is not None:
        return redirect(reverse(f"{section}:index", args=[plan.slug]))
    context = {"section": section, "menu_section": section, "plans": begun_plans(section)}
    return render(request, "plans/section.html", context)


@require_GET
@generations.public_page
def plan_documents(request, slug: str):
    plan = public_plan(slug)
    generations.current(documents.generation_of(plan))  # rebuilt when a document is rendered
    published = repository.published(plan)
    entries = repository.entries(plan, published)
    context = list_context(
        plan,
        published=published,
        repository=entries,
        last_added=entries[0]["date"] if entries else None,
    )
    return render(request, "plans/documents.html", context)


@require_GET
def plan_document(request, slug: str, kind: str, language: str, date=None):
    """One document: its file when it is there for today's data; otherwise
    one render is asked for and this page says it is being prepared, and
    asks again by itself (no JavaScript), until the file is there."""
    plan = public_plan(slug)
    document = documents.registry().get(kind)
    if document is None or document.subject != repository.PLAN or not document.public:
        raise Http404
    if language not in document.in_languages():
        raise Http404
    if date is not None and (document.dates is None or date not in document.dates(plan)):
        raise Http404
    status = documents.ask(document, plan, language, date)
    context = {"plan": plan, "language_name": documents.language_name(language)}
    return documents.answer(request, status, "plans/document_status.html", context)


@require_GET
@generations.public_page
def ogp_checklist(request, slug: str):
    """The plan's OGP compliance checklist (plans.checklist): each line with
    its state, figures and evidence, assessed today (or on the plan's last
    day, once past); its body cached per language under what the lines read
    and the day's generation, and its PDF in each language."""
    plan = public_plan(slug)
    body = generations.rendered(
        request,
        f"plans:checklist:{plan.pk}",
        checklist.names(plan),
        "plans/_checklist.html",
        lambda: {"plan": plan, "checklist": checklist.assess(plan), "public": True},
    )
    pdfs = [
        (
            language,
            documents.language_name(language),
            reverse("plans:document", args=[slug, CHECKLIST.kind, language]),
        )
        for language in CHECKLIST.in_languages()
    ]
    return render(request, "plans/checklist.html", list_context(plan, body=body, pdfs=pdfs))
