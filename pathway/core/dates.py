"""The one way dates are written for people, in Python as the templates do ("j M Y"): the day
without a leading zero, the month's short name, the year. Portable (no "%-d", which only some C
libraries know). `long_date` spells the month out, for emails' sentences and the due rules."""

# Month names as the "C" locale writes "%b": by table, as strftime costs several times more
# and a chart's table and axis write hundreds of dates.
MONTH_ABBREVIATIONS = (
    "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
)  # fmt: skip


def short_date(on) -> str:
    """3 Mar 2026."""
    return f"{on.day} {MONTH_ABBREVIATIONS[on.month]} {on.year}"


def month_year(on) -> str:
    """Mar 2026: a chart's label for monthly data."""
    return f"{MONTH_ABBREVIATIONS[on.month]} {on.year}"


def short_day(on) -> str:
    """3 Mar 26: a chart's label for a day."""
    return f"{on.day} {MONTH_ABBREVIATIONS[on.month]} {on.year % 100:02d}"


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
