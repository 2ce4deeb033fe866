"""Every write of the deputies app. Views, the API, the admin, the spreadsheet imports, tasks, the
demo and the other apps (through ``duty_record_add``) all come through here.

* ``master``: deputies' profiles and status (one write path for master data, audited);
* ``groups``: delegations and deputy groups, and the groups' members;
* ``duty``: the duty record; every write recomputes that year's score;
* ``points``: scores, adjustments, the frozen annual evaluation, the points rules;
* ``report_back``: 述职 and its public rating by verified mobile numbers;
* ``liaison``: 双联系 — committee members and deputies, contacts with constituents.
"""

from __future__ import annotations

from .duty import (
    EntryInput,
    duty_record_add,
    duty_record_delete,
    duty_record_note,
    duty_record_remove,
    duty_record_update,
    duty_records_bulk_add,
)
from .groups import (
    delegation_check,
    delegation_create,
    delegation_set_active,
    delegation_update,
    deputy_group_check,
    deputy_group_create,
    deputy_group_member_add,
    deputy_group_member_remove,
    deputy_group_set_active,
    deputy_group_update,
)
from .liaison import (
    committee_contact_record,
    committee_link_add,
    committee_link_remove,
    committee_member_create,
    committee_member_update,
    constituent_contact_record,
    liaison_contacts_bulk_record,
)
from .master import (
    deputies_bulk_create,
    deputies_term_end,
    deputy_check,
    deputy_create,
    deputy_status_change,
    deputy_status_check,
    deputy_update,
)
from .points import (
    duty_score_compute,
    duty_score_recompute,
    duty_scores_recompute,
    evaluation_freeze,
    points_adjustment_add,
    points_dimension_save,
    points_item_check,
    points_item_save,
    year_is_frozen,
)
from .quotas import quota_rule_check, quota_rule_save
from .report_back import (
    mobile_digest,
    report_back_check,
    report_back_code_send,
    report_back_create,
    report_back_publish,
    report_back_rate,
    report_back_tally_refresh,
    report_back_update,
    report_back_withdraw,
)
from .seats import deputy_second_seat_create

__all__ = [
    "EntryInput",
    "committee_contact_record",
    "committee_link_add",
    "committee_link_remove",
    "committee_member_create",
    "committee_member_update",
    "constituent_contact_record",
    "delegation_check",
    "delegation_create",
    "delegation_set_active",
    "delegation_update",
    "deputies_bulk_create",
    "deputies_term_end",
    "deputy_check",
    "deputy_create",
    "deputy_group_check",
    "deputy_group_create",
    "deputy_group_member_add",
    "deputy_group_member_remove",
    "deputy_group_set_active",
    "deputy_group_update",
    "deputy_second_seat_create",
    "deputy_status_change",
    "deputy_status_check",
    "deputy_update",
    "duty_record_add",
    "duty_record_delete",
    "duty_record_note",
    "duty_record_remove",
    "duty_record_update",
    "duty_records_bulk_add",
    "duty_score_compute",
    "duty_score_recompute",
    "duty_scores_recompute",
    "evaluation_freeze",
    "liaison_contacts_bulk_record",
    "mobile_digest",
    "points_adjustment_add",
    "points_dimension_save",
    "points_item_check",
    "points_item_save",
    "quota_rule_check",
    "quota_rule_save",
    "report_back_check",
    "report_back_code_send",
    "report_back_create",
    "report_back_publish",
    "report_back_rate",
    "report_back_tally_refresh",
    "report_back_update",
    "report_back_withdraw",
    "year_is_frozen",
]
