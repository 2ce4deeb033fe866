"""Project writes after the ballot: the elected projects, progress reports with photos, carrying a
project over, inspections by deputies and the milestone reminders to the units."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from congress.audit import audit_record
from congress.bodies import body_id_of, check_body_writable
from congress.errors import DomainError
from congress.notifications.services import notify
from congress.record_writes import record_create, record_delete, record_update
from deputies.models import Deputy
from deputies.services import duty_record_add

from .. import conf, workflow
from ..models import (
    Candidate,
    Cycle,
    Milestone,
    ProgressPhoto,
    ProgressUpdate,
    Project,
)
from ._common import _today

# --- projects ----------------------------------------------------------------------------------


def project_create(*, candidate: Candidate, actor: Any = None) -> Project:
    """An elected candidate becomes a project with its default milestones (June progress report,
    December completion report, 002:357). Idempotent."""
    existing = Project.objects.filter(candidate=candidate).first()
    if existing is not None:
        return existing
    project = Project.objects.create(
        candidate=candidate,
        cycle=candidate.cycle,
        title=candidate.title,
        lead_unit=candidate.lead_unit,
        target_quantity=candidate.target_quantity,
        target_unit=candidate.target_unit,
        budget=candidate.budget,
    )
    project.co_units.set(candidate.co_units.all())
    year = candidate.cycle.year
    labels = {"progress": _("June progress report"), "completion": _("December completion report")}
    Milestone.objects.bulk_create(
        Milestone(
            project=project,
            kind=kind,
            title=str(labels.get(kind, kind)),
            due_on=datetime.date(year, month, day),
        )
        for kind, month, day in conf.milestone_defaults()
    )
    audit_record(target=project, action="project_create", actor=actor)
    return project


def project_progress_report(
    *,
    project: Project,
    author: Any,
    reported_on: datetime.date,
    progress_percent: int,
    actual_quantity: Decimal,
    spent: Decimal,
    text: str,
    milestone: Milestone | None = None,
    photos: Sequence[Any] = (),
) -> ProgressUpdate:
    """A unit officer reports progress. The actual quantity may exceed the target (002:1231);
    reporting on a milestone marks it done; 100 % marks the project completed."""
    from ..permissions import can_report_progress

    if not can_report_progress(author, project):
        raise DomainError(_("Only officers of the project's units can report progress."))
    if not 0 <= progress_percent <= 100:
        raise DomainError(_("Progress runs from 0 to 100 %."), field="progress_percent")
    if actual_quantity < 0 or spent < 0:
        raise DomainError(_("Figures cannot be negative."), field="actual_quantity")
    if not text.strip():
        raise DomainError(_("Describe the progress."), field="text")
    if milestone is not None and milestone.project_id != project.pk:
        raise DomainError(_("That milestone belongs to another project."), field="milestone")
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            project=project,
            milestone=milestone,
            author=author,
            reported_on=reported_on,
            progress_percent=progress_percent,
            actual_quantity=actual_quantity,
            spent=spent,
            text=text.strip(),
        )
        for photo in photos:
            ProgressPhoto.objects.create(update=update, image=photo)
        project.progress_percent, project.actual_quantity, project.spent = (
            progress_percent,
            actual_quantity,
            spent,
        )
        project.save(update_fields=["progress_percent", "actual_quantity", "spent"])
        if progress_percent == 100 and project.status == Project.Status.IN_PROGRESS:
            project = project_transition(project=project, to=Project.Status.COMPLETED, actor=author)
        if milestone is not None and milestone.done_on is None:
            milestone.done_on = reported_on
            milestone.save(update_fields=["done_on"])
        audit_record(
            target=project, action="project_progress", actor=author, data={"percent": progress_percent}
        )
    return update


def project_transition(
    *, project: Project, to: str, actor: Any = None, note: str = "", carried_over_to: Cycle | None = None
) -> Project:
    """The one place a project's status changes: lock the row, check ``workflow.PROJECT_MOVES``, save,
    write the audit event (who, when, from, to, note)."""
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not workflow.can_move(workflow.PROJECT_MOVES, locked.status, to):
            if locked.status == Project.Status.COMPLETED and to == Project.Status.CARRIED_OVER:
                raise DomainError(_("A completed project is not carried over."))
            raise DomainError(
                _("A project that is “%(status)s” cannot become “%(to)s”.")
                % {"status": locked.get_status_display(), "to": Project.Status(to).label},
                field="status",
            )
        previous = locked.status
        locked.status = to
        fields = ["status"]
        if carried_over_to is not None:
            locked.carried_over_to = carried_over_to
            fields.append("carried_over_to")
        locked.save(update_fields=fields)
        audit_record(
            target=locked, action="project_status", actor=actor, from_state=previous, to_state=to, note=note
        )
    return locked


def project_carry_over(*, project: Project, to_cycle: Cycle, actor: Any = None, note: str = "") -> Project:
    """An unfinished project continues in next year's cycle (carry-over)."""
    if to_cycle.year <= project.cycle.year or to_cycle.term.level != project.cycle.term.level:
        raise DomainError(_("Carry a project over to a later cycle of the same level."), field="to_cycle")
    return project_transition(
        project=project, to=Project.Status.CARRIED_OVER, actor=actor, note=note, carried_over_to=to_cycle
    )


def inspection_record(
    *,
    project: Project,
    visited_on: datetime.date,
    deputies: Sequence[Deputy],
    findings: str,
    actor: Any = None,
) -> Any:
    from ..models import InspectionVisit

    if not deputies:
        raise DomainError(_("Choose the deputies who inspected."), field="deputies")
    if not findings.strip():
        raise DomainError(_("Write down the findings."), field="findings")
    visit = InspectionVisit.objects.create(project=project, visited_on=visited_on, findings=findings.strip())
    visit.deputies.set(deputies)
    for deputy in deputies:
        duty_record_add(
            deputy=deputy, kind="project_inspected", on=visited_on, source=visit, note=project.title[:100]
        )
    audit_record(target=project, action="project_inspection", actor=actor, note=visited_on.isoformat())
    return visit


def _notify_unit(project: Project, *, subject: str, body: str, key: str) -> int:
    from congress.models import UnitOfficer

    sent = 0
    for officer in UnitOfficer.objects.filter(unit_id=project.lead_unit_id).select_related("user"):
        if notify(
            channel="in_app",
            recipient=officer.user,
            subject=subject,
            body=body,
            about=project,
            kind="votes.project",
            link=f"/unit/projects/{project.slug}/",
            dedupe_key=f"{key}.u{officer.user_id}",
        ):
            sent += 1
    return sent


def milestones_remind(*, today: datetime.date | None = None) -> int:
    """Remind the lead unit's officers of every milestone past due without a report. The
    de-duplication key makes each reminder go out once however often the scan runs."""
    day = today or _today()
    sent = 0
    overdue = Milestone.objects.filter(
        done_on__isnull=True, due_on__lt=day, project__status=Project.Status.IN_PROGRESS
    )
    for milestone in overdue.select_related("project"):
        sent += _notify_unit(
            milestone.project,
            subject=_("Overdue: %(milestone)s of %(title)s")
            % {"milestone": milestone.title, "title": milestone.project.title},
            body=_(
                "The %(milestone)s of the livelihood project “%(title)s” was due on %(due)s. Please report."
            )
            % {
                "milestone": milestone.title,
                "title": milestone.project.title,
                "due": milestone.due_on.isoformat(),
            },
            key=f"votes.milestone.{milestone.pk}.overdue",
        )
    return sent


# --- staff edits of a project and its milestones --------------------------------------------------

PROJECT_FIELDS = ("title", "co_units", "task_force", "plan", "target_quantity", "target_unit", "budget")
MILESTONE_FIELDS = ("project", "kind", "title", "due_on", "done_on")


def project_open_check(project: Project) -> None:
    """A completed or carried-over project's record is closed: its plan and targets are what was
    rated; status, progress and spending move only through their own services."""
    if project.status != Project.Status.IN_PROGRESS:
        raise DomainError(
            _("A project that is “%(status)s” can no longer be edited.")
            % {"status": project.get_status_display()},
            code="project_closed",
        )


def project_update(*, project: Project, changes: Mapping[str, Any], actor: Any = None) -> Project:
    """Staff edit a project's plan, task force, targets and budget while it is in progress."""
    return record_update(
        instance=project,
        changes=changes,
        fields=PROJECT_FIELDS,
        actor=actor,
        check=lambda row, before: project_open_check(row),
    )


def _milestone_check(actor: Any) -> Any:
    def check(milestone: Milestone, before: Mapping[str, Any]) -> None:
        # Milestones reach their body through their project (checked here, not by the helper).
        project = Project.objects.select_related("cycle__term").get(pk=milestone.project_id)
        check_body_writable(actor, body_id_of(project))
        project_open_check(project)
        if milestone.done_on is not None and milestone.done_on > _today():
            raise DomainError(_("A milestone cannot be done on a day still to come."), field="done_on")

    return check


def milestone_save(*, milestone: Milestone | None, values: Mapping[str, Any], actor: Any = None) -> Milestone:
    """Add or change a milestone of a project in progress (the June and December reports, 002:357,
    are added by ``project_create``); a done date is never in the future."""
    if milestone is None:
        return record_create(
            model=Milestone,
            values=values,
            fields=MILESTONE_FIELDS,
            actor=actor,
            check=_milestone_check(actor),
        )
    return record_update(
        instance=milestone,
        changes=values,
        fields=MILESTONE_FIELDS,
        actor=actor,
        check=_milestone_check(actor),
    )


def milestone_delete(*, milestone: Milestone, actor: Any = None) -> None:
    """Remove a milestone of a project in progress."""
    record_delete(instance=milestone, fields=MILESTONE_FIELDS, actor=actor, check=_milestone_check(actor))
