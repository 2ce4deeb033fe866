"""What a member of staff reads in the admin — and what a screen reader reads out: captions, hidden
table headings, aria-labels, titles and placeholders — is Chinese on the pages staff use daily."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

# Words that are Chinese staff's own vocabulary, or names of formats and products.
ALLOWED = {
    "PDF",
    "API",
    "CSV",
    "XLSX",
    "JSON",
    "URL",
    "ID",
    "PIN",
    "TOTP",
    "QR",
    "SMS",
    "Excel",
    "zip",
    "Celery",
    "Cron",
    "UTC",
    "Asia",
    "Shanghai",
    "Django",
}
LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]+")


class _Readable(HTMLParser):
    """Text nodes and the attributes assistive technology reads, outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.found.append(data.strip())


def latin_words(page: str) -> set[str]:
    parser = _Readable()
    parser.feed(page)
    words = {w for text in parser.found for w in LATIN.findall(text)}
    return {w for w in words if w not in ALLOWED}


@pytest.fixture
def admin_client_zh(client, django_user_model):
    # A Chinese user name: the audit log lists the login of this account with its name (data, not a label).
    user = django_user_model.objects.create_superuser("管理员", "root@example.cn", "x", first_name="管理员")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "admin:index",
        "admin:django_celery_beat_periodictask_changelist",
        "admin:suggestions_suggestion_changelist",
        "admin:suggestions_assignment_changelist",
        "admin:congress_auditevent_changelist",
        "admin:workcalendar_deadline_changelist",
        "admin:deputies_deputy_changelist",
        "admin:stations_station_changelist",
    ],
)
def test_admin_pages_read_in_chinese(admin_client_zh, url):
    from congress.audit import audit_record
    from tests.factories.deputies import StationFactory

    call_command("setup_schedules", verbosity=0)
    station: Any = StationFactory()
    audit_record(target=station, action="status_change", from_state="planned", to_state="built")
    audit_record(target=station, action="create")
    with translation.override("zh-hans"):
        page = admin_client_zh.get(reverse(url)).content.decode()
    assert latin_words(page) == set()


def _audited_actions() -> set[str]:
    """Every action literal the portal's code passes to audit_record / audit_changes."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found: set[str] = set()
    for folder in ("congress", "deputies", "stations", "suggestions", "votes"):
        for path in (root / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for call in re.finditer(r"audit_(?:record|changes)\(", text):
                window = text[call.end() : call.end() + 400]
                match = re.search(
                    r'action=("[a-z_]+"(?:\s+if\s+[^\n]+?\s+else\s+"[a-z_]+")?|f"[^"]+")', window
                )
                if match:
                    found.update(re.findall(r'"([a-z_]+)"', match.group(1)))
                    if match.group(1).startswith('f"approval_'):
                        found.update({"approval_chairpersons", "approval_committee"})
    return found


def test_every_audited_action_has_a_chinese_name():
    from congress import audit_labels

    actions = _audited_actions()
    assert {"create", "status_change", "calendar_year_loaded"} <= actions
    assert actions - set(audit_labels.ACTION_LABELS) == set()
    with translation.override("zh-hans"):
        for code in actions:
            assert not re.search(r"[A-Za-z]{2,}", audit_labels.action_label(code)), code


def test_audit_states_are_named_by_the_models_own_choices():
    from congress import audit_labels
    from stations.models import Station

    with translation.override("zh-hans"):
        assert audit_labels.state_label(Station, "planned") == str(Station.Status("planned").label)
    assert audit_labels.state_label(Station, "no-such-state") == "no-such-state"
