"""The bell after workflow events: a coach with six reports waiting sees 6; one click on the
notifications page marks them all read; each notification opens the thing it is about."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.services import report_submit
from pathway.notifications.notify import notify
from tests import factories as f

pytestmark = pytest.mark.django_db
LIST = reverse("pathway:notification_list")


def six_reports_submitted(world):
    """Six residents the coach coaches each submit a report."""
    for n in range(6):
        profile = f.ResidentFactory(program=world.program, pgy=2, user__full_name=f"Res {n}")
        f.CoachAssignmentFactory(resident=profile, coach=world.coach)
        report_submit(report=f.ProgressReportFactory(resident=profile))


def test_a_coachs_bell_counts_the_reports_waiting_for_review(world, as_user):
    six_reports_submitted(world)

    html = as_user(world.coach).get(reverse("home")).content.decode()

    assert 'aria-label="Notifications, 6 unread"' in html
    assert '<span class="badge rounded-pill bell-count">6</span>' in html


def test_one_click_marks_them_all_read_and_empties_the_bell(world, as_user):
    six_reports_submitted(world)
    client = as_user(world.coach)
    page = client.get(LIST).content.decode()
    assert 'action="/notifications/read-all/"' in page or "Mark all as read" in page

    response = client.post(reverse("pathway:notification_read_all"), follow=True)

    html = response.content.decode()
    assert "Marked 6 notifications as read." in html
    assert "bell-count" not in html


def test_each_workflow_notification_opens_the_thing_it_is_about(world, as_user):
    six_reports_submitted(world)
    client = as_user(world.coach)
    page = client.get(LIST).content.decode()
    [first] = re.findall(r'action="(/notifications/\d+/read/)"', page)[:1]

    response = client.post(first, {"open": "1"})

    assert response.status_code == 302
    assert re.fullmatch(r"/mentoring/reports/\d+/review/", response.url)
    assert client.get(response.url).status_code == 200


def test_the_list_names_each_kind_in_words(world, as_user):
    six_reports_submitted(world)
    html = as_user(world.coach).get(LIST).content.decode()
    assert "A progress report is submitted to me" in html


KINDS = ["report_submitted", "stage_request", "comment_posted", "mentioned", "coach_assigned"]


def add_notifications(user, count):
    for n in range(count):
        notify(
            recipients=[user],
            kind=KINDS[n % len(KINDS)],
            text=f"Event {n}",
            link=f"/capstone/{n}/",
            context={"report": None, "project": None, "comment": None, "request": None},
        )


def queries_of(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST, reverse("home")], ids=["list", "home with the bell"])
def test_the_list_and_the_bell_cost_the_same_queries_for_few_or_many(world, as_user, url):
    client = as_user(world.coach)
    add_notifications(world.coach, 5)
    few = queries_of(client, url)

    add_notifications(world.coach, 55)

    assert queries_of(client, url) == few
    if url == LIST:
        assert few <= 6
