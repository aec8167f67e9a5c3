"""Each person chooses how routine reminders reach them; overdue notices cannot be turned off."""

import re

import pytest
from django.urls import reverse

from pathway.models import NotificationPreference, RoutineDelivery

pytestmark = pytest.mark.django_db
URL = "pathway:notification_preferences"


def test_a_resident_chooses_the_daily_digest(world, as_user):
    client = as_user(world.resident)
    response = client.post(reverse(URL), {"routine_delivery": RoutineDelivery.DAILY})

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=world.resident)
    assert preference.routine_delivery == RoutineDelivery.DAILY
    html = client.get(reverse(URL)).content.decode()
    assert re.search(r'value="daily"[^>]*checked', html)


def test_overdue_notices_are_not_offered_and_the_page_says_why(world, as_user):
    html = as_user(world.resident).get(reverse(URL)).content.decode()
    assert "cannot be turned off" in html
    assert "overdue" not in html.split("<form")[1].split("</form>")[0].split("alert")[0].lower()


def test_only_directors_and_coaches_are_offered_the_weekly_digest(world, as_user):
    assert "weekly_digest" not in as_user(world.resident).get(reverse(URL)).content.decode()
    assert "weekly_digest" in as_user(world.coach).get(reverse(URL)).content.decode()


def test_a_coach_opts_out_of_the_weekly_digest(world, as_user):
    as_user(world.coach).post(reverse(URL), {"routine_delivery": RoutineDelivery.IMMEDIATE})
    assert NotificationPreference.objects.get(user=world.coach).weekly_digest is False


def test_a_resident_cannot_switch_off_a_digest_they_are_not_offered(world, as_user):
    as_user(world.resident).post(
        reverse(URL), {"routine_delivery": RoutineDelivery.DAILY, "weekly_digest": ""}
    )
    assert NotificationPreference.objects.get(user=world.resident).weekly_digest is True


@pytest.mark.parametrize("value", ["", "never", "off"])
def test_an_invalid_choice_is_explained_and_nothing_is_saved(value, world, as_user):
    response = as_user(world.resident).post(reverse(URL), {"routine_delivery": value})
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_wrong_method_is_refused(world, as_user):
    assert as_user(world.resident).delete(reverse(URL)).status_code == 405
