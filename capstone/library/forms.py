"""The library's search box and filters. A value that is not one of the choices is an error
shown beside its field; the other filters still apply (never a 500)."""

from django import forms
from django.db.models.functions import TruncDate

from capstone.library.selectors import (
    Outcome,
    addressing_waste,
    library_search,
    with_measure_kind,
)
from capstone.models import MeasureKind, Stage, Waste
from pathway.core.academic import academic_year_bounds, academic_year_label, academic_year_start
from pathway.core.search import SearchField

ANY = [("", "Any")]


class LibraryFilterForm(forms.Form):
    q = SearchField(label="Search the library")
    area = forms.ChoiceField(label="Clinical area", required=False)
    waste = forms.ChoiceField(label="Waste addressed", required=False, choices=ANY + Waste.choices)
    measure = forms.ChoiceField(
        label="Measure type", required=False, choices=ANY + MeasureKind.choices
    )
    outcome = forms.ChoiceField(required=False, choices=ANY + Outcome.choices)
    stage = forms.ChoiceField(required=False, choices=ANY + Stage.choices)
    year = forms.TypedChoiceField(
        label="Academic year", required=False, coerce=int, empty_value=None
    )
    program = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args, entries, programs, **kwargs):
        super().__init__(*args, **kwargs)
        areas = (
            entries.exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
        )
        self.fields["area"].choices = ANY + [(a, a) for a in dict.fromkeys(areas)]
        days = entries.annotate(day=TruncDate("created_at")).values_list("day", flat=True)
        years = sorted({academic_year_start(day) for day in days}, reverse=True)
        self.fields["year"].choices = ANY + [(y, academic_year_label(y)) for y in years]
        self.fields["program"].choices = ANY + [(p.pk, p.display_name) for p in programs]
        self.has_many_programs = len(programs) > 1
        if not self.has_many_programs:
            del self.fields["program"]
        # Bound now: cleaned_data then holds every valid filter even when another is wrong.
        self.is_valid()

    def filter(self, entries):
        """`entries` filtered and searched by every valid field (outcome is applied by the
        caller: it is read from the SPC engine, not the database)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("area"):
            entries = entries.filter(department=data["area"])
        if data.get("waste"):
            entries = addressing_waste(entries, data["waste"])
        if data.get("measure"):
            entries = with_measure_kind(entries, data["measure"])
        if data.get("stage"):
            entries = entries.filter(stage=data["stage"])
        if data.get("year") is not None:
            first, last = academic_year_bounds(data["year"])
            entries = entries.filter(created_at__date__range=(first, last))
        if data.get("program") is not None:
            entries = entries.filter(program=data["program"])
        return library_search(entries, data.get("q"))

    @property
    def chosen_outcome(self) -> str:
        return getattr(self, "cleaned_data", {}).get("outcome") or ""
