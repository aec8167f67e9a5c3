"""Program staff set the report cadence and the stalled threshold of their program."""

import pytest
from django.urls import reverse

from mentoring.models import CoachingSettings
from tests.mentoring.helpers import text_of

URL = reverse("mentoring:coaching_settings")


def test_a_program_without_settings_uses_the_defaults_without_writing(world):
    found = CoachingSettings.for_program(world.program)
    assert (found.pk, found.report_cadence_days, found.stalled_after_days) == (None, 14, 21)
    assert not CoachingSettings.objects.exists()


def test_the_settings_read_by_the_programs_id_are_the_saved_ones_as_they_are_now(world):
    assert CoachingSettings.for_program(world.program.pk).report_cadence_days == 14
    saved = CoachingSettings.objects.create(program=world.program, report_cadence_days=7)
    assert CoachingSettings.for_program(world.program.pk) == saved
    CoachingSettings.objects.filter(pk=saved.pk).update(report_cadence_days=10)
    assert CoachingSettings.for_program(world.program.pk).report_cadence_days == 10
    assert CoachingSettings.for_program(world.program).report_cadence_days == 10


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_staff_change_their_programs_settings(world, as_user, persona):
    client = as_user(getattr(world, persona))
    assert "This program uses the defaults" in text_of(client.get(URL))
    response = client.post(URL, {"report_cadence_days": "7", "stalled_after_days": "14"})
    assert response.status_code == 302
    found = CoachingSettings.objects.get(program=world.program)
    assert (found.report_cadence_days, found.stalled_after_days) == (7, 14)
    assert found.updated_by == getattr(world, persona)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"report_cadence_days": "0", "stalled_after_days": "21"}, "greater than or equal to 1"),
        ({"report_cadence_days": "14", "stalled_after_days": "999"}, "less than or equal to 180"),
        ({"report_cadence_days": "soon", "stalled_after_days": "21"}, "Enter a whole number."),
    ],
)
def test_invalid_input_shows_a_clear_message_and_saves_nothing(world, as_user, data, message):
    response = as_user(world.director).post(URL, data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not CoachingSettings.objects.exists()


def test_another_programs_staff_change_only_their_own(world, as_user):
    as_user(world.other_director).post(URL, {"report_cadence_days": "7", "stalled_after_days": "9"})
    assert CoachingSettings.objects.get().program == world.other_program
    assert CoachingSettings.for_program(world.program).pk is None


def test_a_site_administrator_chooses_the_program(world, as_user):
    client = as_user(world.superuser)
    assert "Choose a program" in text_of(client.get(URL))
    response = client.post(
        URL, {"program": world.program.pk, "report_cadence_days": "10", "stalled_after_days": "30"}
    )
    assert response.url == f"{URL}?program={world.program.pk}"
    assert CoachingSettings.objects.get(program=world.program).report_cadence_days == 10


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_other_roles_are_refused(world, as_user, persona):
    response = as_user(getattr(world, persona)).post(
        URL, {"report_cadence_days": "7", "stalled_after_days": "9"}
    )
    assert response.status_code == 403
    assert not CoachingSettings.objects.exists()


def test_delete_is_not_allowed(world, as_user):
    assert as_user(world.director).delete(URL).status_code == 405
