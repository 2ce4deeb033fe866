"""``SubmissionInput.from_cleaned``: what an interface's validated input hands to ``suggestion_submit``.
Only the fields a person types are read from the data (a field added to a form does not reach the
service by accident); where the item came in is the interface's to say, and overrides."""

from __future__ import annotations

import dataclasses
from typing import Any

from suggestions.models import Channel
from suggestions.services import SubmissionInput
from suggestions.services.intake import TYPED_FIELDS

# The public form's cleaned data, with the fields that are not the submitter's text: the captcha,
# the honeypot, and the deputy's and station's slugs from the QR code's link.
WEB_FORM_DATA: dict[str, Any] = {
    "title": "路灯损坏",
    "text": "东岗西路与天水路交叉口的路灯已经坏了两个星期。",
    "category": None,
    "area": None,
    "address": "东岗西路",
    "submitter_name": "王小明",
    "submitter_mobile": "13912345678",
    "submitter_email": "",
    "name_hidden": False,
    "consent_privacy": True,
    "consent_publish": True,
    "photos": [],
    "photo_token": "abc",
    "captcha": "PASSED",
    "website": "",
    "deputy": "zhang-san",
    "station": "donggang",
    "qr": "T0KEN",
}


def test_only_the_typed_fields_are_read_from_the_data() -> None:
    submission = SubmissionInput.from_cleaned(WEB_FORM_DATA, channel=Channel.WEB)
    assert submission.deputy is None and submission.station is None and submission.qr_token == ""
    assert submission.name_hidden is False and submission.submitter_name == "王小明"
    assert {name: getattr(submission, name) for name in TYPED_FIELDS} == {
        name: WEB_FORM_DATA[name] for name in TYPED_FIELDS
    }


def test_what_the_interface_says_overrides_the_data() -> None:
    submission = SubmissionInput.from_cleaned(
        WEB_FORM_DATA, channel=Channel.STATION_DESK, consent_privacy=True, address="站内登记"
    )
    assert submission.channel == Channel.STATION_DESK and submission.address == "站内登记"


def test_a_field_the_form_lacks_keeps_its_default() -> None:
    desk = {name: WEB_FORM_DATA[name] for name in ("title", "text", "submitter_mobile")}
    submission = SubmissionInput.from_cleaned(desk, channel=Channel.STATION_DESK)
    assert submission.name_hidden is True and submission.photos == () and submission.submitter_email == ""


def test_the_typed_fields_are_fields_of_the_input() -> None:
    assert set(TYPED_FIELDS) <= {field.name for field in dataclasses.fields(SubmissionInput)}
