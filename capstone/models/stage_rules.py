"""The stage machine's single-row rules and the IHI progress suggestion, as a mixin of Project.

What each stage requires is decided here (and explained: every requirement has a label and the
tab where it is fixed); capstone.services makes the moves and writes the history. Requirements
that depend on measures go through the hooks `has_baseline_measure()` and
`has_post_event_data()`, so the measures work can refine what counts without touching the
guards."""

from decimal import Decimal

from django.db.models import Exists, prefetch_related_objects
from django.utils import timezone

from capstone.models.choices import (
    FINAL_STAGES,
    FLOW,
    STEP_LABELS,
    ProgressSuggestion,
    Requirement,
    Stage,
)
from pathway.core.compiled_lists import CompiledList


class StageRules:
    # --- Stage: single-row rules -------------------------------------------------------------

    @property
    def is_final(self) -> bool:
        return self.stage in FINAL_STAGES

    @property
    def is_on_hold(self) -> bool:
        return self.stage == Stage.ON_HOLD

    @property
    def flow_stage(self) -> str:
        """Where the project stands on the forward path (the held stage while on hold)."""
        return self.held_from_stage if self.is_on_hold else self.stage

    def next_stage(self):
        if self.stage not in FLOW or self.stage == Stage.CLOSED:
            return None
        return FLOW[FLOW.index(self.stage) + 1]

    def earlier_stages(self):
        if self.stage not in FLOW or self.stage == Stage.CLOSED:
            return []
        return FLOW[: FLOW.index(self.stage)]

    def stepper(self):
        """(stage, short label, state) for each forward stage: done, current or todo."""
        position = FLOW.index(self.flow_stage) if self.flow_stage in FLOW else -1
        steps = []
        for index, stage in enumerate(FLOW):
            state = "done" if index < position else "current" if index == position else "todo"
            if stage == Stage.CLOSED and self.stage == Stage.CLOSED:
                state = "done"
            steps.append((stage, STEP_LABELS[stage], state))
        return steps

    def entry_requirements(self, stage) -> list[Requirement]:
        """Everything a project needs before it may enter `stage`, met or not."""
        checks = {
            Stage.CURRENT_STATE: self._requirements_current_state,
            Stage.EVENT_PREP: self._requirements_event_prep,
            Stage.EVENT: self._requirements_event,
            Stage.IMPLEMENTATION: self._requirements_implementation,
            Stage.POST_EVENT: self._requirements_post_event,
            Stage.RESULTS: self._requirements_results,
            Stage.DISSEMINATION: self._requirements_dissemination,
            Stage.CLOSED: self._requirements_closed,
        }
        check = checks.get(stage)
        return check() if check else []

    def missing_for(self, stage) -> list[Requirement]:
        return [r for r in self.entry_requirements(stage) if not r.met]

    def charter_missing(self) -> list[str]:
        fields = [
            ("title", "a title"),
            ("process", "the process or value stream"),
            ("department", "the department or unit"),
            ("problem_statement", "a problem statement"),
            ("aim_what", "what the aim will change"),
            ("aim_direction", "the aim's direction (increase or decrease)"),
            ("aim_target", "the aim's target"),
            ("aim_by", "the aim's date (by when)"),
            ("scope_first_step", "the scope's first step"),
            ("scope_last_step", "the scope's last step"),
        ]
        return [label for name, label in fields if getattr(self, name) in (None, "")]

    def _requirements_current_state(self):
        missing = self.charter_missing()
        charter = (
            "A complete charter"
            if not missing
            else "A complete charter (missing: " + ", ".join(missing) + ")"
        )
        return [
            Requirement(charter, not missing, "project_detail"),
            Requirement("A KPO coach on the project", self.coach is not None, "project_detail"),
        ]

    def _requirements_event_prep(self):
        has = _EVENT_PREP_QUESTIONS.ask(self)
        return [
            Requirement(
                "A description of the current process",
                bool(self.process_description.strip()),
                "project_current_state",
            ),
            Requirement("The process steps, in order", has["steps"], "project_current_state"),
            Requirement(
                "At least one waste observation",
                has["waste"],
                "project_current_state",
            ),
            Requirement(
                "A problem analysis (5 Whys or a cause list)",
                has["whys"] or has["causes"],
                "project_current_state",
            ),
            Requirement(
                "A sponsor for the project, who has accepted",
                self.has_accepted_sponsor,
                "project_detail",
            ),
        ]

    def _requirements_event(self):
        return [
            Requirement(
                "The event dates (two consecutive working days)",
                self.event_first_day is not None and self.event_second_day is not None,
                "project_event",
            ),
            Requirement(
                "A team: at least one team member taking part in the event",
                self.team_members.filter(on_event_team=True).exists(),
                "project_event",
            ),
            Requirement(
                "At least one baseline measure (a measure with baseline data)",
                self.has_baseline_measure(),
                "project_current_state",
            ),
        ]

    def _requirements_implementation(self):
        today = timezone.localdate()
        return [
            Requirement(
                "The two-day event has taken place",
                self.event_second_day is not None and self.event_second_day <= today,
                "project_event",
            ),
            Requirement(
                "At least one test of change (PDSA) with its result",
                self.tests_of_change.exclude(act="").exists(),
                "project_event",
            ),
            Requirement(
                "The event's report-out posted",
                self.report_out_posted(),
                "project_event",
            ),
        ]

    def _requirements_post_event(self):
        has = _POST_EVENT_QUESTIONS.ask(self)
        return [
            Requirement(
                "An action plan (at least one item)",
                has["plan"],
                "project_implementation",
            ),
            Requirement(
                "At least one change adopted (a test of change acted on with Adopt or Adapt)",
                has["adopted"],
                "project_event",
            ),
        ]

    def _requirements_results(self):
        return [
            Requirement(
                "Post-event data for at least one measure",
                self.has_post_event_data(),
                "project_results",
            ),
            Requirement(
                "At least one follow-up (30, 60 or 90 days) recorded",
                self.follow_ups.filter(held_on__isnull=False).exists(),
                "project_implementation",
            ),
        ]

    def _requirements_dissemination(self):
        return [
            Requirement(
                "What changed, in the results",
                bool(self.results_what_changed.strip()),
                "project_results",
            ),
            Requirement(
                "Lessons learned, in the results",
                bool(self.results_lessons.strip()),
                "project_results",
            ),
            Requirement(
                "The QI-or-research determination (QI, exempt, or IRB-approved)",
                self.has_determination(),
                "project_dissemination",
            ),
        ]

    def _requirements_closed(self):
        has = _CLOSED_QUESTIONS.ask(self)
        return [
            Requirement(
                "The results presented (at least one presentation)",
                has["presented"],
                "project_dissemination",
            ),
            Requirement(
                "The 90-day follow-up recorded",
                has["followed_up"],
                "project_implementation",
            ),
        ]

    def has_determination(self) -> bool:
        """Whether the project recorded if it is QI or research (capstone.Determination)."""
        return hasattr(self, "determination")

    # --- Hooks the measures work refines ------------------------------------------------------

    def has_baseline_measure(self) -> bool:
        """At least one measure with baseline data that is not excluded."""
        return self.measures.with_baseline().exists()

    def has_post_event_data(self) -> bool:
        """At least one measure with post-event data that is not excluded."""
        return self.measures.with_post_event().exists()

    def has_improvement_signal(self) -> bool:
        """At least one measure's chart shows a signal supporting the change: after the event,
        a long run, a shift or a point outside the baseline's limits on the better side of the
        baseline centre, by the program's rules (capstone.spc.summarize_change)."""
        from capstone.models.measures import ChartSettings  # measures.py imports this module

        rules = ChartSettings.rules_for(self.program_id)
        # Every measure's chart reads the project's tests of change for its notes: once.
        prefetch_related_objects([self], "tests_of_change")
        measures = self.measures.prefetch_related("data_points", "annotations")
        return any(m.shows_improvement_signal(rules=rules) for m in measures)

    # --- IHI progress score ---------------------------------------------------------------

    def progress_suggestion(self) -> ProgressSuggestion:
        """The IHI score the record supports, step by step; the coach confirms or overrides."""
        ladder = [
            (Decimal("1.0"), "Charter complete and a team formed", self._progress_team),
            (
                Decimal("1.5"),
                "Current-state work recorded (steps, waste or time observations)",
                self._progress_planning,
            ),
            (Decimal("2.0"), "Baseline data collected for a measure", self.has_baseline_measure),
            (
                Decimal("2.5"),
                "A change tested (a PDSA cycle acted on)",
                lambda: self.tests_of_change.exclude(act="").exists(),
            ),
            (
                Decimal("3.0"),
                "A change adopted and post-event data collected",
                lambda: (
                    self.tests_of_change.filter(act__in=["adopt", "adapt"]).exists()
                    and self.has_post_event_data()
                ),
            ),
            (
                Decimal("3.5"),
                "Improvement shown by a signal in a measure",
                self.has_improvement_signal,
            ),
            (
                Decimal("4.0"),
                "The change sustained at a 30- or 60-day follow-up",
                lambda: self.follow_ups.filter(day__in=[30, 60], sustained="yes").exists(),
            ),
            (
                Decimal("4.5"),
                "The change sustained at the 90-day follow-up",
                lambda: self.follow_ups.filter(day=90, sustained="yes").exists(),
            ),
            (
                Decimal("5.0"),
                "A spread plan and the results disseminated",
                lambda: bool(self.results_spread.strip()) and self._has_dissemination(),
            ),
        ]
        score, reasons = Decimal("0.5"), ["Project recorded"]
        for level, reason, met in ladder:
            if not met():
                return ProgressSuggestion(score, reasons, f"{level}: {reason}")
            score = level
            reasons.append(reason)
        return ProgressSuggestion(score, reasons, None)

    def _progress_team(self):
        return not self.charter_missing() and self.team_members.exists()

    def _progress_planning(self):
        return (
            self.steps.exists()
            or self.waste_observations.exists()
            or self.time_observations.exists()
        )

    def _has_dissemination(self):
        return (
            self.presentations.exists()
            or self.publications.exists()
            or self.abstracts.filter(status__in=["accepted", "presented"]).exists()
        )

    def progress_status(self):
        """(suggestion, changed since confirmation?) for the progress card."""
        suggestion = self.progress_suggestion()
        changed = (
            self.progress_confirmed_at is not None
            and self.progress_suggested_at_confirmation != suggestion.score
        )
        return suggestion, changed


class _RowQuestions:
    """Whether a project has related rows of each kind, `{name: project -> queryset}`, asked in
    one query compiled once (pathway.core.compiled_lists): on the resident's home and every
    capstone page, building the EXISTS query took the ORM about ten times as long as running it.
    Each call reads fresh rows."""

    def __init__(self, **related):
        self.related = related
        self._compiled = None

    def ask(self, project) -> dict[str, bool]:
        """{name: whether the project has such a row}, in one query (a stage's requirements ask
        several such questions of every page showing the next stage)."""
        if self._compiled is None:
            model = type(project)
            self._compiled = CompiledList(model, lambda user, project: self._build(model, project))
        rows = self._compiled(None, project=project.pk)
        if not rows:
            raise type(project).DoesNotExist("The project no longer exists.")
        return {name: rows[0][f"have_{name}"] for name in self.related}

    def _build(self, model, project):
        stand_in = model(pk=project)
        # Prefixed: an annotation may not share a name with the model's own relations.
        checks = {f"have_{name}": Exists(rows(stand_in)) for name, rows in self.related.items()}
        return model.objects.filter(pk=project).order_by().values(**checks)


_EVENT_PREP_QUESTIONS = _RowQuestions(
    steps=lambda project: project.steps.all(),
    waste=lambda project: project.waste_observations.all(),
    whys=lambda project: project.why_steps.all(),
    causes=lambda project: project.causes.all(),
)
_POST_EVENT_QUESTIONS = _RowQuestions(
    plan=lambda project: project.action_items.all(),
    adopted=lambda project: project.tests_of_change.filter(act__in=["adopt", "adapt"]),
)
_CLOSED_QUESTIONS = _RowQuestions(
    presented=lambda project: project.presentations.all(),
    followed_up=lambda project: project.follow_ups.filter(day=90, held_on__isnull=False),
)
