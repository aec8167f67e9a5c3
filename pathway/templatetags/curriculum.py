"""Template helpers for the curriculum pages."""

from django import template

register = template.Library()

# Status value -> Bootstrap badge class, so every page colours a status the same way.
BADGES = {
    "enrolled": "text-bg-success",
    "waitlisted": "text-bg-warning",
    "withdrawn": "text-bg-secondary",
    "present": "text-bg-success",
    "absent": "text-bg-danger",
    "excused": "text-bg-warning",
    "submitted": "text-bg-info",
    "revision_requested": "text-bg-warning",
    "accepted": "text-bg-success",
    "declined": "text-bg-secondary",
}


@register.filter
def get(mapping, key):
    """mapping[key], or None: dictionary lookups with a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def badge(status):
    return BADGES.get(str(status), "text-bg-light border")
