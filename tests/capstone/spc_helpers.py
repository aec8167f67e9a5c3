"""Reference data sets and small readers of analyze() results for the SPC tests.

Montgomery, Introduction to Statistical Quality Control (6th ed.), examples 7.1 and 7.3 are the
data sets behind qicharts2's own tests (tests/testthat/test_montgomery.R); RNORM_20 is
NHSRplotthedots' snapshot series (tests/testthat/_snaps/ptd_spc_standard.md).
"""

# Montgomery example 7.1: defective orange-juice cans in 30 samples of 50.
ORANGE_JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18]
ORANGE_JUICE += [24, 15, 9, 12, 7, 13, 9, 6]
# Montgomery example 7.3: nonconformities in 26 samples of 100 printed circuit boards.
CIRCUIT_BOARDS = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18]
CIRCUIT_BOARDS += [39, 30, 24, 16, 19, 17, 15]
# R: set.seed(123); rnorm(20) -- as printed in NHSRplotthedots' snapshot.
RNORM_20 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def outside_points(result):
    return [i + 1 for i, p in enumerate(result["points"]) if p["outside"]]


def codes(result, code):
    return [i for i, p in enumerate(result["points"]) if code in p["signals"]]
