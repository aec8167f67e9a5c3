"""Milestone writes: generating residents' milestones from the templates, and directors' changes.

Keyword-only arguments, `<entity>_<action>` names, as in pathway/services.py."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from pathway.core.dates import short_date
from pathway.core.errors import ServiceError
from pathway.core.events import read_events
from pathway.core.outbox import outbox_task
from pathway.milestones.standard import STANDARD_MILESTONES
from pathway.models import (
    MANUAL,
    DueRule,
    Milestone,
    MilestoneTemplate,
    Program,
    ProgramReminderSettings,
    ResidentProfile,
)
from pathway.notifications.notify import notify
from pathway.notifications.services import reminder_schedule_sync

SYNC_BATCH = 500


class MilestoneError(ServiceError):
    """A change the rules refuse; the message is shown to the user."""


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    removed: int = 0

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.removed += other.removed


def milestones_sync(*, program=None, residents=None, today=None) -> SyncResult:
    """Bring residents' milestones in line with their program's templates and their dates.

    Creates the milestones that apply, recomputes due dates from the rules (a director's
    override stays in force), records completions from the events, and removes open milestones
    that no longer apply. Completions, waivers and overrides are never lost. A fixed number of
    queries per batch of residents, whatever the number of milestones."""
    today = today or timezone.localdate()
    if residents is not None:
        ids = sorted({r.pk if isinstance(r, ResidentProfile) else r for r in residents})
    else:
        scope = ResidentProfile.objects.all()
        if program is not None:
            scope = scope.filter(user__program=program)
        ids = list(scope.order_by("pk").values_list("pk", flat=True))
    result = SyncResult()
    if not ids:
        return result
    templates = {}
    template_scope = MilestoneTemplate.objects.order_by("position", "pk")
    if program is not None:
        template_scope = template_scope.filter(program=program)
    for template in template_scope:
        templates.setdefault(template.program_id, []).append(template)
    for start in range(0, len(ids), SYNC_BATCH):
        batch = list(
            ResidentProfile.objects.filter(pk__in=ids[start : start + SYNC_BATCH]).select_related(
                "user"
            )
        )
        result.add(_sync_batch(batch, templates, today))
    return result


# The columns sync reads: plain tuples, since building 100,000 model instances is the slow part.
ROW = ("pk", "resident_id", "template_id", "rule_due_on", "due_on", "due_override")
ROW += ("completed_on", "waived_on")
PK, RESIDENT, TEMPLATE, RULE_DUE, DUE, OVERRIDE, COMPLETED, WAIVED = range(len(ROW))


def _sync_batch(residents, templates, today) -> SyncResult:
    result = SyncResult()
    used = [t for r in residents for t in templates.get(r.user.program_id, ())]
    if not used:
        return result
    events = read_events(
        {t.completion_event for t in used if t.is_active and t.completion_event != MANUAL}
        | {t.anchor_event for t in used if t.is_active and t.anchor_event},
        residents,
    )
    anchors = {key: {rid: found[0] for rid, found in by.items()} for key, by in events.items()}
    existing = defaultdict(dict)
    for row in Milestone.objects.filter(resident__in=residents).values_list(*ROW):
        existing[row[RESIDENT]][row[TEMPLATE]] = row
    now = timezone.now()
    # Which templates apply depends on a handful of facts that whole cohorts share, and a
    # PGY-year date only on the template and the residency start: both are worked out once.
    applicable, pgy_dates = {}, {}
    to_create, due_changes, completions, to_remove = [], [], [], []
    for resident in residents:
        rid = resident.pk
        program_id = resident.user.program_id
        facts = (program_id, resident.track, resident.pathway_status, resident.pgy(today))
        if facts not in applicable:
            applies = [
                t
                for t in templates.get(program_id, ())
                if t.is_active and t.applies_to(resident, on=today)
            ]
            applicable[facts] = (applies, {t.pk for t in applies})
        applies, wanted = applicable[facts]
        mine = existing.get(rid, {})
        for tid, row in mine.items():
            # An open milestone nobody touched can go; anything recorded on it stays.
            if tid not in wanted and not (row[COMPLETED] or row[WAIVED] or row[OVERRIDE]):
                to_remove.append(row[PK])
        for template in applies:
            row = mine.get(template.pk)
            done = events.get(template.completion_event, {}).get(rid)
            if template.due_rule == DueRule.PGY_DATE:
                cached = (template.pk, resident.residency_start)
                if cached not in pgy_dates:
                    pgy_dates[cached] = template.rule_due_on(resident, anchors)
                rule_due = pgy_dates[cached]
            else:
                rule_due = template.rule_due_on(resident, anchors)
            if row is None:
                milestone = Milestone(
                    resident=resident, template=template, rule_due_on=rule_due, due_on=rule_due
                )
                if done:
                    milestone.completed_on, milestone.completed_evidence = done
                to_create.append(milestone)
                continue
            due = row[OVERRIDE] or rule_due
            if (row[RULE_DUE], row[DUE]) != (rule_due, due):
                due_changes.append(
                    Milestone(pk=row[PK], rule_due_on=rule_due, due_on=due, updated_at=now)
                )
            if done and row[COMPLETED] is None:
                completions.append(
                    Milestone(
                        pk=row[PK],
                        completed_on=done[0],
                        completed_evidence=done[1],
                        completed_by=None,
                        updated_at=now,
                    )
                )
    with transaction.atomic():
        # Another sweep may be generating the same milestones right now: the unique constraint
        # keeps one of each, and the loser simply skips the row.
        Milestone.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
        Milestone.objects.bulk_update(
            due_changes, ["rule_due_on", "due_on", "updated_at"], batch_size=1000
        )
        # Only still-open ones: a director may have recorded the completion since we read.
        Milestone.objects.filter(completed_on__isnull=True).bulk_update(
            completions,
            ["completed_on", "completed_evidence", "completed_by", "updated_at"],
            batch_size=1000,
        )
        # bulk_update skips the model's signals: write the audit history of the changed rows
        # from the rows as stored (the instances above carry only the changed fields).
        changed = {m.pk for m in due_changes + completions}
        if changed:
            Milestone.history.bulk_history_create(
                list(Milestone.objects.filter(pk__in=changed)), update=True, batch_size=1000
            )
        if to_remove:
            # Checked again in SQL for the same reason.
            result.removed, _ = (
                Milestone.objects.filter(pk__in=to_remove)
                .open()
                .filter(due_override__isnull=True)
                .delete()
            )
    result.created = len(to_create)
    result.updated = len({m.pk for m in due_changes + completions})
    return result


def _notify_resident(milestone, by, text):
    notify(
        recipients=[milestone.resident.user],
        kind="milestone_changed",
        text=f"{by.display_name} {text}",
        link=milestone.get_absolute_url(),
        actor=by,
    )


def _locked(milestone) -> Milestone:
    """The milestone re-read under a row lock: two people acting on it at once are served one
    after the other, the second seeing what the first did (one completion, one notification)."""
    return (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("resident__user", "template")
        .get(pk=milestone.pk)
    )


@transaction.atomic
def milestone_waive(*, milestone, by, reason: str, today: date) -> Milestone:
    milestone = _locked(milestone)
    if not reason.strip():
        raise MilestoneError("Give a reason for waiving the milestone.")
    if milestone.waived_on:
        raise MilestoneError("This milestone is already waived.")
    milestone.waived_on, milestone.waived_reason, milestone.waived_by = today, reason.strip(), by
    milestone.save(update_fields=["waived_on", "waived_reason", "waived_by", "updated_at"])
    _notify_resident(milestone, by, f"waived “{milestone.name}”: {milestone.waived_reason}")
    return milestone


@transaction.atomic
def milestone_reschedule(*, milestone, by, due_on: date | None, reason: str) -> Milestone:
    """Move the due date (with a reason), or with due_on=None go back to the rule's date."""
    if due_on is not None and not reason.strip():
        raise MilestoneError("Give a reason for moving the due date.")
    milestone = _locked(milestone)
    milestone.due_override = due_on
    milestone.due_override_reason = reason.strip() if due_on else ""
    milestone.due_override_by = by if due_on else None
    milestone.due_on = due_on or milestone.rule_due_on
    milestone.save(
        update_fields=[
            "due_override",
            "due_override_reason",
            "due_override_by",
            "due_on",
            "updated_at",
        ]
    )
    when = f"{short_date(milestone.due_on)}" if milestone.due_on else "not set"
    text = f"moved the due date of “{milestone.name}” to {when}"
    _notify_resident(milestone, by, f"{text}: {milestone.due_override_reason}" if due_on else text)
    return milestone


@transaction.atomic
def milestone_complete(*, milestone, by, completed_on: date, evidence: str) -> Milestone:
    """Record a completion that no event in the app records (e.g. a presentation elsewhere)."""
    milestone = _locked(milestone)
    if milestone.completed_on:
        raise MilestoneError("This milestone is already done.")
    if not evidence.strip():
        raise MilestoneError("Say what shows it was done.")
    milestone.completed_on, milestone.completed_evidence = completed_on, evidence.strip()
    milestone.completed_by = by
    milestone.save(
        update_fields=["completed_on", "completed_evidence", "completed_by", "updated_at"]
    )
    _notify_resident(milestone, by, f"recorded “{milestone.name}” as done")
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone, by) -> Milestone:
    """Undo a waiver or a completion recorded by hand; an event's completion stays."""
    milestone = _locked(milestone)
    fields = ["updated_at"]
    if milestone.waived_on:
        milestone.waived_on, milestone.waived_reason, milestone.waived_by = None, "", None
        fields += ["waived_on", "waived_reason", "waived_by"]
    elif milestone.completed_on and milestone.completed_by_id:
        milestone.completed_on, milestone.completed_evidence = None, ""
        milestone.completed_by = None
        fields += ["completed_on", "completed_evidence", "completed_by"]
    else:
        raise MilestoneError("Only a waiver or a completion recorded by hand can be undone.")
    milestone.save(update_fields=fields)
    _notify_resident(milestone, by, f"reopened “{milestone.name}”")
    return milestone


def milestone_template_save(*, template: MilestoneTemplate) -> MilestoneTemplate:
    """Save a template; its program's milestones are regenerated once the change commits.

    The regeneration is an outbox entry written with the template, so a broker that is down
    neither fails the save nor loses the work."""

    with transaction.atomic():
        template.full_clean()
        template.save()
        outbox_task(
            task="pathway.tasks.milestones_sync_task",
            description=f"Milestones of {template.program} after editing “{template.name}”",
            program_id=template.program_id,
        )
    return template


def milestone_templates_seed(*, program: Program) -> list[MilestoneTemplate]:
    """Give a program the standard milestone set. Idempotent; a program's edits are kept."""
    templates = []
    for spec in STANDARD_MILESTONES:
        values = {name: value for name, value in spec.items() if name != "key"}
        template = MilestoneTemplate.objects.filter(program=program, key=spec["key"]).first()
        if template is None:
            # A program may already have its own template of that name: adopt it.
            template = MilestoneTemplate.objects.filter(program=program, name=spec["name"]).first()
            if template is None:
                template = MilestoneTemplate.objects.create(
                    program=program, key=spec["key"], **values
                )
            elif not template.key:
                template.key = spec["key"]
                template.save(update_fields=["key", "updated_at"])
        templates.append(template)
    return templates


def program_reminders_setup(*, program: Program, today=None) -> ProgramReminderSettings:
    """Everything a program needs for milestones and reminders: the standard set, its reminder
    settings and the periodic task, and its residents' milestones."""
    milestone_templates_seed(program=program)
    settings, _ = ProgramReminderSettings.objects.get_or_create(program=program)
    reminder_schedule_sync(program=program)
    milestones_sync(program=program, today=today)
    return settings
