"""Sample files, real enough for the readers a citizen or a ministry uses."""

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png() -> bytes:
    """A 1×1 red pixel."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
JS = b"fetch('/ar/account/preferences/').then(r => r.text()).then(alert);\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            # OpenDocument wants `mimetype` first and stored, not deflated.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def opendocument(mime: str = "application/vnd.oasis.opendocument.text") -> bytes:
    return _zip({"mimetype": mime.encode(), "content.xml": b"<office:document-content/>"})


OOXML_PARTS = {
    "docx": ("/word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("/ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def office_open_xml(kind: str = "docx", content_type: str | None = None) -> bytes:
    part, suffix = OOXML_PARTS[kind]
    content_type = content_type or f"application/vnd.openxmlformats-officedocument.{suffix}"
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{part}" ContentType="{content_type}"/></Types>'
    )
    return _zip({"[Content_Types].xml": types.encode(), part.lstrip("/"): b"<document/>"})


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def xlsx(rows: list[list], *, dimension: bool = True) -> bytes:
    """A spreadsheet as Excel writes one (one sheet, text cells inline), built
    fast enough to hold 100,000 rows; `dimension`: the sheet declares its size."""

    def cell(value) -> str:
        if isinstance(value, int | float):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(value or "")}</t></is></c>'

    body = "".join(f'<row r="{n}">{"".join(map(cell, row))}</row>' for n, row in enumerate(rows, 1))
    width = max((len(row) for row in rows), default=1)
    size = f'<dimension ref="A1:{chr(64 + width)}{len(rows)}"/>' if dimension else ""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return _zip(
        {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
                f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{kind}.worksheet+xml"/></Types>'
            ).encode(),
            "_rels/.rels": (
                f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
                f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": (
                f'<workbook xmlns="{main}" xmlns:r="{office}"><sheets>'
                '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
                f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
            ).encode(),
            "xl/worksheets/sheet1.xml": (
                f'<worksheet xmlns="{main}">{size}<sheetData>{body}</sheetData></worksheet>'
            ).encode(),
        }
    )
