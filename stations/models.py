"""Contact stations (代表之家, 代表联络站, 联系点 …) and deputies' membership in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.encrypted_fields import BlindIndexField, EncryptedTextField
from congress.models import Area, Body, root_body_pk
from congress.privacy import mask_name, mask_phone
from deputies.models import Deputy

from .querysets import (
    BookingQuerySet,
    QrCodeQuerySet,
    ReceptionQuerySet,
    RotationEntryQuerySet,
    StationQuerySet,
    StationRecordQuerySet,
)


class Station(models.Model):
    """A place where deputies meet constituents. Stations form a tree (town home → village station →
    points, 003:539)."""

    class Kind(models.TextChoices):
        HOME = "home", _("Deputies' home")
        LIAISON_STATION = "liaison", _("Liaison station")
        WORK_STATION = "work", _("Work station")
        CONTACT_POINT = "point", _("Contact point")
        STUDIO = "studio", _("Deputy studio")
        PROFESSIONAL = "professional", _("Professional work station")
        LEGISLATIVE_POINT = "legislative", _("Grassroots legislative contact point")
        ONLINE = "online", _("Online liaison station")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        BUILDING = "building", _("Under construction")
        BUILT = "built", _("Built")

    name = models.CharField(_("name"), max_length=120)
    brand_name = models.CharField(_("brand name"), max_length=120, blank=True)
    slug = models.SlugField(_("public identifier"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="stations")
    # The body that runs the station; the opinions taken down at its desk or through its QR code are
    # that body's to handle (DOMAIN.md §11).
    body = models.ForeignKey(
        Body,
        verbose_name=_("people's congress body"),
        on_delete=models.PROTECT,
        related_name="stations",
        default=root_body_pk,
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    theme = models.CharField(_("theme or industry chain"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BUILT)
    head = models.ForeignKey(
        Deputy,
        verbose_name=_("station head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_stations",
    )
    deputy_heads = models.ManyToManyField(
        Deputy, verbose_name=_("deputy heads"), blank=True, related_name="deputy_headed_stations"
    )
    members: models.ManyToManyField[Deputy, StationMembership] = models.ManyToManyField(
        Deputy, verbose_name=_("member deputies"), through="StationMembership", related_name="stations"
    )
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("liaison staff"), blank=True, related_name="liaison_stations"
    )
    checklist = models.ForeignKey(
        "Checklist",
        verbose_name=_("standards checklist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stations",
        help_text=_("Empty means the default checklist."),
    )

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["area__code", "name"]
        permissions = [("use_station_workbench", _("Can use the station workbench"))]

    def __str__(self) -> str:
        return self.name


class StationMembership(models.Model):
    """编组进站: every active deputy belongs to at least one station (003:562)."""

    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.CASCADE)
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    objects = StationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("station membership")
        verbose_name_plural = _("station memberships")
        constraints = [models.UniqueConstraint(fields=["station", "deputy"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.deputy} @ {self.station}"


class QrCode(models.Model):
    """一人一码: the QR code of a deputy or a station (003:564–566, 002:225). The token is opaque and
    stable; revoking it and issuing a new one never reuses a token."""

    token = models.CharField(_("token"), max_length=16, unique=True)
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="qr_codes",
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="qr_codes",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=200, blank=True)

    objects = QrCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("QR code")
        verbose_name_plural = _("QR codes")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(deputy__isnull=False) & models.Q(station__isnull=True))
                | (models.Q(deputy__isnull=True) & models.Q(station__isnull=False)),
                name="qrcode_one_owner",
            ),
            # At most one live code per owner.
            models.UniqueConstraint(
                fields=["deputy"],
                condition=models.Q(revoked_at__isnull=True),
                name="qrcode_one_live_per_deputy",
            ),
            models.UniqueConstraint(
                fields=["station"],
                condition=models.Q(revoked_at__isnull=True),
                name="qrcode_one_live_per_station",
            ),
        ]

    def __str__(self) -> str:
        return self.token

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ReceptionSchedule(models.Model):
    """接待日: how often a station receives the public (DOMAIN.md §3: monthly on a day, weekly,
    bi-weekly, mid-quarter) and which deputies take turns on duty. Dates are computed with
    dateutil's rrule in ``stations.recurrence``."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        BIWEEKLY = "biweekly", _("Every other week")
        MONTHLY = "monthly", _("Monthly on a day")
        MID_QUARTER = "mid_quarter", _("Mid-quarter")
        ONCE = "once", _("One-off")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="schedules"
    )
    name = models.CharField(_("name"), max_length=100)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True, help_text=_("For weekly schedules.")
    )
    month_day = models.SmallIntegerField(
        _("day of month"),
        null=True,
        blank=True,
        help_text=_(
            "1–31 for monthly and mid-quarter schedules; -1 means the last day of the month. "
            "A day the month does not have falls on its last day."
        ),
    )
    quarter_month = models.PositiveSmallIntegerField(
        _("month of the quarter"),
        null=True,
        blank=True,
        choices=[(1, _("First month")), (2, _("Second month")), (3, _("Third month"))],
        help_text=_("For mid-quarter schedules, e.g. the 15th of the second month."),
    )
    starts_on = models.DateField(_("starts on"), help_text=_("First possible date; a one-off date."))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("bookable places"), default=10, help_text=_("How many citizens may book each reception.")
    )
    deputies_per_reception = models.PositiveSmallIntegerField(_("deputies on duty each time"), default=2)
    rotation: models.ManyToManyField[Deputy, RotationEntry] = models.ManyToManyField(
        Deputy, verbose_name=_("duty rotation"), through="RotationEntry", blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = StationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception schedule")
        verbose_name_plural = _("reception schedules")
        ordering = ["station", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")), name="schedule_time_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.name}"


class RotationEntry(models.Model):
    """A deputy's place in a schedule's duty rotation (轮值)."""

    schedule = models.ForeignKey(
        ReceptionSchedule,
        verbose_name=_("schedule"),
        on_delete=models.CASCADE,
        related_name="rotation_entries",
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RotationEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("rotation entry")
        verbose_name_plural = _("rotation entries")
        ordering = ["schedule", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["schedule", "deputy"], name="rotation_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.deputy}"


class Reception(models.Model):
    """A held or planned reception (接待活动). Opinions taken down at a reception enter through the
    suggestions intake, which links back here; this record keeps only a free-text note of them."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="receptions"
    )
    schedule = models.ForeignKey(
        ReceptionSchedule,
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receptions",
    )
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("bookable places"), default=10)
    duty_deputies = models.ManyToManyField(
        Deputy, verbose_name=_("deputies on duty"), blank=True, related_name="duty_receptions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    deputies_present = models.ManyToManyField(
        Deputy, verbose_name=_("deputies present"), blank=True, related_name="attended_receptions"
    )
    visitors = models.PositiveIntegerField(_("visitors (person-times)"), default=0)
    opinions_note = models.TextField(_("opinions taken down"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            # Materialising a schedule twice never makes two receptions on one day.
            models.UniqueConstraint(
                fields=["schedule", "date"],
                condition=models.Q(schedule__isnull=False),
                name="reception_once_per_schedule_day",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")), name="reception_time_order"
            ),
        ]
        indexes = [models.Index(fields=["station", "date"], name="reception_station_date_idx")]

    def __str__(self) -> str:
        return f"{self.station} · {self.date:%Y-%m-%d}"


class Booking(models.Model):
    """A citizen's booked place at a reception (扫码预约, 002:1309). The booking code is the only
    way to cancel it; name and mobile are personal data and shown masked (DOMAIN.md §9)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    reception = models.ForeignKey(
        Reception, verbose_name=_("reception"), on_delete=models.CASCADE, related_name="bookings"
    )
    code = models.CharField(_("booking code"), max_length=12, unique=True)
    # Personal data, stored encrypted (congress.fieldcrypto); the number is compared by its blind index.
    name = EncryptedTextField(_("name"), max_length=50)
    mobile = EncryptedTextField(_("mobile phone"), max_length=11)
    mobile_index = BlindIndexField(_("mobile phone (blind index)"), source="mobile", purpose="mobile")
    topic = models.CharField(_("topic"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["reception", "created_at"]
        constraints = [
            # One live booking per mobile number and reception: double booking is refused.
            models.UniqueConstraint(
                fields=["reception", "mobile_index"],
                condition=models.Q(status="booked"),
                name="booking_once_per_mobile",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_mobile(self) -> str:
        return mask_phone(self.mobile)


class Checklist(models.Model):
    """A standards checklist for stations: "八有四公开" (003:534) by default; "六有" (001) and
    "十有四统一" (002:903) can be added as data."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default checklist"), default=False)

    class Meta:
        verbose_name = _("standards checklist")
        verbose_name_plural = _("standards checklists")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="checklist_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    class Group(models.TextChoices):
        HAVE = "have", _("Must have")
        PUBLIC = "public", _("Must publish")
        UNIFORM = "uniform", _("Must be uniform")

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="items"
    )
    group = models.CharField(_("item group"), max_length=20, choices=Group.choices, default=Group.HAVE)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    description = models.CharField(_("what it means"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "code"], name="checklistitem_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


class Compliance(models.Model):
    """Whether a station meets one checklist item, with evidence (photo, scan of the rules …)."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="compliance"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.CASCADE, related_name="+"
    )
    is_met = models.BooleanField(_("met"), default=False)
    evidence = models.FileField(_("evidence"), upload_to="stations/evidence/%Y/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist compliance")
        verbose_name_plural = _("checklist compliance")
        ordering = ["station", "item__sort_order"]
        constraints = [models.UniqueConstraint(fields=["station", "item"], name="compliance_unique")]

    def __str__(self) -> str:
        return f"{self.station} · {self.item}"


class Inspection(models.Model):
    """A station inspection scored on four parts; the total ranks stations."""

    # Maximum score per part: 25 each, 100 in all (a common provincial template; *default*).
    PART_MAX = 25

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_on = models.DateField(_("inspected on"), db_index=True)
    inspectors = models.CharField(_("inspectors"), max_length=200, blank=True)
    hardware = models.DecimalField(_("hardware"), max_digits=5, decimal_places=1)
    rules = models.DecimalField(_("rules"), max_digits=5, decimal_places=1)
    records = models.DecimalField(_("records"), max_digits=5, decimal_places=1)
    activities = models.DecimalField(_("activities"), max_digits=5, decimal_places=1)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1, editable=False, default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StationRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("station inspection")
        verbose_name_plural = _("station inspections")
        ordering = ["-inspected_on", "-total"]

    def __str__(self) -> str:
        return f"{self.station} · {self.inspected_on}"
