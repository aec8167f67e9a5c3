"""A program's reminder settings form."""

from django import forms

from pathway.models import (
    ProgramReminderSettings,
)


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgramReminderSettings
        fields = ["reminder_time", "digest_weekday", "enabled"]
        widgets = {"reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
