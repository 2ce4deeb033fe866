"""Names of downloaded files as a clerk would file them (示范市人大常委会2025年度报告.pdf,
王芳-二维码海报.pdf), not codes, and the header that carries them safely.

The header is Django's ``content_disposition_header`` (RFC 6266): an ASCII name goes in
``filename="…"``, any other in ``filename*=utf-8''…`` (RFC 5987), which every current browser reads.
The name itself loses what a file system or a header cannot hold: path separators, the characters
Windows refuses (``\\ / : * ? " < > |``), control characters and leading dots."""

from __future__ import annotations

import re
import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Characters Windows forbids in a file name, path separators, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
# Long enough for a body's name, a year and a document title; well under the 255 bytes of common
# file systems in UTF-8 (three bytes a Chinese character).
MAX_STEM = 80


def download_filename(*parts: object, extension: str) -> str:
    """The parts (names, titles, years) joined with ``-`` and made safe, with the extension:
    ``download_filename("王芳", "二维码海报", extension="pdf")`` is ``王芳-二维码海报.pdf``."""
    pieces = []
    for part in parts:
        text = unicodedata.normalize("NFC", str(part))
        text = _UNSAFE.sub("_", text).strip().strip(".").strip()
        if text:
            pieces.append(text)
    stem = "-".join(pieces)[:MAX_STEM].rstrip(". ") or "download"
    return f"{stem}.{extension.lstrip('.')}"


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """The ``Content-Disposition`` value for ``filename`` (made safe again: callers may pass a
    stored name)."""
    stem, _dot, extension = filename.rpartition(".")
    safe = download_filename(stem, extension=extension) if stem else download_filename(filename, extension="")
    return str(content_disposition_header(attachment, safe.rstrip(".")))


def set_download_name(response: HttpResponse, filename: str, *, attachment: bool = True) -> HttpResponse:
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    return response
