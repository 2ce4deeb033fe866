"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO 8601 (``2026-12-07``) whatever the language: the
    localised format (``2026/12/07`` in zh-hans) is rejected by the browser, which then shows an empty
    field and refuses to send the form."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
