"""The monthly dispatch of key suggestions per body (分级督办, 004): each body's leaders get their
body's report — its own and its lower bodies' key items — never a sibling's; the city's covers the
whole network; a leader of two bodies gets both, each once."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from congress import roles
from congress.notifications.models import Notification
from congress.reports.models import Report
from congress.reports.monthly import KIND_MONTHLY_KEY_REPORT, monthly_key_report_send
from congress.services import body_role_grant
from suggestions.models import Suggestion
from tests.factories.core import body_staff
from tests.reports.pdftext import pdf_text

from .conftest import item_in

pytestmark = pytest.mark.django_db
FIRST = datetime.datetime(2026, 12, 1, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
NOVEMBER = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _key_item(network, key):
    with time_machine.travel(NOVEMBER, tick=False):
        item = item_in(network, key, "assigned", title=f"{key}重点建议")
    Suggestion.objects.filter(pk=item.pk).update(is_key=True)
    return item


def _reports() -> dict[str, str]:
    return {
        report.body.name: pdf_text(report.file.read())
        for report in Report.objects.filter(kind=Report.Kind.KEY_MONTHLY).select_related("body")
    }


def test_each_body_s_leaders_get_their_body_s_report_and_no_sibling_s(network):
    items = {key: _key_item(network, key) for key in ("district", "street", "sibling")}
    leaders = {
        key: body_staff(getattr(network, key), role=roles.COMMITTEE_LEADER, username=f"leader_{key}")
        for key in ("district", "sibling")
    }
    with time_machine.travel(FIRST, tick=False):
        sent = monthly_key_report_send()
        assert monthly_key_report_send() == 0  # once a month
    # The root's leader (fixture), the district's and the sibling's: one report each.
    assert sent == 3
    texts = _reports()
    district, sibling, city = texts["甲区人大常委会"], texts["乙区人大常委会"], texts[network.root.name]
    assert items["district"].code in district and items["street"].code in district
    assert items["sibling"].code not in district
    assert items["sibling"].code in sibling and items["district"].code not in sibling
    assert all(item.code in city for item in items.values())
    bells = Notification.objects.filter(kind=KIND_MONTHLY_KEY_REPORT, channel="in_app")
    by_user = {bell.recipient_id: bell.link for bell in bells}
    district_report = Report.objects.get(kind=Report.Kind.KEY_MONTHLY, body=network.district)
    assert by_user[leaders["district"].pk].endswith(f"/{district_report.pk}/download/file/")


def test_a_leader_of_two_bodies_gets_both_reports_once(network):
    _key_item(network, "district")
    leader = network.staff["leader_root"]
    body_role_grant(user=leader, body=network.district, role=roles.COMMITTEE_LEADER)
    with time_machine.travel(FIRST, tick=False):
        monthly_key_report_send()
        monthly_key_report_send()
    mine = Notification.objects.filter(kind=KIND_MONTHLY_KEY_REPORT, channel="in_app", recipient=leader)
    assert mine.count() == 2
    subjects = {bell.subject for bell in mine}
    assert len(subjects) == 2
    assert len([subject for subject in subjects if "甲区人大常委会" in subject]) == 1
