"""Photos from the public, tested with crafted files: size caps, type by content (never by name), a
decompression-bomb guard, and every accepted image re-encoded without its metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from congress.errors import DomainError
from suggestions.images import photo_clean
from suggestions.models import Suggestion, SuggestionPhoto


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "red").save(out, format="PNG")
    return out.getvalue()


def _bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG that claims 900 megapixels: the header says so, the data compresses to nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    raw = zlib.compress(b"\x00" * (width // 8 + 1) * 64)  # a few rows only; truncated on purpose
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (36.0, 3.0, 0.0), 3: "E", 4: (103.0, 50.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<?php system($_GET['c']); ?>", "shell.jpg"),
        (b"GIF89a<script>alert(1)</script>", "polyglot.gif"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image.svg"),
        (b"%PDF-1.4 not an image", "scan.png"),
        (_png(20, 20)[:60], "truncated.png"),
        (b"", "empty.jpg"),
    ],
)
def test_files_that_are_not_images_are_refused_whatever_their_name(content, name):
    with pytest.raises(DomainError) as error:
        photo_clean(_upload(content, name), name=name)
    assert error.value.field == "photos"


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    with pytest.raises(DomainError):
        photo_clean(_upload(_bomb_png(), "bomb.png", "image/png"), name="bomb.png")


def test_a_file_over_the_size_cap_is_refused(settings):
    settings.SUGGESTIONS_MAX_PHOTO_BYTES = 1024
    with pytest.raises(DomainError) as error:
        photo_clean(_upload(_png(400, 400) + b"\x00" * 2048, "big.png", "image/png"), name="big.png")
    assert "MB" in error.value.message


def test_a_tiff_is_not_an_accepted_format():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="TIFF")
    with pytest.raises(DomainError):
        photo_clean(_upload(out.getvalue(), "scan.tif", "image/tiff"), name="scan.tif")


def test_accepted_images_are_re_encoded_as_jpeg_without_metadata():
    cleaned = photo_clean(_upload(_jpeg_with_gps()), name="gps.jpg")
    image = Image.open(io.BytesIO(cleaned.read()))
    assert image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info


def test_transparent_and_palette_images_become_plain_rgb_jpegs():
    for mode in ("RGBA", "P", "LA"):
        cleaned = photo_clean(_upload(_png(16, 16, mode), "x.png", "image/png"), name="x.png")
        assert Image.open(io.BytesIO(cleaned.read())).mode == "RGB"


def test_huge_dimensions_are_scaled_down(settings):
    settings.SUGGESTIONS_PHOTO_MAX_SIDE = 100
    cleaned = photo_clean(_upload(_png(1000, 300), "wide.png", "image/png"), name="wide.png")
    assert max(Image.open(io.BytesIO(cleaned.read())).size) == 100


def test_a_bomb_in_the_public_form_is_a_clear_error_and_nothing_is_saved(client, category, street):
    response = client.post(
        reverse("submit"),
        {
            "category": category.pk,
            "title": "路面塌陷",
            "text": "路面塌陷了一个大坑，很危险。",
            "area": street.pk,
            "submitter_mobile": "13912345678",
            "consent_privacy": "on",
            "captcha_0": "x",
            "captcha_1": "PASSED",
            "photos": [_upload(_bomb_png(), "bomb.png", "image/png")],
        },
    )
    assert response.status_code == 200 and "photos" in response.context["form"].errors
    assert not Suggestion.objects.exists() and not SuggestionPhoto.objects.exists()


def test_a_bomb_in_the_api_is_a_field_error_and_nothing_is_saved(api, category, street):
    response = api.post(
        "/api/v1/public/suggestions/",
        {
            "category": category.pk,
            "title": "路面塌陷",
            "text": "路面塌陷了一个大坑，很危险。",
            "area": street.pk,
            "submitter_mobile": "13912345678",
            "consent_privacy": "true",
            "photos": [_upload(_bomb_png(), "bomb.png", "image/png")],
        },
        format="multipart",
    )
    assert response.status_code == 400 and "photos" in response.data["errors"]
    assert not Suggestion.objects.exists()
