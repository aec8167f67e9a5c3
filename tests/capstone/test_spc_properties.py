"""Property-based tests for capstone.spc.analyze (hypothesis)."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from capstone.spc import CHARTS, RULES, analyze, summarize_change

# Whole numbers keep sums, means and medians exact in binary floating point, so a property
# that should hold exactly is not blurred by rounding in the arithmetic itself.
whole = st.integers(min_value=-10_000, max_value=10_000)
counts = st.integers(min_value=0, max_value=500)
maybe_whole = st.one_of(st.none(), whole)
series = st.lists(whole, min_size=0, max_size=60)
series_with_gaps = st.lists(maybe_whole, min_size=0, max_size=60)
# Sixteenths: fractional values that stay far from the subnormal range, where scaling by a
# power of two would stop being exact.
dyadic = st.integers(min_value=-(10**7), max_value=10**7).map(lambda v: v / 16)

# No example database: these tests must not write into the working tree.
quick = settings(database=None, deadline=None)
thorough = settings(database=None, deadline=None, max_examples=150)

RUNS_KEYS = ("n_useful", "longest_run", "longest_run_max", "crossings", "crossings_min")


def runs_view(result):
    return [tuple(p[k] for k in (*RUNS_KEYS, "runs_signal")) for p in result["phases"]]


@st.composite
def proportions(draw):
    dens = draw(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=50))
    nums = [draw(st.integers(min_value=0, max_value=d)) for d in dens]
    # 0/0 points are excluded by design; keep a few to exercise that path
    return nums, dens


@st.composite
def any_analysis_input(draw):
    chart = draw(st.sampled_from(CHARTS))
    mdc_ok = chart in ("i", "p", "c", "u")
    rules = draw(st.sampled_from([r for r in RULES if mdc_ok or r != "mdc"]))
    n = draw(st.integers(min_value=0, max_value=40))
    if chart in ("xbar", "s"):
        obs = st.one_of(st.none(), st.floats(-1e6, 1e6))
        values = draw(
            st.lists(st.one_of(st.none(), st.lists(obs, max_size=6)), min_size=n, max_size=n)
        )
        denominators = None
    elif chart == "t":
        times = st.floats(1e-3, 1e6)
        values = draw(st.lists(st.one_of(st.none(), times), min_size=n, max_size=n))
        denominators = None
    elif chart == "g":
        values = draw(st.lists(st.one_of(st.none(), counts), min_size=n, max_size=n))
        denominators = None
    elif chart in ("p", "u", "pp", "up"):
        # zero denominators (with zero numerators) and None on either side are all legal
        dens = draw(st.lists(st.one_of(st.none(), st.integers(0, 300)), min_size=n, max_size=n))
        values = [draw(st.one_of(st.none(), st.integers(0, d or 0))) for d in dens]
        denominators = dens
    elif chart == "c":
        values, denominators = (
            draw(st.lists(st.one_of(st.none(), counts), min_size=n, max_size=n)),
            None,
        )
    else:
        values = draw(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), min_size=n, max_size=n))
        denominators = None
    kwargs = {"chart": chart, "rules": rules, "denominators": denominators}
    mode = draw(st.sampled_from(["plain", "freeze", "parts"]))
    if mode == "freeze" and n >= 1:
        kwargs["freeze"] = draw(st.integers(1, n))
    elif mode == "parts" and n >= 2:
        kwargs["parts"] = draw(st.lists(st.integers(1, n - 1), min_size=1, max_size=3))
    kwargs["screen_mr"] = draw(st.booleans())
    kwargs["improvement"] = draw(st.sampled_from(["up", "down"]))
    return values, kwargs


@thorough
@given(any_analysis_input())
def test_results_are_json_serialisable_without_nan_or_infinity(case):
    values, kwargs = case

    result = analyze(values, **kwargs)

    json.dumps(result, allow_nan=False)


@thorough
@given(any_analysis_input())
def test_there_is_one_point_per_input_value_and_the_phases_cover_them_in_order(case):
    values, kwargs = case

    result = analyze(values, **kwargs)

    assert len(result["points"]) == len(values)
    covered = [i for p in result["phases"] for i in range(p["start"], p["end"] + 1)]
    assert covered == list(range(len(values)))
    for k, phase in enumerate(result["phases"]):
        assert all(p["phase"] == k for p in result["points"][phase["start"] : phase["end"] + 1])


@thorough
@given(any_analysis_input())
def test_excluded_points_never_signal_and_runs_numbers_stay_within_bounds(case):
    values, kwargs = case

    result = analyze(values, **kwargs)

    for point in result["points"]:
        if point["y"] is None:
            assert point["signals"] == [] and point["outside"] is False
    for phase in result["phases"]:
        included = sum(
            1 for p in result["points"][phase["start"] : phase["end"] + 1] if p["y"] is not None
        )
        assert 0 <= phase["n_useful"] <= included
        if phase["n_useful"]:
            assert 1 <= phase["longest_run"] <= phase["n_useful"]
            assert 0 <= phase["crossings"] <= phase["n_useful"] - 1
        else:
            assert phase["longest_run"] is None and phase["runs_signal"] is False


@quick
@given(series_with_gaps, st.booleans())
def test_i_chart_limits_are_symmetric_about_the_centre(values, screen):
    result = analyze(values, chart="i", screen_mr=screen)

    for point in result["points"]:
        if point["ucl"] is not None:
            assert abs((point["ucl"] - point["cl"]) - (point["cl"] - point["lcl"])) <= 1e-9 * (
                1 + abs(point["cl"])
            )


@quick
@given(proportions())
def test_p_chart_limits_stay_within_zero_and_one(case):
    nums, dens = case

    result = analyze(nums, chart="p", denominators=dens)

    for point in result["points"]:
        if point["ucl"] is not None:
            assert 0 <= point["lcl"] <= point["cl"] <= point["ucl"] <= 1


@quick
@given(
    st.lists(whole, min_size=0, max_size=60),
    st.integers(min_value=-100_000, max_value=100_000),
    st.sampled_from(["run", "i"]),
)
def test_runs_analysis_is_unchanged_when_every_value_is_shifted_by_a_constant(values, shift, chart):
    # With whole numbers the median, the mean (an exact rational rounded once) and every
    # y − cl comparison move together, so points on the centre stay on it.
    before = analyze(values, chart=chart)
    after = analyze([v + shift for v in values], chart=chart)

    assert runs_view(after) == runs_view(before)


@quick
@given(st.lists(counts, min_size=0, max_size=60), st.integers(min_value=0, max_value=1000))
def test_c_chart_runs_analysis_is_unchanged_by_a_positive_shift(values, shift):
    before = analyze(values, chart="c")
    after = analyze([v + shift for v in values], chart="c")

    assert runs_view(after) == runs_view(before)


@quick
@given(
    st.lists(st.one_of(st.none(), dyadic), max_size=60),
    st.sampled_from([0.25, 0.5, 2.0, 8.0, 1024.0]),
    st.booleans(),
)
def test_i_chart_signals_do_not_depend_on_the_unit_of_measurement(values, factor, screen):
    # Multiplying by a power of two is exact in binary floating point, so every sum, mean,
    # moving range and comparison scales without rounding differences.
    before = analyze(values, chart="i", screen_mr=screen)
    after = analyze(
        [None if v is None else v * factor for v in values], chart="i", screen_mr=screen
    )

    assert [p["signals"] for p in after["points"]] == [p["signals"] for p in before["points"]]
    assert runs_view(after) == runs_view(before)


@quick
@given(st.lists(st.one_of(st.none(), whole), max_size=60), st.sampled_from(["anhoej", "ihi"]))
def test_mirroring_the_data_keeps_every_signal(values, rules):
    # Negation swaps above and below (and up and down) but no rule cares which side it is.
    before = analyze(values, chart="i", rules=rules)
    after = analyze([None if v is None else -v for v in values], chart="i", rules=rules)

    assert [p["signals"] for p in after["points"]] == [p["signals"] for p in before["points"]]


@quick
@given(st.lists(whole, min_size=1, max_size=60))
def test_freezing_at_the_last_point_is_the_same_as_not_freezing(values):
    plain = analyze(values, chart="i")
    frozen = analyze(values, chart="i", freeze=len(values))

    assert frozen["points"] == plain["points"]
    assert runs_view(frozen) == runs_view(plain)


@quick
@given(st.lists(whole, min_size=2, max_size=60), st.data())
def test_summarize_change_agrees_between_a_freeze_and_its_centres(values, data):
    k = data.draw(st.integers(min_value=1, max_value=len(values) - 1))
    result = analyze(values, chart="run", freeze=k)

    summary = summarize_change(result, improvement="up")

    assert summary["baseline_cl"] == result["phases"][0]["cl"]
    assert summary["improved"] == (summary["change"] > 0)
    assert all(i >= k for i in summary["signal_points"])
