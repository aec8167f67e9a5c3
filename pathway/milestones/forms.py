"""Forms for milestones and milestone templates."""

import calendar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from pathway.core.events import anchor_choices, completion_choices
from pathway.core.forms import DATE_INPUT
from pathway.core.search import SearchField
from pathway.models import (
    DueRule,
    MilestoneStatus,
    MilestoneTemplate,
    Program,
    Track,
)

MONTHS = [("", "—")] + [(i, calendar.month_name[i]) for i in range(1, 13)]
STATUS_FILTERS = [("", "Open (overdue, due soon, upcoming)")] + list(MilestoneStatus.choices)


class MilestoneTemplateForm(forms.ModelForm):
    due_month = forms.TypedChoiceField(
        choices=MONTHS, coerce=int, empty_value=None, required=False, label="Month"
    )
    anchor_event = forms.ChoiceField(required=False, label="After the event")
    completion_event = forms.ChoiceField(label="Completed by")

    class Meta:
        model = MilestoneTemplate
        fields = [
            "program",
            "name",
            "description",
            "position",
            "is_active",
            "audience",
            "track",
            "only_pgy",
            "due_rule",
            "due_pgy",
            "due_month",
            "due_day",
            "anchor_event",
            "offset_days",
            "due_date",
            "completion_event",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_rule": forms.RadioSelect,
            "due_date": DATE_INPUT,
        }
        labels = {"due_pgy": "PGY year", "due_day": "Day"}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["anchor_event"].choices = [("", "—")] + anchor_choices()
        self.fields["completion_event"].choices = completion_choices()
        self.fields["track"].choices = [("", "Both tracks")] + list(Track.choices)
        self.fields["only_pgy"].widget.attrs["placeholder"] = "Any year"
        if self.instance.pk or not actor.is_superuser:
            del self.fields["program"]
        else:
            self.fields["program"].queryset = Program.objects.all()

    def clean(self):
        data = super().clean()
        rule = data.get("due_rule")
        # Only the chosen rule's fields count; the others are cleared so they cannot mislead.
        unused = {
            DueRule.PGY_DATE: ("anchor_event", "offset_days", "due_date"),
            DueRule.AFTER_EVENT: ("due_pgy", "due_month", "due_day", "due_date"),
            DueRule.ABSOLUTE: ("due_pgy", "due_month", "due_day", "anchor_event", "offset_days"),
        }.get(rule, ())
        for name in unused:
            data[name] = "" if name == "anchor_event" else None
        return data

    def _post_clean(self):
        if not self.instance.pk and "program" not in self.fields:
            self.instance.program = self.actor.program
        super()._post_clean()
        if "program" not in self.fields:
            # The form leaves out the program checks touching it (a name used twice).
            try:
                self.instance.validate_constraints()
            except ValidationError as error:
                self._update_errors(error)


class WaiveForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The resident sees this reason.",
    )


class RescheduleForm(forms.Form):
    due_on = forms.DateField(label="New due date", required=False, widget=DATE_INPUT)
    reason = forms.CharField(max_length=300, required=False, help_text="The resident sees this.")
    use_rule = forms.BooleanField(
        label="Go back to the date the template's rule gives", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("use_rule"):
            data["due_on"] = None
            return data
        if not data.get("due_on"):
            self.add_error("due_on", "Choose the new due date.")
        if not (data.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for moving the due date.")
        return data


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label="Done on", widget=DATE_INPUT)
    evidence = forms.CharField(
        max_length=300, help_text="What shows it was done, e.g. “Presented at Grand Rounds”."
    )

    def clean_completed_on(self):
        on = self.cleaned_data["completed_on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return on


class MilestoneFilterForm(forms.Form):
    status = forms.ChoiceField(choices=STATUS_FILTERS, required=False)
    q = SearchField(label="Resident or milestone")
