"""A revised progress report shows what changed between its versions, before and after."""

from django.urls import reverse

from mentoring.models import ReportStatus, ReviewDecision
from tests import factories as f
from tests.mentoring.test_report_write import form_data


def test_a_resubmitted_report_shows_what_changed_since_the_first_version(world, as_user):
    client = as_user(world.resident)
    client.post(reverse("mentoring:report_add"), form_data(action="submit", hours_spent="5.5"))
    report = world.resident.resident_profile.progress_reports.get()
    f.report_was_reviewed(report, reviewer=world.coach, decision=ReviewDecision.REVISION_REQUESTED)
    client.post(
        reverse("mentoring:report_edit", args=[report.pk]),
        form_data(work_done="Timed 40 discharges.", hours_spent="7"),
    )
    client.post(reverse("mentoring:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    response = as_user(world.coach).get(reverse("mentoring:report_detail", args=[report.pk]))
    (first, _, none), (second, _, changes) = response.context["history"]
    assert none == []
    assert changes == [
        ("What was done", "Timed 20 discharges.", "Timed 40 discharges."),
        ("Hours spent", "5.5", "7.0"),
    ]
    text = response.content.decode()
    assert "Changed since version 1" in text and "Timed 40 discharges." in text
