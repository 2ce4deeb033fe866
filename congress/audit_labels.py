"""Plain-language names of the audit log's actions and states, as the admin's audit log shows them.

Actions are written by every app (``congress.audit.audit_record``); the names live here, in the core,
as plain strings so no app's code is imported. A state is named by the choices of the audited model's
own fields (a reception's ``held`` is 已举行 because ``Reception.status`` says so)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS = {
    "create": pgettext_lazy("audit", "Created"),
    "deputy_second_seat": pgettext_lazy("audit", "Seat in a second congress recorded"),
    "update": pgettext_lazy("audit", "Changed"),
    "delete": pgettext_lazy("audit", "Deleted"),
    "role_grant": pgettext_lazy("audit", "Role in the body given"),
    "role_revoke": pgettext_lazy("audit", "Role in the body taken away"),
    "groups_set": pgettext_lazy("audit", "Groups changed"),
    "qr_code_issue": pgettext_lazy("audit", "QR code issued"),
    "qr_code_reissue": pgettext_lazy("audit", "QR code reissued"),
    "qr_code_revoke": pgettext_lazy("audit", "QR code revoked"),
    "transfer": pgettext_lazy("audit", "Transferred to another body"),
    "activate": pgettext_lazy("audit", "Activated"),
    "enable": pgettext_lazy("audit", "Enabled"),
    "disable": pgettext_lazy("audit", "Disabled"),
    "unlock": pgettext_lazy("audit", "Account unlocked"),
    "resend": pgettext_lazy("audit", "Message sent again"),
    "recompute": pgettext_lazy("audit", "Scores recomputed"),
    "materialise": pgettext_lazy("audit", "Receptions planned from the schedule"),
    "deactivate": pgettext_lazy("audit", "Deactivated"),
    "status_change": pgettext_lazy("audit", "Status changed"),
    "transition": pgettext_lazy("audit", "Status changed"),
    "record": pgettext_lazy("audit", "Recorded as held"),
    "check_in": pgettext_lazy("audit", "Checked in"),
    "publish": pgettext_lazy("audit", "Published"),
    "withdraw": pgettext_lazy("audit", "Withdrawn"),
    "link_add": pgettext_lazy("audit", "Link added"),
    "link_remove": pgettext_lazy("audit", "Link removed"),
    "committee_link_add": pgettext_lazy("audit", "Committee member linked"),
    "committee_link_remove": pgettext_lazy("audit", "Committee member unlinked"),
    "membership_add": pgettext_lazy("audit", "Member added"),
    "membership_remove": pgettext_lazy("audit", "Member removed"),
    "membership_update": pgettext_lazy("audit", "Membership changed"),
    "officer_add": pgettext_lazy("audit", "Officer added"),
    "officer_remove": pgettext_lazy("audit", "Officer removed"),
    "officer_update": pgettext_lazy("audit", "Officer changed"),
    "duty_record_delete": pgettext_lazy("audit", "Duty record deleted"),
    "duty_records_bulk_add": pgettext_lazy("audit", "Duty records added in bulk"),
    "address_reveal": pgettext_lazy("audit", "Address revealed"),
    "points_adjustment": pgettext_lazy("audit", "Points adjusted"),
    "calendar_day_set": pgettext_lazy("audit", "Calendar day set"),
    "calendar_day_delete": pgettext_lazy("audit", "Calendar day removed"),
    "calendar_year_loaded": pgettext_lazy("audit", "Holiday calendar of a year loaded"),
    "calendar_year_unloaded": pgettext_lazy("audit", "Holiday calendar of a year unloaded"),
    "deadline_set": pgettext_lazy("audit", "Time limit started"),
    "deadline_recomputed": pgettext_lazy("audit", "Due date recomputed"),
    "deadline_extended": pgettext_lazy("audit", "Time limit extended"),
    "deadline_extension_requested": pgettext_lazy("audit", "Extension requested"),
    "deadline_extension_rejected": pgettext_lazy("audit", "Extension rejected"),
    "deadline_policy_created": pgettext_lazy("audit", "Time-limit rule created"),
    "deadline_policy_changed": pgettext_lazy("audit", "Time-limit rule changed"),
    "deadline_policy_override": pgettext_lazy("audit", "Time-limit rule set for a body"),
    "reminder_sent": pgettext_lazy("audit", "Reminder sent"),
    "reminders_paused": pgettext_lazy("audit", "Reminders paused"),
    "reminders_resumed": pgettext_lazy("audit", "Reminders resumed"),
    "cycle_create": pgettext_lazy("audit", "Ballot cycle created"),
    "cycle_edit": pgettext_lazy("audit", "Ballot cycle changed"),
    "cycle_phase": pgettext_lazy("audit", "Ballot cycle moved to another phase"),
    "approval_chairpersons": pgettext_lazy("audit", "Approved by the chairpersons' meeting"),
    "approval_committee": pgettext_lazy("audit", "Approved by the standing committee"),
    "ballot_create": pgettext_lazy("audit", "Ballot created"),
    "ballot_status": pgettext_lazy("audit", "Ballot status changed"),
    "ballot_paper_presence": pgettext_lazy("audit", "Paper ballot attendance recorded"),
    "ballot_entitled_set": pgettext_lazy("audit", "Deputies entitled to vote set"),
    "paper_tally_enter": pgettext_lazy("audit", "Paper ballot tally entered"),
    "paper_tally_correct": pgettext_lazy("audit", "Paper ballot tally corrected"),
    "proposal_submit": pgettext_lazy("audit", "Project proposal submitted"),
    "proposal_from_suggestion": pgettext_lazy("audit", "Project proposal made from a suggestion"),
    "proposal_screen": pgettext_lazy("audit", "Project proposal screened"),
    "proposal_assess": pgettext_lazy("audit", "Project proposal assessed"),
    "proposal_score": pgettext_lazy("audit", "Project proposal scored"),
    "project_create": pgettext_lazy("audit", "Livelihood project created"),
    "project_progress": pgettext_lazy("audit", "Project progress reported"),
    "project_inspection": pgettext_lazy("audit", "Project inspected"),
    "project_carry_over": pgettext_lazy("audit", "Project carried over"),
    "project_status": pgettext_lazy("audit", "Project status changed"),
    "routing_model_train": pgettext_lazy("audit", "Routing model trained"),
    "rectification_respond": pgettext_lazy("audit", "Rectification answered"),
    "login": pgettext_lazy("audit", "Logged in"),
    "logout": pgettext_lazy("audit", "Logged out"),
    "login_failed": pgettext_lazy("audit", "Login failed"),
    "login_locked_out": pgettext_lazy("audit", "Locked out after failed logins"),
    "password_change": pgettext_lazy("audit", "Password changed"),
    "account_change": pgettext_lazy("audit", "Account changed"),
    "permissions_set": pgettext_lazy("audit", "Permissions changed"),
    "admin_role_grant": pgettext_lazy("audit", "Administrator role given"),
    "admin_role_revoke": pgettext_lazy("audit", "Administrator role taken away"),
    "superuser_lock": pgettext_lazy("audit", "Installation superuser locked"),
    "contact_reveal": pgettext_lazy("audit", "Personal data revealed"),
    "export": pgettext_lazy("audit", "Exported"),
    "report_download": pgettext_lazy("audit", "Report downloaded"),
    "audit_verify": pgettext_lazy("audit", "Audit chain verified: intact"),
    "audit_verify_failed": pgettext_lazy("audit", "Audit chain verified: broken"),
    "audit_redact": pgettext_lazy("audit", "Personal data removed from audit events"),
    "audit_archive": pgettext_lazy("audit", "Audit events archived"),
    "suggestion_auto_dispatch": pgettext_lazy("audit", "Dispatched automatically by the routing model"),
    "auto_dispatch_check": pgettext_lazy("audit", "Automatic dispatch checked"),
    "route_trust_lower": pgettext_lazy("audit", "Route trusted less after a return"),
    "field_keys_rotate": pgettext_lazy("audit", "Personal data re-encrypted under the current key"),
}


def action_label(action: str) -> str:
    """The name of an audit action; an action not named here shows as itself."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def state_label(model: type[models.Model] | None, state: str) -> str:
    """The label the audited model's own choices give ``state`` (its code when none does)."""
    if not state or model is None:
        return state
    for field in model._meta.get_fields():
        choices: Any = getattr(field, "choices", None)
        if choices:
            for value, label in getattr(field, "flatchoices", choices):
                if str(value) == state:
                    return str(label)
    return state


STATE_CHANGE = _("%(old)s → %(new)s")
