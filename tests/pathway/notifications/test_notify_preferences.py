"""On the preferences page each person chooses, per kind of workflow notification they can
receive, whether it is emailed at once, in the daily digest or not at all. Overdue notices are
listed as always emailed and cannot be chosen off."""

import re

import pytest
from django.urls import reverse

from pathway.models import EmailDelivery, NotificationPreference, RoutineDelivery
from pathway.notifications.notify import notify
from tests.pathway.notifications.helpers import choose, emails_to

pytestmark = pytest.mark.django_db
URL = reverse("pathway:notification_preferences")


def save(client, **kinds):
    data = {"routine_delivery": RoutineDelivery.IMMEDIATE}
    data |= {f"kind_{name}": value for name, value in kinds.items()}
    return client.post(URL, data)


def test_a_resident_is_offered_the_kinds_that_reach_residents(world, as_user):
    html = as_user(world.resident).get(URL).content.decode()
    assert "My progress report is reviewed" in html
    assert "A progress report is submitted to me" not in html  # only coaches receive it


def test_a_coach_is_offered_the_kinds_that_reach_coaches(world, as_user):
    html = as_user(world.coach).get(URL).content.decode()
    assert "A progress report is submitted to me" in html
    assert "My progress report is reviewed" not in html


def test_each_kind_shows_its_default_until_chosen(world, as_user):
    html = as_user(world.resident).get(URL).content.decode()
    assert re.search(r'name="kind_report_reviewed" value="now"[^>]*checked', html)


def test_a_resident_chooses_the_digest_for_one_kind_and_off_for_another(world, as_user):
    client = as_user(world.resident)

    response = save(client, report_reviewed="digest", homework_reviewed="off")

    assert response.status_code == 302
    chosen = NotificationPreference.objects.get(user=world.resident).deliveries
    assert chosen == {"report_reviewed": "digest", "homework_reviewed": "off"}
    html = client.get(URL).content.decode()
    assert re.search(r'name="kind_report_reviewed" value="digest"[^>]*checked', html)
    assert re.search(r'name="kind_homework_reviewed" value="off"[^>]*checked', html)


def test_the_choice_decides_the_next_email(world, as_user):
    save(as_user(world.resident), report_reviewed="off")
    notify(recipients=[world.resident], kind="report_reviewed", text="Reviewed.", link="/")
    assert emails_to(world.resident) == []


def test_a_kind_left_out_of_the_form_keeps_its_saved_choice(world, as_user):
    choose(world.resident, report_reviewed=EmailDelivery.OFF)
    save(as_user(world.resident), homework_reviewed="digest")
    chosen = NotificationPreference.objects.get(user=world.resident).deliveries
    assert chosen == {"report_reviewed": "off", "homework_reviewed": "digest"}


@pytest.mark.parametrize("value", ["never", "sometimes", "NOW", "x" * 500])
def test_an_invalid_choice_is_explained_and_nothing_is_saved(world, as_user, value):
    response = save(as_user(world.resident), report_reviewed=value)

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_overdue_notices_cannot_be_chosen_off_and_the_page_says_so(world, as_user):
    client = as_user(world.director)
    html = client.get(URL).content.decode()
    assert 'name="kind_overdue"' not in html
    assert "cannot be turned off" in html and "overdue milestones" in html

    save(client, overdue="off", escalation="off")

    assert "overdue" not in NotificationPreference.objects.get(user=world.director).deliveries
    notify(recipients=[world.director], kind="escalation", text="Late.", link="/")
    assert len(emails_to(world.director)) == 1


def test_a_kind_the_person_cannot_receive_is_not_saved(world, as_user):
    save(as_user(world.resident), report_submitted="off")
    assert NotificationPreference.objects.get(user=world.resident).deliveries == {}


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.post(URL, {"kind_report_reviewed": "off"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not NotificationPreference.objects.exists()
