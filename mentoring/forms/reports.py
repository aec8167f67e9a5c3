"""The resident's progress report and the coach's review."""

import uuid

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from mentoring.forms.coaching import _not_in_future
from mentoring.models import ProgressReport, ReviewDecision
from mentoring.services import ReportData
from pathway.core.forms import DATE_INPUT
from pathway.core.limits import LONG_TEXT

# --- Progress reports --------------------------------------------------------------------------


class ReportForm(forms.ModelForm):
    """The resident's progress report. The project is the resident's active capstone, set by
    the view; the measures offered are that project's."""

    class Meta:
        model = ProgressReport
        fields = [
            "period_from",
            "period_to",
            "work_done",
            "measures",
            "measure_links",
            "next_steps",
            "barriers",
            "help_from_coach",
            "help_from_sponsor",
            "hours_spent",
        ]
        widgets = {
            "period_from": DATE_INPUT,
            "period_to": DATE_INPUT,
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.CheckboxSelectMultiple,
            "measure_links": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "barriers": forms.Textarea(attrs={"rows": 2}),
            "help_from_coach": forms.Textarea(attrs={"rows": 2}),
            "help_from_sponsor": forms.Textarea(attrs={"rows": 2}),
        }

    # Names this form's report: posting it twice (a double click) cannot make two reports.
    form_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, project=None, period_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["form_token"]
        elif not self.is_bound:
            self.initial["form_token"] = uuid.uuid4()
        self.project = project
        if project is None:
            del self.fields["measures"]
        else:
            self.fields["measures"].queryset = project.measures.all()
            self.fields["measures"].help_text = "Tick the measures whose data you updated."
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("period_from", period_from)
            self.initial.setdefault("period_to", timezone.localdate())

    def clean_period_to(self):
        return _not_in_future(self.cleaned_data["period_to"], "The end of the period")

    def clean_measure_links(self):
        validate = URLValidator(schemes=["http", "https"])
        lines = [line.strip() for line in self.cleaned_data["measure_links"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"“{line}” is not a web address; put one address (https://…) per line."
                )
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_from", "The period must start on or before the day it ends.")
        return data

    def report_data(self) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            period_from=data["period_from"],
            period_to=data["period_to"],
            work_done=data["work_done"],
            next_steps=data["next_steps"],
            hours_spent=data["hours_spent"],
            project=self.project,
            measures=list(data.get("measures") or []),
            measure_links=data["measure_links"],
            barriers=data["barriers"],
            help_from_coach=data["help_from_coach"],
            help_from_sponsor=data["help_from_sponsor"],
            form_token=data.get("form_token"),
        )


class ReviewForm(forms.Form):
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The resident reads this on their report list.",
        max_length=LONG_TEXT,
    )
    decision = forms.ChoiceField(
        choices=ReviewDecision.choices, widget=forms.RadioSelect, label="Decision"
    )
