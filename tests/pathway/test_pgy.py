"""PGY levels: the academic year turns on 1 July; a manual override wins over the calendar."""

from datetime import date

import pytest
from django.urls import reverse

from pathway.models import ResidentProfile
from tests import factories as f


def resident(start, *, graduation=None, override=None, reason="", **user):
    return f.ResidentFactory(
        residency_start=start,
        expected_graduation=graduation or date(start.year + 3, 6, 30),
        pgy_override=override,
        pgy_override_reason=reason,
        **{f"user__{k}": v for k, v in user.items()},
    )


@pytest.fixture
def freeze_today(monkeypatch):
    def freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)

    return freeze


# --- The 30 June / 1 July boundary -----------------------------------------------------------


@pytest.mark.django_db
def test_a_new_intern_is_pgy_1_on_the_first_of_july_and_incoming_the_day_before():
    profile = resident(date(2025, 7, 1))
    assert profile.pgy(on=date(2025, 6, 30)) == 0
    assert profile.pgy(on=date(2025, 7, 1)) == 1


@pytest.mark.django_db
def test_pgy_stays_the_same_on_30_june_and_goes_up_on_1_july():
    profile = resident(date(2023, 7, 1))
    assert profile.pgy(on=date(2024, 6, 30)) == 1
    assert profile.pgy(on=date(2024, 7, 1)) == 2
    assert profile.pgy(on=date(2025, 6, 30)) == 2
    assert profile.pgy(on=date(2025, 7, 1)) == 3
    assert profile.pgy(on=date(2026, 6, 30)) == 3


@pytest.mark.django_db
def test_the_label_turns_from_pgy_3_to_alumni_the_day_after_graduation(freeze_today):
    profile = resident(date(2023, 7, 1), graduation=date(2026, 6, 30))
    freeze_today(date(2026, 6, 30))
    assert profile.pgy_label == "PGY-3"
    assert not profile.is_alumnus()
    freeze_today(date(2026, 7, 1))
    assert profile.pgy_label == "Alumni"
    assert profile.is_alumnus()


@pytest.mark.django_db
def test_the_label_reads_pgy_1_from_the_first_day_of_residency(freeze_today):
    profile = resident(date(2025, 7, 1))
    freeze_today(date(2025, 7, 1))
    assert profile.pgy_label == "PGY-1"


# --- Before residency starts -----------------------------------------------------------------


@pytest.mark.django_db
def test_someone_who_has_not_started_is_pgy_0_and_labelled_incoming(freeze_today):
    profile = resident(date(2026, 7, 1))
    freeze_today(date(2026, 3, 15))
    assert profile.pgy() == 0
    assert profile.pgy_label == "Incoming"


@pytest.mark.django_db
def test_a_match_two_years_ahead_is_still_incoming_not_a_negative_level():
    profile = resident(date(2027, 7, 1))
    assert profile.pgy(on=date(2025, 8, 1)) == 0


@pytest.mark.django_db
def test_an_off_cycle_start_is_incoming_until_the_start_date_then_pgy_1(freeze_today):
    profile = resident(date(2025, 9, 15))
    assert profile.pgy(on=date(2025, 9, 14)) == 0
    assert profile.pgy(on=date(2025, 9, 15)) == 1
    freeze_today(date(2025, 8, 1))
    assert profile.pgy_label == "Incoming"


# --- Leap years ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_29_february_and_the_days_either_side_keep_the_academic_years_level():
    profile = resident(date(2022, 7, 1))  # PGY-2 in academic year 2023–24
    for day in (date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)):
        assert profile.pgy(on=day) == 2, day


@pytest.mark.django_db
def test_a_residency_starting_in_a_leap_year_advances_on_1_july_regardless_of_29_february():
    profile = resident(date(2024, 7, 1))  # 2024 is a leap year; 29 Feb 2024 is before the start
    assert profile.pgy(on=date(2024, 2, 29)) == 0
    assert profile.pgy(on=date(2024, 7, 1)) == 1
    assert profile.pgy(on=date(2025, 2, 28)) == 1
    assert profile.pgy(on=date(2025, 3, 1)) == 1
    assert profile.pgy(on=date(2025, 6, 30)) == 1
    assert profile.pgy(on=date(2025, 7, 1)) == 2
    assert profile.pgy(on=date(2028, 2, 29)) == 4


@pytest.mark.django_db
def test_a_residency_starting_on_29_february_counts_from_that_academic_year():
    profile = resident(date(2024, 2, 29), graduation=date(2027, 2, 28))
    assert profile.pgy(on=date(2024, 2, 28)) == 0
    assert profile.pgy(on=date(2024, 2, 29)) == 1
    assert profile.pgy(on=date(2024, 6, 30)) == 1
    assert profile.pgy(on=date(2024, 7, 1)) == 2


# --- The manual override ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_override_wins_over_the_academic_year(freeze_today):
    profile = resident(date(2023, 7, 1), override=2, reason="Parental leave 2024–25")
    assert profile.pgy(on=date(2025, 8, 1)) == 2
    freeze_today(date(2025, 8, 1))
    assert profile.pgy_label == "PGY-2"


@pytest.mark.django_db
def test_the_override_keeps_an_extended_resident_off_the_alumni_list(freeze_today):
    profile = resident(
        date(2023, 7, 1), graduation=date(2026, 6, 30), override=3, reason="Extension"
    )
    freeze_today(date(2026, 9, 1))
    assert not profile.is_alumnus()
    assert profile.pgy_label == "PGY-3"


@pytest.mark.django_db
def test_the_override_is_shown_with_its_reason_on_the_persons_page(world, as_user):
    profile = world.resident.resident_profile
    profile.pgy_override = 1
    profile.pgy_override_reason = "Repeating PGY-1 after medical leave"
    profile.save()
    page = as_user(world.director).get(reverse("pathway:person_detail", args=[world.resident.pk]))
    text = page.content.decode()
    assert "PGY-1" in text
    assert "override" in text
    assert "Repeating PGY-1 after medical leave" in text


@pytest.mark.django_db
def test_the_override_is_flagged_with_its_reason_on_the_resident_list(world, as_user):
    profile = world.resident.resident_profile
    profile.pgy_override = 1
    profile.pgy_override_reason = "Repeating PGY-1 after medical leave"
    profile.save()
    page = as_user(world.director).get(reverse("pathway:resident_list"))
    assert 'title="Repeating PGY-1 after medical leave">override' in page.content.decode()


# --- The QuerySet filters agree with pgy() ---------------------------------------------------

STARTS = [
    date(2021, 7, 1),
    date(2022, 7, 1),
    date(2023, 7, 1),
    date(2024, 2, 29),
    date(2024, 7, 1),
    date(2024, 9, 15),
    date(2025, 7, 1),
    date(2026, 7, 1),
]
DAYS = [
    date(2024, 2, 28),
    date(2024, 2, 29),
    date(2024, 3, 1),
    date(2024, 6, 30),
    date(2024, 7, 1),
    date(2024, 9, 14),
    date(2024, 9, 15),
    date(2025, 6, 30),
    date(2025, 7, 1),
    date(2026, 7, 1),
]


@pytest.mark.django_db
def test_with_pgy_returns_exactly_the_residents_whose_pgy_is_that_level_on_each_day():
    profiles = [resident(start) for start in STARTS]
    profiles.append(resident(date(2023, 7, 1), override=2, reason="Leave"))
    profiles.append(resident(date(2025, 7, 1), override=3, reason="Transferred in"))
    for day in DAYS:
        for level in range(0, 7):
            expected = {p.pk for p in profiles if p.pgy(on=day) == level}
            found = set(
                ResidentProfile.objects.with_pgy(level, on=day).values_list("pk", flat=True)
            )
            assert found == expected, f"PGY-{level} on {day}"


@pytest.mark.django_db
def test_with_pgy_defaults_to_today(freeze_today):
    pgy2 = resident(date(2024, 7, 1))
    resident(date(2025, 7, 1))
    freeze_today(date(2025, 12, 1))
    assert list(ResidentProfile.objects.with_pgy(2)) == [pgy2]


@pytest.mark.django_db
def test_with_pgy_places_an_overridden_resident_at_the_override_level_only():
    held_back = resident(date(2023, 7, 1), override=2, reason="Parental leave")
    day = date(2025, 8, 1)
    assert held_back in ResidentProfile.objects.with_pgy(2, on=day)
    assert held_back not in ResidentProfile.objects.with_pgy(3, on=day)


@pytest.mark.django_db
def test_in_class_groups_by_the_academic_year_residency_started_in():
    july = resident(date(2024, 7, 1))
    leap_day = resident(date(2024, 2, 29))  # academic year 2023–24
    june = resident(date(2025, 6, 30))  # last day of academic year 2024–25
    assert set(ResidentProfile.objects.in_class(2024)) == {july, june}
    assert set(ResidentProfile.objects.in_class(2023)) == {leap_day}
    for profile in (july, leap_day, june):
        assert profile in ResidentProfile.objects.in_class(profile.entry_year)


@pytest.mark.django_db
def test_in_class_agrees_with_pgy_and_keeps_an_overridden_resident_in_their_entry_class():
    on = date(2025, 10, 1)
    regular = [resident(start) for start in (date(2023, 7, 1), date(2024, 7, 1), date(2025, 7, 1))]
    extended = resident(date(2023, 7, 1), override=2, reason="Leave")
    for profile in regular:
        # Without an override, the class that entered in year Y is PGY (this year - Y + 1).
        klass = set(ResidentProfile.objects.in_class(profile.entry_year))
        same_level = {p for p in regular if p.pgy(on=on) == profile.pgy(on=on)}
        assert klass - {extended} == same_level
    # The override changes the level, not the class the resident entered with.
    assert extended in ResidentProfile.objects.in_class(2023)
    assert extended.pgy(on=on) == 2
