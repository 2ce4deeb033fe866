"""Photos from the public: verified by content (never by name), size-limited, re-encoded as JPEG so
EXIF (GPS!) and anything hidden in the file is dropped."""

from __future__ import annotations

import io
import warnings
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from congress.errors import DomainError

from .conf import conf

# Where photos of a failed public submission wait for the next try (deleted after a day).
PHOTO_STASH = "suggestions/tmp"
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP", "MPO"}


def photo_clean(upload: IO[bytes], *, name: str = "") -> ContentFile:
    """Return a clean JPEG of an uploaded photo, or raise DomainError with a clear message."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    limit = conf("SUGGESTIONS_MAX_PHOTO_BYTES")
    label = name or _("the photo")
    if size > limit:
        raise DomainError(
            _("%(name)s is larger than %(mb)d MB.") % {"name": label, "mb": limit // (1024 * 1024)},
            field="photos",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            probe = Image.open(upload)
            fmt = probe.format
            probe.verify()
            upload.seek(0)
            opened = Image.open(upload)
            opened.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise DomainError(
            _("%(name)s is not an image we can read (JPEG, PNG, GIF, WebP or BMP).") % {"name": label},
            field="photos",
        ) from None
    if fmt not in ACCEPTED_FORMATS:
        raise DomainError(
            _("%(name)s is not an image we can read (JPEG, PNG, GIF, WebP or BMP).") % {"name": label},
            field="photos",
        )
    image: Image.Image = ImageOps.exif_transpose(opened) or opened
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    elif image.mode == "L":
        image = image.convert("RGB")
    side = conf("SUGGESTIONS_PHOTO_MAX_SIDE")
    image.thumbnail((side, side))
    out = io.BytesIO()
    # No exif= argument: the re-encoded file carries no metadata at all.
    image.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")
