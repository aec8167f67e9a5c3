"""Item 5 of the security review: no user-written cell of a CSV or Excel download starts a
formula, the measure data's excluded_reason included, nor one hidden behind a tab or carriage
return or written with fullwidth signs."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from capstone.models import DataPoint
from tests import factories as f
from tests.pathway.program_data import project

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # fullwidth =
    "\uff0bSUM(1)",  # fullwidth +
    "\uff0d1+1",  # fullwidth -
    "\uff20SUM(1)",  # fullwidth @
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_measure_csv_quotes_a_formula_in_the_excluded_reason_and_the_note(
    world, as_user, project, payload
):
    measure = f.MeasureFactory(project=project)
    f.measure_series(measure, [14, 16, 15, 13, 17, 15], start=date(2025, 1, 6))
    DataPoint.objects.filter(measure=measure, value=13).update(
        excluded=True, excluded_reason=payload, note=payload
    )
    response = as_user(world.director).get(
        reverse("capstone:measure_csv", args=[project.pk, measure.pk])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    row = next(r for r in rows if r["value"] == "13")
    assert row["excluded_reason"] == f"'{payload}"
    assert row["note"] == f"'{payload}"


@pytest.mark.parametrize("payload", PAYLOADS[4:])
def test_the_scholarly_downloads_quote_fullwidth_and_hidden_formulas(world, as_user, payload):
    f.PresentationFactory(project=project(world.program), title=payload, venue=payload)
    client = as_user(world.director)
    text = client.get(reverse("pathway:scholarly_csv")).content.decode()[1:]
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[3] == f"'{payload}" and row[4] == f"'{payload}"
    book = load_workbook(io.BytesIO(client.get(reverse("pathway:scholarly_xlsx")).content))
    assert book["Scholarly output"]["D2"].value.startswith("'")
