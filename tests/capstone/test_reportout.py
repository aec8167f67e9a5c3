"""The event's report-out: written by the leads, posted once, and the sponsor and the coach are
emailed when it is posted."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from capstone.models import ReportOut, Stage
from capstone.services import ProjectError, reportout_post
from tests import factories as f
from tests.capstone.conftest import make_project

REPORT = {
    "summary": "We tested an afternoon huddle.",
    "before": "Discharges after 2 pm.",
    "after": "Tomorrow's discharges named at 3 pm.",
    "next_steps": "All teams by May.",
}


@pytest.fixture
def project(world):
    return make_project(world, Stage.EVENT)


def edit_url(project):
    return reverse("capstone:reportout_edit", args=[project.pk])


def post_url(project):
    return reverse("capstone:reportout_post", args=[project.pk])


def test_lead_writes_the_report_out_without_emailing_anyone(world, as_user, project):
    client = as_user(world.resident)
    assert client.get(edit_url(project)).status_code == 200
    response = client.post(edit_url(project), REPORT)
    assert response.status_code == 302
    report = ReportOut.objects.get(project=project)
    assert report.summary == REPORT["summary"]
    assert report.posted_at is None
    assert mail.outbox == []


def test_the_report_out_can_carry_slides(world, as_user, project):
    from tests.capstone.test_attachments import pptx_bytes

    as_user(world.resident).post(
        edit_url(project), REPORT | {"file": SimpleUploadedFile("slides.pptx", pptx_bytes())}
    )
    report = ReportOut.objects.get(project=project)
    assert report.attachment.file_type == "pptx"
    assert report.attachment.section == "event"


def test_posting_emails_the_sponsor_and_the_coach(
    world, as_user, project, django_capture_on_commit_callbacks
):
    f.ReportOutFactory(project=project)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.resident).post(post_url(project), follow=True)
    assert "The report-out is posted" in response.content.decode()
    report = ReportOut.objects.get(project=project)
    assert report.posted_at is not None
    assert report.posted_by == world.resident
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.sponsor.email, world.coach.email])
    message = mail.outbox[0]
    assert project.title in message.subject
    assert reverse("capstone:project_event", args=[project.pk]) in message.body
    assert "We tested an afternoon huddle" in message.body


def test_without_a_sponsor_only_the_coach_is_emailed(
    world, project, django_capture_on_commit_callbacks
):
    project.sponsor = None
    project.save()
    f.ReportOutFactory(project=project)
    with django_capture_on_commit_callbacks(execute=True):
        reportout_post(project=project, by=world.resident)
    assert [m.to for m in mail.outbox] == [[world.coach.email]]


def test_a_report_out_is_posted_only_once(world, as_user, project):
    f.ReportOutFactory(project=project)
    reportout_post(project=project, by=world.resident)
    mail.outbox.clear()
    with pytest.raises(ProjectError, match="already posted"):
        reportout_post(project=project, by=world.resident)
    response = as_user(world.resident).post(post_url(project), follow=True)
    assert "already posted" in response.content.decode()
    assert mail.outbox == []


def test_nothing_to_post_before_it_is_written(world, as_user, project):
    response = as_user(world.resident).post(post_url(project), follow=True)
    assert "Write the report-out before posting it." in response.content.decode()


def test_editing_a_posted_report_out_does_not_email_again(world, as_user, project):
    f.ReportOutFactory(project=project)
    reportout_post(project=project, by=world.resident)
    mail.outbox.clear()
    as_user(world.resident).post(edit_url(project), REPORT | {"summary": "Corrected"})
    assert ReportOut.objects.get(project=project).summary == "Corrected"
    assert mail.outbox == []


def test_every_part_is_required(world, as_user, project):
    response = as_user(world.resident).post(edit_url(project), REPORT | {"next_steps": ""})
    assert response.status_code == 200
    assert "next_steps" in response.context["form"].errors
    assert not ReportOut.objects.exists()


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_only_the_leads_write_and_post(persona, world, as_user, project):
    f.ReportOutFactory(project=project)
    client = as_user(getattr(world, persona))
    assert client.post(edit_url(project), REPORT).status_code == 403
    assert client.post(post_url(project)).status_code == 403
    assert ReportOut.objects.get(project=project).posted_at is None


def test_another_resident_gets_a_404(world, as_user, project):
    assert as_user(world.other_resident).post(post_url(project)).status_code == 404


def test_posting_needs_a_post_and_editing_refuses_put(world, as_user, project):
    assert as_user(world.resident).get(post_url(project)).status_code == 405
    assert as_user(world.resident).put(edit_url(project)).status_code == 405
