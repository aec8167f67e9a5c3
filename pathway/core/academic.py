"""Academic-year arithmetic. Residency years run 1 July – 30 June."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

ACADEMIC_YEAR_START_MONTH = 7


def academic_year_start(on: date) -> int:
    """The calendar year in which the academic year containing `on` began."""
    return on.year if on.month >= ACADEMIC_YEAR_START_MONTH else on.year - 1


def academic_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 7, 1), date(start_year + 1, 6, 30)


def academic_year_label(start_year: int) -> str:
    return f"{start_year}–{str(start_year + 1)[-2:]}"


def pgy_for(residency_start: date, on: date) -> int:
    """PGY level on a date: 1 in the academic year residency began, +1 each 1 July after.

    0 means the resident has not started yet, including an off-cycle start later in the same
    academic year."""
    if on < residency_start:
        return 0
    return academic_year_start(on) - academic_year_start(residency_start) + 1


def future_problem(day: date | None, what: str) -> str | None:
    """The rule for records of things that have happened (a data point, an observation, a
    follow-up held, a presentation given): not after today in the site's time zone."""
    if day is not None and day > timezone.localdate():
        return f"{what} cannot be in the future."
    return None


def refuse_future(day: date | None, field: str, what: str) -> None:
    problem = future_problem(day, what)
    if problem:
        raise ValidationError({field: problem})
