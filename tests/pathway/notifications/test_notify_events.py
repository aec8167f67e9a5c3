"""Every workflow event reaches the people it concerns under their bell (and by email, as they
chose): who is told, and who is not (the person who acted, people it does not concern)."""

import pytest
from django.utils import timezone

from capstone.models import Stage
from capstone.services import (
    project_hold,
    project_move_back,
    project_resume,
    project_withdraw,
    reportout_post,
    stage_request_create,
    stage_request_return,
)
from mentoring.models import ReviewDecision as ReportDecision
from mentoring.services import coach_assign, mentorship_pair, report_review, report_submit
from mentoring.services.sponsorship import (
    sponsor_request,
    sponsorship_accept,
    sponsorship_decline,
)
from pathway.curriculum.services.applications import application_decide, application_submit
from pathway.curriculum.services.courses import (
    enrollment_withdraw,
    homework_review,
    homework_submit,
)
from pathway.curriculum.services.sbp import sbp_rotation_sign_off
from pathway.milestones.services import milestone_reschedule, milestone_waive
from pathway.models import EmailDelivery, EnrollmentStatus, PathwayStatus, ReviewDecision
from tests import factories as f
from tests.capstone.conftest import make_project
from tests.pathway import curriculum_setup as cs
from tests.pathway.notifications.helpers import choose, emails_to, notices, told

pytestmark = pytest.mark.django_db


def submitted_report(world):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile)
    report_submit(report=report)
    return report


def test_a_submitted_progress_report_reaches_the_coach_not_the_resident(world):
    submitted_report(world)

    assert told("report_submitted") == {world.coach.pk}
    assert "Rosa Resident submitted a progress report" in notices(world.coach)[0]
    assert emails_to(world.coach, "mentoring/report_submitted")
    assert notices(world.resident) == []


@pytest.mark.parametrize(
    ("decision", "kind", "says"),
    [
        (ReportDecision.REVIEWED, "report_reviewed", "reviewed your progress report"),
        (ReportDecision.REVISION_REQUESTED, "report_revision", "asks you to revise"),
    ],
)
def test_a_reviewed_report_reaches_the_resident_not_the_coach(world, decision, kind, says):
    report = submitted_report(world)

    report_review(report=report, reviewer=world.coach, decision=decision, feedback="Add data.")

    assert told(kind) == {world.resident.pk}
    assert says in notices(world.resident, kind)[0]
    assert notices(world.coach, kind) == []


def test_submitted_homework_reaches_the_instructor_and_the_coach(world):
    instructor = f.CoachFactory(user__program=world.program).user
    homework = cs.assignment(world)
    offering = cs.offering(world, course=homework.course_class.course, instructor=instructor)
    cs.enrollment(world, offering=offering)

    homework_submit(assignment=homework, resident=world.resident.resident_profile, text="Done.")

    assert told("homework_submitted") == {instructor.pk, world.coach.pk}
    assert notices(world.resident) == []


@pytest.mark.parametrize(
    ("decision", "says"),
    [
        (ReviewDecision.ACCEPTED, "accepted your homework"),
        (ReviewDecision.REVISION_REQUESTED, "asks you to revise your homework"),
    ],
)
def test_reviewed_homework_reaches_the_resident(world, decision, says):
    submission = cs.submission(world)

    homework_review(submission=submission, reviewer=world.coach, decision=decision, comments="Ok")

    assert told("homework_reviewed") == {world.resident.pk}
    assert says in notices(world.resident)[0]
    assert emails_to(world.resident, "pathway/homework_reviewed")


@pytest.fixture
def capstone(world):
    profile = world.resident.resident_profile
    profile.leading_at_vm_completed_on = f.days_ago(30)
    profile.save()
    return f.ProjectFactory(lead=profile, title="Discharge before noon")


def test_a_sponsor_request_reaches_the_sponsor_asked(world, capstone):
    sponsor_request(resident=world.resident.resident_profile, sponsor=world.sponsor)

    assert told("sponsor_requested") == {world.sponsor.pk}
    assert "asks you to sponsor" in notices(world.sponsor)[0]


def test_a_proposed_sponsor_reaches_the_coordinators(world, capstone):
    sponsor_request(
        resident=world.resident.resident_profile,
        proposed_name="Pat Newcomer",
        proposed_email="pat@example.org",
    )

    assert told("sponsor_requested") == {world.coordinator.pk}
    assert emails_to(world.coordinator, "mentoring/sponsor_proposed")
    assert notices(world.other_coordinator) == []


@pytest.mark.parametrize(
    ("answer", "says"),
    [(sponsorship_accept, "agreed to sponsor"), (sponsorship_decline, "declined to sponsor")],
)
def test_the_sponsors_answer_reaches_the_resident(world, capstone, answer, says):
    request = sponsor_request(resident=world.resident.resident_profile, sponsor=world.sponsor)

    answer(request=request, sponsor=world.sponsor, note="Happy to help.")

    assert told("sponsor_answered") == {world.resident.pk}
    assert says in notices(world.resident)[0]
    assert notices(world.sponsor, "sponsor_answered") == []


def test_a_stage_request_and_its_return_follow_the_approvers_choices(world):
    """The approvers' own choices apply: the sponsor chose the digest for approvals."""
    choose(world.sponsor, stage_request=EmailDelivery.DIGEST)
    project = make_project(world, Stage.SELECTION, ready_for_next=True)

    request = stage_request_create(project=project, by=world.resident)

    assert told("stage_request") == {world.coach.pk, world.sponsor.pk}
    assert emails_to(world.coach) and not emails_to(world.sponsor)
    stage_request_return(request=request, by=world.coach, note="Book the room.")
    assert told("stage_returned") == {world.resident.pk}


def test_a_posted_report_out_reaches_the_sponsor_and_the_coach(world):
    project = make_project(world, Stage.EVENT)
    f.ReportOutFactory(project=project)

    reportout_post(project=project, by=world.resident)

    assert told("reportout_posted") == {world.sponsor.pk, world.coach.pk}


@pytest.fixture
def applicant(world):
    return f.ResidentFactory(
        program=world.program, pgy=1, pathway_status=PathwayStatus.NOT_ENROLLED
    )


def test_an_application_reaches_the_programs_directors_only(world, applicant):
    application_submit(resident=applicant, statement="I want to lead improvement. " * 5)

    assert told("application_submitted") == {world.director.pk}
    assert notices(world.other_director) == [] and notices(applicant.user) == []


@pytest.mark.parametrize(("accept", "says"), [(True, "accepted"), (False, "declined: Full")])
def test_the_decision_reaches_the_applicant(world, applicant, accept, says):
    application = application_submit(resident=applicant, statement="I want to lead. " * 5)

    application_decide(application=application, director=world.director, accept=accept, note="Full")

    assert told("application_decided") == {applicant.user.pk}
    assert says in notices(applicant.user, "application_decided")[0]
    assert emails_to(applicant.user, "pathway/application_decision")


def test_a_new_coach_reaches_the_resident_both_coaches_but_not_who_assigned(world):
    new_coach = f.CoachFactory(user__program=world.program, user__full_name="Nico New").user

    coach_assign(
        resident=world.resident.resident_profile,
        coach=new_coach,
        started_on=timezone.localdate(),
        assigned_by=world.coordinator,
    )

    assert told("coach_assigned") == {world.resident.pk, new_coach.pk, world.coach.pk}
    assert "Nico New is your KPO coach" in notices(world.resident)[0]
    assert "instead of you" in notices(world.coach)[0]
    assert notices(world.coordinator) == []


def test_a_peer_mentor_pairing_reaches_the_mentor_and_each_mentee(world):
    mentor = f.MentorFactory(program=world.program, user__full_name="Maya Mentor")

    mentorship_pair(
        mentor=mentor,
        mentees=[world.resident.resident_profile],
        started_on=timezone.localdate(),
        paired_by=world.director,
    )

    assert told("mentor_paired") == {mentor.user.pk, world.resident.pk}
    assert "Maya Mentor is your peer mentor" in notices(world.resident)[0]
    assert notices(world.director) == []


def test_a_waived_or_rescheduled_milestone_reaches_its_resident(world):
    milestone = f.MilestoneFactory(resident=world.resident.resident_profile)

    milestone_waive(
        milestone=milestone, by=world.director, reason="Done elsewhere", today=f.days_ago(0)
    )
    milestone_reschedule(
        milestone=milestone, by=world.director, due_on=f.days_ago(-60), reason="Leave"
    )

    assert told("milestone_changed") == {world.resident.pk}
    assert len(notices(world.resident)) == 2


def test_a_resident_rescheduling_their_own_milestone_is_not_told_about_it(world):
    milestone = f.MilestoneFactory(resident=world.resident.resident_profile)
    milestone_reschedule(
        milestone=milestone, by=world.resident, due_on=f.days_ago(-60), reason="Leave"
    )
    assert notices(world.resident) == []


def test_a_signed_off_rotation_reaches_the_resident(world):
    rotation = f.SBPRotationFactory(resident=world.resident.resident_profile)

    sbp_rotation_sign_off(rotation=rotation, actor=world.coach, note="Met on the wards.")

    assert told("rotation_signed_off") == {world.resident.pk}
    assert "Met on the wards." in notices(world.resident)[0]


def test_a_seat_freed_from_a_full_course_reaches_the_first_waitlisted_resident(world):
    offering = cs.offering(world, capacity=1)
    seat = cs.enrollment(world, offering=offering)
    waiting = f.ResidentFactory(program=world.program, user__full_name="Wendy Waiting").user
    cs.enrollment(world, resident=waiting, offering=offering, status=EnrollmentStatus.WAITLISTED)

    enrollment_withdraw(enrollment=seat, actor=world.resident)

    assert told("waitlist_seat") == {waiting.pk}
    assert "you are enrolled" in notices(waiting)[0]
    assert emails_to(waiting, "pathway/waitlist_seat")


@pytest.mark.parametrize(
    ("move", "says"),
    [
        ("back", "Cora Coach moved “Discharge before noon” back to"),
        ("hold", "Cora Coach put “Discharge before noon” on hold: Unit closed."),
        ("withdraw", "Cora Coach withdrew “Discharge before noon”: Unit closed."),
    ],
)
def test_a_stage_change_reaches_the_project_people_who_did_not_make_it(world, move, says):
    project = make_project(world, Stage.EVENT, title="Discharge before noon")
    if move == "back":
        project_move_back(project=project, by=world.coach, to=Stage.SELECTION, reason="Redo.")
    elif move == "hold":
        project_hold(project=project, by=world.coach, reason="Unit closed.")
    else:
        project_withdraw(project=project, by=world.coach, reason="Unit closed.")

    assert told("stage_changed") == {world.resident.pk, world.sponsor.pk}
    assert notices(world.resident, "stage_changed")[0].startswith(says)
    assert notices(world.director) == []


def test_a_resumed_project_reaches_the_coach_when_the_lead_resumes_it(world):
    project = make_project(world, Stage.EVENT, title="Discharge before noon")
    project_hold(project=project, by=world.resident, reason="Leave.")

    project_resume(project=project, by=world.resident)

    assert notices(world.coach, "stage_changed")[-1].startswith(
        "Rosa Resident resumed “Discharge before noon” in"
    )
    assert notices(world.resident, "stage_changed") == []
