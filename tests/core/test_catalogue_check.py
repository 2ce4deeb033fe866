"""The catalogue check of the test command (scripts/i18n.py): Django merges every app's catalogue
into one, so a string translated two ways in two catalogues shows the wrong one somewhere. The check
must find such clashes, tell contexts apart, and pass the project's own catalogues."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
assert SPEC is not None and SPEC.loader is not None
i18n = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(i18n)

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalogue(root: Path, folder: str, body: str) -> None:
    po = root / folder / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER + body, encoding="utf-8")


@pytest.fixture
def two_apps(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "ROOT", tmp_path)
    monkeypatch.setattr(i18n, "CATALOGUES", [("first", []), ("second", [])])
    return tmp_path


def test_a_string_translated_two_ways_is_a_clash(two_apps) -> None:
    _catalogue(two_apps, "first", 'msgid "Stations"\nmsgstr "联络站"\n')
    _catalogue(two_apps, "second", 'msgid "Stations"\nmsgstr "站点数量"\n')
    (problem,) = i18n._clashes()
    assert "'Stations'" in problem and "联络站 (first)" in problem and "站点数量 (second)" in problem


def test_contexts_keep_meanings_apart_and_equal_translations_agree(two_apps) -> None:
    _catalogue(
        two_apps,
        "first",
        'msgid "Stations"\nmsgstr "联络站"\n\nmsgctxt "count"\nmsgid "Stations"\nmsgstr "站点数量"\n',
    )
    _catalogue(two_apps, "second", 'msgid "Stations"\nmsgstr "联络站"\n')
    assert i18n._clashes() == []


def test_the_projects_catalogues_have_no_clash() -> None:
    assert i18n._clashes() == []


@pytest.mark.django_db
def test_the_public_navigation_names_deputies_and_stations(client) -> None:
    """The clash that showed 代表人数 / 站点数量 as the public menu's links."""
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    start = html.index('<nav class="main-nav"')
    nav = html[start : html.index("</nav>", start)]
    assert ">人大代表</a>" in nav and ">联络站</a>" in nav
    assert "代表人数" not in nav and "站点数量" not in nav
