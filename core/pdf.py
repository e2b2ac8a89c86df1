"""Render a template to PDF with WeasyPrint, in a given language and direction.

The templates extend `pdf/base.html`, which sets `lang` and `dir` and uses the
Amiri font (OFL, Debian's fonts-hosny-amiri) so Arabic is shaped and embedded.
Documents the portal publishes go through `core.documents`, which calls
`render()`; nothing renders a PDF any other way."""

from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from .context_processors import portal


class Rendered(NamedTuple):
    pdf: bytes
    pages: int


def render(template_name: str, context: dict | None = None, *, language: str, title: str = "") -> Rendered:
    """The PDF of `template_name` in `language` (direction from the language),
    with `title` in its metadata, and its number of pages."""
    with translation.override(language):
        html = render_to_string(
            template_name,
            {
                **portal(None),
                **(context or {}),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "document_title": title,
            },
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return Rendered(document.write_pdf(), len(document.pages))
