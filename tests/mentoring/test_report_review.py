"""The KPO coach reviews a submitted report beside the project's current state."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.models import CoachAssignment, ReportReview, ReportStatus
from mentoring.services import MentoringError, report_review, report_submit
from tests import factories as f
from tests.mentoring.helpers import messages_of, text_of


def url(report):
    return reverse("mentoring:report_review", args=[report.pk])


@pytest.fixture
def report(world):
    project = f.ProjectFactory(lead=world.resident.resident_profile, title="Discharge before noon")
    measure = f.MeasureFactory(project=project, name="Discharges before noon")
    for value in (10, 14, 18):
        f.DataPointFactory(measure=measure, value=value)
    report = f.ProgressReportFactory(
        resident=world.resident.resident_profile, project=project, submitted=True
    )
    report.measures.add(measure)
    return report


def test_the_review_page_shows_the_report_beside_the_projects_current_state(world, as_user, report):
    response = as_user(world.coach).get(url(report))
    text = text_of(response)
    assert "Timed 20 discharges" in text
    assert "Discharge before noon" in text
    assert "Stage: Selection" in text
    assert "Discharges before noon" in text
    assert "14 mean, n=3" in text  # the baseline centre of 10, 14, 18 and its number of points
    assert "<svg" in response.content.decode()  # the measure's current chart
    assert reverse("capstone:project_detail", args=[report.project.pk]) in response.content.decode()


def test_revision_requested_emails_the_resident_and_lets_them_resubmit(
    world, as_user, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.coach).post(
            url(report),
            {"decision": "revision", "feedback": "Add the baseline median."},
            follow=True,
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.REVISION_REQUESTED
    assert report.is_editable
    assert [m.to for m in mail.outbox] == [[world.resident.email]]
    assert mail.outbox[0].subject == "Revision requested on your progress report"
    assert "Add the baseline median." in mail.outbox[0].body
    assert messages_of(response, "success") == [
        "Revision requested: Rosa Resident has been emailed your feedback."
    ]
    list_text = text_of(as_user(world.resident).get(reverse("mentoring:report_list")))
    assert "Add the baseline median." in list_text
    assert "Revise" in list_text


def test_the_whole_history_of_submissions_and_reviews_is_kept_and_shown(world, report):
    report_review(report=report, reviewer=world.coach, decision="revision", feedback="More data.")
    report.refresh_from_db()
    report_submit(report=report)
    report.refresh_from_db()
    report_review(report=report, reviewer=world.coach, decision="reviewed", feedback="Well done.")
    report.refresh_from_db()

    assert report.status == ReportStatus.REVIEWED
    assert [s.number for s in report.submissions.order_by("number")] == [1, 2]
    assert [(r.submission.number, r.decision) for r in report.reviews.all()] == [
        (1, "revision"),
        (2, "reviewed"),
    ]


def test_the_history_appears_on_the_report_page(world, as_user, report):
    report_review(report=report, reviewer=world.coach, decision="revision", feedback="More data.")
    report.refresh_from_db()
    report_submit(report=report)
    text = text_of(
        as_user(world.resident).get(reverse("mentoring:report_detail", args=[report.pk]))
    )
    assert "Submitted" in text and "Resubmitted (version 2)" in text
    assert "Revision requested by Cora Coach" in text and "More data." in text
    assert "Waiting for review." in text


def test_a_coach_who_does_not_coach_the_resident_gets_a_404(world, as_user, report):
    other_coach = f.coach_in(world.program)
    assert as_user(other_coach).get(url(report)).status_code == 404
    response = as_user(other_coach).post(url(report), {"decision": "reviewed", "feedback": "x"})
    assert response.status_code == 404
    assert not ReportReview.objects.exists()


def test_the_previous_coach_can_no_longer_review_after_a_handover(world, report):
    CoachAssignment.objects.filter(resident=report.resident).update(ended_on=f.days_ago(0))
    with pytest.raises(MentoringError, match="current KPO coach"):
        report_review(report=report, reviewer=world.coach, decision="reviewed", feedback="Ok")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"decision": "reviewed", "feedback": ""}, "feedback"),
        ({"decision": "maybe", "feedback": "Fine"}, "decision"),
        ({"feedback": "Fine"}, "decision"),
    ],
)
def test_an_incomplete_review_is_refused_with_a_message(world, as_user, report, data, field):
    response = as_user(world.coach).post(url(report), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not ReportReview.objects.exists()


def test_a_reviewed_report_cannot_be_reviewed_again(world, as_user, report):
    report_review(report=report, reviewer=world.coach, decision="reviewed", feedback="Good.")
    response = as_user(world.coach).post(url(report), {"decision": "revision", "feedback": "No"})
    assert response.status_code == 302
    assert ReportReview.objects.count() == 1


def test_the_review_page_refuses_other_methods(world, as_user, report):
    assert as_user(world.coach).put(url(report)).status_code == 405
