# mypy: disable-error-code="arg-type,list-item,misc,operator"
# (factory_boy factories are typed as the factory class, and due dates are optional on the model.)
"""Domain rules of the suggestion services (DOMAIN.md §5)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from congress import roles
from congress.calendar.models import Deadline
from congress.errors import DomainError
from congress.notifications.models import Notification
from deputies.models import DutyRecord
from suggestions import services
from suggestions.models import AccessLog, Assignment, Commitment, Rating, Suggestion, Supervision
from suggestions.pins import pin_verify
from tests.factories.core import HandlingUnitFactory, UserFactory
from tests.factories.deputies import DeputyFactory

from .conftest import lead_assignment


def test_submit_stores_pin_hashed_and_starts_the_triage_clock(submit):
    result = submit()
    item = result.suggestion
    assert result.pin.isdigit() and len(result.pin) == 6
    assert result.pin not in item.pin_hash and item.pin_hash.startswith("hmac_sha256$")
    assert pin_verify(item.code, result.pin, item.pin_hash)
    assert item.triage_deadline.policy.code == "opinion.triage"
    assert item.triage_deadline.due > item.submitted_at.date()
    assert set(item.code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")


def test_submit_sends_code_and_pin_by_sms_without_the_content(submit):
    from congress.notifications.backends import DevelopmentSmsBackend
    from congress.notifications.services import notification_deliver

    result = submit()
    sms = Notification.objects.get(channel="sms", kind="suggestion.received")
    assert sms.to_address == "13912345678"
    assert result.suggestion.code in sms.body and result.pin not in sms.body
    notification_deliver(notification_id=sms.pk)
    to, text = DevelopmentSmsBackend.outbox[-1]
    assert to == "13912345678" and result.suggestion.code in text and result.pin in text
    assert "路灯" not in text


def test_public_submission_needs_consent_and_a_mobile_number(submit):
    with pytest.raises(DomainError) as error:
        submit(consent_privacy=False)
    assert error.value.field == "consent_privacy"
    with pytest.raises(DomainError) as error:
        submit(submitter_mobile="12345")
    assert error.value.field == "submitter_mobile"
    assert "11位手机号码" in error.value.message


def test_staff_entry_from_another_channel_needs_no_mobile(submit, staff):
    item = submit(channel="letter", submitter_mobile="", consent_privacy=False, actor=staff).suggestion
    assert item.channel == "letter" and item.created_by == staff


def test_reject_needs_a_reason_and_tells_the_submitter(make, staff):
    item = make("submitted")
    with pytest.raises(DomainError):
        services.suggestion_reject(suggestion=item, actor=staff, reason=" ")
    services.suggestion_reject(suggestion=item, actor=staff, reason="属于个人纠纷，请通过人民调解解决。")
    item.refresh_from_db()
    assert item.status == "rejected"
    assert item.events.filter(action="reject", is_public=True, public_note__contains="人民调解").exists()
    assert Notification.objects.filter(kind="suggestion.rejected", body__contains="人民调解").exists()
    assert not Deadline.objects.get(pk=item.triage_deadline_id).is_open


def test_merge_tells_the_submitter_the_main_case(make, submit, staff):
    main = submit(title="主件").suggestion
    item = make("submitted")
    services.suggestion_merge(suggestion=item, into=main, actor=staff)
    item.refresh_from_db()
    assert item.status == "merged" and item.merged_into == main
    assert Notification.objects.filter(kind="suggestion.merged", body__contains=main.code).exists()


def test_merge_into_itself_or_into_a_merged_item_is_refused(make, submit, staff):
    item = make("submitted")
    with pytest.raises(DomainError):
        services.suggestion_merge(suggestion=item, into=item, actor=staff)
    merged = make("merged")
    with pytest.raises(DomainError):
        services.suggestion_merge(suggestion=item, into=merged, actor=staff)


def test_assignment_gives_lead_and_co_units_their_own_due_dates(make, staff, unit):
    item = make("accepted")
    co_unit = HandlingUnitFactory()
    lead, co = services.suggestion_assign(suggestion=item, lead_unit=unit, co_units=[co_unit], actor=staff)
    assert lead.deadline.policy.code == "opinion.reply" and lead.due_date == lead.deadline.due
    assert co.deadline.policy.code == "co_unit.views" and co.due_date == co.deadline.due
    assert lead.due_date < co.due_date  # 10 working days < 1 month
    assert lead.return_until is not None
    item.refresh_from_db()
    assert item.status == "assigned"
    assert not Deadline.objects.get(pk=item.triage_deadline_id).is_open


def test_deputy_suggestions_run_under_the_three_month_policy(deputy, staff, unit):
    item = services.deputy_suggestion_file(
        deputy=deputy, title="关于加强社区养老服务的建议", text="建议增设社区养老服务中心。"
    )
    (lead,) = services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
    assert lead.deadline.policy.code == "deputy_suggestion.reply"
    assert lead.due_date >= timezone.localdate() + datetime.timedelta(days=85)


def test_reassignment_keeps_earlier_dispatches_and_starts_a_new_clock(make, staff, unit):
    item = make("signed_for")
    first = lead_assignment(item)
    other = HandlingUnitFactory()
    (second,) = services.suggestion_assign(suggestion=item, lead_unit=other, actor=staff)
    first.refresh_from_db()
    assert first.status == "superseded" and not first.deadline.is_open
    assert second.status == "active" and second.deadline_id != first.deadline_id
    assert Assignment.objects.filter(suggestion=item).count() == 2
    assert item.events.filter(action="reassign").exists()


def test_only_officers_of_the_unit_sign_for(make, other_officer):
    item = make("assigned")
    with pytest.raises(DomainError):
        services.assignment_sign_for(assignment=lead_assignment(item), actor=other_officer)


def test_return_within_the_window_goes_back_to_triage(make, officer):
    item = make("assigned")
    first_triage = item.triage_deadline_id
    services.assignment_return(assignment=lead_assignment(item), actor=officer, reason="应由交通运输局办理")
    item.refresh_from_db()
    assert item.status == "returned"
    assert item.triage_deadline_id != first_triage and item.triage_deadline.is_open


def test_return_after_the_window_tells_the_officer_to_ask_staff(make, officer):
    item = make("assigned")
    lead = lead_assignment(item)
    with pytest.raises(DomainError) as error:
        services.assignment_return(
            assignment=lead,
            actor=officer,
            reason="不属于本单位",
            today=lead.return_until + datetime.timedelta(days=1),
        )
    assert error.value.code == "return_window_passed"
    assert "联系人大常委会工作人员" in error.value.message


def test_co_unit_views_reach_the_lead_unit(make, staff, unit, other_officer):
    item = make("accepted")
    co_unit = other_officer.unit_officer.unit
    _lead, co = services.suggestion_assign(suggestion=item, lead_unit=unit, co_units=[co_unit], actor=staff)
    services.assignment_views_submit(assignment=co, actor=other_officer, views="建议同步整治人行道。")
    co.refresh_from_db()
    assert co.status == "done" and co.views
    assert Notification.objects.filter(
        kind="suggestion.views", dedupe_key__contains=f":views:{co.pk}:"
    ).exists()


def test_reply_needs_sign_for_first(make, officer):
    item = make("assigned")
    with pytest.raises(DomainError):
        services.suggestion_reply(
            assignment=lead_assignment(item), actor=officer, outcome="A", text="已经处理完毕，感谢您的监督。"
        )


def test_outcome_b_needs_a_commitment_and_owes_a_follow_up(make, officer):
    item = make("signed_for")
    lead = lead_assignment(item)
    with pytest.raises(DomainError) as error:
        services.suggestion_reply(
            assignment=lead, actor=officer, outcome="B", text="已列入明年维修计划，届时实施。"
        )
    assert error.value.field == "commitments"
    promise = services.CommitmentInput(
        promise="年底前完成", due_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    services.suggestion_reply(
        assignment=lead,
        actor=officer,
        outcome="B",
        text="已列入明年维修计划，届时实施。",
        commitments=[promise],
    )
    item.refresh_from_db()
    assert item.status == "follow_up_due"
    assert Commitment.objects.filter(suggestion=item, kept_at__isnull=True).count() == 1
    services.suggestion_follow_up(suggestion=item, actor=officer, text="维修已全部完成，路灯恢复正常照明。")
    item.refresh_from_db()
    assert item.status == "replied"


def test_reply_goes_to_submitter_and_every_cosigning_deputy(deputy, staff, unit, officer):
    cosigner = DeputyFactory(user=UserFactory())
    item = services.deputy_suggestion_file(
        deputy=deputy, title="关于增设公交线路的建议", text="建议增设夜间公交线路。", cosigners=[cosigner]
    )
    (lead,) = services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
    services.assignment_sign_for(assignment=lead, actor=officer)
    reply = services.suggestion_reply(
        assignment=lead, actor=officer, outcome="A", text="已开通夜间公交线路两条。"
    )
    recipients = set(
        Notification.objects.filter(
            kind="suggestion.reply", dedupe_key__contains=f":reply:{reply.pk}:", channel="in_app"
        ).values_list("recipient_id", flat=True)
    )
    assert recipients == {deputy.user_id, cosigner.user_id}


def test_unsatisfied_rating_reopens_once_with_the_reopened_policy(make, officer):
    item = make("reopened")
    assert item.reopen_count == 1
    lead = lead_assignment(item)
    assert lead.deadline.policy.code == "reopened.reply" and lead.status == "active" and lead.signed_for_at
    services.suggestion_reply(assignment=lead, actor=officer, outcome="A", text="重新组织维修，已彻底解决。")
    services.suggestion_rate(suggestion=item, rater=Rating.Rater.SUBMITTER, value="unsatisfied")
    item.refresh_from_db()
    assert item.status == "rated" and item.reopen_count == 1
    case = Supervision.objects.get(suggestion=item)
    assert case.is_case


def test_submitter_rates_once_per_round(make):
    item = make("rated")
    with pytest.raises(DomainError):
        services.suggestion_rate(suggestion=item, rater=Rating.Rater.SUBMITTER, value="satisfied")


def test_unrelated_deputy_cannot_rate(make):
    item = make("replied")
    with pytest.raises(DomainError):
        services.suggestion_rate(
            suggestion=item, rater=Rating.Rater.DEPUTY, deputy=DeputyFactory(), value="satisfied"
        )


def test_deputy_rating_is_written_into_the_duty_record(make, deputy):
    item = make("replied", deputy=deputy)
    rating = services.suggestion_rate(
        suggestion=item, rater=Rating.Rater.DEPUTY, deputy=deputy, value="satisfied"
    )
    assert DutyRecord.objects.filter(deputy=deputy, kind="rating_given", object_id=rating.pk).exists()


def test_filing_a_suggestion_is_written_into_the_duty_record_of_every_signer(deputy):
    cosigner = DeputyFactory()
    item = services.deputy_suggestion_file(
        deputy=deputy, title="建议", text="关于学校周边交通的建议。", cosigners=[cosigner]
    )
    assert DutyRecord.objects.get(kind="suggestion_filed", object_id=item.pk).deputy == deputy
    assert DutyRecord.objects.get(kind="suggestion_cosigned", object_id=item.pk).deputy == cosigner
    assert set(item.cosigners.all()) == {cosigner}


def test_deputy_takes_an_item_up_and_the_citizen_follows_it(make, deputy, staff):
    item = make("submitted", deputy=deputy)
    formal = services.suggestion_take_up(
        suggestion=item, deputy=deputy, title="关于路灯维修的建议", text="建议全面排查。"
    )
    item.refresh_from_db()
    assert item.status == "merged" and item.merged_into == formal
    assert formal.kind == "deputy_suggestion" and formal.lead_deputy == deputy


def test_only_the_addressed_deputy_takes_an_item_up(make):
    item = make("submitted")
    with pytest.raises(DomainError):
        services.suggestion_take_up(
            suggestion=item, deputy=DeputyFactory(), title="建议", text="内容内容内容"
        )


def test_key_suggestion_needs_lead_official_and_supervising_leader(make, staff):
    item = make("accepted")
    with pytest.raises(DomainError):
        services.suggestion_mark_key(suggestion=item, is_key=True, lead_official="", actor=staff)
    leader = UserFactory()
    leader.groups.add(Group.objects.get(name=roles.COMMITTEE_LEADER))
    services.suggestion_mark_key(
        suggestion=item, is_key=True, lead_official="副市长 张某", supervising_leader=leader, actor=staff
    )
    item.refresh_from_db()
    assert item.is_key and item.supervising_leader == leader


def test_publication_needs_consent_closing_and_no_personal_data(make, staff):
    open_item = make("replied")
    with pytest.raises(DomainError):
        services.suggestion_publish(
            suggestion=open_item, public_title="路灯", public_text="已修复", actor=staff
        )
    closed = make("closed", consent_publish=False)
    with pytest.raises(DomainError):
        services.suggestion_publish(suggestion=closed, public_title="路灯", public_text="已修复", actor=staff)
    closed = make("closed")
    with pytest.raises(DomainError):
        services.suggestion_publish(
            suggestion=closed, public_title="路灯", public_text="王小明反映13912345678", actor=staff
        )
    services.suggestion_publish(
        suggestion=closed, public_title="路灯损坏", public_text="某路段路灯损坏。", actor=staff
    )
    assert Suggestion.objects.published().filter(pk=closed.pk).exists()


def test_extension_approval_moves_the_assignment_due_date(deputy, staff, unit, officer):
    item = services.deputy_suggestion_file(deputy=deputy, title="建议", text="关于老旧小区改造的建议。")
    (lead,) = services.suggestion_assign(suggestion=item, lead_unit=unit, actor=staff)
    extension = services.assignment_extension_request(
        assignment=lead, amount=2, reason="涉及多个部门", actor=officer
    )
    staff.user_permissions.add(Permission.objects.get(codename="approve_extension"))
    staff = type(staff).objects.get(pk=staff.pk)
    before = lead.due_date
    services.assignment_extension_decide(extension=extension, approve=True, actor=staff)
    lead.refresh_from_db()
    assert lead.due_date > before and lead.due_date == lead.deadline.due


def test_contact_reveal_is_logged_and_refused_to_others(make, officer, other_officer):
    item = make("assigned")
    contact = services.contact_reveal(suggestion=item, user=officer, where="test")
    assert contact.mobile == "13912345678"
    assert AccessLog.objects.filter(suggestion=item, user=officer).count() == 1
    with pytest.raises(DomainError):
        services.contact_reveal(suggestion=item, user=other_officer, where="test")


def test_closed_cases_are_anonymised_after_the_retention_period(make):
    item = make("closed")
    assert services.suggestions_anonymise_expired(today=timezone.localdate()) == 0
    later = timezone.localdate() + datetime.timedelta(days=3 * 365 + 2)
    assert services.suggestions_anonymise_expired(today=later) == 1
    item.refresh_from_db()
    assert item.submitter_mobile == "" and item.submitter_name == "" and item.anonymised_at


def test_staff_are_told_when_a_unit_returns_an_item(make, officer, staff):
    item = make("assigned")
    services.assignment_return(assignment=lead_assignment(item), actor=officer, reason="应由区政府办理")
    assert Notification.objects.filter(recipient=staff, kind__startswith="suggestion.returned").exists()


def test_citizen_feedback_clock_runs_from_receipt_until_the_reply(make, officer):
    from congress.calendar.selectors import deadline_for

    item = make("signed_for")
    feedback = deadline_for(item, "opinion.feedback")
    assert feedback is not None and feedback.due > item.submitted_at.date()
    services.suggestion_reply(
        assignment=lead_assignment(item), actor=officer, outcome="A", text="已经全部修复，感谢监督。"
    )
    assert deadline_for(item, "opinion.feedback") is None


def test_deputy_suggestions_have_no_citizen_feedback_clock(deputy):
    from congress.calendar.selectors import deadline_for

    item = services.deputy_suggestion_file(deputy=deputy, title="建议", text="关于公园管理的建议。")
    assert deadline_for(item, "opinion.feedback", open_only=False) is None
