"""The reminder-sources registry: how the apps above pathway add to the reminders without
pathway importing them. capstone and mentoring register from their AppConfig.ready(); the sweep,
the weekly digests and the calendar feed read these lists, in registration order (pathway's own
sources first, then INSTALLED_APPS order).

- item collectors: (program, today) -> [Item] for the daily sweep to claim;
- residents at risk: (program, today) -> (rows, count) for the director's digest, by the one
  at-risk verdict (mentoring.at_risk) that the board and the coach's caseload show;
- coming events: (program, today) -> [{"on", "when", "text"}] for the director's digest;
- calendar sources: (user) -> [CalendarEvent] for the personal calendar feed;
- the coach lookup: {resident id: current coach's user id} (mentoring's CoachAssignment);
- the caseloads: (program, today, coach_ids) -> {coach id: rows} for the coaches' digests.
"""

from collections.abc import Callable

ITEM_COLLECTORS: list[Callable] = []
COMING_EVENTS: list[Callable] = []
CALENDAR_SOURCES: list[Callable] = []
_PROVIDERS: dict[str, Callable] = {}


def _add(registry: list, source: Callable) -> Callable:
    if source not in registry:
        registry.append(source)
    return source


def item_collector(source):
    return _add(ITEM_COLLECTORS, source)


def coming_event_source(source):
    return _add(COMING_EVENTS, source)


def calendar_source(source):
    return _add(CALENDAR_SOURCES, source)


def coach_lookup(source):
    """Register the function that maps resident ids to their current, active coach."""
    _PROVIDERS["coaches"] = source
    return source


def at_risk_source(source):
    """Register the function that lists a program's residents at risk for the digest."""
    _PROVIDERS["at_risk"] = source
    return source


def residents_at_risk(program, today) -> tuple[list[dict], int]:
    """([{"resident", "reason", "url"}], how many) for the director's digest; nobody without
    coaching."""
    build = _PROVIDERS.get("at_risk")
    return build(program, today) if build else ([], 0)


def caseload_source(source):
    """Register the function that builds each coach's caseload for the weekly digest."""
    _PROVIDERS["caseloads"] = source
    return source


def current_coaches(resident_ids) -> dict:
    """{resident id: coach's user id} for residents with a current, active coach; {} when no
    app provides coaching."""
    lookup = _PROVIDERS.get("coaches")
    return lookup(resident_ids) if lookup else {}


def coach_caseloads(program, today, *, coach_ids) -> dict:
    """{coach id: caseload rows} for the coaches' weekly digests; {} without coaching."""
    build = _PROVIDERS.get("caseloads")
    return build(program, today, coach_ids=coach_ids) if build else {}
