"""Comments on a project reach the people following it, and `@name` mentions reach the people
named, but only those who can see the project: a mention of anyone else notifies nobody and
tells the author nothing."""

import pytest
from django.urls import reverse

from capstone.services import comment_post
from pathway.notifications.notify import mention_handles
from tests import factories as f
from tests.capstone.conftest import make_project
from tests.pathway.notifications.helpers import emails_to, notices, told

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world):
    return make_project(world, title="Discharge before noon")


def test_a_comment_reaches_the_leads_and_earlier_commenters_not_its_author(world, project):
    comment_post(project=project, author=world.coach, body="Looks good.")
    comment_post(project=project, author=world.sponsor, body="Agreed.")

    assert told("comment_posted") == {world.resident.pk, world.coach.pk}
    assert notices(world.sponsor) == []
    assert "Sam Sponsor commented on “Discharge before noon”: Agreed." in notices(world.coach)


def test_a_mention_reaches_someone_who_can_see_the_project(world, project):
    comment_post(project=project, author=world.resident, body="@DinaDirector can you look?")

    assert told("mentioned") == {world.director.pk}
    [text] = notices(world.director)
    assert text.startswith("Rosa Resident mentioned you on “Discharge before noon”")
    assert emails_to(world.director)


@pytest.mark.parametrize(
    "handle", ["@DinaDirector", "@dinadirector", "@Dina.Director?", "(@dina.director)"]
)
def test_a_mention_may_use_the_name_without_spaces_or_the_email_name(world, project, handle):
    world.director.email = "dina.director@example.org"
    world.director.save()
    comment_post(project=project, author=world.resident, body=f"Thoughts {handle}")
    assert told("mentioned") == {world.director.pk}


def test_a_mentioned_follower_is_told_once_as_a_mention(world, project):
    comment_post(project=project, author=world.coach, body="@RosaResident please update.")

    assert notices(world.resident, "mentioned")
    assert notices(world.resident, "comment_posted") == []


def test_a_mention_of_someone_who_cannot_see_the_project_notifies_nobody(world, project, as_user):
    """Otto is in the program but not on the project; Olga directs another program."""
    outsider = world.other_resident
    client = as_user(world.resident)
    url = reverse("capstone:comment_add", args=[project.pk])
    response = client.post(url, {"body": "@OttoOther @OlgaElsewhere see this"}, follow=True)

    assert response.status_code == 200
    assert notices(outsider) == [] and emails_to(outsider) == []
    assert notices(world.other_director) == []
    assert told("mentioned") == set()
    assert "Otto" not in response.content.decode().replace("@OttoOther", "")


def test_a_deactivated_person_is_not_mentioned(world, project):
    world.director.is_active = False
    world.director.save()
    comment_post(project=project, author=world.resident, body="@DinaDirector hello")
    assert told("mentioned") == set()


def test_an_email_address_is_not_a_mention():
    assert mention_handles("write to dina@example.org, or @Cora.") == ["cora"]


def test_a_comment_names_at_most_ten_people_and_each_once():
    body = " ".join(f"@person{n} @person{n}" for n in range(15))
    assert mention_handles(body) == [f"person{n}" for n in range(10)]


def test_a_team_member_on_the_project_can_be_mentioned(world, project):
    member = f.UserFactory(program=world.program, full_name="Tess Team")
    f.TeamMemberFactory(project=project, user=member, name="")

    comment_post(project=project, author=world.resident, body="@TessTeam data please")

    assert told("mentioned") == {member.pk}
