"""The REST API's endpoints. Thin: every read starts from `Model.objects.visible_to(user)` (so a
row the token's owner may not see is a 404, as on the web pages), and the one write goes through
the CSV import's parser and service (pathway.api.points)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from capstone.charts import MeasureChart
from capstone.models import ChartMode, Measure, Project, StageChange
from mentoring.at_risk import at_risk_by_resident
from mentoring.models import ProgressReport, ReportReview
from pathway.api import serializers as s
from pathway.api.filters import (
    PROGRAM_PARAM,
    by_program,
    in_year,
    list_filters,
    overlapping,
    year_param,
)
from pathway.api.points import points_add
from pathway.models import Milestone, ResidentProfile

# A bulk write of MAX_ROWS points fits well inside this; anything bigger is refused unread.
MAX_BODY_BYTES = 1_000_000


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


@extend_schema(
    parameters=[PROGRAM_PARAM, year_param("residents in residency during that year")],
)
class ResidentViewSet(ReadOnly):
    """Residents with their milestones (those the token's owner may see) and status."""

    serializer_class = s.ResidentSerializer
    lookup_field = "user_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        user = self.request.user
        milestones = Milestone.objects.visible_to(user).timeline()
        residents = (
            ResidentProfile.objects.visible_to(user)
            .select_related("user__program")
            .with_current_coach()
            .prefetch_related(Prefetch("milestones", milestones, to_attr="visible_milestones"))
            .order_by("user__full_name", "pk")
        )
        if self.action != "list":
            return residents
        filters = list_filters(self.request)
        residents = by_program(residents, filters, "user__program")
        if bounds := in_year(filters):
            residents = residents.filter(
                overlapping("residency_start", "expected_graduation", bounds)
            )
        return residents

    def get_serializer(self, *args, **kwargs):
        """The at-risk verdicts of the residents being shown, for the readers who see them."""
        context = self.get_serializer_context()
        if args and args[0] is not None:
            residents = args[0] if kwargs.get("many") else [args[0]]
            judged = [r for r in residents if _sees_verdict(self.request.user, r)]
            context["at_risk"] = at_risk_by_resident(judged, today=context["today"])
        kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


def _sees_verdict(user, resident) -> bool:
    """As in the app: the cohort board (program staff, already limited to their program by
    visible_to) and the coach's caseload (the resident's current coach)."""
    if user.is_superuser or user.is_program_staff:
        return True
    coach = resident.current_coach  # prefetched by with_current_coach()
    return coach is not None and coach.pk == user.pk


@extend_schema(parameters=[PROGRAM_PARAM, year_param("projects created during that year")])
class ProjectViewSet(ReadOnly):
    """Capstone projects and their stages; the detail adds the stage history."""

    def get_serializer_class(self):
        return s.ProjectDetailSerializer if self.action == "retrieve" else s.ProjectSerializer

    def get_queryset(self):
        user = self.request.user
        projects = (
            Project.objects.visible_to(user)
            .select_related("program", "lead__user", "sponsor")
            .order_by("-updated_at", "-pk")
        )
        if self.action != "list":
            return projects.prefetch_related(
                Prefetch("stage_changes", StageChange.objects.visible_to(user))
            )
        filters = list_filters(self.request)
        projects = by_program(projects, filters, "program")
        if bounds := in_year(filters):
            projects = projects.filter(created_at__date__range=bounds)
        return projects


@extend_schema(
    parameters=[
        PROGRAM_PARAM,
        year_param("measures of projects created during that year"),
        OpenApiParameter("project", OpenApiTypes.INT, description="A project's id."),
    ]
)
class MeasureViewSet(ReadOnly):
    """Measures; the detail adds every point, `analysis` the SPC analysis, and `points`
    (POST) adds data points in bulk."""

    def get_serializer_class(self):
        return s.MeasureDetailSerializer if self.action == "retrieve" else s.MeasureSerializer

    def get_queryset(self):
        measures = (
            Measure.objects.visible_to(self.request.user)
            .select_related("project__program")
            .order_by("project_id", "kind", "pk")
        )
        if self.action != "list":
            return measures.prefetch_related("data_points")
        filters = list_filters(self.request)
        measures = by_program(measures, filters, "project__program")
        if bounds := in_year(filters):
            measures = measures.filter(project__created_at__date__range=bounds)
        project = self.request.query_params.get("project", "")
        if project:
            if not project.isdigit():
                raise s.serializers.ValidationError({"project": "Give a project's id (a number)."})
            measures = measures.filter(project_id=int(project))
        return measures

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "mode", OpenApiTypes.STR, enum=ChartMode.values, description="Chart or run."
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def analysis(self, request, pk=None):
        """The SPC analysis the chart page draws: centre lines, limits, signals per phase."""
        measure = get_object_or_404(Measure.objects.visible_to(request.user).for_charts(), pk=pk)
        chart = MeasureChart(measure, mode=request.query_params.get("mode") or None)
        return Response(chart.as_json())

    @extend_schema(
        request=s.PointsIn,
        responses={
            201: s.PointsCreated,
            400: s.PointsRefused,
            403: OpenApiResponse(description="You may see this measure but not change it."),
            413: OpenApiResponse(description="The request body is too large."),
        },
    )
    @action(detail=True, methods=["post"])
    def points(self, request, pk=None):
        """Add data points, all or none: the same checks and limits as the CSV import. Each
        error names its row (1 = the first point) and nothing is saved."""
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
            return Response(
                {"detail": f"The request is larger than {MAX_BODY_BYTES:,} bytes."},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        measure = get_object_or_404(
            Measure.objects.visible_to(request.user).select_related("project"), pk=pk
        )
        if not measure.project.can_edit(request.user):
            raise PermissionDenied("Only the project's lead and co-leads can add data.")
        created, errors = points_add(measure=measure, data=request.data, by=request.user)
        if errors:
            return Response(
                {
                    "detail": "Nothing was saved: fix these rows and send them again.",
                    "errors": errors,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"created": len(created), "points": s.DataPointSerializer(created, many=True).data},
            status=status.HTTP_201_CREATED,
        )


@extend_schema(parameters=[PROGRAM_PARAM, year_param("reports whose period ends in that year")])
class ProgressReportViewSet(ReadOnly):
    """Progress reports and their reviews: a resident's drafts only to that resident."""

    serializer_class = s.ProgressReportSerializer

    def get_queryset(self):
        user = self.request.user
        reports = (
            ProgressReport.objects.visible_to(user)
            .select_related("resident__user")
            .prefetch_related(Prefetch("reviews", ReportReview.objects.select_related("reviewer")))
            .order_by("-period_to", "-pk")
        )
        if self.action != "list":
            return reports
        filters = list_filters(self.request)
        reports = by_program(reports, filters, "resident__user__program")
        if bounds := in_year(filters):
            reports = reports.filter(period_to__range=bounds)
        return reports
