"""Render a template to PDF with WeasyPrint, in a given language and direction.

The templates extend `pdf/base.html`, which sets `lang` and `dir`, the font
(Amiri, OFL, Debian's fonts-hosny-amiri: Arabic and Latin in one face), the
running header, "page X of Y" and the classes the documents share (listed at
its top). Every PDF is tagged (WeasyPrint's `pdf_tags`: the structure tree a
screen reader follows), carries its language (`/Lang`, from `<html lang>`)
and its title (document information and XMP metadata, shown by viewers in
place of the file name), and embeds a subset of each font it uses.
Documents the portal publishes go through `core.documents`, which calls
`render()`; nothing renders a PDF any other way."""

import gc
import re
from contextlib import contextmanager
from typing import NamedTuple
from xml.sax.saxutils import escape as xml_escape

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from weasyprint import HTML, __version__

from .bidi import FSI, LRI, PDI
from .context_processors import portal


class Rendered(NamedTuple):
    pdf: bytes
    pages: int


def render(template_name: str, context: dict | None = None, *, language: str, title: str = "") -> Rendered:
    """The PDF of `template_name` in `language` (direction from the language),
    with `title` in its metadata (else the template's <title>), and its number
    of pages."""
    with translation.override(language):
        html = render_to_string(
            template_name,
            {
                **portal(None),
                **(context or {}),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "document_title": title,
                "page_counter": page_counter(),
            },
        )
    with _collector_paused():
        return _write(html, title)


def _write(html: str, title: str) -> Rendered:
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    if title:
        document.metadata.title = str(title)
    pdf = document.write_pdf(pdf_tags=True, finisher=_xmp_metadata)
    return Rendered(pdf, len(document.pages))


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused while WeasyPrint lays out and
    writes a document. A render builds hundreds of thousands of objects
    (elements' styles, boxes, their copies on each page) that all live until
    the PDF is written, and the collector walked them again and again as they
    grew: a fifth of the action plan's time, less for a plain text. A render
    leaves little garbage in cycles (its peak memory is the same): the
    collector takes it after, as usual."""
    if not gc.isenabled():  # another render in this process has paused it
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


PLACEHOLDER = re.compile(r"%\((pages?)\)s")


def page_counter() -> SafeString:
    """The CSS `content` of the foot of each page in the active language:
    «page 3 of 12», «page 3 sur 12», «صفحة 3 من 12», from one translatable
    string cut around its two numbers. The whole is isolated (in the
    direction of its first letter) and each number left to right, so the
    Arabic reads right to left, with Western digits, whatever the margin
    box's direction."""
    # Translators: at the foot of every page of a PDF: «page 3 of 12».
    text = gettext("page %(page)s of %(pages)s")
    parts = []
    for i, piece in enumerate(PLACEHOLDER.split(text)):
        if i % 2:  # "page" or "pages", the name of a counter
            parts.append(f"{css_string(LRI)} counter({piece}) {css_string(PDI)}")
        elif piece:
            parts.append(css_string(piece))
    # Every character but ASCII letters and digits is a CSS escape: nothing
    # in a translation can close the string or the <style> element.
    return mark_safe(" ".join([css_string(FSI), *parts, css_string(PDI)]))  # noqa: S308


def css_string(text: str) -> str:
    """A CSS string literal of `text`, every character but ASCII letters and
    digits escaped (spaces too: CSS swallows a space after an escape)."""
    return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>WeasyPrint {version}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""


def _xmp_metadata(document, pdf) -> None:
    """The title and language in XMP too, where accessibility checkers (and
    PDF/UA) look for them. WeasyPrint writes XMP only for its PDF/A and PDF/UA
    variants, which would claim a conformance nobody has verified here."""
    metadata = document.metadata
    packet = XMP.format(
        title=xml_escape(metadata.title or ""), language=xml_escape(metadata.lang or ""), version=__version__
    )
    stream = pydyf.Stream([packet.encode()], {"Type": "/Metadata", "Subtype": "/XML"})
    pdf.add_object(stream)
    pdf.catalog["Metadata"] = stream.reference
