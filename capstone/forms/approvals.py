"""Forms for stage requests, the program's approval rules, and the QI-or-research
determination."""

from django import forms

from capstone.models import (
    APPROVERS,
    REQUESTABLE,
    Approver,
    Determination,
    Stage,
    letter_validator,
)
from capstone.services.approvals import NOTE_MAX
from pathway.people.forms import DATE_INPUT


class RequestNoteForm(forms.Form):
    note = forms.CharField(
        label="Note to the approvers (optional)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="What needs to change",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The leads see this note on the project and by email.",
        error_messages={"required": "Say what needs to change."},
    )

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError("Say what needs to change.")
        return note


class ApprovalRulesForm(forms.Form):
    """One checkbox per stage and approver: field `<stage>__<approver>`."""

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in REQUESTABLE:
            for name in APPROVERS:
                self.fields[f"{stage}__{name}"] = forms.BooleanField(
                    label=f"{Approver(name).label} approves entering {Stage(stage).label}",
                    required=False,
                    initial=name in table[stage],
                )

    def rows(self):
        """(stage label, [bound field per approver]) for the table."""
        return [
            (Stage(stage).label, [self[f"{stage}__{name}"] for name in APPROVERS])
            for stage in REQUESTABLE
        ]

    def table(self) -> dict:
        data = self.cleaned_data
        return {
            stage: {name for name in APPROVERS if data.get(f"{stage}__{name}")}
            for stage in REQUESTABLE
        }


class DeterminationForm(forms.ModelForm):
    class Meta:
        model = Determination
        fields = ["kind", "board", "protocol_number", "approved_on", "letter"]
        widgets = {"kind": forms.RadioSelect, "approved_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Determination.Kind.choices  # radios: no blank choice
        self.fields["board"].help_text = "For IRB-approved research: the board that approved it."
        self.fields["letter"].validators.append(letter_validator)
        self.fields[
            "letter"
        ].help_text = f"Optional: the determination letter ({letter_validator.describe()})."
