"""Forms for the Systems-Based Practice rotation and the leadership meeting log."""

from django import forms
from django.utils import timezone

from pathway.core.dates import short_date
from pathway.core.forms import DATE_INPUT
from pathway.core.limits import LONG_TEXT
from pathway.models import (
    LeadershipMeeting,
    PathwayStatus,
    ResidentProfile,
    SBPActivity,
    SBPRequirement,
    SBPRotation,
)


def _not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError("Log it once it has happened: this date is in the future.")
    return day


class SBPRotationForm(forms.ModelForm):
    class Meta:
        model = SBPRotation
        fields = ["resident", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        resident = self.fields["resident"]
        if self.instance.pk:
            del self.fields["resident"]
        else:
            resident.queryset = (
                ResidentProfile.objects.filter(
                    user__program=program,
                    user__is_active=True,
                    pathway_status=PathwayStatus.ACTIVE,
                    sbp_rotation__isnull=True,
                )
                .select_related("user")
                .order_by("-residency_start", "user__full_name")
            )
            resident.label_from_instance = lambda r: f"{r.user.full_name} ({r.pgy_label})"
            resident.help_text = "Active pathway residents without a rotation."

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The rotation cannot end before it starts.")
        return data


class SBPActivityForm(forms.ModelForm):
    class Meta:
        model = SBPActivity
        fields = ["requirement", "occurred_on", "what", "with_whom", "reflection"]
        widgets = {"occurred_on": DATE_INPUT, "reflection": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, rotation, **kwargs):
        super().__init__(*args, **kwargs)
        self.rotation = rotation
        self.fields["requirement"].queryset = SBPRequirement.objects.filter(
            program=rotation.resident.user.program_id, is_active=True
        )
        self.fields["requirement"].empty_label = "Choose the activity"

    def clean_occurred_on(self):
        day = _not_in_future(self.cleaned_data["occurred_on"])
        if not (self.rotation.starts_on <= day <= self.rotation.ends_on):
            raise forms.ValidationError(
                f"Your rotation runs {self.rotation.starts_on:%-d %b} to "
                f"{short_date(self.rotation.ends_on)}; log activities from those dates."
            )
        return day

    def instance_for_save(self):
        activity = self.save(commit=False)
        activity.rotation = self.rotation
        return activity


class SignOffForm(forms.Form):
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required if you sign off before every target is met: say why.",
        max_length=LONG_TEXT,
    )


class SBPRequirementForm(forms.ModelForm):
    class Meta:
        model = SBPRequirement
        fields = ["name", "description", "target", "per_week", "position", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.attrs["min"] = 1

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is not None and target < 1:
            raise forms.ValidationError("At least 1.")
        return target


class BaseSBPRequirementFormSet(forms.BaseModelFormSet):
    """The program's whole list on one page, plus a blank row to add one."""

    def __init__(self, *args, program, **kwargs):
        self.program = program
        kwargs.setdefault("queryset", SBPRequirement.objects.filter(program=program))
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            name = " ".join((form.cleaned_data.get("name") or "").split()).lower()
            if not name:
                continue
            if name in seen:
                form.add_error("name", "Two activities have this name; each needs its own.")
            seen.add(name)

    def save_for_program(self):
        saved = self.save(commit=False)
        for requirement in saved:
            requirement.program = self.program
            requirement.save()
        return saved


SBPRequirementFormSet = forms.modelformset_factory(
    SBPRequirement,
    form=SBPRequirementForm,
    formset=BaseSBPRequirementFormSet,
    extra=1,
    can_delete=False,
)


class LeadershipMeetingForm(forms.ModelForm):
    class Meta:
        model = LeadershipMeeting
        fields = ["met_on", "person", "role", "group", "notes"]
        widgets = {"met_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_met_on(self):
        return _not_in_future(self.cleaned_data["met_on"])
