"""The list filters every endpoint shares: ?program=<slug> and ?academic_year=<start year>
(2025 = 1 July 2025 – 30 June 2026). A bad value is a 400 that says why, never an empty list."""

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from pathway.core.academic import academic_year_bounds

PROGRAM_PARAM = OpenApiParameter(
    "program", OpenApiTypes.STR, description="A program's slug, e.g. vm-im."
)


def year_param(meaning):
    return OpenApiParameter(
        "academic_year",
        OpenApiTypes.INT,
        description=f"The year an academic year starts (2025 = 1 July 2025 – 30 June 2026): "
        f"{meaning}.",
    )


class ListFilters(serializers.Serializer):
    program = serializers.SlugField(required=False, max_length=50)
    academic_year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)


def list_filters(request) -> dict:
    """The validated filters of the query string (raises ValidationError -> 400)."""
    filters = ListFilters(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


def by_program(queryset, filters, field):
    if "program" in filters:
        queryset = queryset.filter(**{f"{field}__slug": filters["program"]})
    return queryset


def in_year(filters) -> tuple | None:
    """(1 July, 30 June) of the asked academic year, or None when not asked."""
    if "academic_year" not in filters:
        return None
    return academic_year_bounds(filters["academic_year"])


def overlapping(start_field, end_field, bounds) -> Q:
    """Rows whose [start, end] dates overlap the academic year."""
    first, last = bounds
    return Q(**{f"{start_field}__lte": last, f"{end_field}__gte": first})
