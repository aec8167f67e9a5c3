"""Editing and deleting a data point keeps a history (who, when, before → after); a phase
chosen by hand is kept, one left empty follows the event's dates, even when they move."""

from datetime import date

import pytest
from django.urls import reverse

from capstone.models import DataPoint, DataPointChange, Phase
from capstone.services import project_event_update
from tests import factories as f
from tests.capstone.conftest import EVENT_DAYS, make_project


@pytest.fixture
def project(world):
    return make_project(world, **EVENT_DAYS)


@pytest.fixture
def point(project):
    measure = f.MeasureFactory(project=project)
    return DataPoint.objects.create(
        measure=measure, period=date(2025, 2, 3), value=40, phase=Phase.BASELINE
    )


def edit_url(point):
    return reverse("capstone:part_edit", args=[point.measure.project_id, "data-point", point.pk])


def delete_url(point):
    return reverse("capstone:part_delete", args=[point.measure.project_id, "data-point", point.pk])


def data(point, **changes):
    values = {
        "measure": point.measure_id,
        "period": "2025-02-03",
        "value": "40",
        "phase": "",
        "note": "",
    }
    values.update(changes)
    return values


def test_an_edit_records_who_changed_what(world, as_user, point):
    response = as_user(world.resident).post(
        edit_url(point), data(point, value="44", note="Recount")
    )
    assert response.status_code == 302
    change = DataPointChange.objects.get()
    assert change.action == DataPointChange.Action.EDIT
    assert change.changed_by == world.resident
    assert "value: 40" in change.before and "value: 44" in change.after
    assert "note: Recount" in change.after


def test_saving_without_a_change_records_nothing(world, as_user, point):
    as_user(world.resident).post(edit_url(point), data(point))
    assert not DataPointChange.objects.exists()


def test_excluding_a_point_keeps_it_with_its_reason(world, as_user, point):
    as_user(world.resident).post(
        edit_url(point), data(point, excluded="on", excluded_reason="Wrong ward")
    )
    point.refresh_from_db()
    assert point.excluded and point.excluded_reason == "Wrong ward"
    assert "excluded: yes" in DataPointChange.objects.get().after


def test_a_deletion_keeps_the_values_in_the_history(world, as_user, point):
    response = as_user(world.resident).post(delete_url(point))
    assert response.status_code == 302
    assert not DataPoint.objects.exists()
    change = DataPointChange.objects.get()
    assert change.action == DataPointChange.Action.DELETE
    assert change.before.startswith("3 Feb 2025: ") and "value: 40" in change.before
    assert change.changed_by == world.resident


def test_the_history_shows_on_the_chart_page(world, as_user, point):
    client = as_user(world.resident)
    client.post(edit_url(point), data(point, value="44"))
    chart = reverse("capstone:measure_chart", args=[point.measure.project_id, point.measure_id])
    page = client.get(chart).content.decode()
    assert "Changes to the data" in page and "value: 40" in page and "value: 44" in page


def test_a_phase_chosen_by_hand_is_kept_when_the_event_moves(world, as_user, project, point):
    as_user(world.resident).post(edit_url(point), data(point, phase="post_event"))
    point.refresh_from_db()
    assert point.phase_overridden
    other = DataPoint.objects.create(
        measure=point.measure, period=date(2025, 2, 10), value=41, phase=Phase.BASELINE
    )
    project_event_update(
        project=project,
        by=world.resident,
        fields={"event_first_day": date(2025, 2, 5), "event_second_day": date(2025, 2, 6)},
    )
    other.refresh_from_db()
    point.refresh_from_db()
    assert other.phase == Phase.POST_EVENT  # follows the new dates
    assert point.phase == Phase.POST_EVENT  # set by hand, kept


def test_coach_cannot_edit_or_delete_a_point(world, as_user, point):
    assert as_user(world.coach).post(edit_url(point), data(point, value="1")).status_code == 403
    assert as_user(world.coach).post(delete_url(point)).status_code == 403
    point.refresh_from_db()
    assert point.value == 40 and not DataPointChange.objects.exists()


def test_a_point_needs_a_date_or_a_sequence_number(world, as_user, point):
    response = as_user(world.resident).post(edit_url(point), data(point, period=""))
    assert "period" in response.context["form"].errors
    point.refresh_from_db()
    assert point.period == date(2025, 2, 3)


def test_a_point_can_have_a_sequence_number_instead_of_a_date(world, as_user, point):
    as_user(world.resident).post(edit_url(point), data(point, period="", sequence="7"))
    point.refresh_from_db()
    assert (point.period, point.sequence, point.phase) == (None, 7, Phase.BASELINE)
