"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the public API's services, for
hotline and city platforms that speak it. JSON only (``.json`` paths; there is no ``.xml``).

* ``GET services.json``: the active categories as services; ``GET services/<code>.json``: the
  attributes a request takes (the privacy consent the public API requires, an optional title).
* ``POST requests.json``: a new item through ``client_submit``, the very path of the public API's
  submission: same client key (``Authorization: Api-Key …``, ``X-Api-Key`` or GeoReport's ``api_key``
  field in the body, never in the address), same validation, rate limits and ``Idempotency-Key``.
  The area (``address_id``, an area code) picks the body, as on the web form.
* ``GET requests.json``: published cases only (closed, published with the submitter's consent,
  personal data removed), as ``/api/v1/public/cases/``.
* ``GET requests/<code>.json``: a published case, or the citizen's own item with its PIN in the
  ``X-Tracking-PIN`` header (a registered client only, with the public API's PIN limits); anything
  else is one 404.

Refusals come in GeoReport's shape, ``[{"code": 400, "description": "…"}]``, with Chinese
descriptions; nothing here shows a name, a number, an e-mail or an address of a citizen."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rest_framework import permissions
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import idempotency
from congress.api_errors import api_error
from congress.apiclients.auth import ClientKeyAuthentication, IsRegisteredClient, client_for_key
from congress.apiclients.models import ApiClient
from congress.geo import outside_china
from congress.models import Area, Category
from congress.parsers import JSONParser
from congress.selectors import categories_for_body

from . import selectors, services, workflow
from .api import client_submit, tracked_item
from .models import Suggestion

# GeoReport's names for the public API's fields, to say which field a refusal is about.
FIELD_NAMES = {
    "category": "service_code",
    "area": "address_id",
    "text": "description",
    "title": "attribute[title]",
    "address": "address_string",
    "submitter_name": "first_name",
    "submitter_mobile": "phone",
    "submitter_email": "email",
    "consent_privacy": "attribute[consent_privacy]",
    "consent_publish": "attribute[consent_publish]",
}
DEFAULT_DAYS = 90  # GeoReport: without dates, the last 90 days
MAX_RESULTS = 200
TITLE_LENGTH = 30


def _georeport_errors(status_code: int, body: dict[str, Any]) -> list[dict[str, Any]]:
    errors = body.get("errors") or {}
    if errors:
        return [
            {"code": status_code, "description": f"{FIELD_NAMES.get(field, field)}：{message}"}
            for field, messages in errors.items()
            for message in messages
        ]
    return [{"code": status_code, "description": body.get("message", "")}]


class GeoReportView(APIView):
    """Public by default; refusals in GeoReport's error list; kept out of the OpenAPI schema (GeoReport
    has its own specification)."""

    schema = None
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        data = getattr(response, "data", None)
        if response.status_code >= 400 and isinstance(data, dict) and "message" in data:
            response.data = _georeport_errors(response.status_code, data)
        return super().finalize_response(request, response, *args, **kwargs)


class GeoReportKeyAuthentication(ClientKeyAuthentication):
    """The client key from the headers, or from GeoReport's ``api_key`` field in a POST body."""

    def authenticate(self, request: Any) -> tuple[Any, ApiClient] | None:
        found = super().authenticate(request)
        if found is not None or request.method != "POST" or "api_key" in request.query_params:
            return found
        key = str(request.data.get("api_key", "") or "") if hasattr(request.data, "get") else ""
        if not key:
            return None
        client = client_for_key(key)
        if client is None:
            raise AuthenticationFailed(_("The client key is not valid: it is unknown, revoked or expired."))
        return AnonymousUser(), client


def _services() -> QuerySet[Category]:
    # GeoReport deals with no particular body: the categories every body shares.
    return categories_for_body(None).select_related("parent").order_by("sort_order", "pk")


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": category.parent.name if category.parent else "",
    }


class ServiceList(GeoReportView):
    def get(self, request: Request) -> Response:
        return Response([_service(category) for category in _services()])


class ServiceDefinition(GeoReportView):
    def get(self, request: Request, service_code: str) -> Response:
        category = _services().filter(code=service_code[:40]).first()
        if category is None:
            return api_error(404, _("No such service."), code="not_found")
        yes_no = [
            {"key": "true", "name": pgettext("consent", "Yes")},
            {"key": "false", "name": pgettext("consent", "No")},
        ]
        return Response(
            {
                "service_code": category.code,
                "attributes": [
                    {
                        "variable": True,
                        "code": "consent_privacy",
                        "datatype": "singlevaluelist",
                        "required": True,
                        "datatype_description": _("The citizen agrees to the privacy notice (true)."),
                        "order": 1,
                        "description": _("Consent to the privacy notice"),
                        "values": yes_no,
                    },
                    {
                        "variable": True,
                        "code": "consent_publish",
                        "datatype": "singlevaluelist",
                        "required": False,
                        "datatype_description": _("The case may be published without personal data."),
                        "order": 2,
                        "description": _("Consent to publication"),
                        "values": yes_no,
                    },
                    {
                        "variable": True,
                        "code": "title",
                        "datatype": "string",
                        "required": False,
                        "datatype_description": _(
                            "A short title; without one, the start of the description."
                        ),
                        "order": 3,
                        "description": _("Title"),
                    },
                ],
            }
        )


def _attribute(data: Any, name: str) -> Any:
    nested = data.get("attribute") if hasattr(data, "get") else None
    if isinstance(nested, dict) and name in nested:
        return nested[name]
    return data.get(f"attribute[{name}]", "") if hasattr(data, "get") else ""


def _coordinates(data: Any) -> tuple[float, float] | Response | None:
    """(lat, long) as numbers in China, None without them, or the refusal."""
    raw_lat, raw_long = data.get("lat", ""), data.get("long", "")
    if raw_lat in ("", None) and raw_long in ("", None):
        return None
    try:
        lat, long = float(raw_lat), float(raw_long)
    except (TypeError, ValueError):
        return api_error(400, _("Send lat and long together, as decimal degrees (WGS-84)."), field="lat")
    if not (math.isfinite(lat) and math.isfinite(long) and -90 <= lat <= 90 and -180 <= long <= 180):
        return api_error(400, _("Send lat and long together, as decimal degrees (WGS-84)."), field="lat")
    if outside_china(lat, long):
        return api_error(400, _("This position is outside China."), field="lat")
    return lat, long


def _payload(data: Any) -> dict[str, Any] | Response:
    """The public API's submission built from GeoReport's fields, or the refusal."""
    if data.get("media_url"):
        return api_error(
            400,
            _("Photos are not fetched from an address: upload them with /api/v1/public/suggestions/."),
            field="media_url",
        )
    code = str(data.get("service_code", "") or "")[:40]
    category = _services().filter(code=code).first() if code else None
    if category is None:
        return api_error(400, _("No such service: take a service_code from services.json."), field="category")
    area_code = str(data.get("address_id", "") or "")[:20]
    area = Area.objects.filter(code=area_code).first() if area_code else None
    if area is None:
        return api_error(
            400, _("Send address_id: the code of an area from /api/v1/public/areas/."), field="area"
        )
    position = _coordinates(data)
    if isinstance(position, Response):
        return position
    address = str(data.get("address_string", "") or "").strip()
    if position is not None:
        # The item has no position field: the point travels with the address, for the staff who handle it.
        address = f"{address} (WGS-84 {position[0]:.6f},{position[1]:.6f})".strip()
    text = str(data.get("description", "") or "").strip()
    title = str(_attribute(data, "title") or "").strip() or " ".join(text.split())[:TITLE_LENGTH]
    name = f"{data.get('last_name', '') or ''}{data.get('first_name', '') or ''}".strip()
    payload: dict[str, Any] = {
        "category": category.pk,
        "area": area.pk,
        "title": title,
        "text": text,
        "address": address[:200],
        "submitter_name": name,
        "submitter_mobile": str(data.get("phone", "") or "").replace("-", "").replace(" ", ""),
        "consent_privacy": _attribute(data, "consent_privacy") or False,
        "consent_publish": _attribute(data, "consent_publish") or False,
    }
    if data.get("email"):
        payload["submitter_email"] = str(data.get("email"))
    return payload


class RequestList(GeoReportView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_authenticators(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [GeoReportKeyAuthentication()]
        return []

    def get_permissions(self) -> list[Any]:
        if self.request is not None and self.request.method == "POST":
            return [IsRegisteredClient()]
        return [permissions.AllowAny()]

    def post(self, request: Request) -> Response:
        client = getattr(request, "api_client", None)
        return idempotency.idempotent(
            request,
            scope="open311_request",
            client=getattr(client, "prefix", ""),
            handler=lambda: self._create(request, client),
        )

    @staticmethod
    def _create(request: Request, client: ApiClient | None) -> Response:
        if not hasattr(request.data, "get"):
            return api_error(400, _("Send the request's fields as a form or a JSON object."))
        payload = _payload(request.data)
        if isinstance(payload, Response):
            return payload
        answer = client_submit(request, client, payload)
        if answer.status_code != 201:
            return answer
        # GeoReport's answer, plus the PIN (shown once) the citizen follows the item with.
        return Response(
            [
                {
                    "service_request_id": answer.data["code"],
                    "service_notice": _("Received. The citizen follows the item with its code and PIN."),
                    "account_id": None,
                    "pin": answer.data["pin"],
                }
            ]
        )

    def get(self, request: Request) -> Response:
        query = request.query_params
        cases = _published()
        if query.get("service_request_id"):
            codes = [services.normalise_code(c) for c in query["service_request_id"].split(",")[:MAX_RESULTS]]
            return Response([_published_case(request, c) for c in cases.filter(code__in=codes)])
        if query.get("service_code"):
            codes = query["service_code"].split(",")
            cases = cases.filter(Q(category__code__in=codes) | Q(category__parent__code__in=codes))
        status = query.get("status", "")
        if status not in ("", "open", "closed"):
            return api_error(400, _("status is open or closed."), field="status")
        if status == "open":
            cases = cases.none()  # a published case is a closed one
        dates: dict[str, datetime.datetime] = {}
        for name in ("start_date", "end_date"):
            if query.get(name):
                try:
                    parsed = parse_datetime(query[name])
                except ValueError:  # well formed, but no such date (2026-02-30)
                    parsed = None
                if parsed is None or parsed.tzinfo is None:
                    return api_error(
                        400,
                        _("Send a date and time with its zone, e.g. 2026-01-31T00:00:00+08:00."),
                        field=name,
                    )
                dates[name] = parsed
        end = dates.get("end_date", timezone.now())
        start = dates.get("start_date", end - datetime.timedelta(days=DEFAULT_DAYS))
        if start > end:
            return api_error(400, _("start_date is after end_date."), field="start_date")
        cases = cases.filter(submitted_at__gte=start, submitted_at__lte=end)
        return Response([_published_case(request, case) for case in cases[:MAX_RESULTS]])


def _published() -> QuerySet[Suggestion]:
    return selectors.public_cases().prefetch_related("photos")


def _published_case(request: Request, case: Suggestion) -> dict[str, Any]:
    """A published case as a GeoReport request: the public title and text only, the area (never the
    citizen's address or position), the units that replied."""
    replies = list(case.replies.all())
    photos = list(case.photos.all())
    return {
        "service_request_id": case.code,
        "status": "closed",
        "status_notes": _("Replied and closed."),
        "service_name": case.category.name if case.category else "",
        "service_code": case.category.code if case.category else "",
        "description": case.public_text,
        "agency_responsible": "、".join(dict.fromkeys(r.assignment.unit.name for r in replies)),
        "service_notice": case.public_title,
        "requested_datetime": case.submitted_at.isoformat() if case.submitted_at else None,
        "updated_datetime": case.published_at.isoformat() if case.published_at else None,
        "expected_datetime": None,
        "address": case.area.name if case.area else "",
        "address_id": case.area.code if case.area else "",
        "zipcode": None,
        "media_url": request.build_absolute_uri(reverse("suggestion-photo", args=[photos[0].pk]))
        if photos
        else None,
    }


def _own_item(item: Suggestion) -> dict[str, Any]:
    """The citizen's own item, to the client holding its code and PIN: where it stands, no content."""
    timeline = selectors.suggestion_timeline(item)
    status = "closed" if timeline.case.status in workflow.TERMINAL_STATES else "open"
    last = timeline.events[-1] if timeline.events else None
    return {
        "service_request_id": item.code,
        "status": status,
        "status_notes": str(timeline.case.get_status_display()),
        "service_name": item.category.name if item.category else "",
        "service_code": item.category.code if item.category else "",
        "requested_datetime": item.submitted_at.isoformat() if item.submitted_at else None,
        "updated_datetime": last.at.isoformat() if last else None,
        "expected_datetime": timeline.reply_due.isoformat() if timeline.reply_due else None,
        "address_id": item.area.code if item.area else "",
    }


class RequestDetail(GeoReportView):
    authentication_classes = [ClientKeyAuthentication]

    def get(self, request: Request, code: str) -> Response:
        case = _published().filter(code=services.normalise_code(code)).first()
        if case is not None:
            return Response([_published_case(request, case)])
        if not request.headers.get("X-Tracking-PIN"):
            return api_error(404, _("No published case has this code."), code="not_found")
        if not IsRegisteredClient().has_permission(request, self):
            return api_error(401, _("This API is for registered client applications: send the client's key."))
        item, refused = tracked_item(request, code)
        if refused is not None:
            return refused
        return Response([_own_item(item)])
