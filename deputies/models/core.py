"""Deputies (人大代表) of all five levels, their delegations and groups."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress.models import Area, Body, Term, root_body_pk
from congress.privacy import mask_phone

from ..querysets import DelegationQuerySet, DeputyGroupQuerySet, DeputyQuerySet, DeputyRecordQuerySet


class Delegation(models.Model):
    """A delegation (代表团) at a congress session, usually one per district."""

    name = models.CharField(_("name"), max_length=100)
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="delegations"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Never deleted (deputies' records name it): one that no longer meets is deactivated.
    is_active = models.BooleanField(_("in use"), default=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_unique_name")]

    def __str__(self) -> str:
        return self.name


class DeputyGroup(models.Model):
    """A deputy group (代表小组): territorial, or professional (专业代表小组, 002:455, 003:307)."""

    class Kind(models.TextChoices):
        TERRITORIAL = "territorial", _("Territorial")
        PROFESSIONAL = "professional", _("Professional")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("in use"), default=True)
    # The body whose deputies the group gathers (a district's groups are the district's).
    body = models.ForeignKey(
        Body,
        verbose_name=_("people's congress body"),
        on_delete=models.PROTECT,
        related_name="deputy_groups",
        default=root_body_pk,
    )

    objects = DeputyGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Deputy(models.Model):
    """A people's congress deputy. Deputies of every level who live in the city are kept."""

    Level = Term.Level

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Party(models.TextChoices):
        CPC = "cpc", _("Communist Party of China")
        RCCK = "rcck", _("Revolutionary Committee of the Chinese Kuomintang")
        CDL = "cdl", _("China Democratic League")
        CNDCA = "cndca", _("China National Democratic Construction Association")
        CAPD = "capd", _("China Association for Promoting Democracy")
        CPWDP = "cpwdp", _("Chinese Peasants' and Workers' Democratic Party")
        ZGD = "zgd", _("China Zhi Gong Party")
        JS = "js", _("Jiusan Society")
        TDSL = "tdsl", _("Taiwan Democratic Self-Government League")
        NON_PARTY = "non_party", _("Non-party personage")
        MASSES = "masses", _("No party affiliation")

    class Education(models.TextChoices):
        DOCTORATE = "doctorate", _("Doctorate")
        MASTER = "master", _("Master's degree")
        BACHELOR = "bachelor", _("Bachelor's degree")
        COLLEGE = "college", _("Junior college")
        SECONDARY = "secondary", _("Secondary school or below")

    class Occupation(models.TextChoices):
        WORKER = "worker", _("Worker")
        FARMER = "farmer", _("Farmer")
        PROFESSIONAL = "professional", _("Professional and technical staff")
        OFFICIAL = "official", _("Party and government official")
        MANAGER = "manager", _("Enterprise manager")
        MILITARY = "military", _("Military")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RESIGNED = "resigned", _("Resigned")
        REMOVED = "removed", _("Removed")
        DECEASED = "deceased", _("Deceased")
        TERM_ENDED = "term_ended", _("Term ended")

    name = models.CharField(_("name"), max_length=50, db_index=True)
    slug = models.SlugField(_("public identifier"), max_length=20, unique=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    # The ID-card number is never stored: only its keyed digest, to recognise the same person when
    # an office's roster is imported again (docs/import.md; PIPL: collect the minimum).
    id_card_digest = models.CharField(_("ID-card digest"), max_length=64, blank=True, db_index=True)
    party = models.CharField(_("party affiliation"), max_length=20, choices=Party.choices)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("occupation class"), max_length=20, choices=Occupation.choices)
    work_unit = models.CharField(_("work unit"), max_length=120)
    title = models.CharField(pgettext_lazy("deputy", "title"), max_length=120, blank=True)
    is_official = models.BooleanField(
        _("official deputy"),
        default=False,
        help_text=_("Holds a leading post in a state organ (ex-officio deputy)."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Term.Level.choices, db_index=True)
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="deputies")
    constituency = models.CharField(_("constituency or electing unit"), max_length=120)
    area = models.ForeignKey(
        Area,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputies",
    )
    groups = models.ManyToManyField(
        DeputyGroup, verbose_name=_("deputy groups"), blank=True, related_name="deputies"
    )
    expertise = ArrayField(
        models.CharField(max_length=30), verbose_name=_("expertise tags"), default=list, blank=True
    )
    photo = models.ImageField(_("photo"), upload_to="deputies/photos/", blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    phone_is_public = models.BooleanField(_("publish phone number"), default=False)
    email = models.EmailField(_("email"), blank=True)
    pledges = models.TextField(
        _("pledges"), blank=True, help_text=_("Public commitments to voters (002:427).")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason for status"), max_length=200, blank=True)
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    # A person may sit in two congresses (a city deputy who is also a district deputy, DOMAIN.md
    # §11): one row per seat, each in its term, so each body's ballots and rolls count the seat that
    # belongs to them. The person has one login: it is on one row, and the other seat points at it.
    seat_of = models.ForeignKey(
        "self",
        verbose_name=_("same person's seat with the login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="other_seats",
        help_text=_(
            "For a person who is a deputy of two congresses: on the second seat, the seat whose user "
            "account the person signs in with. The dashboard then shows both seats' work."
        ),
    )

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["name", "pk"]
        permissions = [("use_dashboard", _("Can use the deputy dashboard"))]
        indexes = [models.Index(fields=["level", "status"], name="deputy_level_status_idx")]
        constraints = [
            # The login is on the other seat: a seat pointing to it holds none of its own.
            models.CheckConstraint(
                condition=models.Q(seat_of__isnull=True) | models.Q(user__isnull=True),
                name="deputy_second_seat_has_no_login",
            ),
            models.CheckConstraint(
                condition=~models.Q(seat_of=models.F("pk")), name="deputy_seat_not_of_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def account_id(self) -> int | None:
        """The user account the person signs in with: this seat's, or for the second seat of a
        deputy of two congresses, the account on the seat it points at."""
        if self.user_id:
            return self.user_id
        return self.seat_of.user_id if self.seat_of_id and self.seat_of else None

    @property
    def account(self) -> Any:
        if self.user_id:
            return self.user
        return self.seat_of.user if self.seat_of_id and self.seat_of and self.seat_of.user_id else None

    @property
    def masked_phone(self) -> str:
        """The phone number as the public may see it: only when published, and masked."""
        if not self.phone or not self.phone_is_public:
            return ""
        return mask_phone(self.phone)


class DutyRecord(models.Model):
    """One entry of a deputy's duty record (履职档案, DOMAIN.md §7). Apps write entries through
    ``deputies.services.duty_record_add``; an entry about a source object is written once only."""

    class Kind(models.TextChoices):
        # Written automatically by the services where the act happens.
        RECEPTION = "reception", _("Reception attended")
        OPINION_TAKEN_UP = "opinion_taken_up", _("Opinion taken up")
        OPINION_ANSWERED = "opinion_answered", _("Opinion answered")
        SUGGESTION_FILED = "suggestion_filed", _("Suggestion filed")
        SUGGESTION_COSIGNED = "suggestion_cosigned", _("Suggestion co-signed")
        BALLOT_ATTENDED = "ballot_attended", _("Ballot attended")
        RATING_GIVEN = "rating_given", _("Reply rated")
        PROJECT_INSPECTED = "project_inspected", _("Livelihood project inspected")
        REPORT_BACK = "report_back", _("Report-back to voters")
        CONSTITUENT_CONTACT = "constituent_contact", _("Contact with constituents")
        HOME_VISIT = "home_visit", _("Meeting in the constituency")
        COMMITTEE_CONTACT = "committee_contact", _("Contact from a committee member")
        # Added by staff for what happened offline (one by one or by spreadsheet).
        PLENARY_ATTENDED = "plenary_attended", _("Congress session attended")
        GROUP_ACTIVITY = "group_activity", _("Deputy group activity")
        COMMITTEE_ACTIVITY = "committee_activity", _("Activity organised by the standing committee")
        MEETING_ATTENDED = "meeting_attended", _("Meeting attended as observer")
        INSPECTION = "inspection", _("Inspection")
        SURVEY = "survey", _("Survey or research visit")
        TRAINING = "training", _("Training")
        JOB_PERFORMANCE = "job_performance", _("Performance in own job")
        PUBLIC_SERVICE = "public_service", _("Service to society")
        OTHER = "other", _("Other")

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="duty_records"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    on = models.DateField(_("date"), db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("source type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source = GenericForeignKey("content_type", "object_id")
    # What the entry earned under the points rules, after the caps; written by the score
    # recomputation (``deputies.services.points``), never typed in.
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    evidence = models.FileField(_("evidence"), upload_to="deputies/evidence/%Y/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DeputyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty record")
        verbose_name_plural = _("duty records")
        ordering = ["-on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "kind", "content_type", "object_id"],
                condition=models.Q(content_type__isnull=False),
                name="dutyrecord_once_per_source",
            ),
        ]
        indexes = [models.Index(fields=["deputy", "on"], name="dutyrecord_deputy_on_idx")]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.get_kind_display()} · {self.on}"


# Kinds the portal writes itself; staff add the others (and may add these too, for paper records).
AUTOMATIC_KINDS = frozenset(
    {
        DutyRecord.Kind.RECEPTION,
        DutyRecord.Kind.OPINION_TAKEN_UP,
        DutyRecord.Kind.OPINION_ANSWERED,
        DutyRecord.Kind.SUGGESTION_FILED,
        DutyRecord.Kind.SUGGESTION_COSIGNED,
        DutyRecord.Kind.BALLOT_ATTENDED,
        DutyRecord.Kind.RATING_GIVEN,
        DutyRecord.Kind.PROJECT_INSPECTED,
        DutyRecord.Kind.REPORT_BACK,
        DutyRecord.Kind.CONSTITUENT_CONTACT,
        DutyRecord.Kind.HOME_VISIT,
        DutyRecord.Kind.COMMITTEE_CONTACT,
    }
)
