"""Small template helpers for markup without inline styles (the Content-Security-Policy allows
no style attributes): a bar's width is a class, .w-pct-0 to .w-pct-100 in static/css/app.css."""

from django import template

register = template.Library()


@register.simple_tag
def percent(part, whole):
    """part / whole as a whole percentage from 0 to 100 (over 100 is drawn full)."""
    try:
        part, whole = float(part), float(whole)
    except (TypeError, ValueError):
        return 0
    if whole <= 0:
        return 100 if part > 0 else 0
    ratio = part / whole
    return max(0, min(100, round(ratio * 100)))
