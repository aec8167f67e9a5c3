"""Adding points one at a time from a measure's page: back to that measure, one clear message."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from capstone.models import DataPoint
from tests import factories as f
from tests.capstone.conftest import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(world):
    project = make_project(world)
    share = f.MeasureFactory(
        project=project, name="Share before noon", unit="%", data_type="proportion"
    )
    minutes = f.MeasureFactory(project=project, name="Time to discharge", unit="minutes")
    return project, share, minutes


def add_url(project, measure):
    return reverse("capstone:part_add", args=[project.pk, "data-point"]) + f"?measure={measure.pk}"


def chart_url(project, measure):
    return reverse("capstone:measure_chart", args=[project.pk, measure.pk])


def test_add_one_point_returns_to_the_measure_not_the_results_tab(world, as_user, measures):
    project, share, _ = measures
    response = as_user(world.resident).post(
        add_url(project, share),
        {"measure": share.pk, "period": "2025-01-20", "numerator": "13", "denominator": "30"},
    )
    assert response.status_code == 302
    assert response.url == chart_url(project, share)


def test_add_and_add_another_opens_the_form_again_for_the_same_measure(world, as_user, measures):
    project, _, minutes = measures
    response = as_user(world.resident).post(
        add_url(project, minutes),
        {"measure": minutes.pk, "period": "2025-01-20", "value": "42", "another": "1"},
    )
    assert response.url == add_url(project, minutes)
    assert DataPoint.objects.filter(measure=minutes).count() == 1


def test_the_add_form_offers_add_another_and_cancels_back_to_the_measure(world, as_user, measures):
    project, share, _ = measures
    html = as_user(world.resident).get(add_url(project, share)).content.decode()
    assert "Add and add another" in html
    assert f'href="{chart_url(project, share)}">Cancel' in html


def test_one_message_about_this_measure_with_the_value_as_the_table_shows_it(
    world, as_user, measures
):
    project, share, minutes = measures
    client = as_user(world.resident)
    # The other measure has a shift: nine points in a row above its mean, then a drop.
    for day, value in enumerate([70] * 9 + [40] * 8, start=1):
        client.post(
            add_url(project, minutes),
            {"measure": minutes.pk, "period": f"2025-01-{day:02d}", "value": str(value)},
        )
    list(get_messages(client.get(chart_url(project, minutes)).wsgi_request))

    response = client.post(
        add_url(project, share),
        {"measure": share.pk, "period": "2025-01-20", "numerator": "13", "denominator": "30"},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Added 43.33% on 20 Jan 2025 to Share before noon."]
    html = response.content.decode()
    assert "43.33333" not in html
    assert html.count("Added 43.33%") == 1


def test_editing_or_deleting_a_point_returns_to_its_measure(world, as_user, measures):
    project, share, _ = measures
    point = f.DataPointFactory(measure=share, value=None, numerator=13, denominator=30)
    client = as_user(world.resident)
    edit = reverse("capstone:part_edit", args=[project.pk, "data-point", point.pk])
    response = client.post(
        edit,
        {"measure": share.pk, "period": "2025-01-21", "numerator": "14", "denominator": "30"},
    )
    assert response.url == chart_url(project, share)
    delete = reverse("capstone:part_delete", args=[project.pk, "data-point", point.pk])
    assert f'href="{chart_url(project, share)}">Cancel' in client.get(delete).content.decode()
    response = client.post(delete)
    assert response.url == chart_url(project, share)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Deleted the data point: 46.67 on 21 Jan 2025 (baseline)."
    ]


def test_a_foreign_measure_in_the_link_is_ignored(world, as_user, measures):
    project, share, _ = measures
    foreign = f.MeasureFactory(project=f.ProjectFactory())
    url = reverse("capstone:part_add", args=[project.pk, "data-point"])
    html = as_user(world.resident).get(f"{url}?measure={foreign.pk}").content.decode()
    results = reverse("capstone:project_results", args=[project.pk])
    assert f'href="{results}">Cancel' in html
