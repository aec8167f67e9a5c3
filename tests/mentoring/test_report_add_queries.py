"""Saving a new progress report costs the same few queries however many reports and measures
the resident already has, and writes the report once."""

import uuid

import pytest
from django.urls import reverse

from mentoring.models import ProgressReport
from tests import factories as f
from tests.mentoring.test_report_write import form_data

ADD = reverse("mentoring:report_add")

# Session, user, the active capstone, the period check, the token's lock, the insert and its
# history row, the session's first save; in a test each atomic block is a savepoint too.
# (Writing the report a second time cost another update, history row and measures read.)
SAVE_QUERIES = 16


def more_history(profile, project, n):
    for _ in range(n):
        f.MeasureFactory(project=project)
        f.ProgressReportFactory(resident=profile, project=project)


@pytest.mark.parametrize("earlier", [0, 25])
def test_saving_a_new_report_costs_the_same_queries_whatever_came_before(
    world, as_user, django_assert_max_num_queries, earlier
):
    profile = world.resident.resident_profile
    project = f.ProjectFactory(lead=profile)
    more_history(profile, project, earlier)
    client = as_user(world.resident)
    data = form_data(form_token=str(uuid.uuid4()))

    with django_assert_max_num_queries(SAVE_QUERIES):
        response = client.post(ADD, data)

    assert response.status_code == 302
    assert ProgressReport.objects.filter(resident=profile).count() == earlier + 1


def test_a_report_from_a_new_form_is_written_once(world, as_user):
    client = as_user(world.resident)
    client.post(ADD, form_data(form_token=str(uuid.uuid4())))

    report = ProgressReport.objects.get(resident=world.resident.resident_profile)
    assert [h.history_type for h in report.history.all()] == ["+"]
