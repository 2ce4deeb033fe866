"""The reports module's boundaries (STYLE.md): no app imports ``congress.reports`` (not even the
shared PDF module, which imports no app), and ``congress.reports`` reads the apps only through their
``reports`` and ``selectors`` modules, asking their ``permissions`` modules who may download."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ("deputies", "stations", "suggestions", "votes")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module in APPS:  # ``from suggestions import reports``
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _sources(*folders: str) -> list[Path]:
    return [
        path for folder in folders for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts
    ]


def test_no_app_imports_the_reports():
    offending = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imports(path) if name.startswith("congress.reports")
        )
        for path in _sources(*APPS)
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_no_app_template_extends_the_pdf_base():
    """Documents live in congress/reports: no app keeps a template laid out for the PDF module."""
    offending = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.html")
        if "reports/pdf/" in path.read_text(encoding="utf-8")
    ]
    assert offending == []


def test_the_shared_pdf_module_imports_no_app():
    for path in _sources("congress/reports/pdf"):
        assert not any(name.split(".")[0] in APPS for name in _imports(path)), path


def test_the_report_assembly_reads_apps_only_through_their_report_and_selector_modules():
    modules = ("reports", "selectors", "permissions")
    allowed = {f"{app}.{module}" for app in APPS for module in modules} | set(APPS)
    imported: set[str] = set()
    for path in _sources("congress/reports"):
        for name in _imports(path):
            if name.split(".")[0] in APPS:
                imported.add(name)
                assert name in allowed, (path, name)
    assert {"suggestions.reports", "stations.reports", "deputies.reports", "votes.reports"} <= imported
