from datetime import timedelta

from django.utils import timezone

from tests import factories as f
from tests.access import Case, expect

STAFF_LIST = expect(403, director=200, coordinator=200, other_director=200, superuser=200)
COORDINATOR_FORM = expect(403, coordinator=200, superuser=200)


def resident_pk(world):
    return [world.resident.pk]


CASES = {
    "home": Case(expect(200)),
    "login": Case(
        expect(
            200,
            anonymous=200,
            **{
                p: 302
                for p in (
                    "resident",
                    "coach",
                    "sponsor",
                    "director",
                    "coordinator",
                    "other_director",
                    "superuser",
                )
            },
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
    "pathway:resident_list": Case(STAFF_LIST),
    "pathway:staff_list": Case(STAFF_LIST),
    "pathway:person_add": Case(COORDINATOR_FORM),
    "pathway:roster_import": Case(COORDINATOR_FORM),
    "pathway:person_detail": Case(
        expect(403, director=200, coordinator=200, other_director=404, superuser=200),
        args=resident_pk,
    ),
    "pathway:person_edit": Case(expect(403, coordinator=200, superuser=200), args=resident_pk),
    "pathway:person_set_active": Case(
        expect(403, coordinator=302, superuser=302),
        args=resident_pk,
        method="post",
        data=lambda world: {"active": "1"},
    ),
}


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
    from pathway.services_notifications import calendar_feed_for

    return [calendar_feed_for(user=world.resident).token]


CASES.update(
    {
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
