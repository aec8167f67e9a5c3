"""Stage changes the program approves: its rules (who approves entering each stage), the
requests a project's leads make, and every decision on them.

The stage itself still moves only through capstone.services (a StageChange row); a request
that every named approver has approved, or that a director overrides, is what moves it."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from capstone.models.choices import FLOW, Stage
from capstone.models.project import Project, ProjectPartQuerySet, StageChange
from pathway.core.compiled_lists import CompiledList
from pathway.models import Program, ResidentProfile, Role


class Approver(models.TextChoices):
    """Who may be named to approve: each is a field on ApprovalRule and StageRequest."""

    COACH = "coach", "KPO coach"
    SPONSOR = "sponsor", "Sponsor"
    DIRECTOR = "director", "Program director"


APPROVERS = [a.value for a in Approver]

# Entering each stage, unless the program says otherwise. Leaving Selection is the charter.
DEFAULT_APPROVERS = {
    Stage.CURRENT_STATE: {Approver.COACH, Approver.SPONSOR},
    Stage.EVENT: {Approver.COACH},
    Stage.RESULTS: {Approver.COACH},
    Stage.DISSEMINATION: {Approver.COACH},
    Stage.CLOSED: {Approver.DIRECTOR},
}

# Every stage a project can be asked to enter, in order.
REQUESTABLE = FLOW[1:]


class ApprovalRule(models.Model):
    """Who approves a move into `stage` in one program. No row: DEFAULT_APPROVERS."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="approval_rules")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    coach = models.BooleanField("KPO coach", default=False)
    sponsor = models.BooleanField(default=False)
    director = models.BooleanField("program director", default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["program", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "stage"], name="one_approval_rule_per_program_stage"
            )
        ]

    def __str__(self):
        return f"{self.program}: {self.get_stage_display()}"

    @property
    def approvers(self) -> set[str]:
        return {name for name in APPROVERS if getattr(self, name)}

    @classmethod
    def table_for(cls, program_id) -> dict[str, set[str]]:
        """{stage: the approvers it needs} for every requestable stage, in one query."""
        table = {stage: set(DEFAULT_APPROVERS.get(stage, set())) for stage in REQUESTABLE}
        for rule in cls._of_program(program_id):
            table[rule.stage] = rule.approvers
        return table

    @classmethod
    def approvers_for(cls, program_id, stage) -> set[str]:
        rule = next((rule for rule in cls._of_program(program_id) if rule.stage == stage), None)
        return rule.approvers if rule else set(DEFAULT_APPROVERS.get(stage, set()))

    @classmethod
    def _of_program(cls, program_id) -> list:
        """The program's rules, a few rows, read by a compiled list: every project page asks."""
        return [] if program_id is None else _program_rules(None, program=program_id)


_program_rules = CompiledList(
    ApprovalRule,
    lambda user, program: ApprovalRule.objects.filter(program=program).order_by("pk"),
)


def roles_of(user, project) -> set[str]:
    """The approver roles `user` holds on `project`: its KPO coach, its accepted sponsor, a
    director of its program."""
    if not user.is_authenticated:
        return set()
    roles = set()
    if project.is_coach(user):
        roles.add(Approver.COACH.value)
    if project.has_accepted_sponsor and project.sponsor_id == user.pk:
        roles.add(Approver.SPONSOR.value)
    if project.is_program_director(user):
        roles.add(Approver.DIRECTOR.value)
    return roles


class StageRequestQuerySet(ProjectPartQuerySet):
    def open(self):
        return self.filter(status=StageRequest.Status.OPEN)

    def awaiting(self, user):
        """Open requests waiting for `user`'s approval, in any role they hold."""
        if not user.is_authenticated:
            return self.none()
        approved = StageDecision.objects.filter(
            request=OuterRef("pk"), kind=StageDecision.Kind.APPROVE
        )
        # The project's coach is its lead's current coach assignment.
        coached = ResidentProfile.objects.coached_by(user)
        waiting = Q(needs_coach=True, project__lead__in=coached) & ~Exists(
            approved.filter(role=Approver.COACH)
        )
        waiting |= Q(
            needs_sponsor=True, project__sponsor=user, project__sponsor_accepted_on__isnull=False
        ) & ~Exists(approved.filter(role=Approver.SPONSOR))
        if user.has_role(Role.DIRECTOR):
            waiting |= Q(needs_director=True, project__program=user.program_id) & ~Exists(
                approved.filter(role=Approver.DIRECTOR)
            )
        return self.open().filter(waiting)

    def for_queue(self):
        return self.select_related("project__lead__user", "requested_by").order_by(
            "requested_at", "pk"
        )


class StageRequest(models.Model):
    """A lead (or the coach, or a director) asks to move the project into `to_stage`."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"
        OVERRIDDEN = "overridden", "Approved by a director's override"
        CANCELLED = "cancelled", "Cancelled"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_requests")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    # Who must approve, as the program's rule said when the request was made.
    needs_coach = models.BooleanField(default=False)
    needs_sponsor = models.BooleanField(default=False)
    needs_director = models.BooleanField(default=False)
    note = models.TextField("note to the approvers", blank=True, max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The stage change an approval or an override made.
    change = models.OneToOneField(
        StageChange, null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )

    objects = StageRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="open"),
                name="one_open_stage_request_per_project",
                violation_error_message="This project already has a stage request waiting.",
            )
        ]

    def __str__(self):
        return f"{self.project}: → {self.get_to_stage_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def approvers(self) -> list[str]:
        return [name for name in APPROVERS if getattr(self, f"needs_{name}")]

    def approved_roles(self) -> set[str]:
        return {
            d.role for d in self.decisions.all() if d.kind == StageDecision.Kind.APPROVE and d.role
        }

    def pending_roles(self) -> list[str]:
        done = self.approved_roles()
        return [role for role in self.approvers if role not in done]

    def approval_lines(self):
        """(role label, who holds it now or None, the approval decision or None) per approver."""
        project = self.project
        holders = {
            Approver.COACH: project.coach,
            Approver.SPONSOR: project.sponsor if project.has_accepted_sponsor else None,
            Approver.DIRECTOR: None,  # any of the program's directors
        }
        decisions = {
            d.role: d for d in self.decisions.all() if d.kind == StageDecision.Kind.APPROVE
        }
        return [
            (Approver(role).label, holders[role], decisions.get(role)) for role in self.approvers
        ]


class StageDecisionQuerySet(ProjectPartQuerySet):
    project_path = "request__project"


class StageDecision(models.Model):
    """One approver's answer to a request, or a director's override: who, when, and the note."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved"
        RETURN = "return", "Returned"
        OVERRIDE = "override", "Director override"

    request = models.ForeignKey(StageRequest, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    role = models.CharField(max_length=10, choices=Approver.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    decided_at = models.DateTimeField(default=timezone.now)

    objects = StageDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "role"],
                condition=Q(kind="approve"),
                name="one_approval_per_role_per_request",
            ),
            models.CheckConstraint(
                condition=Q(kind="approve") | ~Q(note=""),
                name="a_return_or_override_has_a_note",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} by {self.decided_by} ({self.role})"


class HistoryRow:
    """One line of a project's stage history: a stage change, a request, or a decision."""

    def __init__(self, when, who, what, note="", tone=""):
        self.when, self.who, self.what, self.note, self.tone = when, who, what, note, tone


def stage_history(project, changes) -> list[HistoryRow]:
    """Stage changes, requests and every decision on them, newest first, in three queries."""
    rows = []
    for change in changes:
        move = f"{change.get_kind_display()}: "
        if change.from_stage:
            move += f"{change.get_from_stage_display()} → "
        rows.append(
            HistoryRow(
                change.changed_at,
                change.changed_by,
                move + change.get_to_stage_display(),
                change.reason,
                "change",
            )
        )
    for request in StageRequest.objects.filter(project=project).select_related("requested_by"):
        rows.append(
            HistoryRow(
                request.requested_at,
                request.requested_by,
                f"Asked to move to {request.get_to_stage_display()} (approvers: "
                + (", ".join(Approver(r).label for r in request.approvers) or "none")
                + ")",
                request.note,
                "request",
            )
        )
    decisions = StageDecision.objects.filter(request__project=project).select_related(
        "decided_by", "request"
    )
    for decision in decisions:
        target = decision.request.get_to_stage_display()
        what = {
            StageDecision.Kind.APPROVE: f"Approved the move to {target} as "
            f"{Approver(decision.role).label}",
            StageDecision.Kind.RETURN: f"Returned the request to move to {target}",
            StageDecision.Kind.OVERRIDE: f"Overrode the approvals for {target}",
        }[decision.kind]
        rows.append(
            HistoryRow(decision.decided_at, decision.decided_by, what, decision.note, decision.kind)
        )
    # A request, its approvals and the move they make share a moment: show them in that order.
    order = {"request": 0, "approve": 1, "return": 1, "override": 1, "change": 2}
    rows.sort(key=lambda row: (row.when, order[row.tone]), reverse=True)
    return rows
