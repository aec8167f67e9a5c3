"""The project's one story: dates and follow-ups written once for every document."""

from datetime import date
from types import SimpleNamespace

import pytest

from capstone.documents.story import Story, span_words


@pytest.mark.parametrize(
    ("first", "second", "words"),
    [
        (date(2026, 3, 9), date(2026, 3, 10), "9 and 10 March 2026"),
        (date(2026, 11, 30), date(2026, 12, 1), "30 November and 1 December 2026"),
        (date(2025, 12, 31), date(2026, 1, 1), "31 December 2025 and 1 January 2026"),
        (date(2026, 3, 9), date(2026, 3, 9), "9 March 2026"),
        (date(2026, 3, 9), None, "9 March 2026"),
        (None, None, ""),
    ],
)
def test_event_dates_say_each_month_and_year_they_need(first, second, words):
    assert span_words(first, second) == words


def story_with(held):
    fields = {name: None for name in Story.__dataclass_fields__}
    fields.update(follow_ups_held=held, follow_ups_due=[], generated_on=date(2026, 12, 4))
    return Story(**fields)


def follow_up(day, held_on, sustained=""):
    return SimpleNamespace(day=day, held_on=held_on, sustained=sustained)


def test_no_follow_up_held_says_nothing():
    assert story_with([]).follow_ups_held_sentence() == ""


def test_one_follow_up_held_is_one_follow_up():
    sentence = story_with([follow_up(30, date(2026, 1, 5), "partly")]).follow_ups_held_sentence()
    assert sentence == (
        "A follow-up was held at 30 days (5 January 2026, the change was partly sustained)."
    )


def test_follow_ups_with_one_finding_say_it_once():
    held = [follow_up(30, date(2026, 1, 5), "yes"), follow_up(60, date(2026, 2, 4), "yes")]
    assert story_with(held).follow_ups_held_sentence() == (
        "Follow-ups at 30 and 60 days (5 January 2026 and 4 February 2026) found the change "
        "sustained."
    )


def test_follow_ups_with_different_findings_say_each():
    held = [follow_up(30, date(2026, 1, 5), "yes"), follow_up(60, date(2026, 2, 4), "no")]
    assert story_with(held).follow_ups_held_sentence() == (
        "Follow-ups were held at 30 days (5 January 2026, the change was sustained) and 60 days "
        "(4 February 2026, the change was not sustained)."
    )
