"""The one way dates are written for people, in Python as the templates do ("j M Y"): the day
without a leading zero, the month's short name, the year. Portable (no "%-d", which only some C
libraries know). `long_date` spells the month out, for emails' sentences and the due rules."""


def short_date(on) -> str:
    """3 Mar 2026."""
    return f"{on.day} {on:%b %Y}"


def long_date(on) -> str:
    """3 March 2026."""
    return f"{on.day} {on:%B %Y}"
