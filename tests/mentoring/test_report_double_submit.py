"""Clicking "submit" on a new progress report several times at once (on PostgreSQL, in real
concurrent requests) makes one report, one submission and one email to the coach."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from mentoring.models import ProgressReport, ReportStatus, ReportSubmission
from pathway.models import Outbox
from tests.mentoring.test_report_write import form_data

pytestmark = pytest.mark.services

ADD = reverse("mentoring:report_add")


def test_five_clicks_on_submit_make_one_report_and_one_email(on_postgres, world):
    token = uuid.uuid4()  # the new report form's token (the next test reads it from the page)
    start = threading.Barrier(5, timeout=30)
    statuses, errors = [], []

    def click():
        client = Client()
        client.force_login(world.resident)
        try:
            start.wait()
            response = client.post(ADD, form_data(action="submit", form_token=str(token)))
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    clicks = [threading.Thread(target=click) for _ in range(5)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(60)

    assert errors == []
    assert statuses == [302] * 5
    [report] = ProgressReport.objects.all()
    assert report.status == ReportStatus.SUBMITTED
    assert ReportSubmission.objects.count() == 1
    assert [e.payload["to"] for e in Outbox.objects.all()] == [[world.coach.email]]


def test_the_same_form_posted_again_later_says_submitted_and_adds_nothing(world, as_user):
    client = as_user(world.resident)
    token = client.get(ADD).context["form"].initial["form_token"]
    data = form_data(action="submit", form_token=str(token))

    client.post(ADD, data)
    response = client.post(ADD, data, follow=True)

    assert ProgressReport.objects.count() == 1
    assert ReportSubmission.objects.count() == 1
    assert "Report submitted to Cora Coach." in response.content.decode()
