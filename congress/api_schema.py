"""The OpenAPI schema's error answers: every operation under /api/ declares the 4xx it may give,
each in the one error shape of ``congress.api_errors`` (component ``ApiError``), with ``Retry-After``
on a 429. A drf-spectacular post-processing hook (settings ``SPECTACULAR_SETTINGS``)."""

from __future__ import annotations

from typing import Any

ERROR_COMPONENT = "ApiError"

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every 4xx answer of the API (docs/api.md, Errors).",
    "properties": {
        "code": {"type": "string", "description": "machine-readable reason, e.g. invalid, not_found"},
        "message": {"type": "string", "description": "one plain sentence (Chinese) to show as it is"},
        "errors": {
            "type": "object",
            "description": "field name → messages; non_field_errors for the request as a whole",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "message", "errors"],
}

DESCRIPTIONS = {
    "400": "Invalid input: field errors",
    "401": "Missing or invalid client key",
    "403": "Not allowed for this user",
    "404": "Not found (or outside your scope)",
    "409": "Idempotency key in use by a request still running",
    "422": "Idempotency key reused with a different request body",
    "429": "Too many requests: wait Retry-After seconds",
}


def _error_response(status: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}},
    }
    if status == "429":
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}
        }
    return response


def _statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    schemes = {name for requirement in operation.get("security", []) for name in requirement}
    headers = {p.get("name") for p in operation.get("parameters", []) if p.get("in") == "header"}
    statuses = ["400"]
    if "ApiKey" in schemes:
        statuses += ["401", "429"]
    if "cookieAuth" in schemes and method != "get":
        statuses.append("403")
    if "{" in path or "ApiKey" in schemes:
        statuses.append("404")
    if "Idempotency-Key" in headers:
        statuses += ["409", "422"]
    return statuses


def postprocess_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status in _statuses(path, method, operation):
                # An operation's own declaration of the status is replaced: one shape for all.
                operation["responses"][status] = _error_response(status)
    return result
