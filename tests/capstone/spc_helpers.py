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


# Montgomery table 6.3: inside diameters (mm) of forged piston rings, 25 samples of 5.
PISTON_RINGS = [
    [74.030, 74.002, 74.019, 73.992, 74.008],
    [73.995, 73.992, 74.001, 74.011, 74.004],
    [73.988, 74.024, 74.021, 74.005, 74.002],
    [74.002, 73.996, 73.993, 74.015, 74.009],
    [73.992, 74.007, 74.015, 73.989, 74.014],
    [74.009, 73.994, 73.997, 73.985, 73.993],
    [73.995, 74.006, 73.994, 74.000, 74.005],
    [73.985, 74.003, 73.993, 74.015, 73.988],
    [74.008, 73.995, 74.009, 74.005, 74.004],
    [73.998, 74.000, 73.990, 74.007, 73.995],
    [73.994, 73.998, 73.994, 73.995, 73.990],
    [74.004, 74.000, 74.007, 74.000, 73.996],
    [73.983, 74.002, 73.998, 73.997, 74.012],
    [74.006, 73.967, 73.994, 74.000, 73.984],
    [74.012, 74.014, 73.998, 73.999, 74.007],
    [74.000, 73.984, 74.005, 73.998, 73.996],
    [73.994, 74.012, 73.986, 74.005, 74.007],
    [74.006, 74.010, 74.018, 74.003, 74.000],
    [73.984, 74.002, 74.003, 74.005, 73.997],
    [74.000, 74.010, 74.013, 74.020, 74.003],
    [73.982, 74.001, 74.015, 74.005, 73.996],
    [74.004, 73.999, 73.990, 74.006, 74.009],
    [74.010, 73.989, 73.990, 74.009, 74.014],
    [74.015, 74.008, 73.993, 74.000, 74.010],
    [73.982, 73.984, 73.995, 74.017, 74.013],
]


def limits(result, index=0):
    point = result["points"][index]
    return point["cl"], point["lcl"], point["ucl"]
