"""The lists of progress reports: the resident's, the coach's review queue, the program's."""

from datetime import timedelta

import pytest
from django.urls import reverse

from mentoring.models import CoachAssignment, CoachingSettings
from mentoring.views.reports import REPORTS_PER_PAGE
from tests import factories as f
from tests.mentoring.helpers import text_of


def reports_for(resident, count, *, coach=None, **kwargs):
    reports = []
    for n in range(count):
        report = f.ProgressReportFactory(resident=resident, submitted=True, waited=n + 1, **kwargs)
        if coach is not None and n % 2:
            f.report_was_reviewed(report, reviewer=coach, decision="revision")
        reports.append(report)
    return reports


def test_the_review_queue_lists_only_my_residents_reports_oldest_first_with_days_waiting(
    world, as_user
):
    profile = world.resident.resident_profile
    newer = f.ProgressReportFactory(resident=profile, submitted=True, waited=2)
    older = f.ProgressReportFactory(resident=profile, submitted=True, waited=10)
    f.ProgressReportFactory(resident=profile)  # a draft is not in the queue
    reviewed = f.ProgressReportFactory(resident=profile, submitted=True, waited=20)
    f.report_was_reviewed(reviewed, reviewer=world.coach)
    f.ProgressReportFactory(resident=world.other_resident.resident_profile, submitted=True)

    response = as_user(world.coach).get(reverse("mentoring:review_queue"))

    page = list(response.context["page"])
    assert page == [older, newer]
    assert [r.waiting for r in page] == [10, 2]
    assert "10" in text_of(response)


def test_the_resident_sees_when_the_next_report_is_due(world, as_user):
    CoachingSettings.objects.create(program=world.program, report_cadence_days=14)
    f.ProgressReportFactory(
        resident=world.resident.resident_profile,
        submitted=True,
        period_from=f.days_ago(20),
        period_to=f.days_ago(5),
    )
    response = as_user(world.resident).get(reverse("mentoring:report_list"))
    assert response.context["due_on"] == f.days_ago(-9)
    assert response.context["cadence"] == 14
    assert "Every 14 days to Cora Coach" in text_of(response)


def test_a_first_report_is_due_a_cadence_after_coaching_starts_and_a_late_one_is_warned(
    world, as_user
):
    client = as_user(world.resident)
    started = CoachAssignment.objects.get(resident__user=world.resident, ended_on=None).started_on
    due_on = client.get(reverse("mentoring:report_list")).context["due_on"]
    assert due_on == started + timedelta(days=14)
    f.ProgressReportFactory(
        resident=world.resident.resident_profile,
        submitted=True,
        period_from=f.days_ago(60),
        period_to=f.days_ago(40),
    )
    text = text_of(client.get(reverse("mentoring:report_list")))
    assert f"Your next report was due on {f.days_ago(26):%-d %b %Y}" in text


def test_directors_read_the_programs_submitted_reports_but_not_drafts_or_other_programs(
    world, as_user
):
    submitted = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    f.ProgressReportFactory(resident=world.resident.resident_profile)
    f.ProgressReportFactory(resident=f.ResidentFactory(program=world.other_program), submitted=True)
    response = as_user(world.director).get(reverse("mentoring:program_reports"))
    assert list(response.context["page"]) == [submitted]
    detail = as_user(world.director).get(submitted.get_absolute_url())
    assert detail.status_code == 200
    assert detail.context["can_review"] is False


def test_the_program_list_filters_by_status(world, as_user):
    waiting = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    done = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    f.report_was_reviewed(done, reviewer=world.coach)
    response = as_user(world.coordinator).get(
        reverse("mentoring:program_reports"), {"status": "submitted"}
    )
    assert list(response.context["page"]) == [waiting]


def test_the_sponsor_of_the_project_reads_its_submitted_reports_only(world, as_user):
    project = f.ProjectFactory(lead=world.resident.resident_profile, sponsor=world.sponsor)
    submitted = f.ProgressReportFactory(
        resident=world.resident.resident_profile, project=project, submitted=True
    )
    draft = f.ProgressReportFactory(resident=world.resident.resident_profile, project=project)
    client = as_user(world.sponsor)
    assert client.get(submitted.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_review_queue_query_count_does_not_grow_with_reports(
    world, as_user, django_assert_max_num_queries, rows
):
    for _ in range(rows // 2):
        resident = f.ResidentFactory(program=world.program, pgy=2)
        f.CoachAssignmentFactory(resident=resident, coach=world.coach)
        project = f.ProjectFactory(lead=resident)
        reports_for(resident, 2, project=project)
    client = as_user(world.coach)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mentoring:review_queue"))
    assert len(response.context["page"]) == rows


@pytest.mark.parametrize("rows", [2, 30])
def test_the_residents_report_list_query_count_does_not_grow_with_reports(
    world, as_user, django_assert_max_num_queries, rows
):
    project = f.ProjectFactory(lead=world.resident.resident_profile)
    reports_for(world.resident.resident_profile, rows, coach=world.coach, project=project)
    client = as_user(world.resident)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("mentoring:report_list"))
    assert len(response.context["page"]) == min(rows, REPORTS_PER_PAGE)


def test_a_resident_with_more_reports_than_a_page_reads_the_newest_first_and_pages_back(
    world, as_user
):
    CoachingSettings.objects.create(program=world.program, report_cadence_days=14)
    profile = world.resident.resident_profile
    reports = [
        f.ProgressReportFactory(
            resident=profile, submitted=True, period_from=f.days_ago(n + 1), period_to=f.days_ago(n)
        )
        for n in range(REPORTS_PER_PAGE + 5)
    ]
    client = as_user(world.resident)

    first = client.get(reverse("mentoring:report_list"))
    second = client.get(reverse("mentoring:report_list"), {"page": 2})

    assert list(first.context["page"]) == reports[:REPORTS_PER_PAGE]
    assert list(second.context["page"]) == reports[REPORTS_PER_PAGE:]
    assert "Page 1 of 2" in text_of(first)
    # The next report is due a cadence after the newest report, on every page.
    assert first.context["due_on"] == second.context["due_on"] == f.days_ago(-14)


@pytest.mark.parametrize("rows", [2, 20])
def test_the_program_report_list_query_count_does_not_grow_with_reports(
    world, as_user, django_assert_max_num_queries, rows
):
    for _ in range(rows // 2):
        resident = f.ResidentFactory(program=world.program, pgy=2)
        reports_for(resident, 2, coach=world.coach, project=f.ProjectFactory(lead=resident))
    client = as_user(world.director)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mentoring:program_reports"))
    assert len(response.context["page"]) == rows
