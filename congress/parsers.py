"""JSON bodies get the sanitising form bodies get (congress.middleware, congress.sanitise): the API's
one JSON parser refuses deep nesting and control characters with a 400 before any serializer, query
or service sees them.

* Nesting: the standard library parses recursively; ``{"a":`` repeated a few thousand times raises
  RecursionError, which DRF does not catch (a 500). No endpoint takes more than a few levels, so
  anything deeper than ``settings.API_JSON_MAX_DEPTH`` is refused.
* Control characters: JSON may spell them as ``\\u0000``; PostgreSQL refuses a NUL in text (a 500 at
  the query) and the other C0 controls have no business in a name or an opinion, which the forms
  refuse as well. The error names the top-level field it was found in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from .sanitise import NUL_REFUSED, has_controls

DEFAULT_MAX_DEPTH = 20


def _max_depth() -> int:
    return int(getattr(settings, "API_JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH))


def _first_problem(data: Any, max_depth: int) -> tuple[str, str] | None:
    """(field, problem) of the first value too deep or with a control character; None when clean.
    Iterative, so a deep document cannot exhaust the stack here either."""
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, dict):
            if depth > max_depth:
                return field, "depth"
            for key, item in value.items():
                name = field or str(key)
                if has_controls(str(key)):
                    return name, "nul" if "\x00" in str(key) else "controls"
                stack.append((item, depth + 1, name))
        elif isinstance(value, list):
            if depth > max_depth:
                return field, "depth"
            stack.extend((item, depth + 1, field) for item in value)
        elif isinstance(value, str) and has_controls(value):
            return field, "nul" if "\x00" in value else "controls"
    return None


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The request is nested too deeply.")) from None
        problem = _first_problem(data, _max_depth())
        if problem is None:
            return data
        field, kind = problem
        if kind == "depth":
            raise ParseError(_("The request is nested too deeply."))
        # A NUL gets the message the forms give it (congress.sanitise); other controls their own.
        message = (
            str(NUL_REFUSED) if kind == "nul" else _("This field contains characters that are not allowed.")
        )
        raise ValidationError({field or "non_field_errors": [message]})
