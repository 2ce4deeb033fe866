"""The first install of a production host: ``scripts/dev.py install`` takes the runtime
dependencies only, and ``bootstrap_committee`` sets up the city area, the root body and the current
term through the services, once."""

from __future__ import annotations

import importlib.util
import io
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from congress.bodies import root_body
from congress.models import Area, AuditEvent, Body, Term

ROOT = Path(__file__).resolve().parents[2]


def _dev_script() -> Any:
    spec = importlib.util.spec_from_file_location("dev_script_install", ROOT / "scripts" / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[=<>\[ ]", item, maxsplit=1)[0].lower() for item in requirements}


def test_install_takes_the_runtime_dependencies_and_not_the_dev_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = _dev_script()
    runtime = dev.pinned_requirements(dev=False)
    assert runtime == project["dependencies"]
    assert not _names(runtime) & {"pytest", "pgserver", "playwright", "ruff"}
    assert set(project["optional-dependencies"]["dev"]) <= set(dev.pinned_requirements())


def test_install_asks_for_no_browser() -> None:
    assert "chromium" not in _dev_script().RUNTIME_APT_PACKAGES


ARGS = ["--name", "临江市人大常委会", "--area-code", "330100", "--term", "17", "--starts-on", "2023-01-01"]


def _bootstrap() -> str:
    out = io.StringIO()
    call_command("bootstrap_committee", *ARGS, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_bootstrap_sets_up_the_city_the_root_body_and_the_current_term() -> None:
    _bootstrap()
    area = Area.objects.get(code="330100")
    body = root_body()
    term = Term.objects.get(area=area, number=17)
    assert area.level == Area.Level.CITY and area.name == "临江市"
    assert body.name == "临江市人大常委会" and body.area == area
    assert term.is_current and term.body == body and term.ends_on.isoformat() == "2027-12-31"
    for obj in (area, body, term):
        assert AuditEvent.objects.filter(object_id=obj.pk, action__in=["create", "update"]).exists()


@pytest.mark.django_db
def test_bootstrap_run_twice_changes_nothing() -> None:
    _bootstrap()
    counts = (Area.objects.count(), Body.objects.count(), Term.objects.count(), AuditEvent.objects.count())
    _bootstrap()
    assert (
        Area.objects.count(),
        Body.objects.count(),
        Term.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
