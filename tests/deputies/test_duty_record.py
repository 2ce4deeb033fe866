"""The duty record contract other apps rely on: duty_record_add is idempotent per source."""

from __future__ import annotations

import datetime as dt

import pytest

from congress.errors import DomainError
from deputies.models import DutyRecord
from deputies.services import duty_record_add
from tests.factories.core import CategoryFactory, UserFactory
from tests.factories.deputies import DeputyFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)


def test_the_same_source_is_recorded_once() -> None:
    deputy, source = DeputyFactory.create(), CategoryFactory.create()
    first = duty_record_add(deputy=deputy, kind="suggestion_filed", on=DAY, source=source)
    second = duty_record_add(deputy=deputy, kind="suggestion_filed", on=DAY, source=source, note="again")
    assert first.pk == second.pk
    assert DutyRecord.objects.count() == 1
    assert first.source == source


def test_another_kind_about_the_same_source_is_another_entry() -> None:
    deputy, source = DeputyFactory.create(), CategoryFactory.create()
    duty_record_add(deputy=deputy, kind="suggestion_filed", on=DAY, source=source)
    duty_record_add(deputy=deputy, kind="rating_given", on=DAY, source=source)
    assert DutyRecord.objects.count() == 2


def test_offline_activities_without_source_are_all_kept() -> None:
    deputy, staff = DeputyFactory.create(), UserFactory.create()
    duty_record_add(deputy=deputy, kind="training", on=DAY, note="代表履职培训班", actor=staff)
    duty_record_add(deputy=deputy, kind="training", on=DAY, note="代表履职培训班", actor=staff)
    records = DutyRecord.objects.filter(deputy=deputy)
    assert records.count() == 2
    assert records.filter(created_by=staff).count() == 2


def test_an_unknown_kind_is_refused_in_chinese() -> None:
    with pytest.raises(DomainError) as error:
        duty_record_add(deputy=DeputyFactory.create(), kind="sleeping", on=DAY)
    assert error.value.message == "履职记录类型无效。"
