"""The overview's and the report's charts, drawn from the same dictionaries their tables are
rendered from, so that a chart and its table view cannot disagree."""

from pathway.dashboards.svgbars import Series, bar_chart


def _number(value):
    return None if value is None else float(value)


def pipeline_chart(pipeline, *, chart_id="pipeline-chart"):
    stages = pipeline["stages"]
    return bar_chart(
        title="Capstone projects per stage",
        categories=[row["label"] for row in stages],
        series=[Series("Projects", [row["count"] for row in stages])],
        chart_id=chart_id,
    )


def time_in_stage_chart(pipeline, *, chart_id="time-in-stage-chart"):
    rows = pipeline["time_in_stage"]
    return bar_chart(
        title="Days in the current stage: median and longest",
        categories=[row["label"] for row in rows],
        series=[
            Series("Median days", [_number(row["median"]) for row in rows]),
            Series("Longest days", [row["longest"] for row in rows]),
        ],
        chart_id=chart_id,
    )


def completion_chart(completion, *, chart_id="completion-chart"):
    """One group per curriculum step, one bar per class: classes are easy to compare."""
    return bar_chart(
        title="Curriculum completion by class (% of pathway residents)",
        categories=completion["columns"],
        series=[
            Series(row["label"], [cell["percent"] for cell in row["cells"]])
            for row in completion["rows"]
        ],
        unit="%",
        max_value=100,
        chart_id=chart_id,
    )


def scholarly_chart(by_year, *, chart_id="scholarly-chart"):
    kinds = by_year["kinds"]
    return bar_chart(
        title="Scholarly output per academic year",
        categories=[row["label"] for row in by_year["rows"]],
        series=[
            Series(kind, [row["counts"][index] for row in by_year["rows"]])
            for index, kind in enumerate(kinds)
        ],
        chart_id=chart_id,
    )


def cohort_chart(cohorts, *, chart_id="cohort-chart"):
    rows = cohorts["rows"]
    return bar_chart(
        title="Residents who held the two-day event, by class",
        categories=[row["label"] for row in rows],
        series=[Series("Held the two-day event", [row["held_percent"] for row in rows])],
        unit="%",
        max_value=100,
        chart_id=chart_id,
    )


def stage_at_year_end_chart(capstones, *, chart_id="report-stage-chart"):
    rows = capstones["per_stage"]
    return bar_chart(
        title="Capstone projects per stage at the end of the year",
        categories=[row["label"] for row in rows],
        series=[Series("Projects", [row["count"] for row in rows])],
        chart_id=chart_id,
    )


def score_chart(capstones, *, chart_id="report-score-chart"):
    rows = capstones["scores"]
    return bar_chart(
        title="IHI progress scores of the open capstones",
        categories=[str(row["score"]) for row in rows],
        series=[Series("Projects", [row["count"] for row in rows])],
        chart_id=chart_id,
    )
