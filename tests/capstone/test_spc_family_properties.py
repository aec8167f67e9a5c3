"""Property-based tests (hypothesis) for the MR, Xbar, S, T, G, P′ and U′ charts."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from capstone.spc import analyze

quick = settings(database=None, deadline=None)
thorough = settings(database=None, deadline=None, max_examples=150)

observation = st.floats(-1e4, 1e4, allow_nan=False)
subgroup = st.lists(observation, min_size=1, max_size=8)
time_between = st.floats(1e-2, 1e5)
gap_count = st.integers(0, 10_000)


@st.composite
def family_series(draw, min_size=2):
    chart = draw(st.sampled_from(("mr", "xbar", "s", "t", "g", "pp", "up")))
    n = draw(st.integers(min_size, 40))
    dens = None
    if chart in ("xbar", "s"):
        values = draw(st.lists(subgroup, min_size=n, max_size=n))
    elif chart == "t":
        values = draw(st.lists(time_between, min_size=n, max_size=n))
    elif chart in ("g",):
        values = draw(st.lists(gap_count, min_size=n, max_size=n))
    elif chart == "mr":
        values = draw(st.lists(observation, min_size=n, max_size=n))
    else:
        dens = draw(st.lists(st.integers(1, 10**6), min_size=n, max_size=n))
        top = 1.0 if chart == "pp" else 3.0
        values = [int(d * draw(st.floats(0, top))) for d in dens]
        values = [min(v, d) if chart == "pp" else v for v, d in zip(values, dens, strict=True)]
    return chart, values, dens


def close(a, b):
    return a is None and b is None or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@thorough
@given(family_series(min_size=3), st.data())
def test_frozen_limits_do_not_depend_on_data_after_the_freeze(case, data):
    chart, values, dens = case
    k = data.draw(st.integers(2, len(values) - 1))

    whole = analyze(values, chart=chart, denominators=dens, freeze=k)
    baseline_only = analyze(
        values[:k], chart=chart, denominators=None if dens is None else dens[:k]
    )

    for frozen, alone in zip(whole["points"][:k], baseline_only["points"], strict=True):
        assert frozen["cl"] == alone["cl"]
        assert frozen["lcl"] == alone["lcl"]
        assert frozen["ucl"] == alone["ucl"]


@thorough
@given(st.lists(subgroup, min_size=1, max_size=30))
def test_xbar_limits_are_symmetric_around_the_centre(groups):
    for point in analyze(groups, chart="xbar")["points"]:
        if point["ucl"] is not None:
            assert math.isclose(
                point["ucl"] - point["cl"], point["cl"] - point["lcl"], rel_tol=1e-6, abs_tol=1e-6
            )


@thorough
@given(st.lists(time_between, min_size=2, max_size=40))
def test_t_limits_are_symmetric_around_the_centre_on_the_transformed_scale(times):
    result = analyze(times, chart="t", screen_mr=False)

    point = result["points"][0]
    cl_z, ucl_z = point["cl"] ** (1 / 3.6), point["ucl"] ** (1 / 3.6)
    if point["lcl"] > 0:
        lcl_z = point["lcl"] ** (1 / 3.6)
        assert math.isclose(ucl_z - cl_z, cl_z - lcl_z, rel_tol=1e-6, abs_tol=1e-9)
    else:  # the transformed lower limit was negative
        assert 2 * cl_z - ucl_z <= 1e-9 * max(1.0, cl_z)


@thorough
@given(family_series())
def test_laney_limits_are_symmetric_unless_clamped(case):
    chart, values, dens = case
    if chart not in ("pp", "up"):
        return
    for point in analyze(values, chart=chart, denominators=dens)["points"]:
        lcl, cl, ucl = point["lcl"], point["cl"], point["ucl"]
        if lcl is None or lcl == 0 or ucl == 1:
            continue
        assert math.isclose(ucl - cl, cl - lcl, rel_tol=1e-6, abs_tol=1e-12)


@thorough
@given(family_series())
def test_g_lower_limit_is_zero_and_mr_never_signals_runs(case):
    chart, values, dens = case
    result = analyze(values, chart=chart, denominators=dens)

    if chart == "g":
        assert all(p["lcl"] == 0 for p in result["points"])
        assert not any(p["y"] < p["lcl"] for p in result["points"])
    if chart == "mr":
        assert not any(ph["runs_signal"] for ph in result["phases"])
        assert all(p["lcl"] == 0 for p in result["points"])


@thorough
@given(family_series())
def test_every_point_outside_is_strictly_beyond_a_limit(case):
    chart, values, dens = case
    for p in analyze(values, chart=chart, denominators=dens)["points"]:
        if p["outside"] and chart != "t":
            assert (p["ucl"] is not None and p["y"] > p["ucl"]) or (
                p["lcl"] is not None and p["y"] < p["lcl"]
            )
        if p["outside"] and chart == "t":  # judged on the transformed scale
            assert (
                p["ucl"] is not None
                and p["y"] ** (1 / 3.6) > p["ucl"] ** (1 / 3.6) - 1e-9
                or (p["lcl"] > 0)
            )


@quick
@given(st.lists(st.one_of(st.none(), subgroup), min_size=1, max_size=20))
def test_excluding_a_subgroup_is_the_same_as_leaving_it_empty(groups):
    with_none = analyze(groups, chart="s")
    with_empty = analyze([[] if g is None else g for g in groups], chart="s")

    assert with_none["points"] == with_empty["points"]
    assert with_none["phases"] == with_empty["phases"]


@thorough
@given(st.lists(observation, min_size=2, max_size=40), st.floats(-1e3, 1e3))
def test_mr_chart_does_not_change_when_every_value_shifts(values, shift):
    # whole numbers keep the differences exact
    a = analyze([round(v) for v in values], chart="mr")
    b = analyze([round(v) + round(shift) for v in values], chart="mr")

    assert [p["y"] for p in a["points"]] == [p["y"] for p in b["points"]]
    assert a["phases"][0]["cl"] == b["phases"][0]["cl"]
