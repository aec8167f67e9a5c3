"""notify(): each person concerned gets an in-app notification, always, and an email as they
chose for the kind: at once, in the daily digest, or not at all. Overdue notices cannot be
turned off; the person who acted is not told about their own action."""

import pytest

from pathway.models import EmailDelivery, Notification
from pathway.notifications.kinds import KINDS, NotificationKind, kind_get, kind_register
from pathway.notifications.notify import notify
from tests import factories as f
from tests.pathway.notifications.helpers import choose, emails_to, notices

pytestmark = pytest.mark.django_db
NOW, DIGEST, OFF = EmailDelivery.NOW, EmailDelivery.DIGEST, EmailDelivery.OFF


def tell(*recipients, kind="report_reviewed", actor=None, **extra):
    return notify(
        recipients=recipients,
        kind=kind,
        text="Cora Coach reviewed your progress report.",
        link="/mentoring/reports/1/",
        actor=actor,
        **extra,
    )


def test_by_default_a_person_is_notified_in_the_app_and_emailed_at_once(world):
    tell(world.resident)

    assert notices(world.resident) == ["Cora Coach reviewed your progress report."]
    world.resident.refresh_from_db()
    assert world.resident.unread_notifications == 1
    [email] = emails_to(world.resident, "mentoring/report_reviewed")
    assert email.payload["to"] == [world.resident.email]


@pytest.mark.parametrize(
    ("choice", "emailed_now", "waits_for_digest"),
    [(NOW, 1, False), (DIGEST, 0, True), (OFF, 0, False)],
)
def test_the_email_follows_the_persons_choice_and_the_app_always_has_it(
    world, choice, emailed_now, waits_for_digest
):
    choose(world.resident, report_reviewed=choice)

    [notification] = tell(world.resident)

    assert notices(world.resident) == ["Cora Coach reviewed your progress report."]
    assert len(emails_to(world.resident)) == emailed_now
    assert Notification.objects.get(pk=notification.pk).in_digest is waits_for_digest


def test_a_choice_for_one_kind_leaves_the_others_alone(world):
    choose(world.resident, report_reviewed=OFF)
    tell(world.resident, kind="homework_reviewed", context={"review": None})
    assert len(emails_to(world.resident)) == 1


@pytest.mark.parametrize("kind", ["overdue", "escalation", "report_overdue", "report_waiting"])
def test_overdue_and_escalation_notices_cannot_be_turned_off(world, kind):
    choose(world.director, **{kind: OFF})

    tell(world.director, kind=kind)

    assert len(emails_to(world.director)) == 1
    assert kind_get(kind).optional is False


def test_the_person_who_acted_is_not_told_of_their_own_action(world):
    tell(world.resident, world.coach, actor=world.coach)
    assert notices(world.coach) == [] and emails_to(world.coach) == []
    assert len(notices(world.resident)) == 1


def test_each_person_is_told_once_and_deactivated_people_not_at_all(world):
    gone = f.UserFactory(program=world.program, is_active=False)

    tell(world.resident, world.resident, None, gone)

    assert len(notices(world.resident)) == 1 and len(emails_to(world.resident)) == 1
    assert notices(gone) == [] and emails_to(gone) == []


def test_nobody_to_tell_writes_nothing(world):
    assert tell() == []
    assert not Notification.objects.exists()


def test_a_saved_choice_that_is_no_longer_valid_falls_back_to_the_default(world):
    choose(world.resident, report_reviewed=OFF)
    preference = world.resident.notification_preference
    preference.deliveries = {"report_reviewed": "sometimes"}
    preference.save()

    tell(world.resident)

    assert len(emails_to(world.resident)) == 1


def test_an_unknown_kind_is_refused_before_anything_is_written(world):
    with pytest.raises(LookupError):
        tell(world.resident, kind="carrier_pigeon")
    assert not Notification.objects.exists()


def test_the_email_links_to_the_thing_and_to_the_preferences(world):
    tell(world.resident, kind="rotation_signed_off")

    [email] = emails_to(world.resident, "pathway/notifications/notification")
    assert "/mentoring/reports/1/" in email.payload["text"]
    assert "/notifications/preferences/" in email.payload["text"]
    assert email.payload["subject"] == "Cora Coach reviewed your progress report."


def test_an_app_adds_a_kind_of_its_own(world):
    kind = kind_register(NotificationKind("library_shared", "A project is shared with me"))
    try:
        tell(world.resident, kind="library_shared")
        assert notices(world.resident, "library_shared")
    finally:
        del KINDS[kind.name]


def test_a_kind_name_longer_than_the_column_is_refused():
    with pytest.raises(ValueError, match="longer"):
        kind_register(NotificationKind("x" * 31, "Too long"))
