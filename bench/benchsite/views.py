"""Floors: the least a Django view on the same server can do for the same request."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLE = "bench_floor_row"


def ensure_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, body text NOT NULL, "
            "created_at timestamptz NOT NULL DEFAULT now())"
        )


def _insert(body: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (body) VALUES (%s) RETURNING id", [body])
        return int(cursor.fetchone()[0])


@require_POST
def floor_insert(request: HttpRequest) -> HttpResponse:
    """A form POST (CSRF checked, like the real form) that inserts one row and redirects."""
    _insert(request.POST.get("text", ""))
    return HttpResponseRedirect("/")


@csrf_exempt
@require_POST
def floor_api_insert(request: HttpRequest) -> HttpResponse:
    """A JSON POST (no CSRF, like the public API) that inserts one row and answers 201."""
    row = _insert(request.body.decode("utf-8", "replace")[:5000])
    return JsonResponse({"id": row}, status=201)


@csrf_exempt
@require_POST
def floor_lookup(request: HttpRequest) -> HttpResponse:
    """One indexed lookup of an item by its tracking code."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, status FROM suggestions_suggestion WHERE code = %s", [request.POST.get("code", "")]
        )
        row = cursor.fetchone()
    return JsonResponse({"found": row is not None})
