"""Every asset is served from static/ through whitenoise's manifest storage, which refuses to collect
a file that references a missing one (a vendored script's source map, a stylesheet's image)."""

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_production_manifest_storage_succeeds(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        # The manifest part is what fails on a missing reference; compression only costs time here.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert (tmp_path / "vendor" / "leaflet" / "leaflet.js").exists()


def test_no_template_or_stylesheet_loads_from_a_cdn():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for pattern in ("**/templates/**/*.html", "static/css/*.css", "static/js/*.js"):
        for path in root.glob(pattern):
            if ".venv" in path.parts or "var" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if (
                '<script src="http' in text
                or '<link rel="stylesheet" href="http' in text
                or "@import url(http" in text
            ):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
