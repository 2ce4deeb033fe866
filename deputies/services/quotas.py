"""The quota rules' own writes (admin): checked and audited. Progress is computed on read
(``deputies.selectors.quota_progress``), so a changed rule applies at once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congress.audit import audit_changes, field_snapshot
from congress.errors import DomainError
from congress.models import Term
from congress.services import validated_save

from ..models import DutyRecord, QuotaRule

RULE_FIELDS = ("code", "name", "kinds", "period", "required", "levels", "remind_days_before_end", "is_active")


def quota_rule_check(rule: QuotaRule) -> None:
    if not rule.kinds:
        raise DomainError(_("Choose at least one kind of entry."), field="kinds")
    if set(rule.kinds) - set(DutyRecord.Kind.values):
        raise DomainError(_("Unknown kind of duty record."), field="kinds")
    if set(rule.levels or []) - set(Term.Level.values):
        raise DomainError(_("Unknown level."), field="levels")
    if not rule.required or rule.required < 1:
        raise DomainError(_("A quota asks for at least one entry."), field="required")
    if rule.period not in QuotaRule.Period.values:
        raise DomainError(_("Unknown period."), field="period")


def quota_rule_save(*, rule: QuotaRule, actor: Any = None) -> QuotaRule:
    quota_rule_check(rule)
    with transaction.atomic():
        stored = QuotaRule.objects.filter(pk=rule.pk).first() if rule.pk else None
        before = field_snapshot(stored, RULE_FIELDS) if stored is not None else {}
        validated_save(rule)
        audit_changes(
            target=rule,
            action="update" if before else "create",
            before=before,
            after=field_snapshot(rule, RULE_FIELDS),
            actor=actor,
        )
    return rule
