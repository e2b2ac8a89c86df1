"""Render a template to PDF with WeasyPrint, in a given language and direction.

The templates extend `pdf/base.html`, which sets `lang` and `dir` and uses the
Amiri font (OFL, Debian's fonts-hosny-amiri) so Arabic is shaped and embedded."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from .context_processors import portal


def render_pdf(template_name: str, context: dict | None = None, *, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(
            template_name,
            {
                **portal(None),
                **(context or {}),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
