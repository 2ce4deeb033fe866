"""Booking a place at a reception and cancelling it, for client applications (扫码预约, 002:1309):
the same services and limits as the public booking pages. Needs the client's key; the booking code in
the answer is the only way to cancel (keep it on the device)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import idempotency
from congress.api_errors import api_error
from congress.apiclients.auth import ClientKeyAuthentication, IsRegisteredClient
from congress.errors import DomainError
from congress.parsers import JSONParser

from .models import Booking
from .selectors import reception_for_booking
from .services import booking_cancel, booking_create


class BookSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    mobile = serializers.CharField(max_length=11, help_text="11-digit mainland mobile number")
    topic = serializers.CharField(max_length=200, help_text="what the citizen wants to raise")


class BookingSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="booking code: the only way to cancel, keep it")
    status = serializers.ChoiceField(choices=Booking.Status.choices)
    reception = serializers.IntegerField()
    station = serializers.CharField()
    date = serializers.DateField()
    start_time = serializers.TimeField(help_text="local time of the station (Asia/Shanghai)")
    end_time = serializers.TimeField()


def _booking(booking: Booking) -> dict[str, Any]:
    reception = booking.reception
    return {
        "code": booking.code,
        "status": booking.status,
        "reception": reception.pk,
        "station": reception.station.name,
        "date": reception.date,
        "start_time": reception.start_time,
        "end_time": reception.end_time,
    }


def _limited(request: Request, group: str, setting: str, default: str) -> Response | None:
    rate = str(getattr(settings, setting, default))
    try:
        limited = is_ratelimited(request._request, group=group, key="ip", rate=rate, increment=True)
    except Exception:  # no client address or no cache: the client's own key limit still holds
        limited = False
    if limited:
        response = api_error(429, _("Too many bookings from your network; please try again later."))
        response["Retry-After"] = "3600"
        return response
    return None


IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="a key of your choice per booking: a retry with it returns the first answer",
)


class PublicBookingCreate(APIView):
    """Book a place at a planned reception."""

    permission_classes = [IsRegisteredClient]
    authentication_classes = [ClientKeyAuthentication]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=BookSerializer,
        responses={201: BookingSerializer},
        parameters=[IDEMPOTENCY_KEY],
        summary="Book a place at a reception",
        operation_id="public_receptions_book",
        tags=["public"],
    )
    def post(self, request: Request, pk: int) -> Response:
        client = getattr(request, "api_client", None)
        return idempotency.idempotent(
            request,
            scope="booking_create",
            client=getattr(client, "prefix", ""),
            handler=lambda: self._book(request, pk),
        )

    def _book(self, request: Request, pk: int) -> Response:
        payload = BookSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reception = reception_for_booking(pk)
        if reception is None or reception.station.status == reception.station.Status.PLANNED:
            return api_error(404, _("There is no such reception."), code="not_found")
        limited = _limited(request, "stations.booking", "BOOKING_RATE", "10/h")
        if limited is not None:
            return limited
        try:
            booking = booking_create(reception=reception, **payload.validated_data)
        except DomainError as error:
            return api_error(400, error.message, field=error.field)
        return Response(BookingSerializer(_booking(booking)).data, status=status.HTTP_201_CREATED)


class PublicBookingCancel(APIView):
    """Cancel a booking with its code (cancelling twice is harmless)."""

    permission_classes = [IsRegisteredClient]
    authentication_classes = [ClientKeyAuthentication]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=None,
        responses={200: BookingSerializer},
        summary="Cancel a booking",
        operation_id="public_bookings_cancel",
        tags=["public"],
    )
    def post(self, request: Request, code: str) -> Response:
        # The body carries nothing, but a hostile one is refused (congress.parsers) like anywhere else.
        _body = request.data
        limited = _limited(request, "stations.cancel", "BOOKING_CANCEL_RATE", "20/h")
        if limited is not None:
            return limited
        try:
            booking = booking_cancel(code=code[:12])
        except DomainError:
            return api_error(404, _("No booking has this code."), code="not_found")
        return Response(BookingSerializer(_booking(booking)).data)
