"""A meeting's agenda and minutes as PDFs (committee.documents), through the
one document mechanism (core.documents): the file when it is there for
today's data, else a page saying it is being prepared. A meeting whose
document is not out (no convocation sent, minutes not published), whose
plan the visitor may not read, or an unknown document or language: 404."""

from django.http import Http404
from django.views.decorators.http import require_GET

from core import documents

from .documents import BY_KIND, meeting_of


@require_GET
def meeting_document(request, pk: int, kind: str, doc_lang: str):
    document = BY_KIND.get(kind)
    if document is None or doc_lang not in document.in_languages():
        raise Http404
    meeting = meeting_of(pk)
    if meeting is None or not document.can_view(request.user, meeting):
        raise Http404
    status = documents.ask(document, meeting, doc_lang)
    context = {"language_name": documents.language_name(doc_lang)}
    return documents.answer(request, status, "core/document_status.html", context)
