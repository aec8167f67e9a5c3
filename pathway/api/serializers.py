"""What the API returns. Read-only shapes of rows already filtered by `visible_to`; nested rows
(a resident's milestones, a report's reviews) come from prefetches that were filtered too."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from capstone.models import DataPoint, Measure, Project, StageChange
from mentoring.models import ProgressReport, ReportReview
from pathway.models import Milestone, ResidentProfile


class PersonRef(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class MilestoneSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="template.name")
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "name", "due_on", "completed_on", "waived_on", "status", "status_label"]

    def _status(self, milestone):
        today = self.context.get("today") or timezone.localdate()
        return milestone.status_on(today)

    def get_status(self, milestone) -> str:
        return self._status(milestone).value

    def get_status_label(self, milestone) -> str:
        return self._status(milestone).label


class AtRiskReason(serializers.Serializer):
    kind = serializers.ChoiceField(["overdue", "stalled", "no_coach", "on_hold", "no_sponsor"])
    text = serializers.CharField()
    since = serializers.DateField(allow_null=True)


class ResidentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="user_id", help_text="The person's id.")
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    program = serializers.SlugField(source="user.program.slug", allow_null=True)
    pgy_label = serializers.CharField()
    pathway_status_label = serializers.CharField(source="get_pathway_status_display")
    coach = PersonRef(source="current_coach", allow_null=True)
    milestones = MilestoneSerializer(source="visible_milestones", many=True)
    at_risk = serializers.SerializerMethodField(
        help_text="The at-risk verdict of the cohort board and the coach's caseload, most severe "
        "reason first; [] = on track (or not in the pathway now). null for a reader who does "
        "not see the verdict in the app: only program staff and the resident's KPO coach do."
    )

    class Meta:
        model = ResidentProfile
        fields = [
            "id",
            "full_name",
            "email",
            "program",
            "track",
            "residency_start",
            "expected_graduation",
            "pgy_label",
            "pathway_status",
            "pathway_status_label",
            "joined_on",
            "completed_on",
            "withdrawn_on",
            "coach",
            "milestones",
            "at_risk",
        ]

    @extend_schema_field(AtRiskReason(many=True, allow_null=True))
    def get_at_risk(self, resident):
        reasons = self.context.get("at_risk", {}).get(resident.pk)
        if reasons is None:
            return None
        return [{"kind": r.kind, "text": r.text, "since": r.since} for r in reasons]


class ProjectSerializer(serializers.ModelSerializer):
    program = serializers.SlugField(source="program.slug")
    lead = PersonRef(source="lead.user")
    sponsor = PersonRef(allow_null=True)
    stage_label = serializers.CharField(source="get_stage_display")

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "program",
            "lead",
            "sponsor",
            "department",
            "process",
            *Project.AIM_FIELDS,
            "stage",
            "stage_label",
            "stage_changed_at",
            "held_from_stage",
            "stage_reason",
            "event_first_day",
            "event_second_day",
            "progress_score",
            "created_at",
            "updated_at",
        ]


class StageChangeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = StageChange
        fields = ["kind", "kind_label", "from_stage", "to_stage", "reason", "changed_at"]


class ProjectDetailSerializer(ProjectSerializer):
    stage_changes = StageChangeSerializer(many=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "stage_changes"]


class MeasureSerializer(serializers.ModelSerializer):
    program = serializers.SlugField(source="project.program.slug")
    chart_type = serializers.CharField()

    class Meta:
        model = Measure
        fields = [
            "id",
            "project",
            "program",
            "name",
            "kind",
            "operational_definition",
            "unit",
            "data_type",
            "chart_type",
            *Measure.PLAN_FIELDS,
        ]


class DataPointSerializer(serializers.ModelSerializer):
    date = serializers.DateField(source="period", allow_null=True)

    class Meta:
        model = DataPoint
        fields = [
            "id",
            "date",
            "sequence",
            *DataPoint.READING_FIELDS,
            "phase",
            "excluded",
            "excluded_reason",
            "note",
        ]


class MeasureDetailSerializer(MeasureSerializer):
    points = DataPointSerializer(source="ordered_points", many=True)

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "points"]


class PointIn(serializers.Serializer):
    """One point of a bulk write: the columns of the CSV import (capstone.imports.COLUMNS)."""

    date = serializers.DateField(required=False, help_text="YYYY-MM-DD; or give sequence.")
    sequence = serializers.IntegerField(required=False, min_value=1)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False)
    numerator = serializers.DecimalField(max_digits=14, decimal_places=4, required=False)
    denominator = serializers.DecimalField(max_digits=14, decimal_places=4, required=False)
    note = serializers.CharField(required=False, max_length=300)
    phase = serializers.ChoiceField(["baseline", "post-event"], required=False)


class PointsIn(serializers.Serializer):
    points = PointIn(many=True)


class RowError(serializers.Serializer):
    row = serializers.IntegerField(help_text="1 = the first point; 0 = the request as a whole.")
    message = serializers.CharField()


class PointsRefused(serializers.Serializer):
    detail = serializers.CharField()
    errors = RowError(many=True)


class PointsCreated(serializers.Serializer):
    created = serializers.IntegerField()
    points = DataPointSerializer(many=True)


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = PersonRef(allow_null=True)

    class Meta:
        model = ReportReview
        fields = ["decision", "feedback", "reviewed_at", "reviewer"]


class ProgressReportSerializer(serializers.ModelSerializer):
    resident = PersonRef(source="resident.user")
    status_label = serializers.CharField(source="get_status_display")
    reviews = ReviewSerializer(many=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "resident",
            "project",
            "stage_snapshot",
            "period_from",
            "period_to",
            "work_done",
            "next_steps",
            "barriers",
            "help_from_coach",
            "help_from_sponsor",
            "hours_spent",
            "status",
            "status_label",
            "submitted_at",
            "reviewed_at",
            "reviews",
        ]
