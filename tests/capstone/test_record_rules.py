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


def test_six_post_event_points_on_the_better_side_are_a_shift(project):
    measure = f.MeasureFactory(project=project, direction=Direction.DOWN)
    series(measure, [10, 12, 11, 13, 12], [9, 8, 9, 7, 8, 9])
    assert measure.shows_improvement_signal()


def test_six_points_on_the_worse_side_are_not_improvement(project):
    measure = f.MeasureFactory(project=project, direction=Direction.DOWN)
    series(measure, [10, 12, 11, 13, 12], [14, 15, 16, 14, 15, 16])
    assert not measure.shows_improvement_signal()


def test_a_point_on_the_median_neither_counts_nor_breaks_the_run(project):
    measure = f.MeasureFactory(project=project, direction=Direction.UP)
    # Baseline median 12; the 12 in the middle is skipped: five + one above = six.
    series(measure, [11, 12, 13], [14, 15, 12, 16, 14, 15, 17])
    assert measure.shows_improvement_signal()


def test_a_point_on_the_worse_side_restarts_the_run(project):
    measure = f.MeasureFactory(project=project, direction=Direction.UP)
    series(measure, [11, 12, 13], [14, 15, 16, 10, 14, 15, 16])
    assert not measure.shows_improvement_signal()


def test_no_baseline_no_signal(project):
    measure = f.MeasureFactory(project=project)
    series(measure, [], [20] * 8)
    assert not measure.shows_improvement_signal()


def test_the_phase_summary_compares_medians_in_the_direction_of_improvement(project):
    measure = f.MeasureFactory(project=project, direction=Direction.DOWN, unit="minutes")
    series(measure, [100, 90, 96], [60, 70])
    summary = measure.phase_summary()
    assert (summary.baseline_median, summary.post_event_median) == (96, 65)
    assert summary.change == -31
    assert summary.is_better is True
    assert round(summary.percent_change, 1) == Decimal("-32.3")
