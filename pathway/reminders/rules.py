"""The rules of the reminder sweep, shared by the sweep and the delivery: when each reminder
is due, how failed sends are retried, and the sweep's bookkeeping."""

from dataclasses import dataclass, field
from datetime import date

from pathway.core.dates import long_date
from pathway.milestones.services import SyncResult
from pathway.models import ROUTINE_KINDS, Program, ReminderKind, ReminderLog, User

# A reminder goes out on its day or, when sweeps were missed, on a later day of its window.
# A milestone first seen after its windows (a new resident, a rule moved into the past) gets
# no notice for them; it is listed on the directors' weekly digest instead.
BEFORE_DUE = (  # kind, most days before the due date, fewest days before
    (ReminderKind.DUE_14, 14, 8),
    (ReminderKind.DUE_7, 7, 2),
    (ReminderKind.DUE_1, 1, 0),
)
OVERDUE_DAYS = (1, 7)
ESCALATE_AFTER_DAYS = 14
ESCALATION_DAYS = (ESCALATE_AFTER_DAYS + 1, ESCALATE_AFTER_DAYS + 7)

DIGEST_LIST_LIMIT = 50

LATE_KINDS = (ReminderKind.OVERDUE, ReminderKind.REPORT_OVERDUE, ReminderKind.REPORT_WAITING)
SECTIONS = (
    ("Overdue", LATE_KINDS),
    (f"More than {ESCALATE_AFTER_DAYS} days overdue", (ReminderKind.ESCALATION,)),
    ("Coming up", tuple(ROUTINE_KINDS)),
)


# Reminder texts spell the month out (pathway.core.dates).
fmt_date = long_date


@dataclass
class Item:
    """One reminder to one person, before it is claimed."""

    key: str
    recipient_id: int
    kind: str
    text: str
    link: str
    due_on: date | None = None
    milestone_id: int | None = None


@dataclass
class SweepResult:
    milestones: SyncResult = field(default_factory=SyncResult)
    claimed: int = 0
    emails_sent: int = 0
    emails_failed: int = 0
    digests: int = 0
    retried: int = 0
    queued: int = 0
    outbox: int = 0

    def summary(self) -> str:
        m = self.milestones
        return (
            f"milestones: {m.created} created, {m.updated} updated, {m.removed} removed; "
            f"reminders claimed: {self.claimed}; emails sent: {self.emails_sent}, "
            f"failed: {self.emails_failed}; digests: {self.digests}; retried: {self.retried}"
            + (f"; queued for the email workers: {self.queued}" if self.queued else "")
            + (f"; outbox delivered: {self.outbox}" if self.outbox else "")
        )


def item_key(kind, recipient_id: int, subject: str, due_on: date | None) -> str:
    return f"{kind}:{recipient_id}:{subject}:{due_on.isoformat() if due_on else '-'}"


def load_logs(queryset) -> list[ReminderLog]:
    """Log rows with their recipients and programs, in three queries however many rows."""
    logs = list(queryset.order_by("pk"))
    users = User.objects.select_related("program").in_bulk({log.recipient_id for log in logs})
    programs = Program.objects.in_bulk({log.program_id for log in logs} - {None})
    for log in logs:
        log.recipient = users[log.recipient_id]
        log.program = programs.get(log.program_id)
    return logs
