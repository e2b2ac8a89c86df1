"""Reading PDFs back as a reader's PDF viewer would (poppler), and as an
accessibility checker would (pikepdf: the structure tree, the language, the
title)."""

import html
import io
import itertools
import re
import subprocess
from pathlib import Path
from typing import NamedTuple

import pikepdf

# pdftotext wraps right-to-left runs in directional marks (U+202A–U+202E).
_MARKS = re.compile("[\u202a-\u202e\u200e\u200f]")
# Inside Arabic, pdftotext puts the space that follows a left-to-right run
# (a Latin word, a number) before it: «برنامج ⁪ Decidim⁬خلال»; put it back.
_DISPLACED_SPACE = re.compile("\u202a ([^\u202a-\u202c]*)\u202c")
# A right-to-left word, whose letters poppler's boxes give in drawing order.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _text(path: Path, *options: str) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], check=True, capture_output=True
    )
    text = _DISPLACED_SPACE.sub("\u202a\\1\u202c ", out.stdout.decode("utf-8"))
    return " ".join(_MARKS.sub("", text).split())


def pdf_text(pdf: bytes, tmp_path: Path, page: int | None = None) -> str:
    """The text in logical order, whitespace collapsed; one page's if given."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return _text(path, *(["-f", str(page), "-l", str(page)] if page else []))


def squashed(text: str) -> str:
    # pdftotext cuts some Arabic words where Amiri's ligatures and kerning
    # leave a gap ("المم لكة"): the letters are compared, in their order.
    return re.sub(r"\s+", "", text)


def in_order(text: str, parts: list[str], *, squash: bool = False) -> list[int]:
    """Where each part is found, each after the one before; fails on the first missing."""
    if squash:
        text, parts = squashed(text), [squashed(part) for part in parts]
    positions, start = [], 0
    for part in parts:
        position = text.find(part, start)
        assert position >= 0, f"{part!r} not found after position {start}"
        positions.append(position)
        start = position + len(part)
    return positions


class Word(NamedTuple):
    left: float
    top: float
    right: float
    text: str


def pdf_words(pdf: bytes, tmp_path: Path, page: int) -> list[Word]:
    """The words of a page as drawn (poppler's boxes, in points), a
    right-to-left word's letters in reading order."""
    path = tmp_path / "words.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
        check=True,
        capture_output=True,
    ).stdout.decode()
    words = []
    for left, top, right, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', out
    ):
        text = html.unescape(text)
        words.append(
            Word(float(left), float(top), float(right), text[::-1] if _RIGHT_TO_LEFT.search(text) else text)
        )
    return words


def pdf_lines(pdf: bytes, tmp_path: Path, page: int, *, right_to_left: bool = False) -> list[str]:
    """The lines of a page from top to bottom, each its words from the
    line's start (the right in Arabic), words drawn touching joined: the
    order a reader's eye takes, and so the order the page shows, unlike
    pdftotext's text, which puts a reversed range back in order. (A Latin
    phrase of several words inside an Arabic line comes out word by word
    reversed: look at single words.)"""
    lines: list[list[Word]] = []
    for word in sorted(pdf_words(pdf, tmp_path, page), key=lambda word: word.top):
        if lines and word.top - lines[-1][0].top < 3:  # the same line, within 3 pt
            lines[-1].append(word)
        else:
            lines.append([word])
    texts = []
    for line in lines:
        line.sort(reverse=right_to_left)
        text = line[0].text
        for before, word in itertools.pairwise(line):
            gap = before.left - word.right if right_to_left else word.left - before.right
            text += ("" if gap < 0.5 else " ") + word.text
        texts.append(text)
    return texts


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[dict]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()[2:]  # skip the header and the dashes
    fonts = []
    for line in lines:
        # name type encoding emb sub uni object ID; the name has no spaces
        parts = line.split()
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return fonts


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_accessibility(pdf: bytes) -> dict:
    """What a screen reader and an accessibility checker read: whether the
    PDF is tagged (a structure tree, marked content) and which structure
    types its tree holds, its language, its title in the document
    information and in the XMP metadata, and whether viewers show the title
    rather than the file name."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        mark_info = root.get("/MarkInfo", {})
        preferences = root.get("/ViewerPreferences", {})
        tree = root.get("/StructTreeRoot")
        return {
            "tagged": tree is not None and bool(mark_info.get("/Marked", False)),
            "structure": _structure_types(tree) if tree is not None else set(),
            "lang": str(root.get("/Lang", "")),
            "title": str(document.docinfo.get("/Title", "")),
            "xmp_title": document.open_metadata().get("dc:title", ""),
            "display_doc_title": bool(preferences.get("/DisplayDocTitle", False)),
        }


def _structure_types(tree) -> set[str]:
    types, stack, seen = set(), [tree], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.objgen != (0, 0):
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if "/S" in node:
                types.add(str(node.S).lstrip("/"))
            if "/K" in node:
                stack.append(node.K)
    return types
