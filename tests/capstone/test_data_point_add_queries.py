"""Entering one data point costs the same few queries however many points, measures and people
the project has; the rules the database keeps are still checked first, each with a message on
the field at fault."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from capstone.models import DataPoint
from tests import factories as f
from tests.capstone.conftest import make_project

pytestmark = pytest.mark.django_db

# Session, user, the project (with its program and lead), whether any measure takes subgroups,
# the measure chosen, its number of points, that it exists, the insert, its history row, the
# project's last change, the session's first save (in a test, each atomic block is a savepoint
# too). The sponsor, the coach and a savepoint inside the view's transaction are not read, and
# the three rules clean() checks are not asked of the database again: 27 queries before.
ADD_QUERIES = 15


def grow(project, measure, n):
    for _ in range(n):
        f.DataPointFactory(measure=measure)
        f.MeasureFactory(project=project)
        f.TeamMemberFactory(project=project)


@pytest.mark.parametrize("more", [0, 30])
def test_adding_a_point_costs_the_same_queries_whatever_the_project_holds(
    world, as_user, django_assert_max_num_queries, more
):
    project = make_project(world)
    measure = f.MeasureFactory(project=project, name="Time to discharge", unit="minutes")
    grow(project, measure, more)
    client = as_user(world.resident)
    url = reverse("capstone:part_add", args=[project.pk, "data-point"])

    with django_assert_max_num_queries(ADD_QUERIES):
        response = client.post(url, {"measure": measure.pk, "period": "2025-01-20", "value": "42"})

    assert response.url == reverse("capstone:measure_chart", args=[project.pk, measure.pk])
    assert measure.data_points.count() == more + 1


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"value": None, "numerator": 3, "denominator": None}, "value"),
        ({"excluded": True, "excluded_reason": " "}, "excluded_reason"),
        ({"period": None, "sequence": None}, "period"),
    ],
)
def test_each_rule_the_database_keeps_is_refused_by_clean_on_its_field(world, fields, field):
    project = make_project(world)
    point = DataPoint(measure=f.MeasureFactory(project=project), period=f.days_ago(3), value=4)
    for name, value in fields.items():
        setattr(point, name, value)

    with pytest.raises(ValidationError) as refused:
        point.full_clean()

    assert field in refused.value.message_dict


def test_the_rules_left_to_clean_are_the_check_constraints_the_database_keeps():
    assert {c.name for c in DataPoint._meta.constraints} == DataPoint.CHECKED_BY_CLEAN
