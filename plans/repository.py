"""A plan's published documents (core.documents) and its document repository
(OGP standard 2: a public repository, updated at least twice a year): the
documents the secretariat added and the ones the portal rendered, each with
its date. The plan's documents page and the open data read them here."""

from django.urls import reverse
from django.utils import timezone

from core import documents

PLAN = "plans.Plan"


def published(plan) -> list[dict]:
    """Each published document of the plan, with its status in every language
    (and at every date it offers), without asking for any render."""
    rows = []
    for document in documents.of_subject(PLAN):
        dates = [None, *document.dates(plan)] if document.dates is not None else [None]
        languages = document.in_languages()
        statuses = documents.statuses(document, plan, [(lang, day) for day in dates for lang in languages])
        files = [
            {"status": status, "name": documents.language_name(status.language), "url": url(plan, status)}
            for status in statuses
        ]
        by_date = [files[i : i + len(languages)] for i in range(0, len(files), len(languages))]
        rows.append({"document": document, "dates": list(zip(dates, by_date, strict=True))})
    return rows


def url(plan, status) -> str:
    args = [plan.slug, status.document.kind, *([status.date] if status.date else []), status.language]
    return reverse("plans:document", args=args)


def entries(plan, rows: list[dict] | None = None) -> list[dict]:
    """The plan's document repository, newest first: the documents the
    secretariat added and those the portal rendered (`rows`: published()),
    each with its date, kind, language and address."""
    found = [
        {
            "title": doc.title,
            "source": "added",
            "kind": doc.get_kind_display(),
            "kind_key": doc.kind,
            "date": doc.date,
            "as_of": None,
            "language": doc.language,
            "language_code": doc.language,
            "href": doc.href,
        }
        for doc in plan.documents.all()
    ]
    # Each rendered document as last rendered (a later edit of its data
    # makes it stale until the next request renders it again): its date is
    # the render's.
    for row in published(plan) if rows is None else rows:
        for day, files in row["dates"]:
            for status in (file["status"] for file in files):
                if status.row is not None and status.row.file:
                    found.append(
                        {
                            "title": row["document"].title,
                            "source": "rendered",
                            "kind": "",
                            "kind_key": row["document"].kind,
                            "date": timezone.localdate(status.row.rendered_at),
                            "as_of": day,
                            "language": documents.language_name(status.language),
                            "language_code": status.language,
                            "href": status.row.file.url,
                        }
                    )
    return sorted(found, key=lambda entry: entry["date"], reverse=True)
