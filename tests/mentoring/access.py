"""Access matrix cases for every mentoring URL (see tests/access.py)."""

from django.utils import timezone

from tests import factories as f
from tests.access import Case, expect

STAFF_LIST = expect(403, director=200, coordinator=200, other_director=200, superuser=200)
STAFF_OBJECT = expect(403, director=200, coordinator=200, other_director=404, superuser=200)
STAFF_POST = expect(403, director=302, coordinator=302, other_director=404, superuser=302)
# Residents (their own), their coach and the program's staff.
COACHING_RECORD = expect(
    403, resident=200, coach=200, director=200, coordinator=200, other_director=404, superuser=200
)
# The resident, the program's staff, never the coach or the sponsor.
RESIDENT_AND_STAFF = expect(
    403, resident=200, director=200, coordinator=200, other_director=404, superuser=200
)


def today(world=None):
    return timezone.localdate().isoformat()


def profile_pk(world):
    return [world.resident.resident_profile.pk]


def session_pk(world):
    session = f.CoachingSessionFactory(resident=world.resident.resident_profile, coach=world.coach)
    f.PrivateCoachingNoteFactory(session=session)
    return [session.pk]


def action_pk(world):
    session = f.CoachingSessionFactory(resident=world.resident.resident_profile, coach=world.coach)
    return [f.CoachingActionFactory(session=session).pk]


def mentorship_pk(world):
    mentor = f.MentorFactory(program=world.program)
    return [f.PeerMentorshipFactory(mentor=mentor, mentee=world.resident.resident_profile).pk]


def introduction_pk(world):
    return [f.MentorIntroductionFactory(resident=world.resident.resident_profile).pk]


def submitted_report_pk(world):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    return [report.pk]


def draft_report_pk(world):
    return [f.ProgressReportFactory(resident=world.resident.resident_profile).pk]


def report_form(world):
    return {
        "period_from": f.days_ago(14).isoformat(),
        "period_to": today(),
        "work_done": "Mapped the process.",
        "next_steps": "Baseline data.",
        "hours_spent": "4",
        "action": "draft",
    }


def sponsor_request_pk(world):
    profile = world.resident.resident_profile
    project = f.ProjectFactory(lead=profile)
    return [f.SponsorRequestFactory(resident=profile, project=project, sponsor=world.sponsor).pk]


def proposal_pk(world):
    profile = world.resident.resident_profile
    project = f.ProjectFactory(lead=profile)
    proposal = f.SponsorRequestFactory(
        resident=profile,
        project=project,
        sponsor=None,
        proposed_name="Nia New",
        proposed_email="nia.new@example.org",
        status="approval",
    )
    return [proposal.pk]


CASES = {
    "mentoring:coach_assignments": Case(STAFF_LIST),
    "mentoring:coach_caseload": Case(STAFF_OBJECT, args=lambda w: [w.coach.pk]),
    "mentoring:caseload": Case(expect(403, coach=200)),
    "mentoring:coach_assign": Case(STAFF_OBJECT, args=profile_pk),
    "mentoring:coach_assignment_end": Case(
        STAFF_POST, args=profile_pk, method="post", data=lambda w: {"ended_on": today()}
    ),
    "mentoring:coaching_settings": Case(STAFF_LIST),
    "mentoring:resident_coaching": Case(COACHING_RECORD, args=profile_pk),
    "mentoring:session_add": Case(expect(403, coach=200), args=profile_pk),
    "mentoring:session_detail": Case(COACHING_RECORD, args=session_pk),
    "mentoring:session_edit": Case(expect(403, coach=200), args=session_pk),
    "mentoring:action_done": Case(
        expect(403, resident=302, coach=302),
        args=action_pk,
        method="post",
        data=lambda w: {"done": "1"},
    ),
    "mentoring:mentorship_list": Case(STAFF_LIST),
    "mentoring:mentorship_pair": Case(expect(403, director=200, other_director=200, superuser=200)),
    "mentoring:mentorship_detail": Case(RESIDENT_AND_STAFF, args=mentorship_pk),
    "mentoring:mentorship_end": Case(
        expect(403, director=302, other_director=404, superuser=302),
        args=mentorship_pk,
        method="post",
        data=lambda w: {"ended_on": today()},
    ),
    "mentoring:meeting_add": Case(expect(403, resident=200), args=mentorship_pk),
    "mentoring:my_peer_mentoring": Case(expect(403, resident=200)),
    "mentoring:introduction_list": Case(
        expect(403, resident=200, director=200, coordinator=200, other_director=200, superuser=200)
    ),
    "mentoring:introduction_add": Case(STAFF_LIST),
    "mentoring:introduction_follow_up": Case(RESIDENT_AND_STAFF, args=introduction_pk),
    # Progress reports
    "mentoring:report_list": Case(expect(403, resident=200)),
    "mentoring:report_add": Case(expect(403, resident=200)),
    # The sponsor persona sponsors no project of the resident here: the report is not theirs.
    "mentoring:report_detail": Case(
        expect(
            404,
            resident=200,
            coach=200,
            director=200,
            coordinator=200,
            superuser=200,
        ),
        args=submitted_report_pk,
    ),
    "mentoring:report_edit": Case(
        expect(403, resident=200, other_director=403, superuser=403), args=draft_report_pk
    ),
    "mentoring:report_submit": Case(expect(403, resident=302), args=draft_report_pk, method="post"),
    "mentoring:report_review": Case(expect(403, coach=200), args=submitted_report_pk),
    "mentoring:review_queue": Case(expect(403, coach=200)),
    "mentoring:program_reports": Case(STAFF_LIST),
    # Sponsorship
    "mentoring:sponsor_choose": Case(expect(403, resident=200)),
    "mentoring:sponsor_requests": Case(
        expect(403, sponsor=200, director=200, coordinator=200, other_director=200, superuser=200)
    ),
    "mentoring:sponsor_request_detail": Case(
        expect(
            403,
            resident=200,
            sponsor=200,
            director=200,
            coordinator=200,
            other_director=404,
            superuser=200,
        ),
        args=sponsor_request_pk,
    ),
    "mentoring:sponsor_request_answer": Case(
        expect(403, sponsor=302),
        args=sponsor_request_pk,
        method="post",
        data=lambda w: {"decision": "accept"},
    ),
    "mentoring:sponsor_proposal_decide": Case(
        expect(403, coordinator=302, superuser=302),
        args=proposal_pk,
        method="post",
        data=lambda w: {"decision": "refuse", "note": "Not a senior leader."},
    ),
    "mentoring:sponsored_projects": Case(expect(403, sponsor=200, superuser=200)),
}
