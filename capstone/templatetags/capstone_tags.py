"""Small presentation helpers for the capstone pages."""

from django import template

from capstone.chartwords import number_text, value_with_unit
from capstone.models import Stage

register = template.Library()

STAGE_TONES = {
    Stage.SELECTION: "early",
    Stage.CURRENT_STATE: "early",
    Stage.EVENT_PREP: "event",
    Stage.EVENT: "event",
    Stage.IMPLEMENTATION: "doing",
    Stage.POST_EVENT: "doing",
    Stage.RESULTS: "late",
    Stage.DISSEMINATION: "late",
    Stage.CLOSED: "closed",
    Stage.ON_HOLD: "hold",
    Stage.WITHDRAWN: "withdrawn",
}


@register.inclusion_tag("capstone/includes/stage_badge.html")
def stage_badge(project):
    return {
        "label": project.get_stage_display(),
        "tone": STAGE_TONES.get(project.stage, "early"),
    }


@register.filter
def number(value):
    """A decimal without trailing zeros: 12.50 -> 12.5, 3.00 -> 3."""
    return number_text(value)


@register.filter
def with_unit(value, unit):
    return value_with_unit(value, unit)


@register.filter
def signed_with_unit(value, unit):
    """A change with its sign: +3 minutes; a change of a percentage is in percentage points."""
    if value is None:
        return "—"
    text = (
        number(value) + " percentage points"
        if (unit or "").strip() == "%"
        else with_unit(value, unit)
    )
    return f"+{text}" if value > 0 else text


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{value:.1f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
