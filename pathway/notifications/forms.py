"""The notification preferences form: routine reminders, the weekly digest, and how each kind
of workflow notification is emailed."""

from django import forms

from pathway.models import EmailDelivery, Role, RoutineDelivery
from pathway.notifications.kinds import kinds_for

KIND_PREFIX = "kind_"


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

    def __init__(self, *args, user, chosen=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only directors and coaches get a weekly digest; nobody else is offered the choice.
        if not user.has_role(Role.DIRECTOR, Role.COACH):
            del self.fields["weekly_digest"]
        chosen = chosen or {}
        # One choice per kind of workflow notification the person can receive; the kinds that
        # cannot be turned off are listed by the page, not offered here.
        self.kinds = [k for k in kinds_for(user) if k.optional]
        for kind in self.kinds:
            self.fields[KIND_PREFIX + kind.name] = forms.ChoiceField(
                label=kind.label,
                choices=EmailDelivery.choices,
                initial=kind.delivery_for(chosen),
                # Left out of a post, the saved choice stays (older pages, scripts).
                required=False,
                widget=forms.RadioSelect,
            )
        self.always = [k for k in kinds_for(user) if not k.optional]

    kind_choices = EmailDelivery.choices

    def kind_fields(self):
        return [self[KIND_PREFIX + kind.name] for kind in self.kinds]

    def deliveries(self) -> dict:
        """{kind name: choice} for the kinds the valid form was given a choice for."""
        return {
            kind.name: value
            for kind in self.kinds
            if (value := self.cleaned_data.get(KIND_PREFIX + kind.name))
        }
