"""Sponsor selection: refused with the reason until PGY-2 and "Leading at Virginia Mason";
asking a program sponsor or proposing a new one; the sponsor accepts or declines."""

import pytest
from django.core import mail
from django.urls import reverse

from capstone.models import Project
from mentoring.models import SponsorRequest, SponsorRequestStatus
from pathway.models import Role, User
from tests import factories as f
from tests.mentoring.helpers import messages_of, text_of

CHOOSE = reverse("mentoring:sponsor_choose")


@pytest.fixture
def ready(world):
    """Rosa, PGY-2, has completed Leading at Virginia Mason and leads a capstone."""
    profile = world.resident.resident_profile
    profile.leading_at_vm_completed_on = f.days_ago(30)
    profile.save()
    return f.ProjectFactory(lead=profile, title="Discharge before noon")


def test_sponsor_selection_is_refused_until_leading_at_virginia_mason_is_completed(world, as_user):
    f.ProjectFactory(lead=world.resident.resident_profile)
    client = as_user(world.resident)
    page = client.get(CHOOSE)
    assert "once you have completed “Leading at Virginia Mason”" in text_of(page)
    assert "Send the request" not in text_of(page)

    response = client.post(CHOOSE, {"sponsor": world.sponsor.pk}, follow=True)
    assert "Leading at Virginia Mason" in messages_of(response, "error")[0]
    assert not SponsorRequest.objects.exists()


def test_sponsor_selection_is_refused_before_pgy2(world, as_user):
    profile = world.other_resident.resident_profile  # PGY-1
    profile.leading_at_vm_completed_on = f.days_ago(3)
    profile.save()
    page = as_user(world.other_resident).get(CHOOSE)
    assert "Sponsor selection opens in PGY-2; you are in PGY-1." in text_of(page)


def test_the_resident_asks_a_program_sponsor_who_is_emailed(
    world, as_user, ready, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.resident).post(
            CHOOSE, {"sponsor": world.sponsor.pk, "message": "Please guide me."}, follow=True
        )
    request = SponsorRequest.objects.get()
    assert (request.sponsor, request.project, request.status) == (
        world.sponsor,
        ready,
        SponsorRequestStatus.AWAITING_SPONSOR,
    )
    assert messages_of(response, "success") == ["Request sent to Sam Sponsor."]
    assert [m.to for m in mail.outbox] == [[world.sponsor.email]]
    assert "asks you to sponsor" in mail.outbox[0].subject
    assert "waiting for an answer" in text_of(as_user(world.resident).get(CHOOSE))


def test_accepting_records_the_sponsor_on_the_capstone(
    world, as_user, ready, django_capture_on_commit_callbacks
):
    request = f.SponsorRequestFactory(
        resident=world.resident.resident_profile, project=ready, sponsor=world.sponsor
    )
    url = reverse("mentoring:sponsor_request_answer", args=[request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.sponsor).post(url, {"decision": "accept", "note": "Happy to."})
    ready.refresh_from_db()
    request.refresh_from_db()
    assert (ready.sponsor, ready.sponsor_accepted_on) == (world.sponsor, f.days_ago(0))
    assert (request.status, request.response_note) == ("accepted", "Happy to.")
    assert [m.to for m in mail.outbox] == [[world.resident.email]]
    assert "accepted" in mail.outbox[0].subject
    text = text_of(as_user(world.resident).get(CHOOSE))
    assert "Sam Sponsor sponsors “Discharge before noon”" in text


def test_a_decline_needs_a_note_and_lets_the_resident_pick_again(world, as_user, ready):
    request = f.SponsorRequestFactory(
        resident=world.resident.resident_profile, project=ready, sponsor=world.sponsor
    )
    url = reverse("mentoring:sponsor_request_answer", args=[request.pk])
    client = as_user(world.sponsor)
    response = client.post(url, {"decision": "decline", "note": ""})
    assert response.status_code == 200
    assert response.context["answer_form"].errors["note"]
    request.refresh_from_db()
    assert request.status == SponsorRequestStatus.AWAITING_SPONSOR

    client.post(url, {"decision": "decline", "note": "Too busy this year."})
    request.refresh_from_db()
    ready.refresh_from_db()
    assert request.status == SponsorRequestStatus.DECLINED
    assert ready.sponsor is None
    assert "Send the request" in text_of(as_user(world.resident).get(CHOOSE))


def test_another_sponsor_cannot_answer_a_request(world, as_user, ready):
    request = f.SponsorRequestFactory(
        resident=world.resident.resident_profile, project=ready, sponsor=world.sponsor
    )
    other = f.SponsorFactory(user__program=world.program).user
    url = reverse("mentoring:sponsor_request_answer", args=[request.pk])
    assert as_user(other).post(url, {"decision": "accept"}).status_code == 404
    ready.refresh_from_db()
    assert ready.sponsor is None


def test_a_proposed_sponsor_is_approved_by_the_coordinator_who_creates_their_account(
    world, as_user, ready, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.resident).post(
            CHOOSE,
            {
                "proposed_name": "Nia New",
                "proposed_email": "Nia.New@example.org",
                "proposed_title": "VP Nursing",
            },
        )
    proposal = SponsorRequest.objects.get()
    assert proposal.status == SponsorRequestStatus.AWAITING_APPROVAL
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    # The proposed sponsor has no account yet and cannot see anything.
    assert not User.objects.filter(email="nia.new@example.org").exists()

    mail.outbox.clear()
    url = reverse("mentoring:sponsor_proposal_decide", args=[proposal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.coordinator).post(url, {"decision": "approve"})
    nia = User.objects.get(email="nia.new@example.org")
    assert nia.has_role(Role.SPONSOR) and nia.program == world.program
    proposal.refresh_from_db()
    assert (proposal.sponsor, proposal.status) == (nia, SponsorRequestStatus.AWAITING_SPONSOR)
    assert sorted(m.subject for m in mail.outbox)[0].startswith("Rosa Resident asks you")
    assert {tuple(m.to) for m in mail.outbox} == {("nia.new@example.org",)}


def test_a_refused_proposal_needs_a_reason_which_the_resident_sees(world, as_user, ready):
    proposal = f.SponsorRequestFactory(
        resident=world.resident.resident_profile,
        project=ready,
        sponsor=None,
        proposed_name="Nia New",
        proposed_email="nia@example.org",
        status=SponsorRequestStatus.AWAITING_APPROVAL,
    )
    url = reverse("mentoring:sponsor_proposal_decide", args=[proposal.pk])
    response = as_user(world.coordinator).post(url, {"decision": "refuse", "note": ""})
    assert response.context["decision_form"].errors["note"]
    as_user(world.coordinator).post(url, {"decision": "refuse", "note": "Not a senior leader."})
    proposal.refresh_from_db()
    assert proposal.status == SponsorRequestStatus.NOT_APPROVED
    assert "Not a senior leader." in text_of(as_user(world.resident).get(CHOOSE))


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose a sponsor of the program, or propose someone new by name and email."),
        (
            {"sponsor": "SPONSOR", "proposed_name": "Nia"},
            "Choose a sponsor of the program or propose someone new, not both.",
        ),
        ({"proposed_name": "Nia"}, "Please correct the fields marked below."),
        ({"sponsor": "COACH"}, "Please correct the fields marked below."),
    ],
)
def test_an_invalid_request_shows_a_message_and_saves_nothing(world, as_user, ready, data, message):
    ids = {"SPONSOR": world.sponsor.pk, "COACH": world.coach.pk}
    data = {k: ids.get(v, v) for k, v in data.items()}
    response = as_user(world.resident).post(CHOOSE, data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not SponsorRequest.objects.exists()


def test_a_sponsor_of_another_program_is_not_offered(world, ready):
    from mentoring.services import MentoringError, sponsor_request

    stranger = f.SponsorFactory(user__program=world.other_program).user
    with pytest.raises(MentoringError, match="not one of the program's sponsors"):
        sponsor_request(resident=world.resident.resident_profile, sponsor=stranger)


def test_the_sponsor_page_shows_stage_and_latest_submitted_report_not_drafts(world, as_user):
    project = f.ProjectFactory(
        lead=world.resident.resident_profile,
        sponsor=world.sponsor,
        sponsor_accepted_on=f.days_ago(10),
        title="Discharge before noon",
    )
    f.ProgressReportFactory(
        resident=project.lead, project=project, submitted=True, help_from_sponsor="Free nurses."
    )
    f.ProgressReportFactory(resident=project.lead, project=project, work_done="SECRET DRAFT")
    f.ProjectFactory(sponsor=world.sponsor)  # asked but not accepted: not listed
    text = text_of(as_user(world.sponsor).get(reverse("mentoring:sponsored_projects")))
    assert "Discharge before noon" in text and "Selection" in text
    assert "Help asked of you: Free nurses." in text
    assert "SECRET DRAFT" not in text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_sponsored_projects_query_count_does_not_grow(
    world, as_user, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        resident = f.ResidentFactory(program=world.program, pgy=2)
        project = f.ProjectFactory(
            lead=resident, sponsor=world.sponsor, sponsor_accepted_on=f.days_ago(5)
        )
        f.ProgressReportFactory(resident=resident, project=project, submitted=True)
    client = as_user(world.sponsor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mentoring:sponsored_projects"))
    assert len(response.context["page"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("persona", ["sponsor", "coordinator"])
def test_the_sponsor_requests_query_count_does_not_grow(
    world, as_user, django_assert_max_num_queries, rows, persona
):
    for _ in range(rows):
        resident = f.ResidentFactory(program=world.program, pgy=2)
        f.SponsorRequestFactory(
            resident=resident, project=f.ProjectFactory(lead=resident), sponsor=world.sponsor
        )
    client = as_user(getattr(world, persona))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mentoring:sponsor_requests"))
    assert len(response.context["page"]) == rows


def test_wrong_methods_are_refused(world, as_user, ready):
    request = f.SponsorRequestFactory(
        resident=world.resident.resident_profile, project=ready, sponsor=world.sponsor
    )
    url = reverse("mentoring:sponsor_request_answer", args=[request.pk])
    assert as_user(world.sponsor).get(url).status_code == 405
    assert as_user(world.sponsor).post(reverse("mentoring:sponsored_projects")).status_code == 405
    assert Project.objects.get(pk=ready.pk).sponsor is None
