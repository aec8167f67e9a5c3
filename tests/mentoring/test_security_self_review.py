"""Item 6 of the security review: a resident who also holds the coach role is never their own
KPO coach, and never reviews their own progress report."""

import pytest
from django.urls import reverse

from mentoring.models import CoachAssignment, ReportReview
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def coaching_resident(world):
    """A PGY-3 resident who also coaches."""
    resident = f.ResidentFactory(program=world.program, pgy=3, user__full_name="Rhea Both")
    f.CoachFactory(user=resident.user)
    return resident


def test_a_resident_who_coaches_cannot_be_assigned_as_their_own_coach(
    world, as_user, coaching_resident
):
    url = reverse("mentoring:coach_assign", args=[coaching_resident.pk])
    client = as_user(world.director)
    assert "Rhea Both —" not in client.get(url).content.decode()
    response = client.post(url, {"coach": coaching_resident.user.pk, "started_on": f.days_ago(1)})
    assert response.status_code == 200
    assert not CoachAssignment.objects.filter(resident=coaching_resident).exists()


def test_a_coach_cannot_review_their_own_report_even_if_assigned_to_themselves(
    world, as_user, coaching_resident
):
    # As old data may hold: the resident assigned as their own coach.
    CoachAssignment.objects.create(
        resident=coaching_resident, coach=coaching_resident.user, started_on=f.days_ago(30)
    )
    report = f.ProgressReportFactory(resident=coaching_resident, submitted=True)
    client = as_user(coaching_resident.user)
    queue = client.get(reverse("mentoring:review_queue")).content.decode()
    assert reverse("mentoring:report_review", args=[report.pk]) not in queue
    response = client.post(
        reverse("mentoring:report_review", args=[report.pk]),
        {"decision": "reviewed", "feedback": "Excellent work, me."},
    )
    assert response.status_code == 404
    assert not ReportReview.objects.filter(report=report).exists()
