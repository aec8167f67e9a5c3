"""Sponsor selection: the resident's request, the sponsor's answer, the coordinator's
decision on a proposed sponsor."""

from django import forms

from pathway.core.limits import LONG_TEXT
from pathway.models import User

# --- Sponsorship -------------------------------------------------------------------------------


class SponsorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        department = getattr(user.sponsor_profile, "department", "")
        return f"{user.display_name}{f' · {department}' if department else ''}"


class SponsorRequestForm(forms.Form):
    sponsor = SponsorChoiceField(
        label="A sponsor of the program",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose a sponsor",
    )
    proposed_name = forms.CharField(label="Or propose someone new: name", required=False)
    proposed_email = forms.EmailField(label="Their email", required=False)
    proposed_title = forms.CharField(
        label="Their title or department", required=False, max_length=200
    )
    message = forms.CharField(
        label="Message to the sponsor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why you would like them to guide your capstone.",
        max_length=LONG_TEXT,
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = (
            User.objects.filter(program=program, is_active=True, sponsor_profile__isnull=False)
            .select_related("sponsor_profile")
            .order_by("full_name")
        )

    def clean(self):
        data = super().clean()
        sponsor = data.get("sponsor")
        proposing = data.get("proposed_name") or data.get("proposed_email")
        if sponsor and proposing:
            raise forms.ValidationError(
                "Choose a sponsor of the program or propose someone new, not both."
            )
        if not sponsor and not proposing and not self.errors:
            raise forms.ValidationError(
                "Choose a sponsor of the program, or propose someone new by name and email."
            )
        if proposing and not sponsor:
            if not data.get("proposed_name"):
                self.add_error("proposed_name", "Give the proposed sponsor's name.")
            if not data.get("proposed_email") and "proposed_email" not in self.errors:
                self.add_error("proposed_email", "Give the proposed sponsor's email.")
        return data


class SponsorAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you decline: the resident reads it.",
        max_length=LONG_TEXT,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("note", "").strip():
            self.add_error("note", "Add a short note for the resident when you decline.")
        return data


class ProposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", "Approve: create their account and send the request"),
            ("refuse", "Do not approve"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you do not approve: the resident reads it.",
        max_length=LONG_TEXT,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note", "").strip():
            self.add_error("note", "Tell the resident why the proposal is not approved.")
        return data
