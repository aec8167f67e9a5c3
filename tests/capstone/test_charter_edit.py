"""Editing the charter: the leads edit; the coach is assigned by program staff; the aim is
checked for direction."""

import pytest
from django.urls import reverse

from capstone.models import Project
from tests import factories as f


def url(project):
    return reverse("capstone:charter_edit", args=[project.pk])


def charter(**overrides):
    data = {
        "title": "Discharge before noon",
        "process": "Discharge from 5 West",
        "department": "5 West",
        "problem_statement": "Only 14% leave before noon.",
        "aim_what": "Percentage of discharges before noon",
        "aim_direction": "up",
        "aim_baseline": "14",
        "aim_target": "35",
        "aim_unit": "%",
        "aim_by": "2030-06-30",
        "scope_first_step": "Decision to discharge",
        "scope_last_step": "Patient leaves",
        "why_patients": "Beds for ED patients",
        "origin": "report_out",
    }
    data.update(overrides)
    return data


def test_lead_saves_a_complete_charter(world, as_user, project):
    client = as_user(world.resident)
    assert client.get(url(project)).status_code == 200
    response = client.post(url(project), charter())
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    project.refresh_from_db()
    assert project.charter_missing() == []
    assert project.aim_sentence == (
        "Increase percentage of discharges before noon from 14% to 35% by 30 June 2030."
    )


def test_lead_names_co_leads(world, as_user, project):
    as_user(world.resident).post(url(project), charter(co_leads=[world.other_resident.pk]))
    project.refresh_from_db()
    assert list(project.co_leads.all()) == [world.other_resident]


def test_the_charter_form_does_not_offer_a_sponsor(world, as_user, project):
    response = as_user(world.resident).get(url(project))
    assert "sponsor" not in response.context["form"].fields
    assert "A sponsor is asked on the" not in response.content.decode()  # this one accepted
    assert "Sam Sponsor (accepted" in response.content.decode()


def test_a_posted_sponsor_does_not_replace_the_accepted_one(world, as_user, project):
    accepted_on = project.sponsor_accepted_on
    other = f.SponsorFactory(user__program=world.program).user
    response = as_user(world.resident).post(url(project), charter(sponsor=other.pk))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.sponsor, project.sponsor_accepted_on) == (world.sponsor, accepted_on)


def pgy1_project(world):
    """world.other_resident is a PGY-1: sponsor selection is not open to them yet."""
    return f.ProjectFactory(lead=world.other_resident.resident_profile, coach=world.coach)


def test_a_pgy1_cannot_set_a_sponsor_through_the_charter(world, as_user):
    project = pgy1_project(world)
    client = as_user(world.other_resident)
    assert "sponsor" not in client.get(url(project)).context["form"].fields
    assert client.post(url(project), charter(sponsor=world.sponsor.pk)).status_code == 302
    project.refresh_from_db()
    assert project.sponsor is None
    # Nothing reaches the sponsor: no project page, no requirement met.
    assert as_user(world.sponsor).get(project.get_absolute_url()).status_code == 404
    labels = [r.label for r in project.missing_for("event_prep")]
    assert any(label.startswith("A sponsor") for label in labels)


def test_after_a_sponsor_declines_the_charter_cannot_name_them(world, as_user):
    from mentoring.models import SponsorRequestStatus

    project = f.ProjectFactory(lead=world.resident.resident_profile, coach=world.coach)
    f.SponsorRequestFactory(
        resident=world.resident.resident_profile,
        project=project,
        sponsor=world.sponsor,
        status=SponsorRequestStatus.DECLINED,
        response_note="Not my area.",
    )
    as_user(world.resident).post(url(project), charter(sponsor=world.sponsor.pk))
    project.refresh_from_db()
    assert project.sponsor is None
    assert as_user(world.sponsor).get(project.get_absolute_url()).status_code == 404


def test_the_service_refuses_to_set_a_sponsor_outside_a_request(world, project):
    from capstone.services import ProjectError, project_update

    other = f.SponsorFactory(user__program=world.program).user
    with pytest.raises(ProjectError, match="accept a sponsor request"):
        project_update(project=project, by=world.resident, fields={"sponsor": other})
    project.refresh_from_db()
    assert project.sponsor == world.sponsor


def test_a_co_lead_may_edit_the_charter(world, as_user, project):
    project.co_leads.add(world.other_resident)
    response = as_user(world.other_resident).post(url(project), charter(title="Renamed"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed"


def test_co_leads_must_be_residents_of_the_program(world, as_user, project):
    outsider = f.ResidentFactory(program=world.other_program).user
    for bad in (world.coach.pk, outsider.pk, world.resident.pk):
        response = as_user(world.resident).post(url(project), charter(co_leads=[bad]))
        assert "co_leads" in response.context["form"].errors
    assert not project.co_leads.exists()


def test_an_aim_to_increase_needs_a_target_above_the_baseline(world, as_user, project):
    response = as_user(world.resident).post(url(project), charter(aim_target="10"))
    assert response.status_code == 200
    assert "above the baseline" in str(response.context["form"].errors["aim_target"])
    project.refresh_from_db()
    assert project.aim_target is None
    assert project.title != "Discharge before noon"


def test_an_aim_to_decrease_needs_a_target_below_the_baseline(world, as_user, project):
    response = as_user(world.resident).post(
        url(project), charter(aim_direction="down", aim_target="20")
    )
    assert "below the baseline" in str(response.context["form"].errors["aim_target"])


def test_a_title_is_required(world, as_user, project):
    response = as_user(world.resident).post(url(project), charter(title=""))
    assert "title" in response.context["form"].errors
    assert "Nothing was saved" in response.content.decode()
    assert Project.objects.get(pk=project.pk).title == project.title


def test_residents_do_not_choose_their_coach(world, as_user, project):
    other_coach = f.CoachFactory(user__program=world.program).user
    form = as_user(world.resident).get(url(project)).context["form"]
    assert "coach" not in form.fields
    as_user(world.resident).post(url(project), charter(coach=other_coach.pk))
    project.refresh_from_db()
    assert project.coach == world.coach


def test_the_coach_is_the_residents_coach_even_for_a_site_administrator(world, as_user, project):
    # One coach, one place: the project's coach is its lead's coach assignment, which the
    # program changes on the coach assignment page, never through the charter.
    other_coach = f.CoachFactory(user__program=world.program).user
    client = as_user(world.superuser)
    assert "coach" not in client.get(url(project)).context["form"].fields
    client.post(url(project), charter(coach=other_coach.pk))
    project.refresh_from_db()
    assert project.coach == world.coach


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_others_who_see_the_project_may_not_edit_it(persona, world, as_user, project):
    response = as_user(getattr(world, persona)).post(url(project), charter(title="Hijacked"))
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title != "Hijacked"


def test_another_resident_gets_a_404(world, as_user, project):
    assert as_user(world.other_resident).post(url(project), charter()).status_code == 404


def test_charter_edit_refuses_other_methods(world, as_user, project):
    assert as_user(world.resident).delete(url(project)).status_code == 405
