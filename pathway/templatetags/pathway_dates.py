"""Date filters for every app's templates."""

from django import template
from django.utils import timezone

from pathway.core.dates import days_ago as _days_ago

register = template.Library()


@register.filter
def days_ago(on):
    """{{ some_date|days_ago }}: "today", "yesterday", "3 days ago", in the site's time zone."""
    if not on:
        return ""
    return _days_ago(on, timezone.localdate())
