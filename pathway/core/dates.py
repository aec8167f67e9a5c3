"""The one way dates are written for people, in Python as the templates do ("j M Y"): the day
without a leading zero, the month's short name, the year. Portable (no "%-d", which only some C
libraries know). `long_date` spells the month out, for emails' sentences and the due rules."""


def short_date(on) -> str:
    """3 Mar 2026."""
    return f"{on.day} {on:%b %Y}"


def long_date(on) -> str:
    """3 March 2026."""
    return f"{on.day} {on:%B %Y}"


def days_ago(on, today) -> str:
    """How long ago a day was, in days: "today", "yesterday", "3 days ago". For dates, which
    have no time of day (Django's `timesince` reads a date as midnight: "7 hours ago" for a
    report sent two minutes ago)."""
    days = (today - on).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
