"""The resident writes a progress report: saves a draft, edits it, submits it to the coach."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.models import ProgressReport, ReportStatus
from tests import factories as f
from tests.mentoring.helpers import messages_of, text_of

ADD = reverse("mentoring:report_add")


def form_data(**overrides):
    data = {
        "period_from": f.days_ago(14).isoformat(),
        "period_to": f.days_ago(1).isoformat(),
        "work_done": "Timed 20 discharges.",
        "measure_links": "https://example.org/sheet\n\n https://example.org/chart ",
        "next_steps": "Plan the two-day event.",
        "barriers": "Night float.",
        "help_from_coach": "Check my map.",
        "help_from_sponsor": "Free the charge nurses for two days.",
        "hours_spent": "5.5",
        "action": "draft",
    }
    data.update(overrides)
    return data


def test_the_resident_saves_a_draft_about_their_active_capstone_and_its_measures(
    world, as_user, django_capture_on_commit_callbacks
):
    profile = world.resident.resident_profile
    project = f.ProjectFactory(lead=profile)
    measure = f.MeasureFactory(project=project)
    f.MeasureFactory(project=f.ProjectFactory())  # another project's measure is not offered
    client = as_user(world.resident)
    page = client.get(ADD)
    assert list(page.context["form"].fields["measures"].queryset) == [measure]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, form_data(measures=[measure.pk]), follow=True)

    report = ProgressReport.objects.get(resident=profile)
    assert report.status == ReportStatus.DRAFT
    assert report.project == project
    assert report.stage_snapshot == project.stage
    assert list(report.measures.all()) == [measure]
    assert report.link_list == ["https://example.org/sheet", "https://example.org/chart"]
    assert str(report.hours_spent) == "5.5"
    assert mail.outbox == []
    assert messages_of(response, "success") == [
        "Draft saved. Submit it when it is ready for your coach."
    ]


def test_submitting_sends_the_report_to_the_current_coach_by_email(
    world, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, form_data(action="submit"), follow=True)

    report = ProgressReport.objects.get(resident=world.resident.resident_profile)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at is not None
    assert [s.number for s in report.submissions.all()] == [1]
    assert report.submissions.get().content["work_done"] == "Timed 20 discharges."
    assert [m.to for m in mail.outbox] == [[world.coach.email]]
    assert "Progress report from Rosa Resident to review" in mail.outbox[0].subject
    assert reverse("mentoring:report_review", args=[report.pk]) in mail.outbox[0].body
    assert messages_of(response, "success") == ["Report submitted to Cora Coach."]


def test_a_saved_draft_is_edited_and_then_submitted_from_its_page(
    world, as_user, django_capture_on_commit_callbacks
):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile)
    client = as_user(world.resident)
    edit = reverse("mentoring:report_edit", args=[report.pk])
    client.post(edit, form_data(work_done="Rewritten."))
    report.refresh_from_db()
    assert (report.work_done, report.status) == ("Rewritten.", ReportStatus.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentoring:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert len(mail.outbox) == 1


def test_without_a_coach_the_draft_is_kept_and_the_resident_is_told_why(world, as_user):
    resident = f.ResidentFactory(program=world.program, pgy=2).user
    response = as_user(resident).post(ADD, form_data(action="submit"), follow=True)

    report = ProgressReport.objects.get(resident=resident.resident_profile)
    assert report.status == ReportStatus.DRAFT
    assert "You have no KPO coach yet" in messages_of(response, "warning")[0]


def test_a_submitted_report_can_no_longer_be_edited(world, as_user):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    response = as_user(world.resident).post(
        reverse("mentoring:report_edit", args=[report.pk]), form_data(work_done="Changed")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.work_done != "Changed"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"work_done": ""}, "work_done", "This field is required."),
        ({"hours_spent": "-1"}, "hours_spent", "greater than or equal to 0"),
        (
            {"period_from": f.days_ago(1).isoformat(), "period_to": f.days_ago(5).isoformat()},
            "period_from",
            "The period must start on or before the day it ends.",
        ),
        (
            {"period_to": f.days_ago(-2).isoformat()},
            "period_to",
            "The end of the period cannot be in the future.",
        ),
        ({"measure_links": "not a link"}, "measure_links", "“not a link” is not a web address"),
    ],
)
def test_invalid_reports_show_a_clear_message_and_save_nothing(
    world, as_user, overrides, field, message
):
    response = as_user(world.resident).post(ADD, form_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ProgressReport.objects.exists()


def test_a_resident_cannot_open_or_submit_another_residents_report(world, as_user):
    other = f.ProgressReportFactory(resident=world.other_resident.resident_profile)
    client = as_user(world.resident)
    assert client.get(reverse("mentoring:report_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("mentoring:report_submit", args=[other.pk])).status_code == 404
    assert client.get(reverse("mentoring:report_detail", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == ReportStatus.DRAFT


def test_the_coach_cannot_read_a_draft(world, as_user):
    draft = f.ProgressReportFactory(resident=world.resident.resident_profile)
    response = as_user(world.coach).get(reverse("mentoring:report_detail", args=[draft.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name, method", [("report_submit", "get"), ("report_list", "post")])
def test_wrong_methods_are_refused(world, as_user, name, method):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile)
    args = [report.pk] if name == "report_submit" else []
    response = getattr(as_user(world.resident), method)(reverse(f"mentoring:{name}", args=args))
    assert response.status_code == 405


def test_the_form_names_the_capstone_or_says_there_is_none(world, as_user):
    text = text_of(as_user(world.resident).get(ADD))
    assert "You have no active capstone project" in text
