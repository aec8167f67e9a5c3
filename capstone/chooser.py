"""The chart chooser: which control chart suits which data, in plain words, and warnings
when the measure's chart fits its data badly (read from the data itself)."""

from dataclasses import dataclass

from capstone import spc

LANEY_LIMIT = 2.0  # σz above this: P/U limits are far narrower than the points' spread
LANEY_FITS = 1.2  # σz at or below this: the ordinary P/U chart is good enough
MOSTLY_ZERO = 0.5  # this share of periods with no event or more: rare events
MIN_POINTS = 10  # fewer points say too little about fit to warn


@dataclass(frozen=True)
class Advice:
    data: str
    charts: str
    words: str


GUIDANCE = [
    Advice(
        "One number per period (minutes, a score, a cost)",
        "I chart (with its MR chart)",
        "The usual choice for a measurement taken once per day, week or month.",
    ),
    Advice(
        "Several measurements per period (each patient's wait that week)",
        "Xbar and S charts",
        "The Xbar chart follows the period's mean, the S chart its spread; both use every "
        "measurement, so they see smaller changes than an I chart of the means.",
    ),
    Advice(
        "A proportion: numerator / denominator",
        "P chart, or P′ for large denominators",
        "With large denominators (thousands a period) the P chart's limits hug the centre line "
        "and every point looks special: the P′ chart adjusts for between-period variation.",
    ),
    Advice(
        "A count, or a rate: count / exposure",
        "C or U chart, or U′ for large exposures",
        "The C chart suits counts with the same opportunity each period, the U chart rates "
        "per patient-day or per 1,000 patient-days; U′ is to U what P′ is to P.",
    ),
    Advice(
        "Counts of rare events (falls, line infections, deaths)",
        "G chart or T chart",
        "When most periods are zero, P, C and U charts go flat at zero: use a G chart of cases "
        "between events or a T chart of days between events. Longer gaps are better.",
    ),
]


def fit_warnings(chart) -> list[str]:
    """Plain-words warnings when ``chart`` (a capstone.charts.MeasureChart) fits its data
    badly; empty when it fits or there are too few points to say."""
    if chart.analysis is None or chart.chart == "run":
        return []
    points = [p for p in chart.analysis["points"] if p["y"] is not None]
    if len(points) < MIN_POINTS:
        return []
    kind = chart.chart
    warnings = []
    if kind in ("p", "u", "c", "i") and _mostly_zero(points, kind):
        warnings.append(
            f"Most periods ({_share(points, kind)}) have no event, so this chart goes flat at "
            "zero and cannot show improvement. For rare events use a G chart of cases between "
            "events or a T chart of days between events (choose that data type)."
        )
    if kind in ("p", "u", "pp", "up"):
        sigma_z = spc.laney_sigma_z(
            [p["value"] for p in points], [p["denominator"] for p in points], chart=kind[0]
        )
        prime = "P′" if kind[0] == "p" else "U′"
        plain = kind[0].upper()
        if kind in ("p", "u") and sigma_z is not None and sigma_z > LANEY_LIMIT:
            warnings.append(
                f"The points vary {sigma_z:.1f} times more than the {plain} chart's limits "
                f"allow (Laney's σz = {sigma_z:.1f}, above {LANEY_LIMIT:g}): with denominators "
                f"this large most points look special. The {prime} chart adjusts for "
                "between-period variation; choose it under Control chart."
            )
        if kind in ("pp", "up") and sigma_z is not None and sigma_z <= LANEY_FITS:
            warnings.append(
                f"Laney's σz is {sigma_z:.2f}, close to 1: the ordinary {plain} chart fits "
                f"these data and is easier to explain than the {prime} chart."
            )
    if kind in ("xbar", "s"):
        singles = sum(1 for p in points if p.get("n", 0) < 2)
        if singles * 2 > len(points):
            warnings.append(
                f"{singles} of {len(points)} subgroups have a single measurement: an {kind} "
                "chart needs several per period. Record one number per period as continuous "
                "data for an I chart instead."
            )
    return warnings


def _counts(points, kind):
    return [p["value"] if kind in ("p", "u") else p["y"] for p in points]


def _mostly_zero(points, kind) -> bool:
    counts = _counts(points, kind)
    return sum(1 for c in counts if c == 0) >= MOSTLY_ZERO * len(counts)


def _share(points, kind) -> str:
    counts = _counts(points, kind)
    return f"{sum(1 for c in counts if c == 0)} of {len(counts)}"
