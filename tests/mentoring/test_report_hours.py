"""A progress report cannot claim more hours than its period holds."""

from mentoring.models import ProgressReport
from tests import factories as f
from tests.mentoring.test_report_write import ADD, form_data


def test_more_hours_than_the_period_holds_are_refused_and_nothing_is_saved(world, as_user):
    day = f.days_ago(1).isoformat()
    response = as_user(world.resident).post(
        ADD, form_data(period_from=day, period_to=day, hours_spent="25")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["hours_spent"] == [
        "25 hours is more than the period can hold: 1 day holds 24 hours."
    ]
    assert not ProgressReport.objects.exists()


def test_a_two_day_period_holds_48_hours(world, as_user):
    response = as_user(world.resident).post(
        ADD,
        form_data(
            period_from=f.days_ago(2).isoformat(),
            period_to=f.days_ago(1).isoformat(),
            hours_spent="48.5",
        ),
    )
    assert response.context["form"].errors["hours_spent"] == [
        "48.5 hours is more than the period can hold: 2 days hold 48 hours."
    ]
    assert not ProgressReport.objects.exists()


def test_every_hour_of_the_period_may_be_claimed(world, as_user):
    day = f.days_ago(1).isoformat()
    response = as_user(world.resident).post(
        ADD, form_data(period_from=day, period_to=day, hours_spent="24")
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().hours_spent == 24
