"""A program's directors and coordinators choose the signal rules of every chart in it."""

from django.urls import reverse

from capstone.models import ChartSettings
from tests import factories as f

URL = reverse("capstone:chart_settings")


def test_director_sees_anhoej_as_the_default(world, as_user):
    response = as_user(world.director).get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["rules"] == "anhoej"


def test_coordinator_picks_making_data_count_for_the_program(world, as_user):
    response = as_user(world.coordinator).post(URL, {"rules": "mdc"})
    assert response.status_code == 302
    assert ChartSettings.rules_for(world.program.pk) == "mdc"
    assert ChartSettings.rules_for(world.other_program.pk) == "anhoej"


def test_a_second_choice_replaces_the_first(world, as_user):
    client = as_user(world.director)
    client.post(URL, {"rules": "ihi"})
    client.post(URL, {"rules": "anhoej"})
    assert list(ChartSettings.objects.values_list("rules", flat=True)) == ["anhoej"]


def test_the_choice_changes_every_chart_in_the_program(world, as_user, project):
    measure = f.MeasureFactory(project=project)
    f.measure_series(measure, [10, 12, 11, 13, 12, 14])
    as_user(world.director).post(URL, {"rules": "ihi"})
    chart_url = reverse("capstone:measure_chart", args=[project.pk, measure.pk])
    assert as_user(world.resident).get(chart_url).context["chart"].rules == "ihi"


def test_an_unknown_rule_set_is_refused(world, as_user):
    response = as_user(world.director).post(URL, {"rules": "astrology"})
    assert response.status_code == 200
    assert "rules" in response.context["form"].errors
    assert not ChartSettings.objects.exists()


def test_residents_coaches_and_sponsors_cannot_choose(world, as_user):
    for user in (world.resident, world.coach, world.sponsor):
        assert as_user(user).post(URL, {"rules": "ihi"}).status_code == 403
    assert not ChartSettings.objects.exists()


def test_chart_settings_refuse_other_methods(world, as_user):
    assert as_user(world.director).put(URL).status_code == 405
