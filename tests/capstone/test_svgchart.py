"""Tests for capstone.svgchart: structure, accessibility, escaping and legend wording."""

import xml.etree.ElementTree as ET

import pytest

from capstone.spc import analyze
from capstone.svgchart import COLOURS, describe_signals, render_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
CIRCUIT_BOARDS = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18]
CIRCUIT_BOARDS += [39, 30, 24, 16, 19, 17, 15]


def labels_for(analysis):
    return [f"W{i + 1}" for i in range(len(analysis["points"]))]


def render(analysis, **kwargs):
    kwargs.setdefault("labels", labels_for(analysis))
    kwargs.setdefault("title", "Door-to-needle time")
    return render_svg(analysis, **kwargs)


def parse(svg):
    return ET.fromstring(svg)


def by_class(root, tag, css_class):
    return [
        el for el in root.iter(f"{{{NS['svg']}}}{tag}") if css_class in el.get("class", "").split()
    ]


def markers(root):
    return by_class(root, "circle", "point")


# --------------------------------------------------------------------------------------
# Structure and accessibility
# --------------------------------------------------------------------------------------


def test_the_svg_parses_and_is_an_accessible_standalone_image():
    analysis = analyze(CIRCUIT_BOARDS, chart="c")

    root = parse(render(analysis, unit="defects"))

    assert root.tag == f"{{{NS['svg']}}}svg"
    assert root.get("role") == "img"
    assert root.get("font-family") == "system-ui, sans-serif"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title.text == "Door-to-needle time"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "C chart of 26 points" in desc.text
    assert "2 points outside the control limits (points 6 and 20)" in desc.text


def test_there_is_one_marker_per_included_point():
    values = [5, 6, None, 7, 6, None, 5, 8]
    root = parse(render(analyze(values, chart="i")))

    assert [int(m.get("data-index")) for m in markers(root)] == [0, 1, 3, 4, 6, 7]


def test_excluded_points_leave_gaps_in_the_data_line():
    values = [5, 6, None, 7, 6, 5, None, 8]
    root = parse(render(analyze(values, chart="i")))

    # segments: [5, 6], [7, 6, 5] and the lone 8, which has a marker but no line
    lines = by_class(root, "polyline", "data-line")
    assert [len(line.get("points").split()) for line in lines] == [2, 3]


def expected_fill(point):
    if "outside" in point["signals"]:
        return COLOURS["outside"]
    return COLOURS["signal"] if point["signals"] else COLOURS["point"]


@pytest.mark.parametrize(
    "analysis",
    [
        analyze(CIRCUIT_BOARDS, chart="c"),  # too few crossings plus two points outside
        analyze([10, 14] * 6 + [40], chart="i", freeze=12),  # one point outside
        analyze(list(range(1, 17)), chart="run"),  # two long runs
        analyze([5, 1, 2, 3, 4, 5, 1], chart="run", rules="ihi"),  # a trend
    ],
)
def test_highlighted_markers_match_the_signals(analysis):
    root = parse(render(analysis))

    for marker in markers(root):
        point = analysis["points"][int(marker.get("data-index"))]
        assert marker.get("data-signals") == " ".join(point["signals"])
        assert marker.get("fill") == expected_fill(point)


def test_outside_points_are_red_and_the_others_keep_the_plain_colour():
    analysis = analyze([10, 14] * 6 + [40], chart="i", freeze=12)

    fills = [m.get("fill") for m in markers(parse(render(analysis)))]

    assert fills == [COLOURS["point"]] * 12 + [COLOURS["outside"]]


def test_runs_signals_are_orange():
    analysis = analyze(list(range(1, 17)), chart="run")

    fills = {m.get("fill") for m in markers(parse(render(analysis)))}

    assert fills == {COLOURS["signal"]}


def test_mdc_markers_show_improvement_in_blue_and_concern_in_orange():
    analysis = analyze([20, 0] * 6 + [70, -50, 10], chart="i", rules="mdc", freeze=12)
    root = parse(render(analysis))

    fills = {int(m.get("data-index")): m.get("fill") for m in markers(root)}
    assert fills[12] == COLOURS["improvement"]
    assert fills[13] == COLOURS["concern"]
    assert fills[14] == COLOURS["common"]


def test_title_labels_units_and_annotations_are_escaped():
    analysis = analyze([1, 2, 3], chart="i")
    title = 'Wait <script>alert("x")</script> & more'

    svg = render(
        analysis,
        title=title,
        labels=["<b>Jan</b>", "Feb & Mar", "Apr"],
        unit="<i>min</i>",
        annotations=[(1, "Started <script>")],
    )

    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == title
    assert [t.text for t in by_class(root, "text", "x-label")] == ["<b>Jan</b>", "Feb & Mar", "Apr"]


def test_many_labels_are_thinned():
    analysis = analyze(list(range(200)), chart="run")

    root = parse(render(analysis, labels=[f"2024-{i:03d}" for i in range(200)]))

    shown = [t.text for t in by_class(root, "text", "x-label")]
    assert 5 <= len(shown) <= 20
    assert shown[0] == "2024-000"


def test_the_y_axis_has_about_five_round_ticks():
    analysis = analyze(CIRCUIT_BOARDS, chart="c")

    root = parse(render(analysis))

    ticks = [float(t.text) for t in by_class(root, "text", "y-tick")]
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert 4 <= len(ticks) <= 8
    assert len(steps) == 1 and steps.pop() in (1, 2, 2.5, 5, 10, 20, 25, 50)
    assert ticks[0] <= 0 and ticks[-1] >= 39  # covers the data, limits and LCL clamp


def test_p_charts_are_labelled_as_percentages():
    analysis = analyze([5, 10, 8], chart="p", denominators=[50, 50, 50])

    root = parse(render(analysis))

    assert all(t.text.endswith("%") for t in by_class(root, "text", "y-tick"))


# --------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------


def test_phases_get_a_centre_line_each_joined_by_a_step_and_a_named_separator():
    values = [10, 12, 11, 13, 12, 14, 30, 31, 32, 31]
    analysis = analyze(values, chart="i", parts=[6])

    root = parse(render(analysis, phase_names=["Before", "After <new>"]))

    assert len(by_class(root, "line", "centre-line")) == 2
    assert len(by_class(root, "line", "centre-step")) == 1
    assert len(by_class(root, "line", "phase-separator")) == 1
    assert [t.text for t in by_class(root, "text", "phase-label")] == ["Before", "After <new>"]


def test_a_frozen_baseline_is_separated_and_labelled():
    analysis = analyze(list(range(12)), chart="i", freeze=8)

    root = parse(render(analysis))

    assert len(by_class(root, "line", "phase-separator")) == 1
    assert [t.text for t in by_class(root, "text", "phase-label")] == [
        "Baseline",
        "After baseline",
    ]


def test_control_limits_are_dashed_step_lines_that_follow_varying_p_limits():
    analysis = analyze([5, 10, 8, 30], chart="p", denominators=[50, 100, 40, 200])

    root = parse(render(analysis))

    (ucl,) = by_class(root, "path", "ucl")
    assert ucl.get("stroke-dasharray")
    levels = {token for token in ucl.get("d").replace("M", " ").replace("L", " ").split()[1::2]}
    assert len(levels) == 4  # one level per distinct sample size


def test_the_centre_line_turns_orange_only_for_an_anhoej_runs_signal():
    rising = list(range(1, 17))

    anhoej = by_class(parse(render(analyze(rising, chart="run"))), "line", "centre-line")
    ihi = by_class(parse(render(analyze(rising, chart="run", rules="ihi"))), "line", "centre-line")

    assert anhoej[0].get("stroke") == COLOURS["signal"]
    assert ihi[0].get("stroke") == COLOURS["centre"]


def test_a_run_chart_has_a_centre_line_but_no_limits():
    root = parse(render(analyze([3, 1, 4, 1, 5, 9, 2, 6], chart="run")))

    assert len(by_class(root, "line", "centre-line")) == 1
    assert by_class(root, "path", "limit") == []


def test_the_target_is_a_dotted_green_line_with_a_label():
    root = parse(render(analyze([3, 1, 4, 1, 5], chart="i"), target=4.5, unit="min"))

    (line,) = by_class(root, "line", "target")
    assert line.get("stroke") == COLOURS["target"]
    assert line.get("stroke-dasharray")
    assert by_class(root, "text", "target-label")[0].text == "Target 4.5 min"


def test_annotations_are_numbered_markers_with_their_text():
    analysis = analyze([3, 1, 4, 1, 5], chart="i")

    root = parse(render(analysis, annotations=[(1, "New protocol"), (3, "Audit")]))

    groups = by_class(root, "g", "annotation")
    assert [g.get("data-index") for g in groups] == ["1", "3"]
    assert [g.find("svg:title", NS).text for g in groups] == ["New protocol", "Audit"]
    assert [g.find("svg:text", NS).text for g in groups] == ["1", "2"]
    assert "1 (W2): New protocol" in root.find("svg:desc", NS).text


def test_labels_and_annotations_must_fit_the_points():
    analysis = analyze([1, 2, 3], chart="i")

    with pytest.raises(ValueError, match="one entry per point"):
        render_svg(analysis, labels=["a"], title="t")
    with pytest.raises(ValueError, match="out of range"):
        render_svg(analysis, labels=["a", "b", "c"], title="t", annotations=[(3, "late")])


def test_degenerate_analyses_still_render():
    for analysis in (
        analyze([], chart="i"),
        analyze([None, None], chart="c"),
        analyze([4, 4, 4], chart="i"),
    ):
        parse(render(analysis))


# --------------------------------------------------------------------------------------
# Legend sentences
# --------------------------------------------------------------------------------------


def test_no_signal_is_described_as_common_cause_variation():
    analysis = analyze([5, 6, 5, 7, 6, 5, 6, 7, 5, 6], chart="run")

    assert describe_signals(analysis) == [
        "No signal: the variation looks like common-cause (random) variation."
    ]


def test_a_long_run_against_a_frozen_baseline_is_described_as_a_shift():
    values = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6] + [9, 10, 11, 9, 10, 12, 11, 10, 11]
    analysis = analyze(values, chart="run", freeze=10)

    (sentence,) = describe_signals(analysis, unit="min")

    assert sentence == (
        "Shift: 9 points in a row above the baseline median of 6 min (points 11–19) — "
        "a signal that the process changed."
    )


def test_too_few_crossings_is_described_with_the_expected_minimum():
    analysis = analyze([0] + [-1] * 5 + [1] * 5, chart="run", freeze=1)

    assert describe_signals(analysis) == [
        "Too few crossings: 1 crossing of the baseline median where at least 2 are expected "
        "— a signal that the process is shifting."
    ]


def test_points_outside_the_limits_are_listed_by_number():
    single = analyze([10, 14] * 6 + [40], chart="i", freeze=12)
    double = analyze(CIRCUIT_BOARDS, chart="c")

    assert describe_signals(single) == [
        "1 point outside the control limits (point 13) — special-cause variation."
    ]
    # Montgomery's circuit boards also cross their mean only 7 times where 8 are expected
    assert describe_signals(double) == [
        "Too few crossings: 7 crossings of the mean where at least 8 are expected — a signal "
        "that the process is shifting.",
        "2 points outside the control limits (points 6 and 20) — special-cause variation.",
    ]


def test_ihi_shift_and_trend_are_described():
    trend = analyze([5, 1, 2, 3, 4, 5, 1], chart="run", rules="ihi")
    shift = analyze([-1, 1, -1] + [1] * 6 + [-1, 1], chart="run", freeze=2, rules="ihi")

    assert describe_signals(trend) == [
        "Trend: 5 points in a row going up (points 2–6) — a signal that the process changed."
    ]
    assert describe_signals(shift) == [
        "Shift: 6 points in a row above the baseline median of 0 (points 4–9) — "
        "a signal that the process changed."
    ]


def test_mdc_sentences_say_improvement_or_concern():
    base = [20, 0] * 6
    near = analyze(base + [50, 20, 50], chart="i", rules="mdc", freeze=12, improvement="down")
    falling = analyze(base + [17, 16, 15, 14, 13, 12, 11], chart="i", rules="mdc", freeze=12)

    assert describe_signals(near) == [
        "Close to the limit: 2 of 3 points beyond two-thirds of the way to the upper process "
        "limit (points 13 and 15) — special-cause concern."
    ]
    sentences = describe_signals(falling)
    assert sentences[0] == (
        "Trend: 7 points in a row going down (points 13–19) — special-cause concern."
    )
    assert sentences[1].startswith("Shift: 7 points in a row above the baseline mean of 10")
    assert sentences[1].endswith("— special-cause improvement.")


def test_sentences_name_their_phase_when_there_are_several():
    # the pilot alternates around its mean of 39.2 until point 21; its jump of 110 is
    # screened out of the moving ranges, so the limits are 39.2 ± 3·20/1.128
    analysis = analyze([5, 6] * 4 + [20, 40] * 6 + [150], chart="i", parts=[8])

    sentences = describe_signals(analysis, phase_names=["Baseline", "Pilot"])

    assert sentences == [
        "1 point outside the control limits (Pilot: point 21) — special-cause variation."
    ]


def test_line_labels_of_lines_close_together_do_not_overlap():
    import re

    from capstone.spc import analyze

    # A T chart: the centre (about 21 days) sits just above the lower limit, near 0.
    # A long gap of 900 days stretches the scale so the two are a few pixels apart.
    times = [18, 25, 77, 19, 21, 26, 7, 22, 30, 47, 3, 11, 2, 50, 35, 900]
    analysis = analyze(times, chart="t", freeze=15)
    svg = render_svg(analysis, labels=[str(i) for i in range(16)], title="T")

    ys = sorted(float(y) for y in re.findall(r'class="line-label" x="[\d.]+" y="([\d.]+)"', svg))
    assert len(ys) == 3
    assert all(b - a >= 12 for a, b in zip(ys, ys[1:], strict=False))


def test_notes_at_the_same_or_nearby_points_stack_instead_of_overprinting():
    analysis = analyze(CIRCUIT_BOARDS, chart="c")
    root = parse(render(analysis, annotations=[(4, "Event"), (4, "PDSA 1"), (5, "PDSA 2")]))
    numbers = [
        (float(text.get("x")), float(text.get("y")))
        for group in by_class(root, "g", "annotation")
        for text in group.iter(f"{{{NS['svg']}}}text")
    ]
    assert len(numbers) == 3
    for a in range(3):
        for b in range(a + 1, 3):
            (xa, ya), (xb, yb) = numbers[a], numbers[b]
            # Two numbers of 10 px type overlap when both their x and y are this close.
            assert abs(xa - xb) >= 12 or abs(ya - yb) >= 11, (numbers[a], numbers[b])


def test_notes_far_apart_stay_on_the_bottom_row():
    analysis = analyze(CIRCUIT_BOARDS, chart="c")
    root = parse(render(analysis, annotations=[(1, "New protocol"), (12, "Audit")]))
    assert [g.get("data-row") for g in by_class(root, "g", "annotation")] == ["0", "0"]


@pytest.mark.parametrize("width", [900, 640])
def test_the_limit_labels_fit_inside_the_right_edge(width):
    minutes = [31.5, 24.2, 28.9, 35.1, 27.4, 30.3, 26.8, 33.0, 29.7, 25.6, 31.9, 28.2]
    root = parse(render(analyze(minutes, chart="i"), unit="minutes", width=width))
    labels = by_class(root, "text", "line-label")
    assert {label.text.split()[0] for label in labels} == {"CL", "UCL", "LCL"}
    for label in labels:
        assert label.text.endswith(" minutes")
        # 0.62 em a character at 12 px is wider than the sans-serif the chart uses.
        right_edge = float(label.get("x")) + len(label.text) * 12 * 0.62
        assert right_edge <= width, (label.text, right_edge)
