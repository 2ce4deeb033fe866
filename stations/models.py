"""Contact stations (代表之家, 代表联络站, 联系点 …) and deputies' membership in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress.models import Area
from deputies.models import Deputy


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
