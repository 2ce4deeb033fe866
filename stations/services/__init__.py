"""Writes about stations, memberships (编组进站), QR codes, receptions and bookings, one module per
concern. Stations and memberships are master data: the API, the admin and the spreadsheet import
all write them through these functions, and every change writes an audit event with the
before/after of the changed fields. Callers import from ``stations.services``; the modules are
how the code is kept, not part of the interface."""

from .bookings import (
    BOOKING_RETENTION_DAYS,
    MOBILE_RE,
    booking_cancel,
    booking_create,
    bookings_erase_expired,
)
from .check_ins import (
    reception_check_in,
)
from .master import (
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    STATION_AUDITED,
    STATION_FIELDS,
    STATION_M2M,
    membership_add,
    membership_remove,
    station_check,
    station_create,
    station_update,
)
from .qr import (
    qr_code_issue,
    qr_code_revoke,
)
from .receptions import (
    RECEPTION_MATERIALISE_WEEKS,
    reception_create,
    reception_record_held,
    reception_transition,
    receptions_materialise,
    schedule_pattern,
    schedule_validate,
)
from .standards import (
    COMPLIANCE_FIELDS,
    INSPECTION_FIELDS,
    compliance_set,
    inspection_record,
)

__all__ = [
    "BOOKING_RETENTION_DAYS",
    "COMPLIANCE_FIELDS",
    "INSPECTION_FIELDS",
    "LATITUDE_RANGE",
    "LONGITUDE_RANGE",
    "MOBILE_RE",
    "RECEPTION_MATERIALISE_WEEKS",
    "STATION_AUDITED",
    "STATION_FIELDS",
    "STATION_M2M",
    "booking_cancel",
    "booking_create",
    "bookings_erase_expired",
    "compliance_set",
    "inspection_record",
    "membership_add",
    "membership_remove",
    "qr_code_issue",
    "qr_code_revoke",
    "reception_check_in",
    "reception_create",
    "reception_record_held",
    "reception_transition",
    "receptions_materialise",
    "schedule_pattern",
    "schedule_validate",
    "station_check",
    "station_create",
    "station_update",
]
