"""One shape for every refusal under ``/api/`` (docs/api.md, "Errors").

Every 4xx answer of the API is a JSON object

    {"code": "invalid", "message": "请输入有效的11位手机号码。", "errors": {"submitter_mobile": ["…"]}}

* ``code``: a stable machine-readable word (``invalid``, ``not_authenticated``, ``not_found``,
  ``throttled``, ``conflict``, …) a client may branch on;
* ``message``: one plain Chinese sentence a client can show as it is (the first field error when the
  request was refused for its fields);
* ``errors``: field name → list of messages (``non_field_errors`` for the request as a whole); empty
  when no field is to blame. Nested fields are named with dots (``photos.0``).

A 429 carries ``Retry-After`` (seconds), a 401 ``WWW-Authenticate``. DRF's exception handler is
wrapped (settings ``EXCEPTION_HANDLER``); a path under ``/api/`` that matches no view gets the same
JSON 404 from ``api_not_found`` (the root URLconf's 404 handler), never an HTML page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"

NON_FIELD = "non_field_errors"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The request conflicts with the current state. Please try again.")
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy("The request cannot be processed.")
    default_code = "unprocessable"


def _codes() -> dict[int, tuple[str, str]]:
    """The code and the message of each status when the exception brings no sentence of its own."""
    return {
        400: ("invalid", _("The request is not valid. Please check the fields named below.")),
        401: (
            "not_authenticated",
            _("This API is for registered client applications: send the client's key."),
        ),
        403: ("permission_denied", _("You may not do this.")),
        404: ("not_found", _("Nothing was found at this address.")),
        405: ("method_not_allowed", _("This address does not accept this kind of request.")),
        406: ("not_acceptable", _("This address answers in JSON only.")),
        409: ("conflict", _("The request conflicts with the current state. Please try again.")),
        413: ("too_large", _("The upload is too large. Send fewer or smaller files.")),
        415: ("unsupported_media_type", _("Send the request as JSON or as a multipart form.")),
        422: ("unprocessable", _("The request cannot be processed.")),
        429: ("throttled", _("Too many requests. Please wait a moment and try again.")),
    }


def _plain_messages() -> dict[str, str]:
    """DRF's messages that speak of primary keys, slugs and "unique sets", by their error code, in
    words a citizen or a clerk understands."""
    return {
        "does_not_exist": _("There is no such choice. Pick one from the list."),
        "incorrect_type": _("Send the number (id) of the choice from the list."),
        "unique": _("An entry with these values exists already."),
    }


def _plain(item: Any) -> str:
    return _plain_messages().get(str(getattr(item, "code", "")), str(item))


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's error detail (dicts of lists, nested for list and nested fields) as field → messages."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or NON_FIELD: [_plain(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            if not item:
                continue
            name = f"{prefix}.{index}" if prefix else str(index)
            for field, messages in _flatten(item, name).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    return {prefix or NON_FIELD: [_plain(detail)]}


def error_body(status_code: int, *, message: str = "", errors: Any = None, code: str = "") -> dict[str, Any]:
    """The one error shape for ``status_code``."""
    default_code, default_message = _codes().get(status_code, ("error", _("The request was refused.")))
    flat = _flatten(errors) if errors else {}
    if not message:
        first = next(iter(flat.values()), [])
        message = first[0] if first else default_message
    return {"code": code or default_code, "message": message, "errors": flat}


def api_error(status_code: int, message: str, *, field: str | None = None, code: str = "") -> Response:
    """A refusal built by a view itself (the exception handler is not involved)."""
    errors = {field: [message]} if field else {}
    return Response(error_body(status_code, message=message, errors=errors, code=code), status=status_code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (404 for Http404, headers for 401 and 429), with the body in the one shape."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = getattr(exc, "detail", None)
    code = ""
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(response.status_code, errors=detail)
        return response
    if isinstance(exc, exceptions.ParseError):
        code = "parse_error"
    elif isinstance(exc, exceptions.APIException) and exc.default_code not in ("error", "invalid"):
        code = str(exc.default_code)
    status_code = response.status_code
    message = ""
    if isinstance(exc, exceptions.MethodNotAllowed):
        # DRF's own sentence names the HTTP method in English; a view's own reason is kept.
        request = context.get("request")
        standard = str(exc.default_detail).format(method=getattr(request, "method", ""))
        message = str(detail) if isinstance(detail, str) and str(detail) != standard else ""
    elif isinstance(exc, exceptions.APIException) and not isinstance(exc, exceptions.NotFound):
        message = str(detail) if isinstance(detail, str) else ""
        if isinstance(exc, exceptions.Throttled):
            # DRF adds "Expected available in N seconds" in English-built text; the header says it.
            message = str(exc.default_detail)
    if isinstance(exc, exceptions.NotFound) and isinstance(detail, str) and detail != str(exc.default_detail):
        message = detail
    if isinstance(exc, exceptions.ParseError) and (
        "JSON" in message or "ultipart" in message or " - " in message
    ):
        # The parser's own words quote the decoder ("Expecting value: line 1 column 1"): not for people.
        message = _("The request body could not be read: send valid JSON or a multipart form.")
    response.data = error_body(status_code, message=message, code=code)
    return response


def api_not_found(request: HttpRequest) -> JsonResponse:
    """The JSON 404 of a path under /api/ that matches no view."""
    return JsonResponse(error_body(404), status=404, json_dumps_params={"ensure_ascii": False})


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)
