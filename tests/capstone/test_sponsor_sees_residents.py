"""ResidentProfile.objects.visible_to: sponsors see the residents who lead the projects they
sponsor (and nobody else), in one query."""

from pathway.models import ResidentProfile
from tests import factories as f


def test_sponsor_sees_the_lead_of_a_project_they_sponsor(world):
    f.ProjectFactory(lead=world.resident.resident_profile, sponsor=world.sponsor)
    assert list(ResidentProfile.objects.visible_to(world.sponsor)) == [
        world.resident.resident_profile
    ]


def test_sponsor_does_not_see_residents_whose_projects_they_do_not_sponsor(world):
    f.ProjectFactory(lead=world.other_resident.resident_profile)
    assert not ResidentProfile.objects.visible_to(world.sponsor).exists()


def test_sponsor_sees_each_lead_once_even_with_several_projects(world):
    lead = world.resident.resident_profile
    f.ProjectFactory(lead=lead, sponsor=world.sponsor, stage="closed")
    f.ProjectFactory(lead=lead, sponsor=world.sponsor)
    assert list(ResidentProfile.objects.visible_to(world.sponsor)) == [lead]


def test_sponsor_never_sees_a_resident_of_another_program(world):
    lead = f.ResidentFactory(program=world.other_program)
    f.ProjectFactory(lead=lead, sponsor=world.sponsor)
    assert not ResidentProfile.objects.visible_to(world.sponsor).exists()


def test_sponsor_residents_are_read_in_one_query(world, django_assert_num_queries):
    for _ in range(3):
        f.ProjectFactory(lead=f.ResidentFactory(program=world.program), sponsor=world.sponsor)
    sponsor = type(world.sponsor).objects.with_roles().get(pk=world.sponsor.pk)
    with django_assert_num_queries(1):
        assert len(list(ResidentProfile.objects.visible_to(sponsor))) == 3


def test_a_coach_who_also_sponsors_sees_both_kinds_of_resident(world):
    f.SponsorFactory(user=world.coach)
    world.coach.__dict__.pop("roles", None)
    f.ProjectFactory(lead=world.other_resident.resident_profile, sponsor=world.coach)
    assert set(ResidentProfile.objects.visible_to(world.coach)) == {
        world.resident.resident_profile,
        world.other_resident.resident_profile,
    }
