"""Read a PDF's text the way a person copying from it would: poppler's pdftotext."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdf_text(pdf: bytes, *, page: int | None = None) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        pages = ["-f", str(page), "-l", str(page)] if page else []
        result = subprocess.run(
            ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, check=True
        )
    return result.stdout.decode("utf-8")


def page_count(pdf: bytes) -> int:
    return pdf_text(pdf).count("\f")
