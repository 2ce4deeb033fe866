"""What the audit trail records about accounts (logins, lockouts) and how the chain is watched:
``audit_chain_check`` verifies it, records the check in the chain and, on a break, alerts the
security and audit administrators (docs/security.md, "安全审计")."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles
from .audit import audit_record
from .audit_chain import VerifyResult, audit_verify

ALERT_KIND = "audit.chain_broken"


def _username(credentials: dict[str, Any] | None) -> str:
    value = (credentials or {}).get("username") or ""
    return str(value)[:150]


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(target=user, action="login", actor=user)


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and getattr(user, "pk", None):
        audit_record(target=user, action="logout", actor=user)


def on_login_failed(sender: Any, credentials: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """A failed login, about the account whose name was typed (or about accounts in general when
    no account has that name: the name itself is kept, a mistyped password never)."""
    name = _username(credentials)
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=name).first() if name else None
    if user is not None:
        audit_record(target=user, action="login_failed")
    else:
        audit_record(model=user_model, action="login_failed", data={"username": name})


def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=username).first() if username else None
    if user is not None:
        audit_record(target=user, action="login_locked_out")
    else:
        audit_record(model=user_model, action="login_locked_out", data={"username": str(username)[:150]})


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_login, dispatch_uid="congress.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="congress.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="congress.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="congress.audit.locked_out")


def audit_chain_check(*, actor: Any = None) -> VerifyResult:
    """Verify the chain, record that it was checked (and what was found) as an event of the chain,
    and on a break alert every security and audit administrator (in the portal and by e-mail,
    once a day per broken position)."""
    from .models import AuditChainHead
    from .notifications.models import Notification
    from .notifications.services import notify

    result = audit_verify()
    with transaction.atomic():
        head, _created = AuditChainHead.objects.get_or_create(pk=1)
        audit_record(
            target=head,
            action="audit_verify" if result.ok else "audit_verify_failed",
            actor=actor,
            note=result.message,
            data={"checked": result.checked, "broken": result.broken_seq, "kind": result.kind},
        )
        if not result.ok:
            today = timezone.localdate().isoformat()
            for user in roles.role_members(roles.SECURITY_ADMIN, roles.AUDIT_ADMIN):
                for channel in (Notification.Channel.IN_APP, Notification.Channel.EMAIL):
                    notify(
                        channel=channel,
                        recipient=user,
                        subject=_("The audit trail has been tampered with"),
                        body=result.message,
                        kind=ALERT_KIND,
                        dedupe_key=f"{ALERT_KIND}:{today}:{result.broken_seq}:{user.pk}:{channel}",
                    )
    return result
