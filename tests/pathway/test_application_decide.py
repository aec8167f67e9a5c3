"""Directors review their program's applications and accept or decline them with a note."""

from html import unescape

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pathway.models import Application, ApplicationStatus, PathwayStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _decide(as_user, user, application, decision, note="", follow=True):
    return as_user(user).post(
        reverse("pathway:application_decide", args=[application.pk]),
        {"decision": decision, "note": note},
        follow=follow,
    )


def _applicant(world):
    profile = world.other_resident.resident_profile
    profile.pathway_status = PathwayStatus.APPLICANT
    profile.save()
    return cs.open_application(world)


def test_director_accepts_and_the_resident_joins_today_and_is_emailed(
    world, as_user, django_capture_on_commit_callbacks
):
    application = _applicant(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(as_user, world.director, application, "accept", "Welcome!")
    assert "Otto Other's application was accepted into the pathway" in unescape(
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == world.director and application.decision_note == "Welcome!"
    profile = world.other_resident.resident_profile
    profile.refresh_from_db()
    assert profile.pathway_status == PathwayStatus.ACTIVE
    assert profile.joined_on == timezone.localdate()
    [message] = mail.outbox
    assert message.to == [world.other_resident.email]
    assert message.subject == "Your pathway application: accepted"
    assert "accepted your application" in message.body and "Welcome!" in message.body


def test_director_declines_with_a_note_and_the_resident_is_told(
    world, as_user, django_capture_on_commit_callbacks
):
    application = _applicant(world)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(as_user, world.director, application, "decline", "Please apply again next year.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    profile = world.other_resident.resident_profile
    profile.refresh_from_db()
    assert profile.pathway_status == PathwayStatus.NOT_ENROLLED and profile.joined_on is None
    [message] = mail.outbox
    assert "not to accept" in message.body and "Please apply again next year." in message.body
    page = as_user(world.other_resident).get(reverse("pathway:application_form")).content.decode()
    assert "Declined" in page and "Please apply again next year." in page


def test_declining_needs_a_note(world, as_user):
    application = _applicant(world)
    response = _decide(as_user, world.director, application, "decline", " ")
    assert response.status_code == 200
    assert "saying why it is declined" in response.content.decode()
    application.refresh_from_db()
    assert application.is_open


def test_a_decision_must_be_chosen(world, as_user):
    application = _applicant(world)
    response = _decide(as_user, world.director, application, "maybe")
    assert "Select a valid choice" in response.content.decode()
    application.refresh_from_db()
    assert application.is_open


def test_only_directors_of_the_program_decide(world, as_user):
    application = _applicant(world)
    for user in (world.coordinator, world.coach, world.resident):
        assert _decide(as_user, user, application, "accept", follow=False).status_code == 403
    assert (
        _decide(as_user, world.other_director, application, "accept", follow=False).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.is_open


def test_a_decided_application_is_not_decided_again(world, as_user):
    application = _applicant(world)
    _decide(as_user, world.director, application, "accept")
    response = _decide(as_user, world.director, application, "decline", "Changed my mind")
    assert "already been decided" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_deciding_needs_a_post(world, as_user):
    application = _applicant(world)
    url = reverse("pathway:application_decide", args=[application.pk])
    assert as_user(world.director).get(url).status_code == 405


def test_the_resident_reads_their_own_application_but_not_anothers(world, as_user):
    application = _applicant(world)
    url = reverse("pathway:application_detail", args=[application.pk])
    body = as_user(world.other_resident).get(url).content.decode()
    assert application.statement[:40] in body and "Record the decision" not in body
    assert as_user(world.resident).get(url).status_code == 404
    body = as_user(world.director).get(url).content.decode()
    assert "Record the decision" in body
    assert as_user(world.director).post(url).status_code == 405


def test_the_review_list_shows_open_applications_and_filters_by_status(world, as_user):
    _applicant(world)
    f.ApplicationFactory(
        resident=f.ResidentFactory(program=world.program, user__full_name="Dee Decided"),
        status=ApplicationStatus.ACCEPTED,
    )
    f.ApplicationFactory(
        resident=f.ResidentFactory(program=world.other_program, user__full_name="Far Away")
    )
    client = as_user(world.director)
    body = client.get(reverse("pathway:application_list")).content.decode()
    assert "Otto Other" in body and "Dee Decided" not in body and "Far Away" not in body
    body = client.get(reverse("pathway:application_list") + "?status=decided").content.decode()
    assert "Dee Decided" in body and "Otto Other" not in body
    body = client.get(reverse("pathway:application_list") + "?status=bogus").content.decode()
    assert "Otto Other" in body
    assert client.post(reverse("pathway:application_list")).status_code == 405


def test_the_review_list_queries_do_not_grow(world, as_user, django_assert_max_num_queries):
    client = as_user(world.director)

    def fill(n):
        for _ in range(n):
            f.ApplicationFactory(resident=f.ResidentFactory(program=world.program, pgy=1))

    fill(2)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("pathway:application_list")).status_code == 200
    fill(18)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("pathway:application_list"))
    assert len(response.context["applications"]) == 20
    assert Application.objects.count() == 20
