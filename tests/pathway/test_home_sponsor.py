"""The sponsor's home: each sponsored capstone's stage, its latest submitted report and a
sparkline of its key measure with the signal marked and said in words."""

from datetime import timedelta

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone

from capstone.models import ChartSettings, MeasureKind, Stage
from capstone.sparkline import key_measure, two_places
from pathway.dashboards.sponsor import sponsor_home
from tests import factories as f
from tests.pathway.home_pages import URL, page_of

pytestmark = pytest.mark.django_db
BASELINE = [13, 15] * 6  # centre 14
BETTER = [17] * 8  # a long run above the centre
WORSE = [11] * 8


def sponsored(world, **kwargs):
    kwargs.setdefault("lead", world.resident.resident_profile)
    return f.ProjectFactory(
        sponsor=world.sponsor, sponsor_accepted_on=timezone.localdate(), **kwargs
    )


def with_series(project, values, *, phase_after=len(BASELINE), **kwargs):
    measure = f.MeasureFactory(project=project, unit="min", **kwargs)
    f.measure_series(measure, values, phase_after=phase_after)
    return measure


def test_the_sponsor_sees_their_projects_with_stage_and_latest_submitted_report(world, as_user):
    project = sponsored(world, title="Discharge before noon", stage=Stage.CURRENT_STATE)
    older = f.ProgressReportFactory(
        resident=world.resident.resident_profile, project=project, submitted=True, waited=20
    )
    latest = f.ProgressReportFactory(
        resident=world.resident.resident_profile,
        project=project,
        work_done="Mapped the pharmacy step.",
        help_from_sponsor="Ask pharmacy for a weekly report.",
        submitted=True,
        waited=3,
    )
    f.ProgressReportFactory(
        resident=world.resident.resident_profile, project=project, work_done="A secret draft"
    )
    response, page = page_of(as_user(world.sponsor))
    [shown] = response.context["sponsor"]["projects"]
    assert shown.latest_report == latest
    assert "Discharge before noon" in page and "Current state" in page
    assert "Led by Rosa Resident" in page
    assert "Mapped the pharmacy step." in page
    assert "Help needed from you:" in page and "Ask pharmacy for a weekly report." in page
    assert "A secret draft" not in page
    assert reverse("mentoring:report_detail", args=[latest.pk]) in page
    assert reverse("mentoring:report_detail", args=[older.pk]) not in page


def test_the_cards_follow_the_flow_then_the_leads_name_with_their_stage_badge(world, as_user):
    def led_by(name, stage, **kwargs):
        lead = f.ResidentFactory(program=world.program, user__full_name=name)
        return sponsored(world, lead=lead, stage=stage, title=f"{name}'s project", **kwargs)

    held = led_by("Ann Aalto", Stage.ON_HOLD, held_from_stage=Stage.EVENT, stage_reason="Leave")
    later = led_by("Bea Berg", Stage.EVENT)
    second = led_by("Cal Cruz", Stage.CURRENT_STATE)
    first = led_by("Abe Adams", Stage.CURRENT_STATE)
    earliest = led_by("Zed Zorn", Stage.SELECTION)
    response, page = page_of(as_user(world.sponsor))
    shown = response.context["sponsor"]["projects"]
    assert shown == [earliest, first, second, later, held]
    for project in shown:
        assert reverse("capstone:project_detail", args=[project.pk]) in page
    assert f'<span class="badge stage-badge stage-hold">{Stage.ON_HOLD.label}</span>' in page
    assert f'<span class="badge stage-badge stage-event">{Stage.EVENT.label}</span>' in page


def test_another_sponsors_project_is_not_shown(world, as_user):
    other_sponsor = f.SponsorFactory(user__program=world.program).user
    f.ProjectFactory(
        lead=world.other_resident.resident_profile,
        title="Someone else's capstone",
        sponsor=other_sponsor,
        sponsor_accepted_on=timezone.localdate(),
    )
    response, page = page_of(as_user(world.sponsor))
    assert response.context["sponsor"]["projects"] == []
    assert "Someone else" not in page
    assert "You do not sponsor a capstone project yet." in page


def test_a_project_the_sponsor_has_not_accepted_yet_is_a_request_not_a_card(world, as_user):
    project = f.ProjectFactory(lead=world.resident.resident_profile, title="Asked, not accepted")
    f.SponsorRequestFactory(
        resident=world.resident.resident_profile, project=project, sponsor=world.sponsor
    )
    response, page = page_of(as_user(world.sponsor))
    assert response.context["sponsor"]["projects"] == []
    assert "1 sponsorship request is waiting for your answer." in page
    assert reverse("mentoring:sponsor_requests") in page


def test_the_sparkline_marks_the_improvement_signal_and_says_it_in_words(world, as_user):
    project = sponsored(world)
    measure = with_series(project, BASELINE + BETTER, name="Minutes to discharge")
    response, page = page_of(as_user(world.sponsor))
    spark = response.context["sponsor"]["projects"][0].spark
    assert spark.measure == measure
    assert spark.tone == "improvement"
    assert spark.signal_text == "Signal: long run — improvement"
    assert spark.signal_indexes == tuple(range(len(BASELINE), len(BASELINE) + len(BETTER)))
    assert page.count('class="spark-signal spark-improvement"') == len(BETTER)
    assert "Signal: long run — improvement" in page
    assert 'role="img" aria-label="Minutes to discharge, 20 points: baseline mean 14 min, ' in page
    assert "post-event 17 min (better). Signal: long run — improvement." in page
    assert "Show as table" in page


def test_the_table_view_lists_each_point_with_its_value_phase_and_signal(world, as_user):
    measure = with_series(sponsored(world), BASELINE + BETTER)
    point = measure.data_points.order_by("period").first()
    point.value, point.excluded, point.excluded_reason = 13.125, True, "Audit missed a week"
    point.save()
    _, page = page_of(as_user(world.sponsor))
    table = page.split("<summary>Show as table</summary>", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 1 + len(BASELINE) + len(BETTER)
    assert '<tr><td class="text-nowrap">1 Jan 24</td><td>excluded</td><td>Baseline</td>' in table
    assert "<td>15</td><td>Baseline</td><td></td></tr>" in table
    assert table.count("<td>17</td><td>Post-event</td><td>Yes: part of a long run</td>") == 8


@pytest.mark.parametrize(
    "value",
    [0, 3, 3.0, -2, 2.5, 2.005, 2.675, 1 / 3, -1 / 3, -0.001, 0.004, 99.995, 1e-7, 123456.789],
)
def test_values_in_the_table_read_as_the_floatformat_filter_writes_them(value):
    assert two_places(value) == floatformat(value, "-2")


def test_with_ihi_rules_the_signal_is_called_a_shift(world, as_user):
    ChartSettings.objects.create(program=world.program, rules="ihi")
    with_series(sponsored(world), BASELINE + BETTER)
    _, page = page_of(as_user(world.sponsor))
    assert "Signal: shift — improvement" in page


def test_a_run_on_the_worse_side_is_marked_as_getting_worse(world, as_user):
    with_series(sponsored(world), BASELINE + WORSE)
    response, page = page_of(as_user(world.sponsor))
    spark = response.context["sponsor"]["projects"][0].spark
    assert spark.tone == "concern"
    assert "Signal: long run — getting worse" in page
    assert page.count('class="spark-signal spark-concern"') == len(WORSE)
    assert "spark-improvement" not in page


def test_without_post_event_data_or_a_signal_the_sparkline_says_so(world, as_user):
    with_series(sponsored(world, title="Baseline only"), BASELINE, phase_after=None)
    with_series(
        sponsored(world, title="Steady", lead=f.ResidentFactory(program=world.program)),
        BASELINE + [13, 15, 14],
    )
    response, page = page_of(as_user(world.sponsor))
    texts = {p.title: p.spark.signal_text for p in response.context["sponsor"]["projects"]}
    assert texts == {"Baseline only": "No post-event data yet", "Steady": "No signal yet"}
    assert "spark-signal" not in page


def test_the_key_measure_is_the_first_outcome_measure_else_the_first(world):
    project = sponsored(world)
    balancing = f.MeasureFactory(project=project, kind=MeasureKind.BALANCING)
    assert key_measure([balancing]) == balancing
    outcome = f.MeasureFactory(project=project, kind=MeasureKind.OUTCOME)
    f.MeasureFactory(project=project, kind=MeasureKind.OUTCOME)
    assert key_measure(list(project.measures.all())) == outcome


def test_a_project_without_measures_or_reports_says_what_comes_next(world, as_user):
    sponsored(world)
    _, page = page_of(as_user(world.sponsor))
    assert "No measures yet" in page
    assert "No progress report submitted yet." in page


def test_a_measure_without_points_says_there_is_no_data_yet(world, as_user):
    f.MeasureFactory(project=sponsored(world))
    response, page = page_of(as_user(world.sponsor))
    assert response.context["sponsor"]["projects"][0].spark.signal_text == "No data yet"
    assert "<svg" not in page.split("Sponsorship", 1)[1]


def test_the_dashboard_takes_the_day_as_an_argument(world):
    sponsored(world, title="Mine")
    assert [
        p.title for p in sponsor_home(user=world.sponsor, today=timezone.localdate())["projects"]
    ] == ["Mine"]


def test_post_to_the_sponsors_home_is_not_allowed(world, as_user):
    assert as_user(world.sponsor).post(URL).status_code == 405


@pytest.mark.parametrize("size", [2, 8])
def test_the_sponsors_home_costs_the_same_queries_for_any_number_of_projects(
    world, as_user, size, django_assert_max_num_queries
):
    for n in range(size):
        resident = f.ResidentFactory(program=world.program)
        project = sponsored(world, lead=resident)
        with_series(project, BASELINE * 3 + BETTER * (n + 1), phase_after=len(BASELINE) * 3)
        with_series(project, BASELINE, kind=MeasureKind.PROCESS, phase_after=None)
        f.MeasureAnnotationFactory(measure=project.measures.first())
        f.TestOfChangeFactory(project=project, plan_when=timezone.localdate() - timedelta(days=n))
        f.ProgressReportFactory(resident=resident, project=project, submitted=True)
    client = as_user(world.sponsor)
    # The session with its user (1); projects (with their chart rules and latest report's
    # key), coaches, measures, latest reports, points (5); requests waiting; approvals;
    # session save (3); "Waiting on you" (2: sponsor requests, approvals).
    with django_assert_max_num_queries(13):
        response = client.get(URL)
    assert all(p.spark.tone == "improvement" for p in response.context["sponsor"]["projects"])


def test_a_person_with_several_roles_sees_each_section_stacked_in_role_order(world, as_user):
    f.SponsorFactory(user=world.coach)
    f.DirectorFactory(user=world.coach)
    sponsored(world, title="Coached and sponsored").__class__.objects.update(sponsor=world.coach)
    response, page = page_of(as_user(world.coach))
    assert {"coach", "sponsor", "counts"} <= set(response.context.keys())
    coaching, sponsorship = page.index("Your coaching"), page.index('id="home-sponsor-title"')
    assert coaching < sponsorship < page.index("at a glance")
    assert "Coached and sponsored" in page[sponsorship:]
