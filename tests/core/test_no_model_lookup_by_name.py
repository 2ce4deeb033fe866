"""STYLE's "which way imports run" is checked by ``lint-imports``, which sees imports only: a model
looked up by its app's name (``apps.get_model("stations", "Station")``) is a dependency it cannot
see. Runtime code of the portal's apps never names a model that way (migrations, which must use the
historical models, and code handed an app label it did not write are not lookups by name)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("congress", "deputies", "stations", "suggestions", "votes")


def _lookups(source: str, name: str) -> list[str]:
    """Each ``….get_model("<app label>", …)`` in ``source`` with the label written out."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append(f"{name}:{node.lineno}: get_model({node.args[0].value!r}, …)")
    return found


def test_no_app_looks_up_a_model_by_its_name() -> None:
    found = [
        lookup
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for lookup in _lookups(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "\n".join(found)


def test_the_check_finds_the_lookup_the_directory_used_to_make() -> None:
    source = 'from django.apps import apps\n\nstation_model = apps.get_model("stations", "Station")\n'
    assert _lookups(source, "views.py") == ["views.py:3: get_model('stations', …)"]
