"""Single-row rules of the record: the aim sentence, time statistics, waste summary, data
point checks, overdue items and the improvement signal."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from capstone.models import (
    ActionItem,
    ChartSettings,
    DataPoint,
    Direction,
    Phase,
    Stage,
    parse_minutes,
    summarize_wastes,
)
from tests import factories as f


def test_the_aim_reads_as_one_sentence(project):
    project.aim_what = "Median minutes to first antibiotic"
    project.aim_direction = Direction.DOWN
    project.aim_baseline, project.aim_target = Decimal("142"), Decimal("60")
    project.aim_unit = "minutes"
    project.aim_by = date(2030, 6, 30)
    assert project.aim_sentence == (
        "Decrease median minutes to first antibiotic from 142 minutes to 60 minutes by "
        "30 June 2030."
    )


def test_no_aim_no_sentence(project):
    assert project.aim_sentence == ""


def test_minutes_are_parsed_from_commas_spaces_and_semicolons():
    assert parse_minutes("12, 15 9.5;14") == [Decimal("12"), Decimal("15"), Decimal("9.5"), 14]


@pytest.mark.parametrize("text", ["12, x", "12, 0", "nan, 3", "12, -1"])
def test_anything_but_positive_minutes_is_refused(text):
    with pytest.raises(ValidationError):
        parse_minutes(text)


def test_the_waste_summary_lists_all_eight_wastes_in_order(project):
    f.WasteObservationFactory(project=project, waste="motion")
    f.WasteObservationFactory(project=project, waste="motion")
    summary = summarize_wastes(project.waste_observations.all())
    assert [label for label, _ in summary] == [
        "Defects",
        "Overproduction",
        "Waiting",
        "Non-utilized talent",
        "Transportation",
        "Inventory",
        "Motion",
        "Extra-processing",
    ]
    assert dict(summary)["Motion"] == 2


def test_an_action_is_overdue_after_its_due_date_until_it_is_done(project):
    action = f.ActionItemFactory(project=project, due_on=timezone.localdate() - timedelta(days=1))
    assert action.is_overdue()
    assert list(ActionItem.objects.overdue()) == [action]
    action.status = ActionItem.Status.DONE
    action.save()
    assert not action.is_overdue()
    assert action.completed_on is not None
    action.status = ActionItem.Status.OPEN
    action.save()
    assert action.completed_on is None


def test_the_database_refuses_a_data_point_without_a_value(project):
    measure = f.MeasureFactory(project=project)
    with pytest.raises(IntegrityError), transaction.atomic():
        DataPoint.objects.create(measure=measure, period=date(2030, 1, 1), phase=Phase.BASELINE)


def test_the_database_refuses_an_exclusion_without_a_reason(project):
    measure = f.MeasureFactory(project=project)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.DataPointFactory(measure=measure, excluded=True, excluded_reason="")


def test_the_database_refuses_a_rejected_idea_without_a_reason(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.IdeaFactory(project=project, decision="rejected", rejected_reason="")


def test_the_database_refuses_a_publication_without_doi_or_pmid(project):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.PublicationFactory(project=project, doi="", pmid="")


def test_the_database_refuses_an_on_hold_project_that_forgot_its_stage(project):
    project.stage = Stage.ON_HOLD
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_excluded_points_do_not_count_as_baseline(project):
    measure = f.MeasureFactory(project=project)
    f.DataPointFactory(measure=measure, excluded=True, excluded_reason="Wrong ward")
    assert not project.has_baseline_measure()
    f.DataPointFactory(measure=measure)
    assert project.has_baseline_measure()


def test_post_event_data_is_its_own_hook(project):
    measure = f.MeasureFactory(project=project)
    f.DataPointFactory(measure=measure, phase=Phase.BASELINE)
    assert not project.has_post_event_data()
    f.DataPointFactory(measure=measure, phase=Phase.POST_EVENT)
    assert project.has_post_event_data()


def series(measure, baseline, post):
    start = date(2030, 1, 6)
    for index, value in enumerate(baseline):
        f.DataPointFactory(
            measure=measure, period=start + timedelta(weeks=index), value=value, phase="baseline"
        )
    start += timedelta(weeks=len(baseline))
    for index, value in enumerate(post):
        f.DataPointFactory(
            measure=measure, period=start + timedelta(weeks=index), value=value, phase="post_event"
        )


# A steady baseline of 12 points: median 12, mean 11.75, average moving range ~1.27.
BASELINE = [11, 12, 13, 11, 12, 12, 11, 13, 12, 11, 12, 12]


def test_a_long_run_on_the_better_side_after_the_event_is_a_signal(project):
    measure = f.MeasureFactory(project=project, direction=Direction.DOWN, chart_mode="run")
    # Eight points below the baseline median: longer than the Anhøj limit for 20 points (7).
    series(measure, BASELINE, [11, 10, 11, 10, 11, 10, 11, 10])
    assert measure.shows_improvement_signal()
    assert project.has_improvement_signal()


def test_a_long_run_on_the_worse_side_is_not_improvement(project):
    measure = f.MeasureFactory(project=project, direction=Direction.DOWN, chart_mode="run")
    series(measure, BASELINE, [13, 14, 13, 14, 13, 14, 13, 14])
    assert not measure.shows_improvement_signal()
    assert not project.has_improvement_signal()


def test_a_run_too_short_for_the_anhoej_rules_is_no_signal_but_an_ihi_shift_is(project):
    measure = f.MeasureFactory(project=project, direction=Direction.UP, chart_mode="run")
    # Six points above the median: an IHI shift, but not longer than Anhøj's 7 for 18 points.
    series(measure, BASELINE, [13, 14, 13, 14, 13, 14])
    assert not measure.shows_improvement_signal()
    assert measure.shows_improvement_signal(rules="ihi")


def test_the_programs_rule_set_decides_the_signal(project):
    measure = f.MeasureFactory(project=project, direction=Direction.UP, chart_mode="run")
    series(measure, BASELINE, [13, 14, 13, 14, 13, 14])
    assert not project.has_improvement_signal()
    ChartSettings.objects.create(program=project.program, rules="ihi")
    assert project.has_improvement_signal()


def test_a_point_outside_the_baseline_limits_on_the_better_side_is_a_signal(project):
    measure = f.MeasureFactory(project=project, direction=Direction.UP)
    # I chart: the baseline's upper limit is about 15.1; 17 is beyond it.
    series(measure, BASELINE, [12, 17])
    summary = measure.summary()
    assert summary.signal
    assert summary.signal_points == (13,)


def test_a_point_outside_the_limits_on_the_worse_side_is_not_improvement(project):
    measure = f.MeasureFactory(project=project, direction=Direction.DOWN)
    series(measure, BASELINE, [12, 17])
    assert not measure.shows_improvement_signal()


def test_an_excluded_point_is_not_a_signal(project):
    measure = f.MeasureFactory(project=project, direction=Direction.UP)
    series(measure, BASELINE, [12, 17])
    DataPoint.objects.filter(value=17).update(excluded=True, excluded_reason="Audit error")
    assert not measure.shows_improvement_signal()


def test_no_baseline_no_signal(project):
    measure = f.MeasureFactory(project=project)
    series(measure, [], [20] * 8)
    assert not measure.shows_improvement_signal()


def test_the_summary_compares_run_chart_medians_in_the_direction_of_improvement(project):
    measure = f.MeasureFactory(
        project=project, direction=Direction.DOWN, unit="minutes", chart_mode="run"
    )
    series(measure, [100, 90, 96], [60, 70])
    summary = measure.summary()
    assert (summary.baseline_centre, summary.post_centre) == (96, 65)
    assert summary.centre_word == "median"
    assert summary.change == -31
    assert summary.is_better is True
    assert summary.improvement == 31
    assert round(summary.percent_change, 1) == -32.3


def test_the_summary_of_a_control_chart_compares_means(project):
    measure = f.MeasureFactory(project=project, direction=Direction.DOWN, unit="minutes")
    series(measure, [100, 90, 96], [60, 70])
    summary = measure.summary()
    assert (summary.baseline_centre, summary.post_centre) == (pytest.approx(95.333333), 65)
    assert summary.centre_word == "mean"
    assert summary.is_better is True


def test_a_frozen_baseline_gives_the_same_centres(project):
    measure = f.MeasureFactory(
        project=project, direction=Direction.DOWN, unit="minutes", baseline_mode="freeze"
    )
    series(measure, [100, 90, 96], [60, 70])
    summary = measure.summary()
    assert (summary.baseline_centre, summary.post_centre) == (pytest.approx(95.333333), 65)
