"""capstone.spc reproduces the textbook examples that qicharts2's own tests are built on.

qicharts2's tests/testthat/test_montgomery.R runs qic() on the data of Montgomery,
Introduction to Statistical Quality Control (6th ed.): example 6.3 (Xbar and S, piston rings),
example 6.5 (I and MR, mortgage-loan costs) and example 7.6 (T, valve failures). Its reference
results are binary .rds files, so for 6.3 and 6.5 the numbers asserted here are the ones
Montgomery prints, to the digits printed; where Montgomery rounds an intermediate value before
using it, the test says so and shows both sides of the arithmetic. For 7.6 the limits are
computed by hand from Montgomery's data by qicharts2's rule, with the arithmetic in a comment.
"""

import statistics

import pytest

from capstone.spc import a3, analyze
from tests.capstone.spc_helpers import PISTON_RINGS, limits

# Montgomery example 6.5 (table 6.6): cost of processing mortgage-loan applications, 20 weeks.
LOAN_COSTS = [310, 288, 297, 298, 307, 303, 294, 297, 308, 306]
LOAN_COSTS += [294, 299, 297, 299, 314, 295, 293, 306, 301, 304]

# Montgomery example 7.6 (table 7.14): hours between successive failures of a valve.
VALVE_FAILURES = [286, 948, 536, 124, 816, 729, 4, 143, 431, 8]
VALVE_FAILURES += [2837, 596, 81, 227, 603, 492, 1199, 1214, 2831, 96]


def test_piston_ring_subgroups_have_the_means_and_sds_of_montgomerys_table_6_3():
    # The data are checked against the table's x-bar and s columns before anything is charted
    # (sample 3 once had a typo, 73.998 for 73.988, that moved s-bar to 0.0093).
    assert round(statistics.mean(PISTON_RINGS[2]), 3) == 74.008
    assert round(statistics.stdev(PISTON_RINGS[2]), 4) == 0.0147
    assert round(statistics.mean(statistics.stdev(g) for g in PISTON_RINGS), 4) == 0.0094


def test_s_chart_of_the_piston_rings_matches_montgomery_example_6_3():
    result = analyze(PISTON_RINGS, chart="s")

    cl, lcl, ucl = limits(result)
    # Montgomery: s-bar = 0.0094, UCL = B4 s-bar = 2.089 (0.0094) = 0.0196, LCL = B3 s-bar = 0
    assert round(cl, 4) == 0.0094
    assert round(ucl, 4) == 0.0196
    assert lcl == 0.0
    assert not any(p["outside"] for p in result["points"])
    assert round(result["points"][2]["y"], 4) == 0.0147


def test_xbar_chart_of_the_piston_rings_matches_montgomery_example_6_3():
    result = analyze(PISTON_RINGS, chart="xbar")

    cl, lcl, ucl = limits(result)
    s_bar = result["phases"][0]["s_bar"]
    # Montgomery: x-double-bar = 74.001, LCL = 74.001 - 1.427 (0.0094) = 73.988
    assert round(cl, 3) == 74.001
    assert round(lcl, 3) == 73.988
    # Montgomery prints UCL = 74.014 from the rounded 74.001 + 1.427 (0.0094) = 74.0144; the
    # unrounded 74.001176 + 1.427 (0.009399) = 74.0146 rounds to 74.015.
    assert round(74.001 + round(a3(5), 3) * round(s_bar, 4), 3) == 74.014
    assert round(ucl, 3) == 74.015
    assert ucl == pytest.approx(cl + a3(5) * s_bar, rel=1e-12)
    assert not any(p["outside"] for p in result["points"])
    assert round(result["points"][2]["y"], 3) == 74.008
    assert result["points"][0]["n"] == 5


def test_i_chart_of_the_loan_costs_matches_montgomery_example_6_5():
    result = analyze(LOAN_COSTS, chart="i")

    cl, lcl, ucl = limits(result)
    # Montgomery: x-bar = 300.5, MR-bar = 7.79, limits 300.5 ± 3 (7.79 / 1.128)
    assert cl == 300.5
    assert round(ucl, 2) == 321.22
    assert round(lcl, 2) == 279.78
    assert not any(p["outside"] for p in result["points"])


def test_mr_chart_of_the_loan_costs_matches_montgomery_example_6_5():
    result = analyze(LOAN_COSTS, chart="mr")

    cl, lcl, ucl = limits(result, 1)
    # Montgomery: MR-bar = 7.79, UCL = D4 MR-bar = 3.267 (7.79) = 25.45, LCL = 0
    assert round(cl, 2) == 7.79
    assert round(ucl, 2) == 25.45
    assert lcl == 0.0
    assert result["points"][1]["y"] == 22  # |288 - 310|
    assert not any(p["outside"] for p in result["points"])


def test_t_chart_of_the_valve_failures_matches_montgomery_example_7_6():
    result = analyze(VALVE_FAILURES, chart="t")

    cl, lcl, ucl = limits(result)
    # On the transformed scale (qicharts2's exponent 1/3.6; Montgomery rounds it to 0.2777):
    # mean 5.3893, MR-bar 2.3609, UCL 5.3893 + 3 (2.3609 / 1.128) = 11.6683, and the lower
    # limit 5.3893 - 6.2790 = -0.8898 is negative, so it is 0 on the time scale.
    # With Montgomery's exponent the same arithmetic gives 5.3866, 11.6611 and -0.8879.
    assert round(cl ** (1 / 3.6), 4) == 5.3893
    assert round(ucl ** (1 / 3.6), 4) == 11.6683
    assert lcl == 0.0
    # Montgomery: the individuals chart of the transformed times shows no sign of trouble.
    assert not any(p["outside"] for p in result["points"])
    assert result["phases"][0]["runs_signal"] is False
    # The chart is drawn in hours: the points are the times themselves.
    assert [p["y"] for p in result["points"]] == VALVE_FAILURES
    assert round(cl, 1) == 430.0
    assert round(ucl) == 6938
