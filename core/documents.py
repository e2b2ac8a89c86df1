"""Published documents: what the portal renders as PDF, declared once.

Each app declares its documents in its `documents.py` (`DOCUMENTS = [...]`)
with `Document`: a kind (`action-plan`), a title, a template under
`<app>/templates/<app>/pdf/` that extends `pdf/base.html`, a function
building its context from its subject (a plan, a workshop) and, for a
dated document, a date, and the generations (core.generations) it is built
from, so that an edit, a deletion or an import makes it stale."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from django.utils import translation

from . import pdf


@dataclass(frozen=True)
class Document:
    kind: str
    # The document's name, lazy (gettext_lazy): in lists and in the PDF's metadata.
    title: Any
    template: str
    # context(subject, date) -> dict, called with the document's language
    # active; `date` is None for an undated document.
    context: Callable[[Any, Date | None], dict]
    # The generations the document of `subject` is read from.
    generations: Callable[[Any], Sequence[str]]
    # file_name(subject, language, date) -> a readable, language-specific
    # name without extension ("plan-action-2021-2023-fr").
    file_name: Callable[[Any, str, Date | None], str]
    # The model of the documents' subject ("plans.Plan").
    subject: str
    # A dated document (a progress report at a date): the dates its page
    # offers for `subject` (the end of each past half-year); None: undated.
    dates: Callable[[Any], Sequence[Date]] | None = None
    # Listed on the plan's documents page and in its repository, and served
    # to anyone when its subject is public; otherwise `can_view(user, subject)`.
    public: bool = True
    can_view: Callable[[Any, Any], bool] | None = None


def render(document: Document, subject, language: str, date: Date | None = None) -> pdf.Rendered:
    """The document of `subject` in `language` (and at `date`), rendered now."""
    with translation.override(language):
        context = {"date": date, **document.context(subject, date)}
        title = str(context.get("document_title") or document.title)
        # The template reads its date as `date` (None when undated).
    return pdf.render(document.template, context, language=language, title=title)
