"""Plain words about an SPC analysis: the legend sentences, the summary line, values
formatted for people. Used by the SVG drawing (capstone.svgchart) and by the pages."""

from __future__ import annotations

import html
from collections.abc import Sequence

PERCENT_CHARTS = ("p", "pp")  # the analysis keeps proportions; people read percentages

_CENTRE_WORDS = {
    "run": "median",
    "i": "mean",
    "c": "mean",
    "p": "mean proportion",
    "u": "mean rate",
    "pp": "mean proportion",
    "up": "mean rate",
    "mr": "mean moving range",
    "xbar": "grand mean",
    "s": "mean standard deviation",
    "t": "centre",
    "g": "median",
}
_CHART_NAMES = {
    "run": "Run chart",
    "i": "I chart",
    "p": "P chart",
    "c": "C chart",
    "u": "U chart",
    "pp": "P′ chart",
    "up": "U′ chart",
    "mr": "MR chart",
    "xbar": "Xbar chart",
    "s": "S chart",
    "t": "T chart",
    "g": "G chart",
}
_SIGNAL_SENTENCE_END = "a signal that the process changed."


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _decimals_for(value: float) -> int:
    magnitude = abs(value)
    if magnitude >= 100:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    return 3


def number_text(value) -> str:
    """A number as the pages' tables show it: two decimals at most, no trailing zeros
    (12.50 -> 12.5, 3.00 -> 3, 43.333… -> 43.33)."""
    if value is None or value == "":
        return "—"
    text = f"{value:.2f}" if not isinstance(value, int) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def value_with_unit(value, unit) -> str:
    """A value and its unit as the tables show it: 43.33%, 55 minutes."""
    if value is None:
        return "—"
    unit = (unit or "").strip()
    text = number_text(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _format_value(value: float | None, chart: str, unit: str = "") -> str:
    """A value for people: P charts as percentages, otherwise with the unit appended."""
    if value is None:
        return "n/a"
    if chart in PERCENT_CHARTS:
        return f"{value * 100:.1f}%"
    text = f"{value:.{_decimals_for(value)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if not unit:
        return text
    return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}"


def _point_list(indexes: Sequence[int]) -> str:
    """'point 14', 'points 2 and 7', 'points 2, 7 and 14' (1-based)."""
    numbers = [str(i + 1) for i in indexes]
    if len(numbers) == 1:
        return f"point {numbers[0]}"
    if len(numbers) > 10:
        return f"points {', '.join(numbers[:10])} and {len(numbers) - 10} more"
    return f"points {', '.join(numbers[:-1])} and {numbers[-1]}"


def _point_range(first: int, last: int) -> str:
    return f"points {first + 1}–{last + 1}"


def _phase_labels(analysis: dict, phase_names: Sequence[str] | None) -> list[str]:
    phases = analysis["phases"]
    names = list(phase_names or [])
    return [names[k] if k < len(names) else f"Phase {k + 1}" for k in range(len(phases))]


# --------------------------------------------------------------------------------------
# Plain-words legend
# --------------------------------------------------------------------------------------


def describe_signals(
    analysis: dict, *, unit: str = "", phase_names: Sequence[str] | None = None
) -> list[str]:
    """Plain-words sentences describing every signal in ``analysis`` (1-based point numbers).

    With more than one phase each sentence names its phase (``phase_names`` or "Phase k").
    If nothing signals, the single sentence is
    "No signal: the variation looks like common-cause (random) variation."
    """
    chart = analysis["chart"]
    mdc = analysis.get("rules") == "mdc"
    centre_word = _CENTRE_WORDS[chart]
    if analysis.get("freeze") is not None:
        centre_word = f"baseline {centre_word}"
    limits_word = "process limits" if mdc else "control limits"
    labels = _phase_labels(analysis, phase_names)
    many = len(analysis["phases"]) > 1

    sentences: list[str] = []
    for k, phase in enumerate(analysis["phases"]):
        tag = f" ({labels[k]})" if many else ""
        ending = _SIGNAL_SENTENCE_END
        centre_text = f"the {centre_word} of {_format_value(phase['cl'], chart, unit)}"
        outside: list[dict] = []
        for event in phase.get("events", []):
            code = event["code"]
            if mdc and code != "crossings":
                ending = f"special-cause {event.get('variation', 'variation')}."
            if code in ("run", "shift"):
                sentences.append(
                    f"Shift{tag}: {event['length']} points in a row {event['side']} "
                    f"{centre_text} ({_point_range(event['first'], event['last'])}) — {ending}"
                )
            elif code == "trend":
                sentences.append(
                    f"Trend{tag}: {event['length']} points in a row going {event['direction']} "
                    f"({_point_range(event['first'], event['last'])}) — {ending}"
                )
            elif code == "two_of_three":
                limit = "upper" if event["side"] == "above" else "lower"
                sentences.append(
                    f"Close to the limit{tag}: 2 of 3 points beyond two-thirds of the way to "
                    f"the {limit} process limit ({_point_list(event['indexes'])}) — {ending}"
                )
            elif code == "crossings":
                crossings = event["crossings"]
                noun = "crossing" if crossings == 1 else "crossings"
                sentences.append(
                    f"Too few crossings{tag}: {crossings} {noun} of the {centre_word} where "
                    f"at least {event['crossings_min']} are expected — a signal that the "
                    "process is shifting."
                )
            elif code == "outside":
                outside.append(event)
        if outside:
            sentences.extend(_outside_sentences(outside, limits_word, tag, mdc))

    if not sentences:
        sentences.append("No signal: the variation looks like common-cause (random) variation.")
    return sentences


def _outside_sentences(events: list[dict], limits_word: str, tag: str, mdc: bool) -> list[str]:
    groups: dict[str, list[int]] = {}
    for event in events:
        key = event.get("variation", "") if mdc else ""
        groups.setdefault(key, []).append(event["first"])
    sentences = []
    for key, indexes in groups.items():
        count = len(indexes)
        noun = "point" if count == 1 else "points"
        ending = f"special-cause {key}." if mdc else "special-cause variation."
        where = f"{tag[2:-1]}: " if tag else ""
        sentences.append(
            f"{count} {noun} outside the {limits_word} ({where}{_point_list(indexes)}) — {ending}"
        )
    return sentences


def _summary_text(analysis: dict, unit: str, phase_names: Sequence[str] | None) -> str:
    chart = analysis["chart"]
    points = analysis["points"]
    included = sum(1 for p in points if p["y"] is not None)
    parts = [f"{_CHART_NAMES[chart]} of {len(points)} points ({included} included)."]
    labels = _phase_labels(analysis, phase_names)
    centre = _CENTRE_WORDS[chart]
    for k, phase in enumerate(analysis["phases"]):
        prefix = f"{labels[k]}: " if len(analysis["phases"]) > 1 else ""
        text = f"{prefix}{centre} {_format_value(phase['cl'], chart, unit)}"
        first = points[phase["start"]]
        if chart in ("i", "c", "t", "g") and first["lcl"] is not None and first["ucl"] is not None:
            text += (
                f", limits {_format_value(first['lcl'], chart, unit)} to "
                f"{_format_value(first['ucl'], chart, unit)}"
            )
        parts.append(text[0].upper() + text[1:] + ".")
    return " ".join(parts)
