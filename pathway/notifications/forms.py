"""The notification preferences form."""

from django import forms

from pathway.models import (
    Role,
    RoutineDelivery,
)


class NotificationPreferenceForm(forms.Form):
    routine_delivery = forms.ChoiceField(
        label="Routine reminders (a due date coming up)",
        choices=RoutineDelivery.choices,
        widget=forms.RadioSelect,
    )
    weekly_digest = forms.BooleanField(
        label="Send me the weekly digest",
        required=False,
        help_text="Directors: overdue milestones, stalled residents and coming events. "
        "KPO coaches: your caseload.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only directors and coaches get a weekly digest; nobody else is offered the choice.
        if not user.has_role(Role.DIRECTOR, Role.COACH):
            del self.fields["weekly_digest"]
