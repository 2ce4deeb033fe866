"""The zh-hans catalogue of the notifications app is complete and has no fuzzy entries."""

from __future__ import annotations

import re
from pathlib import Path

import congress.notifications

CATALOGUE = Path(congress.notifications.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_catalogue_is_complete_and_not_fuzzy():
    text = CATALOGUE.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]
    empty = [e for e in entries if re.search(r'^msgstr ""\n?$', e.strip().split("\n")[-1] + "\n", re.M)]
    assert empty == []
