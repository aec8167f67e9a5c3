from datetime import timedelta

from django.utils import timezone

from pathway.people.services import api_token_create
from tests import factories as f
from tests.access import Case, expect
from tests.conftest import PERSONAS

STAFF_LIST = expect(403, director=200, coordinator=200, other_director=200, superuser=200)
COORDINATOR_FORM = expect(403, coordinator=200, superuser=200)


def resident_pk(world):
    return [world.resident.pk]


def director_email_change(world):
    """A link confirming a new address for the director, who has signed in before: only the
    director, signed in, may open it."""
    from pathway.models import User
    from pathway.people.services import email_change_token

    User.objects.filter(pk=world.director.pk).update(last_login=timezone.now())
    return [email_change_token(user=world.director, new_email="dina.new@example.org")]


CASES = {
    "home": Case(expect(200)),
    "login": Case(
        expect(
            200,
            anonymous=200,
            **{p: 302 for p in PERSONAS if p != "anonymous"},
        )
    ),
    "logout": Case(expect(302), method="post"),
    "password_change": Case(expect(200)),
    "password_change_done": Case(expect(200)),
    "password_reset": Case(expect(200, anonymous=200)),
    "password_reset_done": Case(expect(200, anonymous=200)),
    "password_reset_confirm": Case(
        expect(200, anonymous=200), args=lambda world: ["MQ", "bad-token"]
    ),
    "password_reset_complete": Case(expect(200, anonymous=200)),
    "email_change_confirm": Case(expect(403, director=200), args=director_email_change),
    "pathway:resident_list": Case(STAFF_LIST),
    "pathway:staff_list": Case(STAFF_LIST),
    "pathway:person_add": Case(COORDINATOR_FORM),
    "pathway:roster_import": Case(COORDINATOR_FORM),
    "pathway:person_detail": Case(
        expect(403, director=200, coordinator=200, other_director=404, superuser=200),
        args=resident_pk,
    ),
    "pathway:person_history": Case(
        expect(403, director=200, coordinator=200, other_director=404, superuser=200),
        args=resident_pk,
    ),
    "pathway:person_edit": Case(expect(403, coordinator=200, superuser=200), args=resident_pk),
    "pathway:api_tokens": Case(expect(200)),
    "pathway:api_token_revoke": Case(
        expect(404, anonymous=302),
        # Someone else's token: a 404 for everyone, its owner's own included (tests/api).
        args=lambda world: [api_token_create(user=world.other_coordinator, name="Sync")[0].pk],
        method="post",
    ),
    "pathway:person_set_active": Case(
        expect(403, coordinator=302, superuser=302),
        args=resident_pk,
        method="post",
        data=lambda world: {"active": "1"},
    ),
}


# --- Curriculum ----------------------------------------------------------------------------
# world.coach teaches the offerings and coaches world.resident; see tests/pathway/curriculum_setup.

from tests.pathway import curriculum_setup as cs  # noqa: E402

MEMBER = expect(200, other_director=404)
COORDINATOR_POST = expect(403, coordinator=302, superuser=302)
RESIDENT_PAGE = expect(403, resident=200)
RESIDENT_POST = expect(403, resident=302)
# A resident's record: the resident, their coach and program staff; no sponsor, no other program.
RECORD = expect(200, sponsor=404, other_director=404)
RECORD_ROLES = expect(200, sponsor=403, other_director=404)


def pk(make):
    return lambda world: [make(world).pk]


# --- Milestones, reminders and notifications (issue 7) -----------------------------------------

MILESTONE_VIEW = expect(
    200, sponsor=403, other_director=404, anonymous=302
)  # residents see their own, coaches their coachees', staff their program's
DIRECTOR_POST = expect(403, director=302, other_director=404, superuser=302)
STAFF_OBJECT = expect(403, director=200, coordinator=200, other_director=404, superuser=200)


def resident_milestone(world):
    return [f.MilestoneFactory(resident=world.resident.resident_profile).pk]


def program_template(world):
    return [f.MilestoneTemplateFactory(program=world.program).pk]


def resident_notification(world):
    return [f.NotificationFactory(user=world.resident).pk]


def resident_feed_token(world):
    from pathway.notifications.services import calendar_feed_for

    return [calendar_feed_for(user=world.resident).token]


CASES.update(
    {
        "pathway:course_list": Case(expect(200)),
        "pathway:course_add": Case(COORDINATOR_FORM),
        "pathway:curriculum_defaults": Case(
            COORDINATOR_POST, method="post", data=lambda w: {"program": w.program.pk}
        ),
        "pathway:course_detail": Case(MEMBER, args=pk(cs.course)),
        "pathway:course_edit": Case(COORDINATOR_FORM, args=pk(cs.course)),
        "pathway:class_add": Case(COORDINATOR_FORM, args=pk(cs.course)),
        "pathway:class_edit": Case(COORDINATOR_FORM, args=pk(cs.course_class)),
        "pathway:class_delete": Case(COORDINATOR_POST, args=pk(cs.course_class), method="post"),
        "pathway:offering_add": Case(COORDINATOR_FORM, args=pk(cs.course)),
        "pathway:offering_detail": Case(MEMBER, args=pk(cs.offering)),
        "pathway:offering_edit": Case(COORDINATOR_FORM, args=pk(cs.offering)),
        "pathway:offering_bulk_enroll": Case(COORDINATOR_FORM, args=pk(cs.offering)),
        "pathway:session_add": Case(COORDINATOR_FORM, args=pk(cs.offering)),
        "pathway:session_edit": Case(COORDINATOR_FORM, args=pk(cs.session)),
        "pathway:session_delete": Case(COORDINATOR_POST, args=pk(cs.session), method="post"),
        # The coordinator or the offering's instructor (world.coach).
        "pathway:attendance_take": Case(
            expect(403, coach=200, coordinator=200, other_director=404, superuser=200),
            args=pk(cs.session),
        ),
        "pathway:attendance_make_up": Case(
            expect(403, coach=302, coordinator=302, superuser=302, sponsor=404, other_director=404),
            args=pk(lambda w: cs.excused_mark(w)),
            method="post",
            data=lambda w: {"made_up_on": cs.yesterday().isoformat()},
        ),
        "pathway:offering_enroll": Case(RESIDENT_POST, args=pk(cs.offering), method="post"),
        "pathway:enrollment_withdraw": Case(
            expect(
                403,
                resident=302,
                coordinator=302,
                superuser=302,
                sponsor=404,
                other_director=404,
            ),
            args=pk(cs.enrollment),
            method="post",
        ),
        "pathway:my_courses": Case(RESIDENT_PAGE),
        "pathway:certificate": Case(RECORD, args=pk(cs.completion)),
        "pathway:homework_submit": Case(RESIDENT_PAGE, args=pk(cs.assignment)),
        "pathway:homework_queue": Case(
            expect(403, coach=200, director=200, other_director=200, superuser=200)
        ),
        "pathway:submission_detail": Case(RECORD, args=pk(cs.submission)),
        "pathway:submission_review": Case(
            expect(403, coach=302, director=302, superuser=302, sponsor=404, other_director=404),
            args=pk(cs.submission),
            method="post",
            data=lambda w: {"decision": "accepted", "comments": ""},
        ),
        "pathway:submission_file": Case(
            RECORD, args=pk(lambda w: cs.submission(w, with_file=True))
        ),
        "pathway:application_form": Case(RESIDENT_PAGE),
        "pathway:application_list": Case(STAFF_LIST),
        "pathway:application_allow_late": Case(
            expect(403, director=200, other_director=200, superuser=200)
        ),
        # world.other_resident's application: not the resident's, not the coach's coachee.
        "pathway:application_detail": Case(
            expect(404, sponsor=403, director=200, coordinator=200, superuser=200),
            args=pk(cs.open_application),
        ),
        "pathway:application_decide": Case(
            expect(403, director=302, superuser=302, other_director=404),
            args=pk(cs.open_application),
            method="post",
            data=lambda w: {"decision": "accept", "note": ""},
        ),
        "pathway:application_cv": Case(
            RECORD_ROLES, args=pk(lambda w: cs.own_application(w, with_cv=True))
        ),
        "pathway:sbp_mine": Case(RESIDENT_PAGE),
        "pathway:sbp_rotation_list": Case(expect(200, resident=403, sponsor=403)),
        "pathway:sbp_rotation_add": Case(COORDINATOR_FORM),
        "pathway:sbp_rotation_detail": Case(RECORD_ROLES, args=pk(cs.rotation)),
        "pathway:sbp_rotation_edit": Case(COORDINATOR_FORM, args=pk(cs.rotation)),
        "pathway:sbp_activity_add": Case(
            RESIDENT_POST,
            args=pk(cs.rotation),
            method="post",
            data=lambda w: cs.activity_data(w, None),
        ),
        "pathway:sbp_activity_edit": Case(RESIDENT_PAGE, args=pk(cs.activity)),
        "pathway:sbp_activity_delete": Case(RESIDENT_POST, args=pk(cs.activity), method="post"),
        "pathway:sbp_sign_off": Case(
            expect(403, coach=302, director=302, superuser=302, other_director=404),
            args=pk(cs.rotation),
            method="post",
            data=lambda w: {"note": "Signing off early: the rotation was cut short by leave."},
        ),
        "pathway:sbp_reopen": Case(
            expect(403, director=302, superuser=302, other_director=404),
            args=pk(cs.signed_off_rotation),
            method="post",
        ),
        "pathway:sbp_requirements": Case(
            expect(403, director=200, coordinator=200, other_director=200, superuser=200)
        ),
        "pathway:leadership_log": Case(RESIDENT_PAGE),
        "pathway:leadership_edit": Case(RESIDENT_PAGE, args=pk(cs.meeting)),
        "pathway:leadership_delete": Case(RESIDENT_POST, args=pk(cs.meeting), method="post"),
        "pathway:resident_curriculum": Case(RECORD_ROLES, args=lambda w: [w.resident.pk]),
        "pathway:my_milestones": Case(expect(403, resident=200, superuser=404)),
        "pathway:milestone_list": Case(STAFF_LIST),
        "pathway:milestone_detail": Case(MILESTONE_VIEW, args=resident_milestone),
        "pathway:resident_milestones": Case(MILESTONE_VIEW, args=resident_pk),
        "pathway:milestone_waive": Case(
            DIRECTOR_POST,
            args=resident_milestone,
            method="post",
            data=lambda world: {"waive-reason": "Done at a previous program."},
        ),
        "pathway:milestone_reschedule": Case(
            DIRECTOR_POST,
            args=resident_milestone,
            method="post",
            data=lambda world: {
                "move-due_on": (timezone.localdate() + timedelta(days=40)).isoformat(),
                "move-reason": "Course moved.",
            },
        ),
        "pathway:milestone_complete": Case(
            DIRECTOR_POST,
            args=resident_milestone,
            method="post",
            data=lambda world: {
                "done-completed_on": timezone.localdate().isoformat(),
                "done-evidence": "Presented at Grand Rounds.",
            },
        ),
        "pathway:milestone_reopen": Case(DIRECTOR_POST, args=resident_milestone, method="post"),
        "pathway:milestone_template_list": Case(STAFF_LIST),
        "pathway:milestone_template_add": Case(STAFF_LIST),
        "pathway:milestone_template_edit": Case(STAFF_OBJECT, args=program_template),
        "pathway:notification_list": Case(expect(200)),
        "pathway:notification_read": Case(
            expect(404, resident=302), args=resident_notification, method="post"
        ),
        "pathway:notification_read_all": Case(expect(302), method="post"),
        "pathway:notification_preferences": Case(expect(200)),
        "pathway:calendar": Case(expect(200)),
        "pathway:calendar_reset": Case(expect(302), method="post"),
        "pathway:calendar_feed": Case(expect(200, anonymous=200), args=resident_feed_token),
        "pathway:reminder_settings": Case(STAFF_OBJECT, args=lambda world: [world.program.pk]),
    }
)


# --- Program overview, scholarly exports and the annual program report -----------------------
# Program staff see their own program; a site administrator first chooses one (the page shows
# the chooser; an export without a program sends them back to it).

PROGRAM_EXPORT = expect(403, director=200, coordinator=200, other_director=200, superuser=302)

CASES.update(
    {
        "pathway:program_overview": Case(STAFF_LIST),
        "pathway:program_report": Case(STAFF_LIST),
        "pathway:scholarly_csv": Case(PROGRAM_EXPORT),
        "pathway:scholarly_xlsx": Case(PROGRAM_EXPORT),
    }
)

# The health check answers everyone, signed in or not: load balancers have no session.
CASES["healthz"] = Case(expect(200, anonymous=200))
CASES["healthz_ready"] = Case(expect(200, anonymous=200))
# So does the favicon: a permanent redirect to the static file.
CASES["favicon"] = Case(expect(301, anonymous=301))

# The cohort board and its downloads: program staff see their own program (another program's
# staff get their own board, whatever ?program= says); site administrators choose one.
BOARD = Case(STAFF_LIST, data=lambda world: {"program": world.program.pk})
CASES.update(
    {
        "pathway:cohort_board": BOARD,
        "pathway:cohort_board_csv": BOARD,
        "pathway:cohort_board_xlsx": BOARD,
    }
)
