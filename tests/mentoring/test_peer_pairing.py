"""Directors pair a PGY-3 peer mentor with PGY-1/2 mentees, helped by shared interests."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.models import PeerMentorship
from mentoring.services import MentoringError, mentorship_pair
from pathway.models import PathwayStatus
from tests import factories as f
from tests.mentoring.helpers import messages_of, text_of

URL = reverse("mentoring:mentorship_pair")


@pytest.fixture
def mentor(world):
    profile = f.MentorFactory(program=world.program, user__full_name="Maya Mentor")
    profile.areas_of_interest.set([f.interest("patient safety"), f.interest("sepsis")])
    return profile


def test_a_director_pairs_a_mentor_with_several_mentees(world, as_user, mentor):
    second = f.ResidentFactory(program=world.program, pgy=1, user__full_name="Pia First")
    response = as_user(world.director).post(
        URL,
        {
            "mentor": mentor.pk,
            "mentees": [world.resident.resident_profile.pk, second.pk],
            "started_on": f.days_ago(0).isoformat(),
        },
        follow=True,
    )
    pairs = PeerMentorship.objects.filter(mentor=mentor)
    assert {p.mentee for p in pairs} == {world.resident.resident_profile, second}
    assert all(p.is_current and p.paired_by == world.director for p in pairs)
    assert messages_of(response, "success") == [
        "Maya Mentor is now the peer mentor of Pia First, Rosa Resident."
    ]


def test_mentees_are_ranked_by_shared_areas_of_interest(world, as_user, mentor):
    two = f.ResidentFactory(program=world.program, pgy=1, user__full_name="Zed Two")
    two.areas_of_interest.set([f.interest("patient safety"), f.interest("sepsis")])
    one = f.ResidentFactory(program=world.program, pgy=2, user__full_name="Yan One")
    one.areas_of_interest.set([f.interest("sepsis"), f.interest("equity")])

    response = as_user(world.director).get(URL, {"mentor": mentor.pk})

    names = [row[0].user.full_name for row in response.context["suggestions"]]
    assert names[:2] == ["Zed Two", "Yan One"]
    assert set(names[2:]) == {"Otto Other", "Rosa Resident"}
    shared = {row[0].user.full_name: row[1] for row in response.context["suggestions"]}
    assert shared["Zed Two"] == ["patient safety", "sepsis"]
    assert "Shares: patient safety sepsis" in text_of(response)


def test_a_mentee_preselected_from_the_list_page_is_checked(world, as_user, mentor):
    pk = world.other_resident.resident_profile.pk
    response = as_user(world.director).get(URL, {"mentor": mentor.pk, "mentee": pk})
    assert f'value="{pk}" checked' in response.content.decode()


def test_only_eligible_mentors_are_offered(world, as_user, mentor):
    f.ResidentFactory(program=world.program, pgy=3, user__full_name="No Vmps")
    f.MentorFactory(program=world.program, pgy=2, user__full_name="Too Junior")
    f.MentorFactory(
        program=world.program,
        pathway_status=PathwayStatus.WITHDRAWN,
        user__full_name="Left Pathway",
    )
    f.MentorFactory(program=world.other_program, user__full_name="Other Program")
    choices = [
        str(c) for _, c in as_user(world.director).get(URL).context["form"].fields["mentor"].choices
    ][1:]
    assert choices == ["Maya Mentor (PGY-3)"]


def test_a_mentee_who_already_has_a_mentor_gets_a_clear_form_error(world, as_user, mentor):
    taken = world.resident.resident_profile
    first = f.PeerMentorshipFactory(mentee=taken, mentor=f.MentorFactory(program=world.program))
    response = as_user(world.director).post(
        URL, {"mentor": mentor.pk, "mentees": [taken.pk], "started_on": f.days_ago(0).isoformat()}
    )
    assert response.status_code == 200
    assert (
        f"A mentee has at most one current peer mentor. Rosa Resident already has a peer mentor "
        f"({first.mentor.user.full_name}). End that pairing first, or leave them out."
    ) in text_of(response)
    assert PeerMentorship.objects.filter(mentee=taken).count() == 1


def test_an_ended_pairing_does_not_block_a_new_mentor(world, mentor):
    mentee = world.resident.resident_profile
    f.PeerMentorshipFactory(
        mentee=mentee, mentor=f.MentorFactory(program=world.program), ended_on=f.days_ago(1)
    )
    mentorship_pair(
        mentor=mentor, mentees=[mentee], started_on=f.days_ago(0), paired_by=world.director
    )
    assert PeerMentorship.objects.current().get(mentee=mentee).mentor == mentor


def test_the_database_refuses_a_second_current_mentor(world, mentor):
    mentee = world.resident.resident_profile
    f.PeerMentorshipFactory(mentee=mentee, mentor=mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerMentorship.objects.create(
            mentee=mentee, mentor=f.MentorFactory(program=world.program), started_on=f.days_ago(0)
        )


def test_the_database_refuses_self_mentoring(world, mentor):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerMentorship.objects.create(mentee=mentor, mentor=mentor, started_on=f.days_ago(0))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda w: (f.ResidentFactory(program=w.program, pgy=3), [w.resident.resident_profile]),
            "cannot be a peer mentor: peer mentors are PGY-3 pathway residents who completed "
            "VMPS for Leaders.",
        ),
        (
            lambda w: (
                f.MentorFactory(program=w.program),
                [f.ResidentFactory(program=w.program, pgy=3)],
            ),
            "Only PGY-1 and PGY-2 pathway residents of the same program can be mentees",
        ),
        (
            lambda w: (
                f.MentorFactory(program=w.program),
                [f.ResidentFactory(program=w.other_program, pgy=1)],
            ),
            "Only PGY-1 and PGY-2 pathway residents of the same program can be mentees",
        ),
        (lambda w: (f.MentorFactory(program=w.program), []), "Choose at least one mentee."),
    ],
    ids=["mentor not eligible", "mentee too senior", "mentee elsewhere", "no mentee"],
)
def test_the_service_refuses_what_the_rules_forbid(world, build, message):
    mentor, mentees = build(world)
    with pytest.raises(MentoringError, match=message):
        mentorship_pair(
            mentor=mentor, mentees=mentees, started_on=f.days_ago(0), paired_by=world.director
        )
    assert not PeerMentorship.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mentees": []}, "Choose at least one mentee."),
        ({"started_on": ""}, "This field is required."),
        ({"started_on": f.days_ago(-2).isoformat()}, "The start date cannot be in the future."),
        ({"mentees": ["999999"]}, "Select a valid choice."),
    ],
)
def test_invalid_input_shows_a_clear_message_and_saves_nothing(
    world, as_user, mentor, data, message
):
    payload = {
        "mentor": mentor.pk,
        "mentees": [world.resident.resident_profile.pk],
        "started_on": f.days_ago(0).isoformat(),
        **data,
    }
    response = as_user(world.director).post(URL, payload)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not PeerMentorship.objects.exists()


def test_an_ineligible_mentor_posted_anyway_is_rejected(world, as_user):
    junior = f.ResidentFactory(program=world.program, pgy=3)
    response = as_user(world.director).post(
        URL,
        {
            "mentor": junior.pk,
            "mentees": [world.resident.resident_profile.pk],
            "started_on": f.days_ago(0).isoformat(),
        },
    )
    assert "Select a valid choice." in text_of(response)
    assert not PeerMentorship.objects.exists()


def test_a_director_of_another_program_cannot_pair_our_residents(world, as_user, mentor):
    response = as_user(world.other_director).post(
        URL,
        {
            "mentor": mentor.pk,
            "mentees": [world.resident.resident_profile.pk],
            "started_on": f.days_ago(0).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice." in text_of(response)
    assert not PeerMentorship.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "coordinator"])
def test_only_directors_pair(world, as_user, mentor, persona):
    response = as_user(getattr(world, persona)).post(
        URL,
        {
            "mentor": mentor.pk,
            "mentees": [world.resident.resident_profile.pk],
            "started_on": f.days_ago(0).isoformat(),
        },
    )
    assert response.status_code == 403
    assert not PeerMentorship.objects.exists()


def test_put_is_not_allowed(world, as_user):
    assert as_user(world.director).put(URL).status_code == 405
