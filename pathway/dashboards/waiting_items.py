"""The items of "Waiting on you" (pathway.dashboards.waiting): what waits, since when, and the
one link that acts on it; and the helpers every source uses to stay at one query."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from mentoring.models import CoachingSettings
from pathway.core.compiled_lists import CompiledList

# Rows read per source, and items the panel shows (the rest are counted).
SOURCE_LIMIT = 20
SHOWN = 10
# Waits longer than a week are shown in red: everything listed waits, not everything is late.
LATE_AFTER_DAYS = 7


@dataclass(frozen=True)
class Item:
    """One thing waiting on the person: what, since when, and the link that acts on it."""

    kind: str  # e.g. "Report to review"
    text: str  # who or what, in words
    url: str
    action: str  # the link's words, e.g. "Review"
    since: date | None  # when it started waiting (None: no date to count from)
    today: date
    details: tuple = ()  # (text, url) lines under the item, e.g. at-risk reasons
    ahead: bool = False  # a date still to come (a milestone due soon), not a wait
    note: str = ""  # a short quote under the item, e.g. a stage request's note to the approvers

    @property
    def days(self) -> int | None:
        return None if self.since is None else (self.today - self.since).days

    @property
    def late(self) -> bool:
        days = self.days
        return days is not None and (days > 0 if self.ahead else days > LATE_AFTER_DAYS)

    @property
    def waiting_text(self) -> str:
        days = self.days
        if days is None:
            return ""
        if self.ahead:
            if days == 0:
                return "due today"
            return f"due in {_days(-days)}" if days < 0 else f"overdue {_days(days)}"
        return "since today" if days <= 0 else f"waiting {_days(days)}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def local_day(moment: datetime | date | None) -> date | None:
    if moment is None or not isinstance(moment, datetime):
        return moment
    return timezone.localdate(moment)


def sort_key(item: Item) -> tuple:
    """Oldest first; undated items after the dated ones."""
    return (item.since is None, item.since or date.max, item.kind, item.text)


def panel(items: list[Item], *, capped: bool) -> dict:
    """The panel's context: the SHOWN oldest items and how many more there are."""
    items = sorted(items, key=sort_key)
    return {
        "items": items[:SHOWN],
        "more": max(len(items) - SHOWN, 0),
        "more_capped": capped,
    }


def program_setting(user, name: str) -> int:
    """One of the program's coaching settings (mentoring.CoachingSettings), or its default,
    read by id so the program itself is never loaded."""
    return getattr(CoachingSettings.for_program(user.program_id), name)


def collect(queryset, today: date, describe) -> tuple[list[Item], bool]:
    """One source's items: `describe(row)` gives (kind, text, url, action, since) for each of
    at most SOURCE_LIMIT rows, read in one query; and whether there were more."""
    rows, capped = first(queryset)
    return [Item(*describe(row), today) for row in rows], capped


def source_rows(model):
    """Decorates a source's build(user, **values): it becomes a CompiledList (its SQL written
    once per kind of user) of the at most SOURCE_LIMIT + 1 rows first() reads."""
    return lambda build: CompiledList(
        model, lambda user, **values: build(user, **values)[: SOURCE_LIMIT + 1]
    )


def first(queryset) -> tuple[list, bool]:
    """At most SOURCE_LIMIT rows of one source, and whether there were more, in one query."""
    rows = list(queryset[: SOURCE_LIMIT + 1])
    return rows[:SOURCE_LIMIT], len(rows) > SOURCE_LIMIT
