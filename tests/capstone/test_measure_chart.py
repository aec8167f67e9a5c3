"""The measure's chart page: the server-rendered SVG with its legend in words, the baseline vs
post-event summary, the table view, run/control and rule switches, and who may see it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from capstone.models import ChartSettings, DataPoint, Phase, Stage
from tests import factories as f
from tests.capstone.conftest import make_project

# Monthly % of discharges before noon: a steady baseline, then a clear shift up.
BASELINE = [14, 16, 15, 13, 17, 15, 14, 16, 15, 14, 16, 15]
SHIFTED = [22, 24, 23, 25, 22, 24, 26, 23, 25, 24, 23, 25]


@pytest.fixture
def project(world):
    return make_project(world, Stage.RESULTS)


@pytest.fixture
def measure(project):
    project.event_first_day = date(2024, 12, 2)
    project.event_second_day = date(2024, 12, 3)
    project.save()
    item = f.MeasureFactory(project=project, collection_frequency="monthly", target=30)
    f.measure_series(item, BASELINE + SHIFTED, phase_after=12, days=30)
    return item


def url(measure, query=""):
    return reverse("capstone:measure_chart", args=[measure.project_id, measure.pk]) + query


@pytest.mark.parametrize(
    "persona", ["resident", "coach", "sponsor", "director", "coordinator", "superuser"]
)
def test_everyone_on_the_project_sees_the_chart(persona, world, as_user, measure):
    response = as_user(getattr(world, persona)).get(url(measure))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and 'class="centre-line"' in page
    assert "What the chart shows" in page
    assert "Table view" in page


def test_the_chart_shows_the_shift_after_the_event_in_words(world, as_user, measure):
    response = as_user(world.resident).get(url(measure))
    chart = response.context["chart"]
    assert chart.chart == "i"
    assert chart.split and chart.phase_names == ["Baseline", "Post-event"]
    page = response.content.decode()
    assert 'class="phase-label"' in page and "Post-event" in page
    assert 'class="target"' in page  # the target line
    summary = chart.summary
    assert summary.baseline_centre == pytest.approx(15.0)
    assert summary.post_centre == pytest.approx(23.8333333)
    assert summary.signal is True
    assert "a signal supports the change" in page
    assert "+8.83 percentage points" in page


def test_the_event_and_its_tests_of_change_are_notes_on_the_chart(world, as_user, measure):
    f.TestOfChangeFactory(
        project=measure.project, title="Discharge checklist", plan_when=date(2025, 1, 10)
    )
    f.MeasureAnnotationFactory(measure=measure, on=date(2025, 3, 1), text="New hospitalist rota")
    response = as_user(world.resident).get(url(measure))
    page = response.content.decode()
    number = list(measure.project.tests_of_change.all()).index(
        measure.project.tests_of_change.get(title="Discharge checklist")
    )
    assert "2 Dec 2024: Two-day event" in page
    assert f"10 Jan 2025: PDSA {number + 1}: Discharge checklist" in page
    assert "1 Mar 2025: New hospitalist rota" in page
    placed = [text for _, text in response.context["chart"].annotations]
    assert any("Discharge checklist" in text for text in placed)


def test_the_table_view_lists_every_point_with_its_limits_and_signals(world, as_user, measure):
    DataPoint.objects.filter(value=13).update(excluded=True, excluded_reason="Census error")
    response = as_user(world.resident).get(url(measure))
    rows = response.context["chart"].rows
    assert len(rows) == 24
    assert all(row.ucl is not None for row in rows if not row.point.excluded)
    page = response.content.decode()
    assert "excluded: Census error" in page
    assert "part of a long run" in page or "outside the limits" in page
    assert 'id="chart-table"' in page and "<caption" in page


def test_each_row_of_the_table_shows_its_points_note_and_a_phase_set_by_hand(
    world, as_user, measure
):
    points = list(measure.ordered_points())
    noted, moved, excluded = points[2], points[5], points[7]
    DataPoint.objects.filter(pk=noted.pk).update(note="Ward closed for cleaning")
    DataPoint.objects.filter(pk=moved.pk).update(phase=Phase.POST_EVENT, phase_overridden=True)
    DataPoint.objects.filter(pk=excluded.pk).update(excluded=True, excluded_reason="Audit missed")

    response = as_user(world.resident).get(url(measure))

    rows = {row.point.pk: row for row in response.context["table"]}
    assert rows[noted.pk].note == "Ward closed for cleaning"
    assert (rows[moved.pk].phase_overridden, rows[noted.pk].phase_overridden) == (True, False)
    assert rows[excluded.pk].excluded_reason == "Audit missed"
    page = response.content.decode()
    assert '<div class="small text-muted">Ward closed for cleaning</div>' in page
    assert page.count("(set by hand)") == 1
    assert "excluded: Audit missed" in page


def test_the_tables_notes_and_reasons_are_shown_as_text_and_only_editors_get_row_links(
    world, as_user, measure
):
    points = list(measure.ordered_points())
    DataPoint.objects.filter(pk=points[0].pk).update(note="<b>Ward</b> & co")
    DataPoint.objects.filter(pk=points[1].pk).update(
        excluded=True, excluded_reason='<script>alert("x")</script>'
    )

    lead = as_user(world.resident).get(url(measure)).content.decode()
    director = as_user(world.director).get(url(measure)).content.decode()

    assert "&lt;b&gt;Ward&lt;/b&gt; &amp; co" in lead and "<b>Ward</b>" not in lead
    assert "excluded: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in lead
    assert '<script>alert("x")' not in lead
    edit = reverse("capstone:part_edit", args=[measure.project_id, "data-point", points[0].pk])
    assert f'<a href="{edit}">Edit<span class="visually-hidden"> ' in lead
    assert edit not in director


def test_the_user_switches_to_a_run_chart_and_other_rules(world, as_user, measure):
    response = as_user(world.coach).get(url(measure, "?mode=run&rules=ihi"))
    chart = response.context["chart"]
    assert (chart.chart, chart.rules) == ("run", "ihi")
    assert chart.summary.centre_word == "median"
    assert "Shift" in " ".join(chart.legend)


def test_unknown_options_fall_back_to_the_measures_own(world, as_user, measure):
    response = as_user(world.resident).get(url(measure, "?mode=pie&rules=magic"))
    assert response.status_code == 200
    assert (response.context["chart"].chart, response.context["chart"].rules) == ("i", "anhoej")


def test_the_programs_rules_are_the_default(world, as_user, measure):
    ChartSettings.objects.create(program=world.program, rules="mdc")
    response = as_user(world.resident).get(url(measure))
    assert response.context["chart"].rules == "mdc"
    assert "the program's choice" in response.content.decode()


def test_a_proportion_measure_draws_a_p_chart_in_percent(world, as_user, project):
    item = f.MeasureFactory(project=project, data_type="proportion", unit="%")
    for index, (num, den) in enumerate([(10, 40), (12, 41), (11, 39), (20, 40), (22, 42)]):
        DataPoint.objects.create(
            measure=item,
            period=date(2024, 1, 1) + timedelta(weeks=index),
            numerator=num,
            denominator=den,
            phase=Phase.BASELINE,
        )
    response = as_user(world.resident).get(url(item))
    chart = response.context["chart"]
    assert chart.chart == "p"
    assert chart.summary.baseline_centre == pytest.approx(75 / 202 * 100)
    assert chart.unit == "%"


def test_a_measure_without_data_invites_entry(world, as_user, project):
    item = f.MeasureFactory(project=project)
    page = as_user(world.resident).get(url(item)).content.decode()
    assert "No data yet" in page
    assert reverse("capstone:measure_paste", args=[project.pk, item.pk]) in page


def test_only_the_leads_see_the_data_entry_links(world, as_user, measure):
    paste = reverse("capstone:measure_paste", args=[measure.project_id, measure.pk])
    assert paste in as_user(world.resident).get(url(measure)).content.decode()
    assert paste not in as_user(world.coach).get(url(measure)).content.decode()


def test_another_programs_director_gets_a_404(world, as_user, measure):
    assert as_user(world.other_director).get(url(measure)).status_code == 404


def test_unrelated_resident_gets_a_404(world, as_user, measure):
    assert as_user(world.other_resident).get(url(measure)).status_code == 404


def test_a_measure_of_another_project_is_a_404_under_this_one(
    world, as_user, project, other_project
):
    theirs = f.MeasureFactory(project=other_project)
    response = as_user(world.director).get(
        reverse("capstone:measure_chart", args=[project.pk, theirs.pk])
    )
    assert response.status_code == 404


def test_posting_to_the_chart_is_not_allowed(world, as_user, measure):
    assert as_user(world.resident).post(url(measure)).status_code == 405


@pytest.mark.parametrize("points", [12, 48])
def test_chart_page_queries_do_not_grow_with_points(
    points, world, as_user, project, django_assert_max_num_queries
):
    item = f.MeasureFactory(project=project)
    f.measure_series(item, [10 + (i % 5) for i in range(points)], phase_after=points // 2)
    f.TestOfChangeFactory(project=project, plan_when=date(2024, 2, 1))
    client = as_user(world.resident)
    # 12: the session with its user; the project (with its lead); the measure and its notes;
    # the program's rules; the points; the table page's notes; the tests of change; the
    # data's latest changes; and the session saved on this first request (a savepoint, the
    # update, its release).
    with django_assert_max_num_queries(12):
        response = client.get(url(item))
    assert len(response.context["chart"].rows) == points


def test_a_run_chart_under_making_data_count_uses_the_anhoej_rules(world, as_user, measure):
    ChartSettings.objects.create(program=world.program, rules="mdc")
    response = as_user(world.resident).get(url(measure, "?mode=run"))
    chart = response.context["chart"]
    assert (chart.chart, chart.rules, chart.error) == ("run", "anhoej", "")
    assert "Making Data Count needs a control chart" in response.content.decode()
    assert chart.summary.signal


def test_making_data_count_labels_the_shift_as_improvement(world, as_user, measure):
    response = as_user(world.resident).get(url(measure, "?rules=mdc"))
    chart = response.context["chart"]
    assert chart.rules == "mdc"
    assert "improvement" in " ".join(chart.legend).lower()
    assert 'class="point point-improvement"' in response.content.decode()


def test_a_test_titled_pdsa_is_not_prefixed_pdsa_twice(world, as_user, measure):
    f.TestOfChangeFactory(
        project=measure.project, title="PDSA 1: Discharge checklist", plan_when=date(2025, 1, 10)
    )
    page = as_user(world.resident).get(url(measure)).content.decode()
    assert "10 Jan 2025: PDSA 1: Discharge checklist" in page
    assert "PDSA 1: PDSA 1" not in page
    assert "PDSA 2: PDSA 1" not in page


@pytest.mark.parametrize("which", ["project", "measure"])
def test_a_number_too_big_for_the_database_in_the_address_is_a_404(which, world, as_user, measure):
    huge = 2**64
    args = [huge, measure.pk] if which == "project" else [measure.project_id, huge]
    response = as_user(world.resident).get(reverse("capstone:measure_chart", args=args))
    assert response.status_code == 404


def test_a_note_added_after_the_chart_was_read_shows_on_the_next_read(world, as_user, measure):
    client = as_user(world.resident)
    assert "Ward huddle started" not in client.get(url(measure)).content.decode()
    measure.annotations.create(on=date(2025, 3, 1), text="Ward huddle started")
    assert "Ward huddle started" in client.get(url(measure)).content.decode()
