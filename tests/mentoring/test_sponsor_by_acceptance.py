"""A project's sponsor is set only by an accepted sponsor request, or recorded by staff (which
writes an accepted request). Only an accepted sponsor sees the project, its reports and its
resident, and only they count for the stage rules."""

from datetime import date

import pytest
from django.urls import reverse

from capstone.models import Project, Stage
from mentoring.models import ProgressReport, ReportStatus, SponsorRequest, SponsorRequestStatus
from mentoring.services import MentoringError, sponsorship_record
from pathway.models import ResidentProfile
from tests import factories as f


@pytest.fixture
def named_not_accepted(world):
    """A legacy row: the sponsor was typed into the charter and never accepted."""
    return f.ProjectFactory(
        lead=world.resident.resident_profile, sponsor=world.sponsor, sponsor_accepted_on=None
    )


def test_a_sponsor_who_has_not_accepted_sees_nothing(world, as_user, named_not_accepted):
    client = as_user(world.sponsor)
    assert client.get(named_not_accepted.get_absolute_url()).status_code == 404
    assert not Project.objects.visible_to(world.sponsor).exists()
    assert not ResidentProfile.objects.visible_to(world.sponsor).exists()
    f.ProgressReportFactory(
        resident=world.resident.resident_profile, project=named_not_accepted, submitted=True
    )
    assert ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).exists()
    assert not ProgressReport.objects.visible_to(world.sponsor).exists()


def test_a_sponsor_who_has_not_accepted_does_not_meet_the_stage_rule(world, named_not_accepted):
    labels = [r.label for r in named_not_accepted.missing_for(Stage.EVENT_PREP)]
    assert "A sponsor for the project, who has accepted" in labels


def test_staff_record_a_sponsor_as_an_accepted_request(world, as_user):
    project = f.ProjectFactory(lead=world.resident.resident_profile)
    request = sponsorship_record(
        project=project, sponsor=world.sponsor, by=world.coordinator, on=date(2026, 9, 1)
    )
    project.refresh_from_db()
    assert (project.sponsor, project.sponsor_accepted_on) == (world.sponsor, date(2026, 9, 1))
    assert (request.status, request.decided_by, request.sponsor) == (
        SponsorRequestStatus.ACCEPTED,
        world.coordinator,
        world.sponsor,
    )
    assert as_user(world.sponsor).get(project.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "other_director"])
def test_only_the_programs_staff_record_a_sponsor(persona, world):
    project = f.ProjectFactory(lead=world.resident.resident_profile)
    with pytest.raises(MentoringError, match="staff"):
        sponsorship_record(project=project, sponsor=world.sponsor, by=getattr(world, persona))
    project.refresh_from_db()
    assert project.sponsor is None
    assert not SponsorRequest.objects.exists()


def test_staff_record_only_a_sponsor_of_the_program(world):
    project = f.ProjectFactory(lead=world.resident.resident_profile)
    with pytest.raises(MentoringError, match="not one of the program's sponsors"):
        sponsorship_record(project=project, sponsor=world.coach, by=world.director)
    assert Project.objects.get(pk=project.pk).sponsor is None


def test_staff_answer_the_waiting_request_first(world):
    project = f.ProjectFactory(lead=world.resident.resident_profile)
    f.SponsorRequestFactory(
        resident=world.resident.resident_profile, project=project, sponsor=world.sponsor
    )
    with pytest.raises(MentoringError, match="answer it first"):
        sponsorship_record(project=project, sponsor=world.sponsor, by=world.coordinator)


def test_the_admin_cannot_type_a_sponsor_in(world, as_user):
    from capstone.admin import ProjectAdmin

    assert {"sponsor", "sponsor_accepted_on"} <= set(ProjectAdmin.readonly_fields)
    assert "sponsor" not in ProjectAdmin.raw_id_fields


def test_the_sponsor_page_lists_only_accepted_projects(world, as_user, named_not_accepted):
    response = as_user(world.sponsor).get(reverse("home"))
    assert named_not_accepted.title not in response.content.decode()
