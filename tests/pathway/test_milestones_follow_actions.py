"""Completing a milestone through any action shows it done on every page at once.

Each event that completes milestones (pathway.core.events.COMPLETION_EVENTS) has a case
here that does what a user does, through the app's own service, and then reads the resident's
timeline, home page and the director's cohort board without any sweep having run. A new
completion event without a case fails `test_every_completion_event_has_a_case`."""

import contextlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from capstone.models import FLOW, Stage
from capstone.services import (
    ProjectError,
    followup_update,
    followups_schedule,
    part_save,
    project_create,
    project_event_update,
)
from capstone.services.approvals import stage_request_approve, stage_request_create
from mentoring.services import sponsorship_accept
from pathway.core.events import COMPLETION_EVENTS
from pathway.curriculum.services.applications import application_decide, application_submit
from pathway.curriculum.services.courses import attendance_record, homework_review
from pathway.curriculum.services.sbp import sbp_rotation_sign_off
from pathway.milestones.services import milestone_complete, milestones_sync
from pathway.models import (
    MANUAL,
    AttendanceStatus,
    CourseKind,
    DueRule,
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
    PathwayStatus,
    ReviewDecision,
)
from tests import factories as f
from tests.pathway import curriculum_setup as cs

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def _project(world, stage=Stage.SELECTION, **kwargs):
    return f.project_at(stage, lead=world.resident.resident_profile, **kwargs)


def applied(world):
    profile = world.resident.resident_profile
    profile.pathway_status = PathwayStatus.NOT_ENROLLED
    profile.pgy_override = 1  # residents apply in PGY-1
    profile.save()
    application_submit(resident=profile, statement="I want to lead improvement. " * 5)


def joined(world):
    profile = world.resident.resident_profile
    application = f.ApplicationFactory(resident=profile)
    application_decide(application=application, director=world.director, accept=True)


def _course_completed(world, kind):
    course = cs.course(world, kind=kind, name=kind.label)
    offering = cs.offering(world, course=course)
    cs.enrollment(world, offering=offering)
    course_class = f.CourseClassFactory(course=course, position=0, is_required=True)
    session = f.ClassSessionFactory(
        offering=offering,
        course_class=course_class,
        starts_at=timezone.now() - timedelta(days=3),
    )
    homework = f.HomeworkAssignmentFactory(course_class=course_class)
    attendance_record(
        session=session,
        marks={world.resident.resident_profile: AttendanceStatus.PRESENT},
        actor=world.coordinator,
    )
    submission = f.HomeworkSubmissionFactory(
        assignment=homework, resident=world.resident.resident_profile, offering=offering
    )
    homework_review(
        submission=submission, reviewer=world.coach, decision=ReviewDecision.ACCEPTED, comments=""
    )


def vmps_done(world):
    _course_completed(world, CourseKind.VMPS_FOR_LEADERS)


def leading_done(world):
    profile = world.resident.resident_profile
    profile.vmps_for_leaders_completed_on = today() - timedelta(days=30)
    profile.save()
    _course_completed(world, CourseKind.LEADING_AT_VM)


def sbp_done(world):
    rotation = f.SBPRotationFactory(resident=world.resident.resident_profile)
    sbp_rotation_sign_off(rotation=rotation, actor=world.director, note="Targets met off-site.")


def started(world):
    project_create(lead=world.resident.resident_profile, by=world.resident, title="Noon discharge")


def sponsor_accepted(world):
    project = _project(world)
    request = f.SponsorRequestFactory(
        resident=world.resident.resident_profile, project=project, sponsor=world.sponsor
    )
    sponsorship_accept(request=request, sponsor=world.sponsor)


def reached(stage):
    """The lead asks to move on; each approver the program names approves in turn."""

    def act(world):
        before = FLOW[FLOW.index(stage) - 1]
        project = _project(world, before, ready_for_next=True, sponsor=world.sponsor)
        request = stage_request_create(project=project, by=world.resident)
        for approver in (project.coach, project.sponsor, world.director):
            project.refresh_from_db()
            if project.stage == stage:
                break
            with contextlib.suppress(ProjectError):
                stage_request_approve(request=request, by=approver)
        project.refresh_from_db()
        assert project.stage == stage

    return act


def _held_project(world, days_ago=100):
    project = _project(world, Stage.IMPLEMENTATION)
    first, second = f.working_days_around(-days_ago)
    project_event_update(
        project=project,
        by=world.resident,
        fields={"event_first_day": first, "event_second_day": second},
    )
    return project


def follow_up_held(day):
    def act(world):
        # The event ended about `day` days ago, so the follow-up is due about now: it is held
        # within the program's window around its due day and never in the future.
        project = _held_project(world, days_ago=day + 2)
        follow_up = {f.day: f for f in followups_schedule(project=project)}[day]
        followup_update(
            follow_up=follow_up,
            by=world.resident,
            fields={"held_on": min(follow_up.due_on, today())},
        )

    return act


def abstract_submitted(world):
    project = _project(world, Stage.RESULTS)
    abstract = f.AbstractSubmissionFactory.build(project=project, submitted_on=today())
    part_save(project=project, instance=abstract, by=world.resident)


def results_presented(world):
    project = _project(world, Stage.RESULTS)
    talk = f.PresentationFactory.build(project=project, presented_on=today())
    part_save(project=project, instance=talk, by=world.resident)


ACTIONS = {
    "applied_to_pathway": applied,
    "joined_pathway": joined,
    "vmps_for_leaders_completed": vmps_done,
    "leading_at_vm_completed": leading_done,
    "sbp_signed_off": sbp_done,
    "capstone_process_chosen": started,
    "sponsor_accepted": sponsor_accepted,
    **{f"stage_reached:{stage.value}": reached(stage) for stage in FLOW[1:]},
    **{f"follow_up_recorded:{day}": follow_up_held(day) for day in (30, 60, 90)},
    "abstract_submitted": abstract_submitted,
    "results_presented": results_presented,
}


def test_every_completion_event_has_a_case():
    assert set(ACTIONS) == set(COMPLETION_EVENTS)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def shown_everywhere(world, template):
    """The milestone's status as the timeline, the home page and the board show it."""
    profile = world.resident.resident_profile
    milestone = Milestone.objects.get(resident=profile, template=template)
    timeline = signed_in(world.director).get(
        reverse("pathway:resident_milestones", args=[profile.user_id])
    )
    [on_timeline] = [m for m in timeline.context["milestones"] if m.template_id == template.pk]
    home = signed_in(world.resident).get(reverse("home")).context["resident"]["milestones"]
    board = signed_in(world.director).get(reverse("pathway:cohort_board")).context["board"]
    statuses = {
        "stored": milestone.status_on(today()),
        "timeline": on_timeline.current_status,
        # Open milestones are listed with their status; done ones are counted.
        "home": {m.template_id: m.home_status for m in home["next"]}.get(
            template.pk, MilestoneStatus.DONE if home["done"] else None
        ),
    }
    [row] = [row for row in board.rows if row.profile_id == profile.pk] or [None]
    if row is not None:
        [column] = [i for i, c in enumerate(board.columns) if c.template_id == template.pk]
        statuses["board"] = MilestoneStatus(row.cells[column].status)
    return statuses


@pytest.mark.parametrize("key", sorted(ACTIONS))
def test_an_action_that_completes_a_milestone_shows_it_done_everywhere_at_once(world, key):
    profile = world.resident.resident_profile
    profile.pathway_status = PathwayStatus.ACTIVE
    profile.save()
    template = MilestoneTemplate.objects.create(
        program=world.program,
        name="The step under test",
        due_rule=DueRule.ABSOLUTE,
        due_date=today() + timedelta(days=200),
        completion_event=key,
        audience="all",
    )
    milestones_sync(residents=[profile])
    assert Milestone.objects.get(resident=profile, template=template).completed_on is None

    ACTIONS[key](world)

    statuses = shown_everywhere(world, template)
    assert set(statuses.values()) == {MilestoneStatus.DONE}, statuses


def test_a_director_recording_a_milestone_shows_it_done_everywhere_at_once(world):
    profile = world.resident.resident_profile
    profile.pathway_status = PathwayStatus.ACTIVE
    profile.save()
    template = MilestoneTemplate.objects.create(
        program=world.program,
        name="Recorded by hand",
        due_rule=DueRule.ABSOLUTE,
        due_date=today() - timedelta(days=3),
        completion_event=MANUAL,
        audience="all",
    )
    milestones_sync(residents=[profile])
    milestone = Milestone.objects.get(resident=profile, template=template)
    assert shown_everywhere(world, template)["timeline"] == MilestoneStatus.OVERDUE

    milestone_complete(
        milestone=milestone, by=world.director, completed_on=today(), evidence="Signed sheet"
    )

    statuses = shown_everywhere(world, template)
    assert set(statuses.values()) == {MilestoneStatus.DONE}, statuses


def test_asking_to_move_on_completes_nothing_until_the_change_is_approved(world):
    profile = world.resident.resident_profile
    profile.pathway_status = PathwayStatus.ACTIVE
    profile.save()
    template = MilestoneTemplate.objects.create(
        program=world.program,
        name="Current state reached",
        due_rule=DueRule.ABSOLUTE,
        due_date=today() + timedelta(days=200),
        completion_event=f"stage_reached:{Stage.CURRENT_STATE.value}",
        audience="all",
    )
    milestones_sync(residents=[profile])
    project = _project(world, Stage.SELECTION, ready_for_next=True, sponsor=world.sponsor)
    request = stage_request_create(project=project, by=world.resident)

    assert set(shown_everywhere(world, template).values()) == {MilestoneStatus.UPCOMING}

    stage_request_approve(request=request, by=project.coach)
    stage_request_approve(request=request, by=project.sponsor)

    assert set(shown_everywhere(world, template).values()) == {MilestoneStatus.DONE}
