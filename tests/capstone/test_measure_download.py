"""A measure's chart as SVG (for posters and slides), its data as CSV, and its analysis as
JSON, for everyone who may see the project."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from capstone.models import DataPoint
from tests import factories as f

VALUES = [14, 16, 15, 13, 17, 15, 24, 23, 25, 26, 24, 25]


@pytest.fixture
def measure(project):
    item = f.MeasureFactory(project=project, name="Before noon", target=30)
    f.measure_series(item, VALUES, start=date(2025, 1, 6), phase_after=6)
    return item


def url(name, measure, query=""):
    return reverse(f"capstone:{name}", args=[measure.project_id, measure.pk]) + query


def test_the_svg_is_an_image_download(world, as_user, measure):
    response = as_user(world.sponsor).get(url("measure_svg", measure))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('-before-noon.svg"')
    body = response.content.decode()
    assert body.startswith("<svg") and 'role="img"' in body and "Target 30%" in body


def test_the_svg_follows_the_chosen_chart(world, as_user, measure):
    body = as_user(world.resident).get(url("measure_svg", measure, "?mode=run")).content.decode()
    assert "Run chart" in body and 'class="limit' not in body


def test_the_csv_has_the_data_and_the_analysis(world, as_user, measure):
    DataPoint.objects.filter(value=13).update(excluded=True, excluded_reason="Census error")
    DataPoint.objects.filter(value=17).update(note="=HYPERLINK(1)")
    response = as_user(world.director).get(url("measure_csv", measure))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 12
    assert rows[0]["date"] == "2025-01-06" and rows[0]["value"] == "14"
    assert rows[0]["phase"] == "Baseline" and rows[6]["phase"] == "Post-event"
    assert rows[3]["excluded_reason"] == "Census error" and rows[3]["plotted"] == ""
    assert rows[4]["note"] == "'=HYPERLINK(1)"  # never a live formula in Excel
    assert float(rows[0]["centre"]) == pytest.approx(15.4)  # 13 is excluded from the mean
    assert rows[0]["upper_limit"] != ""


def test_the_json_is_the_analysis_with_labels(world, as_user, measure):
    response = as_user(world.coach).get(url("measure_json", measure))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["labels"][0] == "6 Jan 25"
    assert data["analysis"]["chart"] == "i"
    assert data["analysis"]["freeze"] == 6
    assert len(data["analysis"]["points"]) == 12
    assert data["measure"]["target"] == 30.0
    assert {"y", "cl", "lcl", "ucl", "outside", "phase", "signals"} <= set(
        data["analysis"]["points"][0]
    )


def test_the_json_of_a_split_baseline_has_two_phases(world, as_user, measure):
    measure.baseline_mode = "split"
    measure.save()
    data = json.loads(as_user(world.coach).get(url("measure_json", measure)).content)
    assert data["analysis"]["parts"] == [6]
    assert len(data["analysis"]["phases"]) == 2


@pytest.mark.parametrize("name", ["measure_svg", "measure_csv", "measure_json"])
def test_downloads_are_404_for_another_program(name, world, as_user, measure):
    assert as_user(world.other_director).get(url(name, measure)).status_code == 404


@pytest.mark.parametrize("name", ["measure_svg", "measure_csv", "measure_json"])
def test_downloads_refuse_a_post(name, world, as_user, measure):
    assert as_user(world.resident).post(url(name, measure)).status_code == 405
