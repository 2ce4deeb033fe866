"""Query-string filters of the API's lists, validated like a request body: a value that is not one
of the allowed ones is a 400 naming the parameter, never ignored (a client that misspells a filter
must not believe the full list is the filtered one). Each list declares its filters as a serializer,
which drf-spectacular also turns into the documented query parameters."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request


def filters_of(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """The validated filters of a list request (a 400 in the one error shape when one is wrong)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return {key: value for key, value in serializer.validated_data.items() if value not in (None, "")}
