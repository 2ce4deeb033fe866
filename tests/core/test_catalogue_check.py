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


def test_a_string_that_shadows_the_frameworks_translation_is_refused(two_apps) -> None:
    """The report's "Change" column once turned every admin "Change" link into 增减."""
    _catalogue(two_apps, "first", 'msgid "Change"\nmsgstr "增减"\n')
    (problem,) = [p for p in i18n._shadows() if "'Change'" in p and "django.contrib.admin" in p]
    assert "增减" in problem and "修改" in problem


def test_a_context_or_a_deliberate_replacement_is_no_shadow(two_apps) -> None:
    _catalogue(
        two_apps,
        "first",
        'msgctxt "year on year"\nmsgid "Change"\nmsgstr "增减"\n\n'
        f'{i18n.REPLACES}\nmsgid "Log out"\nmsgstr "退出登录"\n',
    )
    assert i18n._shadows() == []


def test_the_projects_catalogues_shadow_nothing() -> None:
    assert i18n._shadows() == []


def test_the_check_reads_the_committed_catalogue_and_repairs_nothing(two_apps, monkeypatch) -> None:
    """A catalogue that lacks a string of the code fails the check, and the check leaves the file
    exactly as committed (it used to refresh the catalogues first and then pass)."""
    _catalogue(two_apps, "first", 'msgid "Stations"\nmsgstr "联络站"\n')
    po = two_apps / "first" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    committed = po.read_bytes()

    def update() -> None:  # what makemessages would write for code that gained a string
        po.write_text(
            HEADER + 'msgid "Stations"\nmsgstr "联络站"\n\nmsgid "Booking"\nmsgstr ""\n', encoding="utf-8"
        )
        _catalogue(two_apps, "second", 'msgid "New app"\nmsgstr ""\n')

    monkeypatch.setattr(i18n, "update", update)
    problems = i18n._stale()
    assert any("first" in p and "'Booking'" in p and "not in the catalogue" in p for p in problems)
    assert any("second" in p and "'New app'" in p for p in problems)
    assert po.read_bytes() == committed
    assert not (two_apps / "second" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.django_db
def test_the_admins_change_links_read_修改(client) -> None:
    from django.contrib.auth import get_user_model

    from congress.models import Category

    Category.objects.create(name="市政", code="municipal")
    admin = get_user_model().objects.create_superuser("root", "root@example.cn", "Secret#2026")
    client.force_login(admin)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    assert "修改</a>" in html and "增减" not in html
