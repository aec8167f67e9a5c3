"""The program report's year filter."""

from django import forms
from django.utils import timezone

from pathway.core.academic import academic_year_label, academic_year_start

# The pathway's records start well after this; earlier years can only be typing mistakes.
FIRST_REPORT_YEAR = 2000


class ReportYearForm(forms.Form):
    """An academic year by the calendar year it starts in: 2025 is 1 July 2025 – 30 June 2026."""

    year = forms.IntegerField(
        label="Academic year starting in",
        help_text="e.g. 2025 for the academic year 2025–26 (1 July 2025 – 30 June 2026).",
        error_messages={"invalid": "Give the year as four digits, e.g. 2025 for 2025–26."},
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = academic_year_start(today or timezone.localdate())
        self.fields["year"].widget.attrs.update(
            {"min": FIRST_REPORT_YEAR, "max": self.current, "inputmode": "numeric"}
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_REPORT_YEAR <= year <= self.current:
            raise forms.ValidationError(
                f"There is no report for {year}: choose an academic year from "
                f"{academic_year_label(FIRST_REPORT_YEAR)} to {academic_year_label(self.current)} "
                f"(the current one)."
            )
        return year
