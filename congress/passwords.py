"""Password rules of GB/T 22239-2019 level 3 (身份鉴别): complexity, no reuse of recent passwords,
a change at first login, an optional maximum age. Django's validators do length, similarity and the
common-password list (settings ``AUTH_PASSWORD_VALIDATORS``); the two below add character classes and
history. Every password set — the admin, the change page, ``changepassword`` — passes through
``PasswordHistoryValidator.password_changed``, which keeps the history and audits the change."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, capitals, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if _classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "The password must mix at least %(count)s of: lower-case letters, capital letters, digits "
            "and other characters."
        ) % {"count": self.min_classes}


class PasswordHistoryValidator:
    """None of the account's last ``count`` passwords again."""

    def __init__(self, count: int = 5) -> None:
        self.count = count

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None) or self.count <= 0:
            return
        from .models import PasswordHistory

        recent = PasswordHistory.objects.filter(user_id=user.pk).order_by("-pk")[: self.count]
        if any(check_password(password, row.password) for row in recent):
            raise ValidationError(
                ngettext(
                    "The password must differ from the last password used.",
                    "The password must differ from the last %(count)s passwords used.",
                    self.count,
                )
                % {"count": self.count},
                code="password_reused",
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        password_recorded(user=user)

    def get_help_text(self) -> str:
        return _("The password must differ from the last %(count)s passwords used.") % {"count": self.count}


def password_recorded(*, user: Any) -> None:
    """The account has a new password (already hashed on ``user``): keep it in the history (the last
    few only), date it, lift a forced change, audit it."""
    from .audit import audit_record
    from .models import AccountState, PasswordHistory

    PasswordHistory.objects.create(user_id=user.pk, password=user.password)
    keep = max(settings.PASSWORD_HISTORY_COUNT, 1)
    old = PasswordHistory.objects.filter(user_id=user.pk).order_by("-pk").values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(old)).delete()
    AccountState.objects.update_or_create(
        user_id=user.pk, defaults={"password_changed_at": timezone.now(), "must_change_password": False}
    )
    audit_record(target=user, action="password_change")


def password_change_required(user: Any) -> bool:
    """Whether the account must choose a new password before anything else: set by an administrator
    (a new account, a reset), or the password is older than ``PASSWORD_MAX_AGE_DAYS`` (0: never)."""
    from .models import AccountState

    state = AccountState.objects.filter(user_id=user.pk).first()
    if state is None:
        return False
    if state.must_change_password:
        return True
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days and state.password_changed_at is not None:
        return timezone.now() - state.password_changed_at > datetime.timedelta(days=days)
    return False


def password_change_force(*, user: Any) -> None:
    """The account changes its password at its next login (a new account, a password set by an
    administrator)."""
    from .models import AccountState

    AccountState.objects.update_or_create(user_id=user.pk, defaults={"must_change_password": True})
