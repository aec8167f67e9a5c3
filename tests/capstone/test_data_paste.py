"""Pasting a spreadsheet column (or two or three) into a measure: checked line by line,
previewed, then saved all together or not at all."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from capstone.models import DataPoint, Phase
from tests import factories as f
from tests.capstone.conftest import EVENT_DAYS, make_project


@pytest.fixture
def project(world):
    return make_project(world, **EVENT_DAYS)


def url(measure):
    return reverse("capstone:measure_paste", args=[measure.project_id, measure.pk])


def test_lead_sees_the_paste_form(world, as_user, measure):
    response = as_user(world.resident).get(url(measure))
    assert response.status_code == 200
    assert "Paste the data" in response.content.decode()


def test_checking_previews_the_points_without_saving(world, as_user, measure):
    text = "date\tvalue\n2025-01-06\t42\n2025-03-10\t38.5\n"
    response = as_user(world.resident).post(url(measure), {"text": text, "date_format": "iso"})
    assert response.status_code == 200
    assert response.context["parsed"].ok
    page = response.content.decode()
    assert "2 points to add" in page and "Save 2 points" in page
    assert not DataPoint.objects.exists()


def test_saving_adds_every_point_with_its_phase_and_who_entered_it(world, as_user, measure):
    text = "2025-01-06\t42\n2025-03-10\t38.5\n"
    response = as_user(world.resident).post(
        url(measure), {"text": text, "date_format": "iso", "save": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "capstone:measure_chart", args=[measure.project_id, measure.pk]
    )
    points = list(DataPoint.objects.order_by("period"))
    assert [(p.period, p.value, p.phase) for p in points] == [
        (date(2025, 1, 6), Decimal("42"), Phase.BASELINE),
        (date(2025, 3, 10), Decimal("38.5"), Phase.POST_EVENT),
    ]
    assert all(p.entered_by == world.resident and not p.phase_overridden for p in points)


def test_a_single_column_is_numbered_after_the_last_sequence_number(world, as_user, measure):
    DataPoint.objects.create(measure=measure, sequence=4, value=1, phase=Phase.BASELINE)
    as_user(world.resident).post(
        url(measure), {"text": "5\n6\n7", "date_format": "iso", "save": "1"}
    )
    assert list(DataPoint.objects.order_by("sequence").values_list("sequence", "value")) == [
        (4, 1),
        (5, 5),
        (6, 6),
        (7, 7),
    ]


def test_day_first_dates_are_read_when_chosen(world, as_user, measure):
    as_user(world.resident).post(
        url(measure), {"text": "06/01/2025\t42", "date_format": "dmy", "save": "1"}
    )
    assert DataPoint.objects.get().period == date(2025, 1, 6)


def test_a_proportion_takes_date_numerator_and_denominator(world, as_user, project):
    measure = f.MeasureFactory(project=project, data_type="proportion", unit="%")
    as_user(world.resident).post(
        url(measure),
        {"text": "2025-01-01,18,52\n2025-02-01,21,49", "date_format": "iso", "save": "1"},
    )
    point = DataPoint.objects.order_by("period").first()
    assert (point.numerator, point.denominator, point.value) == (18, 52, None)


def test_one_bad_line_saves_nothing_and_names_the_line(world, as_user, measure):
    text = "2025-01-06\t42\n2025-13-10\t38\n2025-01-20\tabc\n"
    response = as_user(world.resident).post(
        url(measure), {"text": text, "date_format": "iso", "save": "1"}
    )
    assert response.status_code == 200
    assert not DataPoint.objects.exists()
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Line 2: The date &#x27;2025-13-10&#x27; is not a date in the format YYYY-MM-DD." in page
    assert "Line 3: The value &#x27;abc&#x27; is not a number." in page
    assert 'name="save"' not in page  # no save button until every line is right


def test_a_proportion_with_a_numerator_over_its_denominator_is_refused(world, as_user, project):
    measure = f.MeasureFactory(project=project, data_type="proportion")
    response = as_user(world.resident).post(
        url(measure), {"text": "2025-01-01,60,52", "date_format": "iso", "save": "1"}
    )
    assert ("Line 1: The numerator is more than the denominator.") in response.content.decode()
    assert not DataPoint.objects.exists()


def test_a_date_already_on_the_measure_is_refused(world, as_user, measure):
    DataPoint.objects.create(
        measure=measure, period=date(2025, 1, 6), value=1, phase=Phase.BASELINE
    )
    response = as_user(world.resident).post(
        url(measure), {"text": "2025-01-06\t42", "date_format": "iso", "save": "1"}
    )
    assert "6 Jan 2025 already has a point on this measure." in response.content.decode()
    assert DataPoint.objects.count() == 1


def test_an_empty_paste_is_a_clear_error(world, as_user, measure):
    response = as_user(world.resident).post(url(measure), {"text": "", "date_format": "iso"})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not DataPoint.objects.exists()


def test_coach_cannot_paste_data(world, as_user, measure):
    assert as_user(world.coach).get(url(measure)).status_code == 403
    response = as_user(world.coach).post(url(measure), {"text": "1", "save": "1"})
    assert response.status_code == 403
    assert not DataPoint.objects.exists()


def test_unrelated_resident_gets_a_404(world, as_user, measure):
    assert as_user(world.other_resident).get(url(measure)).status_code == 404


def test_paste_refuses_other_methods(world, as_user, measure):
    assert as_user(world.resident).put(url(measure)).status_code == 405
