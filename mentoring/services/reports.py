"""Progress reports: save a draft, submit to the KPO coach, review."""

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    ProgressReport,
    ReportReview,
    ReportStatus,
    ReportSubmission,
    ReviewDecision,
)
from mentoring.services.coaching import MentoringError
from pathway.core.dates import short_date
from pathway.notifications.notify import notify


@dataclass
class ReportData:
    period_from: date
    period_to: date
    work_done: str
    next_steps: str
    hours_spent: Decimal
    project: object = None
    measures: list = field(default_factory=list)
    measure_links: str = ""
    barriers: str = ""
    help_from_coach: str = ""
    help_from_sponsor: str = ""
    form_token: uuid.UUID | None = None


def _write(report: ProgressReport, data: ReportData):
    if data.period_from > data.period_to:
        raise MentoringError("The period must start on or before the day it ends.")
    if data.project is not None and data.project.lead_id != report.resident_id:
        raise MentoringError("A progress report is about your own capstone project.")
    wrong = [m for m in data.measures if data.project is None or m.project_id != data.project.pk]
    if wrong:
        raise MentoringError("Measures updated must belong to the reported project.")
    for name in (
        "period_from",
        "period_to",
        "work_done",
        "next_steps",
        "hours_spent",
        "project",
        "measure_links",
        "barriers",
        "help_from_coach",
        "help_from_sponsor",
    ):
        setattr(report, name, getattr(data, name))
    report.stage_snapshot = data.project.stage if data.project is not None else ""
    created = report.pk is None
    report.save()
    if data.measures or not created:
        # A new report has no measures yet: nothing to read back or clear.
        report.measures.set(data.measures)


@transaction.atomic
def report_save(*, resident, data: ReportData, report: ProgressReport | None = None):
    """Create or update a report without submitting it. A report waiting for review or
    reviewed is fixed: the coach reads what was submitted.

    A new report's form carries a token: the same form posted again (a double click) gets the
    report the first post created, and a report already submitted from it is returned as is."""
    if report is None and data.form_token is not None:
        report, written = _from_form(resident, data)
        if written or not report.is_editable:
            return report
    if report is None:
        report = ProgressReport(resident=resident)
    elif not report.is_editable:
        raise MentoringError(
            "This report was submitted and is no longer editable; "
            "you can edit it again if your coach requests a revision."
        )
    _write(report, data)
    return report


def _from_form(resident, data: ReportData) -> tuple[ProgressReport, bool]:
    """(the report this form created, locked; False), or (a new one written from `data`, True)
    if this is its first post. A report written here is not written again: a second save of
    the same values would cost a history row and half a dozen queries for nothing."""
    mine = ProgressReport.objects.select_for_update().filter(
        resident=resident, form_token=data.form_token
    )
    existing = mine.first()
    if existing is not None:
        return existing, False
    report = ProgressReport(resident=resident, form_token=data.form_token)
    try:
        with transaction.atomic():
            _write(report, data)
    except IntegrityError:
        # Another post of the same form inserted it first.
        return mine.get(), False
    return report, True


def _content(report: ProgressReport) -> dict:
    return {
        "period_from": report.period_from.isoformat(),
        "period_to": report.period_to.isoformat(),
        "project": str(report.project) if report.project_id else "",
        "stage": report.stage_label,
        "work_done": report.work_done,
        "measures": [m.name for m in report.measures.all()],
        "measure_links": report.link_list,
        "next_steps": report.next_steps,
        "barriers": report.barriers,
        "help_from_coach": report.help_from_coach,
        "help_from_sponsor": report.help_from_sponsor,
        "hours_spent": str(report.hours_spent),
    }


@transaction.atomic
def report_submit(*, report: ProgressReport, now=None) -> ReportSubmission:
    """Send the report to the resident's current KPO coach, keeping a copy of this version."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise MentoringError("This report has already been submitted.")
    coach = report.resident.current_coach
    if coach is None:
        raise MentoringError(
            "You have no KPO coach yet, so there is nobody to send the report to. "
            "Your draft is saved; the coordinator will assign a coach."
        )
    now = now or timezone.now()
    resubmission = report.status == ReportStatus.REVISION_REQUESTED
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    if report.project_id:
        report.stage_snapshot = report.project.stage
    report.save()
    submission = ReportSubmission.objects.create(
        report=report,
        number=report.submissions.count() + 1,
        submitted_at=now,
        content=_content(report),
    )
    author = report.resident.user
    notify(
        recipients=[coach],
        kind="report_submitted",
        text=f"{author.display_name} {'resubmitted' if resubmission else 'submitted'} "
        f"a progress report (to {short_date(report.period_to)}).",
        link=reverse("mentoring:report_review", args=[report.pk]),
        context={"report": report, "coach": coach, "resubmission": resubmission},
        actor=author,
    )
    return submission


@transaction.atomic
def report_review(*, report: ProgressReport, reviewer, decision: str, feedback: str, now=None):
    """The current coach reviews the latest submission: reviewed, or revision requested."""
    report = (
        ProgressReport.objects.select_for_update()
        .select_related("resident__user")
        .get(pk=report.pk)
    )
    if not report.is_awaiting_review:
        raise MentoringError("This report is not waiting for review.")
    if report.resident.user_id == reviewer.pk:
        raise MentoringError("Nobody reviews their own progress report.")
    coach = report.resident.current_coach
    if coach is None or coach.pk != reviewer.pk:
        raise MentoringError("Only the resident's current KPO coach reviews their reports.")
    if decision not in ReviewDecision.values:
        raise MentoringError("Choose reviewed or revision requested.")
    if not feedback.strip():
        raise MentoringError("Write feedback for the resident.")
    now = now or timezone.now()
    review = ReportReview.objects.create(
        report=report,
        submission=report.submissions.order_by("-number").first(),
        reviewer=reviewer,
        decision=decision,
        feedback=feedback,
        reviewed_at=now,
    )
    report.status = (
        ReportStatus.REVIEWED
        if decision == ReviewDecision.REVIEWED
        else ReportStatus.REVISION_REQUESTED
    )
    report.reviewed_at = now
    report.save(update_fields=["status", "reviewed_at", "updated_at"])
    resident = report.resident.user
    revision = decision == ReviewDecision.REVISION_REQUESTED
    notify(
        recipients=[resident],
        kind="report_revision" if revision else "report_reviewed",
        text=f"{reviewer.display_name} "
        + (
            "asks you to revise your progress report."
            if revision
            else "reviewed your progress report."
        ),
        link=reverse("mentoring:report_detail", args=[report.pk]),
        context={"report": report, "review": review, "resident": resident},
        actor=reviewer,
    )
    return review
