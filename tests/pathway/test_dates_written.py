"""Dates are written as the templates' "j M Y" and the charts' labels always were: by a table
of month names, the same text strftime gave in the "C" locale."""

from datetime import date, timedelta

from django.utils.dateformat import format as django_format

from pathway.core.dates import month_year, short_date, short_day

DAYS = [date(1999, 12, 31) + timedelta(days=n * 17) for n in range(60)] + [date(2000, 1, 1)]


def test_a_short_date_is_what_the_date_filter_writes():
    for on in DAYS:
        assert short_date(on) == django_format(on, "j M Y")


def test_a_charts_labels_are_what_strftime_wrote():
    for on in DAYS:
        assert month_year(on) == on.strftime("%b %Y")
        assert short_day(on) == f"{on.day} {on:%b %y}"
    assert short_day(date(2007, 3, 4)) == "4 Mar 07"
