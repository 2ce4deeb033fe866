"""Every browser date picker in the portal's forms carries an ISO value (2026-12-07), whatever the
language: the zh-hans format 2026/12/07 is rejected by the browser, which then refuses to send the
form. The forms are found by walking every app's modules, not listed by hand."""

from __future__ import annotations

import datetime
import inspect
import pkgutil
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation


def _project_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)):
            continue
        package = import_module(config.name)
        names = [config.name]
        if hasattr(package, "__path__"):
            names += [m.name for m in pkgutil.walk_packages(package.__path__, f"{config.name}.")]
        for name in names:
            if ".migrations" in name or ".management" in name or name.endswith(".tests"):
                continue
            if not (name.endswith("forms") or ".forms" in name or name == config.name):
                continue
            module = import_module(name)
            for _, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__.startswith(config.name):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[k] for k in sorted(found)]


def _date_pickers() -> list[tuple[str, forms.Field]]:
    pickers = []
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if getattr(field.widget, "input_type", None) == "date":
                pickers.append((f"{form.__module__}.{form.__qualname__}.{name}", field))
    return pickers


def test_the_walk_finds_the_date_pickers():
    assert len(_date_pickers()) >= 5


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_picker_renders_an_iso_value(language):
    day = datetime.date(2026, 12, 7)
    with translation.override(language):
        for label, field in _date_pickers():
            assert 'value="2026-12-07"' in field.widget.render("d", day), label
