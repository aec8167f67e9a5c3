"""Reviewing homework: the resident's KPO coach, the instructor or a director accepts it or
asks for a revision with comments; the resident is emailed."""

from django.core import mail
from django.urls import reverse

from pathway.models import HomeworkReview, SubmissionStatus
from tests import factories as f
from tests.pathway import curriculum_setup as cs


def _review(as_user, user, submission, decision, comments="", follow=True):
    return as_user(user).post(
        reverse("pathway:submission_review", args=[submission.pk]),
        {"decision": decision, "comments": comments},
        follow=follow,
    )


def test_coach_asks_for_a_revision_and_the_resident_is_emailed(
    world, as_user, django_capture_on_commit_callbacks
):
    submission = cs.submission(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = _review(as_user, world.coach, submission, "revision_requested", "Add times.")
    assert "homework was sent back" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REVISION_REQUESTED
    review = HomeworkReview.objects.get()
    assert (review.reviewer, review.comments) == (world.coach, "Add times.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.resident.email]
    assert message.subject == f"Revision requested: {submission.assignment.title}"
    assert "Add times." in message.body
    assert reverse("pathway:homework_submit", args=[submission.assignment.pk]) in message.body


def test_a_revision_request_needs_comments(world, as_user):
    submission = cs.submission(world)
    response = _review(as_user, world.coach, submission, "revision_requested", "  ")
    assert response.status_code == 200
    assert "Say what to revise" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not HomeworkReview.objects.exists()


def test_a_missing_decision_is_refused(world, as_user):
    submission = cs.submission(world)
    response = _review(as_user, world.coach, submission, "")
    assert "This field is required." in response.content.decode()
    assert not HomeworkReview.objects.exists()


def test_instructor_who_does_not_coach_the_resident_may_accept(world, as_user):
    teacher = f.CoachFactory(user__program=world.program).user
    submission = cs.submission(world)
    submission.offering.instructor = teacher
    submission.offering.save()
    _review(as_user, teacher, submission, "accepted")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED


def test_director_may_review_any_submission_in_the_program(world, as_user):
    submission = cs.submission(world, resident=world.other_resident)
    _review(as_user, world.director, submission, "accepted")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED


def test_coordinators_and_the_resident_cannot_review(world, as_user):
    submission = cs.submission(world)
    for user in (world.coordinator, world.resident):
        assert _review(as_user, user, submission, "accepted", follow=False).status_code == 403
    assert not HomeworkReview.objects.exists()


def test_a_coach_of_someone_else_cannot_even_see_the_submission(world, as_user):
    other_coach = f.CoachFactory(user__program=world.program).user
    submission = cs.submission(world)
    assert _review(as_user, other_coach, submission, "accepted", follow=False).status_code == 404
    detail = reverse("pathway:submission_detail", args=[submission.pk])
    assert as_user(other_coach).get(detail).status_code == 404


def test_a_reviewed_submission_is_not_reviewed_twice(world, as_user):
    submission = cs.submission(world)
    _review(as_user, world.coach, submission, "accepted")
    response = _review(as_user, world.director, submission, "revision_requested", "No.")
    assert "already been reviewed" in response.content.decode()
    assert HomeworkReview.objects.count() == 1


def test_review_needs_a_post(world, as_user):
    submission = cs.submission(world)
    url = reverse("pathway:submission_review", args=[submission.pk])
    assert as_user(world.coach).get(url).status_code == 405


def test_the_review_page_shows_the_work_history_and_form_to_reviewers_only(world, as_user):
    submission = cs.submission(world)
    url = reverse("pathway:submission_detail", args=[submission.pk])
    body = as_user(world.coach).get(url).content.decode()
    assert submission.text in body and "Your review" in body
    body = as_user(world.coordinator).get(url).content.decode()
    assert submission.text in body and "Your review" not in body
    assert as_user(world.coach).post(url).status_code == 405


def test_queue_lists_what_the_user_may_review_oldest_first(world, as_user):
    mine = cs.submission(world)
    other_program = f.HomeworkSubmissionFactory(
        resident=f.ResidentFactory(program=world.other_program),
        assignment__course_class__course=f.CourseFactory(program=world.other_program),
    )
    not_mine = cs.submission(world, resident=world.other_resident)
    not_mine.offering.instructor = world.director
    not_mine.offering.save()
    coach_queue = list(
        as_user(world.coach).get(reverse("pathway:homework_queue")).context["submissions"]
    )
    assert coach_queue == [mine]
    director_queue = list(
        as_user(world.director).get(reverse("pathway:homework_queue")).context["submissions"]
    )
    assert director_queue == [mine, not_mine]
    assert other_program not in director_queue


def test_queue_is_for_reviewers(world, as_user):
    assert as_user(world.coordinator).get(reverse("pathway:homework_queue")).status_code == 403
    assert as_user(world.resident).get(reverse("pathway:homework_queue")).status_code == 403
    teaching_sponsor = world.sponsor
    cs.offering(world, instructor=teaching_sponsor)
    assert as_user(teaching_sponsor).get(reverse("pathway:homework_queue")).status_code == 200
    assert as_user(world.coach).post(reverse("pathway:homework_queue")).status_code == 405


def test_queue_queries_do_not_grow_with_submissions(world, as_user, django_assert_max_num_queries):
    client = as_user(world.director)

    def fill(n):
        for _ in range(n):
            cs.submission(world, resident=f.ResidentFactory(program=world.program).user)

    fill(2)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("pathway:homework_queue")).status_code == 200
    fill(18)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("pathway:homework_queue"))
    assert len(response.context["submissions"]) == 20


def test_the_review_page_queries_do_not_grow_with_earlier_submissions(
    world, as_user, django_assert_max_num_queries
):
    submission = cs.submission(world)
    client = as_user(world.coach)
    url = reverse("pathway:submission_detail", args=[submission.pk])

    def earlier(n):
        for _ in range(n):
            f.HomeworkReviewFactory(
                submission=f.HomeworkSubmissionFactory(
                    assignment=submission.assignment,
                    resident=submission.resident,
                    offering=submission.offering,
                    status=SubmissionStatus.REVISION_REQUESTED,
                ),
                reviewer=world.coach,
                decision="revision_requested",
            )

    earlier(2)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    earlier(18)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
