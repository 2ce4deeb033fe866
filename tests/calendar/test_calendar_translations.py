"""The zh-hans catalogue of the calendar is complete, and the migrations match the models."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

import congress.calendar

CATALOGUE = Path(congress.calendar.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries() -> list[str]:
    return CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]


def test_catalogue_has_no_fuzzy_entries() -> None:
    assert not [e for e in _entries() if "#, fuzzy" in e or ", fuzzy" in e]


def test_every_message_is_translated() -> None:
    untranslated = [e for e in _entries() if re.search(r'^msgstr(\[0\])? ""\n?$', e.strip(), re.M)]
    untranslated = [e for e in untranslated if not re.search(r'^msgstr(\[0\])? ""\n"', e, re.M)]
    assert untranslated == []


@pytest.mark.django_db
def test_migrations_match_the_models() -> None:
    call_command("makemigrations", "workcalendar", "--check", "--dry-run", stdout=StringIO())
