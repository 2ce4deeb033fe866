"""The OpenAPI schema is valid (openapi-spec-validator) and complete for a generated client: the key
as a security scheme, photos as binary, every error answer declared in the one shape."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker: Any) -> dict[str, Any]:
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/schema/", {"format": "json"}).json()


def _operations(schema: dict[str, Any]):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_the_client_key_is_a_declared_security_scheme(schema):
    scheme = schema["components"]["securitySchemes"]["ApiKey"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
    public_writes = [
        (path, method)
        for path, method, operation in _operations(schema)
        if path.startswith("/api/v1/public/") and method == "post"
    ]
    assert len(public_writes) >= 6
    for path, method in public_writes:
        assert {"ApiKey": []} in schema["paths"][path][method]["security"], path


def test_photos_are_sent_as_binary_in_a_multipart_body(schema):
    body = schema["paths"]["/api/v1/public/suggestions/"]["post"]["requestBody"]["content"]
    reference = body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    photos = schema["components"]["schemas"][reference]["properties"]["photos"]
    assert photos["type"] == "array" and photos["items"] == {"type": "string", "format": "binary"}


def test_no_default_contradicts_its_own_format(schema):
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            if spec.get("format") == "email":
                assert "default" not in spec, (name, field)


def test_every_operation_declares_its_error_answers_in_the_one_shape(schema):
    error = {"$ref": "#/components/schemas/ApiError"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        assert "400" in responses, (method, path)
        for status, response in responses.items():
            if status.startswith("4"):
                assert response["content"]["application/json"]["schema"] == error, (method, path, status)
        if {"ApiKey": []} in operation.get("security", []):
            assert {"401", "404", "429"} <= set(responses), (method, path)
            assert "Retry-After" in responses["429"]["headers"]


def test_submissions_and_bookings_declare_the_idempotency_key_and_its_refusals(schema):
    for path in ("/api/v1/public/suggestions/", "/api/v1/public/receptions/{id}/bookings/"):
        operation = schema["paths"][path]["post"]
        assert "Idempotency-Key" in {p["name"] for p in operation["parameters"]}
        assert {"409", "422"} <= set(operation["responses"])


def test_lists_document_their_page_size_and_filters(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/stations/"]["get"]["parameters"]}
    assert {"page", "page_size", "kind", "area"} <= parameters
    size = next(
        p for p in schema["paths"]["/api/v1/stations/"]["get"]["parameters"] if p["name"] == "page_size"
    )
    assert "200" in size["description"]
