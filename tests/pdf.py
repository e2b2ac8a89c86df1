"""Reading PDFs back with poppler, as a reader's PDF viewer would."""

import re
import subprocess
from pathlib import Path

# pdftotext wraps right-to-left runs in directional marks (U+202A–U+202E).
_MARKS = re.compile("[\u202a-\u202e\u200e\u200f]")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return " ".join(_MARKS.sub("", out.stdout.decode("utf-8")).split())


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
