from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import documents, generations

from . import slots
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


# The plan's documents (core.documents): the action plan and its reports in
# every language, and the plan's document repository (OGP standard 2).

PLAN = "plans.Plan"


def _plan_documents(plan) -> list[dict]:
    """Each published document of the plan, with its status in every language
    (and at every date it offers), without asking for any render."""
    rows = []
    for document in documents.of_subject(PLAN):
        dates = [None, *document.dates(plan)] if document.dates is not None else [None]
        languages = document.in_languages()
        statuses = documents.statuses(document, plan, [(lang, day) for day in dates for lang in languages])
        files = [
            {"status": status, "name": documents.language_name(status.language), "url": _url(plan, status)}
            for status in statuses
        ]
        by_date = [files[i : i + len(languages)] for i in range(0, len(files), len(languages))]
        rows.append({"document": document, "dates": list(zip(dates, by_date, strict=True))})
    return rows


def _url(plan, status) -> str:
    args = [plan.slug, status.document.kind, *([status.date] if status.date else []), status.language]
    return reverse("plans:document", args=args)


def _repository(plan, published: list[dict]) -> list[dict]:
    """The plan's document repository: the documents the secretariat added
    and those the portal rendered, each with its date, newest first."""
    entries = [
        {
            "title": doc.title,
            "kind": doc.get_kind_display(),
            "date": doc.date,
            "language": doc.language,
            "href": doc.href,
        }
        for doc in plan.documents.all()
    ]
    # Each rendered document as last rendered (a later edit of its data
    # makes it stale until the next request renders it again): its date is
    # the render's.
    for row in published:
        for day, files in row["dates"]:
            for status in (file["status"] for file in files):
                if status.row is not None and status.row.file:
                    entries.append(
                        {
                            "title": row["document"].title,
                            "kind": "",
                            "date": timezone.localdate(status.row.rendered_at),
                            "as_of": day,
                            "language": documents.language_name(status.language),
                            "href": status.row.file.url,
                        }
                    )
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)


@require_GET
@generations.public_page
def plan_documents(request, slug: str):
    plan = public_plan(slug)
    generations.current(documents.generation_of(plan))  # rebuilt when a document is rendered
    published = _plan_documents(plan)
    repository = _repository(plan, published)
    context = list_context(
        plan,
        published=published,
        repository=repository,
        last_added=repository[0]["date"] if repository else None,
    )
    return render(request, "plans/documents.html", context)


@require_GET
def plan_document(request, slug: str, kind: str, language: str, date=None):
    """One document: its file when it is there for today's data; otherwise
    one render is asked for and this page says it is being prepared, and
    asks again by itself (no JavaScript), until the file is there."""
    plan = public_plan(slug)
    document = documents.registry().get(kind)
    if document is None or document.subject != PLAN or not document.public:
        raise Http404
    if language not in document.in_languages():
        raise Http404
    if date is not None and (document.dates is None or date not in document.dates(plan)):
        raise Http404
    status = documents.ask(document, plan, language, date)
    context = {"plan": plan, "language_name": documents.language_name(language)}
    return documents.answer(request, status, "plans/document_status.html", context)
