"""Public API for registered client applications (the WeChat mini-program, the 12345 hotline bridge):
submit an opinion, and follow it with the tracking code and PIN.

Every endpoint needs the client's key (``Authorization: Api-Key <key>``, see congress.apiclients) and
counts against that client's own rate limit; the anonymous web form stays behind its CAPTCHA. The
PIN travels in the request body (POST) or the ``X-Tracking-PIN`` header, never in the URL, so it does
not end up in access logs. Same validation and per-number limits as the web form."""

from __future__ import annotations

import re
from typing import Any

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import idempotency
from congress.api_errors import api_error
from congress.apiclients.auth import ClientKeyAuthentication, IsRegisteredClient
from congress.apiclients.models import ApiClient
from congress.errors import DomainError
from congress.models import Area, Category
from congress.parsers import JSONParser
from deputies.models import Deputy
from stations.models import Station
from stations.selectors import qr_target

from . import limits, selectors, services, workflow
from .images import photo_clean
from .models import Channel, ReplyAttachment
from .services import MOBILE_RE


class SubmitSerializer(serializers.Serializer):
    """The opinion as JSON (no photos); ``SubmitWithPhotosSerializer`` adds photos (multipart)."""

    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True),
        label=gettext_lazy("Category"),
        # The receiving body (the QR code's station or deputy, else the place) decides which
        # categories it accepts; the service refuses another body's with a 400 on this field.
        help_text="id from /api/v1/public/categories/ with the same station, deputy or place "
        "(?station=<slug>, ?deputy=<slug>); another body's own category is a 400 on this field",
    )
    title = serializers.CharField(max_length=120, label=gettext_lazy("Title"))
    text = serializers.CharField(min_length=5, max_length=5000, label=gettext_lazy("Your opinion"))
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(),
        label=gettext_lazy("Area"),
        help_text="id from /api/v1/public/areas/",
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    submitter_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    name_hidden = serializers.BooleanField(required=False, default=True)
    submitter_mobile = serializers.CharField(max_length=11, label=gettext_lazy("Mobile number"))
    # No default: an OpenAPI default must itself be valid, and "" is not an e-mail address.
    submitter_email = serializers.EmailField(required=False, allow_blank=True)
    consent_privacy = serializers.BooleanField(label=gettext_lazy("Consent to the privacy notice"))
    consent_publish = serializers.BooleanField(required=False, default=False)
    deputy = serializers.CharField(required=False, allow_blank=True, default="", help_text="deputy slug")
    station = serializers.CharField(required=False, allow_blank=True, default="", help_text="station slug")
    qr = serializers.CharField(required=False, allow_blank=True, default="", help_text="QR token")
    wechat_openid = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=64,
        help_text=(
            "WeChat mini-program clients only: the citizen's openid, where the portal sends subscribe "
            "messages about this item (the templates the citizen agreed to). Never shown back."
        ),
    )

    def validate_submitter_mobile(self, value: str) -> str:
        if not MOBILE_RE.match(value.strip()):
            raise serializers.ValidationError(_("Enter a valid 11-digit mobile number."))
        return value.strip()

    def validate_consent_privacy(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(pgettext("suggestion", "Please agree to the privacy notice."))
        return value


class SubmitWithPhotosSerializer(SubmitSerializer):
    """The opinion with up to five photos, as ``multipart/form-data``."""

    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=5,
        label=gettext_lazy("Photos"),
    )

    def validate_photos(self, value: list[Any]) -> list[Any]:
        cleaned = []
        for upload in value:
            try:
                cleaned.append(photo_clean(upload, name=getattr(upload, "name", "")))
            except DomainError as error:
                raise serializers.ValidationError(error.message) from None
        return cleaned


class PinSerializer(serializers.Serializer):
    pin = serializers.CharField(max_length=10, help_text="the PIN given with the tracking code")


class SubmittedSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="tracking code")
    pin = serializers.CharField(help_text="secret PIN, returned only once")
    status = serializers.CharField()


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    step = serializers.CharField(help_text="the step in plain language")
    note = serializers.CharField()


class CommitmentSerializer(serializers.Serializer):
    promise = serializers.CharField()
    due_on = serializers.DateField()
    kept = serializers.BooleanField()


class ReplySerializer(serializers.Serializer):
    replied_at = serializers.DateTimeField()
    unit = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    text = serializers.CharField()
    is_follow_up = serializers.BooleanField()
    commitments = CommitmentSerializer(many=True)
    attachments = serializers.ListField(child=serializers.CharField())


class TimelineSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField(help_text="ISO 8601 with the UTC offset (+08:00)")
    case_code = serializers.CharField(help_text="the main case when this item was merged")
    reply_due = serializers.DateField(
        allow_null=True, help_text="the lead unit's reply due date while it handles the case"
    )
    reply_due_provisional = serializers.BooleanField(
        help_text="the due date counts weekends only: that year's holiday calendar is not loaded yet"
    )
    can_rate = serializers.BooleanField(help_text="the submitter may rate the reply now (POST …/rating/)")
    events = EventSerializer(many=True)
    replies = ReplySerializer(many=True)


PIN_HEADER = OpenApiParameter(
    "X-Tracking-PIN",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="the PIN (or send it in the body)",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key of your choice (a UUID) per submission: a retry with the same key and the same body "
        "returns the first answer instead of a second item; kept 24 hours."
    ),
)


class ClientApiView(APIView):
    """A view of the public API for registered client applications (key required)."""

    permission_classes = [IsRegisteredClient]
    authentication_classes = [ClientKeyAuthentication]


def _pin_of(request: Request) -> str | None:
    """The PIN from the header or the body; None when it came in the query string (refused)."""
    if "pin" in request.query_params:
        return None
    header = request.headers.get("X-Tracking-PIN", "")
    if header:
        return header.strip()[:10]
    data = request.data if isinstance(request.data, dict) or hasattr(request.data, "get") else {}
    return str(data.get("pin", "") or "").strip()[:10]


def tracked_item(request: Request, code: str, pin: str | None = None) -> tuple[Any, Response | None]:
    """The item a code and PIN open, or the response that refuses it (400, 429 or one 404)."""
    pin = _pin_of(request) if pin is None else pin
    if pin is None:
        return None, api_error(
            400,
            _("Send the PIN in the request body or the X-Tracking-PIN header, never in the address."),
            field="pin",
        )
    code = services.normalise_code(code)
    refused = limits.track_refused(request._request, code)
    if refused is not None:
        response = api_error(429, refused.message, code="throttled")
        response["Retry-After"] = "3600"
        return None, response
    suggestion = selectors.suggestion_by_code_and_pin(code=code, pin=pin)
    if suggestion is None:
        limits.track_failed(request._request, code)
        return None, api_error(404, _("The tracking code or the PIN is not right."), code="not_found")
    return suggestion, None


class PublicSuggestionCreate(ClientApiView):
    """Submit a citizen opinion; returns the tracking code and the PIN (once)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={"application/json": SubmitSerializer, "multipart/form-data": SubmitWithPhotosSerializer},
        responses={201: SubmittedSerializer},
        parameters=[IDEMPOTENCY_KEY],
        summary="Submit an opinion",
        operation_id="public_suggestions_create",
        tags=["public"],
    )
    def post(self, request: Request) -> Response:
        client = getattr(request, "api_client", None)
        return idempotency.idempotent(
            request,
            scope="suggestion_submit",
            client=getattr(client, "prefix", ""),
            handler=lambda: client_submit(request, client, request.data),
        )


def client_submit(request: Request, client: ApiClient | None, payload: Any) -> Response:
    """A submission from a client application, with the public API's validation and limits (also
    the path of GeoReport's ``POST requests.json``, which maps its fields onto this payload)."""
    # A server-side bridge sends every citizen's item from one address: its own rate limit is the
    # limit. A mini-program runs on citizens' phones: each address is limited as on the web form.
    per_address = getattr(client, "kind", "") != ApiClient.Kind.HOTLINE
    if per_address and limits.submit_limited_by_ip(request._request):
        return _limited(_("Too many submissions from your network. Please try again later."), None)
    serializer = SubmitWithPhotosSerializer(data=payload)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    if limits.submit_limited_by_mobile(request._request, data["submitter_mobile"]):
        return _limited(_("Too many submissions with this mobile number today."), "submitter_mobile")
    deputy = station = None
    token = ""
    if data["qr"]:
        target = qr_target(re.sub(r"[^0-9A-Za-z]", "", data["qr"]))
        if target is not None and not target.revoked:
            deputy, station, token = target.deputy, target.station, target.token
    if data["deputy"]:
        deputy = Deputy.objects.filter(slug=data["deputy"][:20], status="active").first()
        if deputy is None:
            return api_error(400, _("No such deputy."), field="deputy")
    if data["station"]:
        station = Station.objects.filter(slug=data["station"][:20]).first()
        if station is None:
            return api_error(400, _("No such station."), field="station")
    if data["wechat_openid"] and getattr(client, "kind", "") != ApiClient.Kind.WECHAT:
        return api_error(
            400, _("Only a WeChat mini-program client may send an openid."), field="wechat_openid"
        )
    try:
        result = services.suggestion_submit(
            submission=services.SubmissionInput.from_cleaned(
                data,
                channel=Channel.API,
                deputy=deputy,
                station=station,
                qr_token=token,
                submitter_openid=data["wechat_openid"],
            )
        )
    except DomainError as error:
        field = "wechat_openid" if error.field == "submitter_openid" else error.field
        return api_error(400, error.message, field=field or "non_field_errors")
    return Response(
        {"code": result.suggestion.code, "pin": result.pin, "status": result.suggestion.status},
        status=status.HTTP_201_CREATED,
    )


def _limited(message: str, field: str | None) -> Response:
    response = api_error(429, message, field=field, code="throttled")
    response["Retry-After"] = "3600"
    return response


def timeline_payload(request: Request, suggestion: Any) -> dict[str, Any]:
    """The public timeline of an item as the API shows it to its submitter."""
    timeline = selectors.suggestion_timeline(suggestion)
    labels = workflow.ACTION_LABELS
    return {
        "code": suggestion.code,
        "title": suggestion.title,
        "status": timeline.case.status,
        "status_label": str(timeline.case.get_status_display()),
        "submitted_at": suggestion.submitted_at,
        "case_code": timeline.case.code,
        "reply_due": timeline.reply_due,
        "reply_due_provisional": timeline.reply_due_provisional,
        "can_rate": selectors.can_submitter_rate(suggestion),
        "events": [
            {
                "at": e.at,
                "action": e.action,
                "step": str(labels.get(e.action, e.action)),
                "note": e.public_note,
            }
            for e in timeline.events
        ],
        "replies": [
            {
                "replied_at": r.replied_at,
                "unit": r.assignment.unit.name,
                "outcome": r.outcome,
                "outcome_label": str(r.get_outcome_display()),
                "text": r.text,
                "is_follow_up": r.is_follow_up,
                "commitments": [
                    {"promise": c.promise, "due_on": c.due_on, "kept": c.kept_at is not None}
                    for c in r.commitments.all()
                ],
                "attachments": [
                    request.build_absolute_uri(
                        reverse("api-public-suggestion-attachment", args=[suggestion.code, a.pk])
                    )
                    for a in r.attachments.all()
                ],
            }
            for r in timeline.replies
        ],
    }


class PublicSuggestionTrack(ClientApiView):
    """The public timeline of an item, opened with its tracking code and PIN."""

    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=PinSerializer,
        parameters=[PIN_HEADER],
        responses={200: TimelineSerializer},
        summary="Track an opinion",
        operation_id="public_suggestions_track",
        tags=["public"],
    )
    def post(self, request: Request, code: str) -> Response:
        suggestion, refusal = tracked_item(request, code)
        if refusal is not None:
            return refusal
        return Response(TimelineSerializer(timeline_payload(request, suggestion)).data)


class PublicSuggestionAttachment(ClientApiView):
    """Download a reply attachment of an item, with the item's tracking code and PIN (in the
    ``X-Tracking-PIN`` header of a GET, or the body of a POST)."""

    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        parameters=[PIN_HEADER],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download a reply attachment",
        operation_id="public_suggestions_attachment",
        tags=["public"],
    )
    def get(self, request: Request, code: str, pk: int) -> Any:
        return self._download(request, code, pk)

    @extend_schema(
        request=PinSerializer,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Download a reply attachment (PIN in the body)",
        operation_id="public_suggestions_attachment_post",
        tags=["public"],
    )
    def post(self, request: Request, code: str, pk: int) -> Any:
        return self._download(request, code, pk)

    def _download(self, request: Request, code: str, pk: int) -> Any:
        suggestion, refusal = tracked_item(request, code)
        if refusal is not None:
            return refusal
        case_id = suggestion.merged_into_id or suggestion.pk
        attachment = ReplyAttachment.objects.filter(pk=pk, reply__suggestion_id=case_id).first()
        if attachment is None:
            return api_error(404, _("The tracking code or the PIN is not right."), code="not_found")
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
